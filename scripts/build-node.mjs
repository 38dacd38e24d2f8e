// Bundles the Node side (CLI, server, workers) into dist/. Only the native SQLite binding stays external.
import { build } from 'esbuild';
import fs from 'node:fs';

// libphonenumber-js rebuilds a RegExp on every pattern check; this build caches them (see the shim).
// The build fails if the library moves the helper, so the substitution cannot lapse unnoticed.
let shimmed = 0;
const cachedPhoneRegexps = {
  name: 'cached-phone-regexps',
  setup(b) {
    b.onLoad({ filter: /libphonenumber-js[\\/]es6-modern[\\/]helpers[\\/]matchesEntirely\.js$/ }, () => {
      shimmed++;
      return { contents: fs.readFileSync(new URL('./shims/libphonenumber-matches-entirely.js', import.meta.url), 'utf8'), loader: 'js' };
    });
  },
};

await build({
  entryPoints: {
    cli: 'src/cli/main.ts',
    prestart: 'src/cli/prestart.ts',
    'import.worker': 'src/worker/import.worker.ts',
    'identity.worker': 'src/worker/identity.worker.ts',
    'sim.worker': 'src/worker/sim.worker.ts',
    'backend-host': 'src/backend/host.ts',
  },
  outdir: 'dist',
  bundle: true,
  // Shared code in chunks, so the CLI loads a command's heavy parts (report, server) only when it runs it.
  splitting: true,
  chunkNames: '[name]-[hash]',
  platform: 'node',
  format: 'esm',
  target: 'node20',
  external: ['better-sqlite3'],
  sourcemap: true,
  jsx: 'automatic',
  logLevel: 'warning',
  plugins: [cachedPhoneRegexps],
  // Bundled CommonJS dependencies call require(); give ESM output one.
  banner: { js: "import { createRequire as __scorecastRequire } from 'node:module'; const require = __scorecastRequire(import.meta.url);" },
});
if (shimmed === 0) throw new Error('build-node: libphonenumber-js/es6-modern/helpers/matchesEntirely.js was not bundled; update the shim in scripts/shims');
// The row scanner's binary goes beside the bundle, where src/worker/row-scan-module.ts looks for it.
fs.copyFileSync(new URL('../src/wasm/row-scan.wasm', import.meta.url), new URL('../dist/row-scan.wasm', import.meta.url));
