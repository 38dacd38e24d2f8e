// Bundles the Node side (CLI, server, workers) into dist/. Only the native SQLite binding stays external.
import { build } from 'esbuild';

await build({
  entryPoints: {
    cli: 'src/cli/main.ts',
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
  // Bundled CommonJS dependencies call require(); give ESM output one.
  banner: { js: "import { createRequire as __scorecastRequire } from 'node:module'; const require = __scorecastRequire(import.meta.url);" },
});
