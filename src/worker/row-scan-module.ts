/**
 * The compiled row scanner (src/wasm/row-scan.wasm): beside the bundle in builds (dist/), in src/wasm
 * when the workers run from source (tests, benchmarks). Compiled once per thread.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

let compiled: WebAssembly.Module | undefined;

export function rowScanModule(): WebAssembly.Module {
  compiled ??= new WebAssembly.Module(fs.readFileSync(rowScanPath()));
  return compiled;
}

function rowScanPath(): string {
  const here = fileURLToPath(import.meta.url);
  return here.endsWith('.ts') ? path.resolve(path.dirname(here), '../wasm/row-scan.wasm') : path.join(path.dirname(here), 'row-scan.wasm');
}
