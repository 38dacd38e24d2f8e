#!/usr/bin/env node
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const cli = new URL('../dist/cli.js', import.meta.url);
if (!existsSync(fileURLToPath(cli))) {
  console.error('scorecast: not built yet; run `npm run build:node` (or `npm ci`, which builds) in the Scorecast folder');
  process.exit(3);
}
// An import starts its threads before the rest of the command line loads (src/cli/prestart.ts).
const args = process.argv.slice(2);
if (args[0] === 'import' && !args.includes('--help') && !args.includes('-h')) (await import(new URL('../dist/prestart.js', import.meta.url).href)).prestartImportThreads();
await import(cli.href);
