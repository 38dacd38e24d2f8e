// Bundles the Node side (CLI, server, workers) into dist/. Only the native SQLite binding stays external.
import { build } from 'esbuild';
import fs from 'node:fs';

import { cachedPhoneRegexps } from './shims/phone-regexps.mjs';

// libphonenumber-js rebuilds RegExps on every call; this build caches them (scripts/shims).
const phoneRegexps = cachedPhoneRegexps();

await build({
  entryPoints: {
    cli: 'src/cli/main.ts',
    prestart: 'src/cli/prestart.ts',
    'import.worker': 'src/worker/import.worker.ts',
    'identity.worker': 'src/worker/identity.worker.ts',
    'sim.worker': 'src/worker/sim.worker.ts',
    'jobs.worker': 'src/worker/jobs.worker.ts',
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
  plugins: [phoneRegexps.plugin],
  // Bundled CommonJS dependencies call require(); give ESM output one.
  banner: { js: "import { createRequire as __scorecastRequire } from 'node:module'; const require = __scorecastRequire(import.meta.url);" },
});
phoneRegexps.check();
// The row scanner's binary goes beside the bundle, where src/worker/row-scan-module.ts looks for it.
fs.copyFileSync(new URL('../src/wasm/row-scan.wasm', import.meta.url), new URL('../dist/row-scan.wasm', import.meta.url));
