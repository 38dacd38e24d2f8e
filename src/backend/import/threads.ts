/**
 * An import's two threads: the row parser and the contact-identity thread it feeds, side by side. The
 * identity thread answers the store directly once the parser has sent its last contact. They can start
 * before the workspace is open (the command line starts them as it starts): the keying secret and the
 * phone region follow by message.
 */
import { wrap } from 'comlink';
import { setFlagsFromString } from 'node:v8';
import { MessageChannel, type Worker } from 'node:worker_threads';
import type { IdentityOutcome } from '../../core/importing/identity-sink';
import { endpointOf } from '../../worker/comlink-node';
import type { IdentityConfig } from '../../worker/identity.worker';
import type { ImportWorkerApi } from '../../worker/import.worker';
import { spawnWorker, whenDead } from '../worker-entry';

export interface ImportThreads {
  api: ReturnType<typeof wrap<ImportWorkerApi>>;
  /** The identity thread's answer (its tables, moved). */
  identity: Promise<IdentityOutcome>;
  /** Rejects if a thread dies before its work is done. */
  dead: Promise<never>;
  /** Tells the identity thread the workspace's secret and the default phone region. */
  configure(config: IdentityConfig): void;
  /** Lets the threads keep the process alive (they start unreferenced when started ahead of use). */
  ref(): void;
  terminate(): Promise<unknown>;
}

/** The old generation the import's threads start with, in MB (V8's default is a few MB). */
const INITIAL_OLD_SPACE_MB = 256;

/** `unref`: the threads do not keep the process alive until ref() (for threads started ahead, maybe unused). */
export function startImportThreads(options: { unref?: boolean } = {}): ImportThreads {
  const { port1, port2 } = new MessageChannel();
  // The threads' heaps only grow during an import (the identity thread's tables, the parser's map of
  // contact ids). From V8's small initial old generation they went through ~4 major collections on
  // the way, each marking everything kept so far; with room for 256 MB from the start, none or one
  // (a million-row import: ~5% faster, ~35 MB more peak memory). The setting is V8's, for the whole
  // process: it holds only while these two threads make their heaps, which they have done when online.
  setFlagsFromString(`--initial-old-space-size=${INITIAL_OLD_SPACE_MB}`);
  const identityWorker = spawnWorker('identity', { port: port1 }, [port1]);
  const parser = spawnWorker('import', { identityPort: port2 }, [port2]);
  const workers: Worker[] = [identityWorker, parser];
  let booting = workers.length;
  for (const w of workers) {
    let done = false;
    const booted = () => {
      if (done) return;
      done = true;
      if (--booting === 0) setFlagsFromString('--initial-old-space-size=0');
    };
    w.once('online', booted);
    w.once('exit', booted);
  }
  const identity = new Promise<IdentityOutcome>((resolve, reject) => {
    identityWorker.once('message', (p: IdentityOutcome) => resolve(p));
    // Once it has answered, the identity thread may end when it likes; before, its end is a failure.
    whenDead(identityWorker).catch(reject);
  });
  identity.catch(() => {});
  const dead = Promise.race([whenDead(parser), identity.then(() => new Promise<never>(() => {}))]);
  dead.catch(() => {});
  const api = wrap<ImportWorkerApi>(endpointOf(parser));
  // After every listener is on: adding a 'message' listener refers a worker's port again.
  if (options.unref) for (const w of workers) w.unref();
  return {
    api,
    identity,
    dead,
    configure: (config) => identityWorker.postMessage(config),
    ref: () => workers.forEach((w) => w.ref()),
    terminate: () => Promise.all(workers.map((w) => w.terminate())),
  };
}
