#!/usr/bin/env node
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const cli = new URL('../dist/cli.js', import.meta.url);
if (!existsSync(fileURLToPath(cli))) {
  console.error('scorecast: not built yet; run `npm run build:node` (or `npm ci`, which builds) in the Scorecast folder');
  process.exit(3);
}
await import(cli.href);
