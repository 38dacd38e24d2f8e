/**
 * Where a worker's code is: beside the bundle in builds (dist/, out/main/), or the TypeScript source
 * run through tsx when the backend itself runs from source (tests, benchmarks).
 */
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { type TransferListItem, Worker } from 'node:worker_threads';

export type WorkerName = 'import' | 'identity' | 'sim' | 'jobs';

export function spawnWorker(name: WorkerName, workerData?: unknown, transferList: readonly TransferListItem[] = []): Worker {
  const here = fileURLToPath(import.meta.url);
  if (here.endsWith('.ts')) {
    // Node 20 applies no --import loader to a worker's entry module, so register tsx first, then load it.
    const source = pathToFileURL(path.resolve(path.dirname(here), `../worker/${name}.worker.ts`)).href;
    const tsxDir = path.dirname(createRequire(import.meta.url).resolve('tsx/package.json'));
    const tsx = pathToFileURL(path.join(tsxDir, 'dist/esm/api/index.mjs')).href;
    const boot = `import(${JSON.stringify(tsx)}).then((m) => { m.register(); return import(${JSON.stringify(source)}); })`;
    return new Worker(boot, { eval: true, workerData, transferList: [...transferList] });
  }
  return new Worker(path.join(path.dirname(here), `${name}.worker.js`), { workerData, transferList: [...transferList] });
}

/** Rejects when the worker dies: comlink alone would wait forever for an answer from a dead thread. */
export function whenDead(worker: Worker): Promise<never> {
  return new Promise((_, reject) => {
    worker.once('error', (err) => reject(new Error(`worker thread failed: ${err.message}`)));
    worker.once('exit', (code) => reject(new Error(`worker thread exited (code ${code})`)));
  });
}
