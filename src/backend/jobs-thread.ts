/**
 * The main thread's handle on the jobs thread (src/worker/jobs.worker.ts): calls cross with comlink,
 * events come back on a port of their own. Errors the user can act on keep their kind across the
 * thread boundary. If the thread dies, its calls fail and the next one starts a new thread.
 */
import { type Remote, releaseProxy, transfer, wrap } from 'comlink';
import { MessageChannel, type Worker } from 'node:worker_threads';
import type { BackendEvent, JobStatus } from '../shared/contract';
import type { JobsWorkerApi } from '../worker/jobs.worker';
import { endpointOf } from '../worker/comlink-node';
import { UserError } from './errors';
import type { JobRequest } from './jobs';
import { spawnWorker, whenDead } from './worker-entry';

interface Thread {
  worker: Worker;
  api: Remote<JobsWorkerApi>;
  dead: Promise<never>;
}

/** Comlink rebuilds a thrown error as a plain Error with the original's name: give UserError its class back. */
function rethrow(err: unknown): never {
  if (err instanceof Error && err.name === 'UserError') throw new UserError(err.message);
  throw err;
}

export class JobsThread {
  private thread: Thread | null = null;
  /** Jobs whose outcome has not come yet: if the thread dies, they fail rather than wait for ever. */
  private readonly open = new Map<string, JobStatus['kind']>();

  constructor(
    private readonly dbPath: string,
    private readonly emit: (event: BackendEvent) => void,
  ) {}

  private get(): Thread {
    if (this.thread) return this.thread;
    const { port1, port2 } = new MessageChannel();
    const worker = spawnWorker('jobs', { dbPath: this.dbPath, events: port2 }, [port2]);
    const dead = whenDead(worker);
    const thread: Thread = { worker, api: wrap<JobsWorkerApi>(endpointOf(worker)), dead };
    port1.on('message', (event: BackendEvent) => {
      if (event.type !== 'job.progress') this.open.delete(event.jobId);
      this.emit(event);
    });
    dead.catch((err: Error) => {
      port1.close();
      if (this.thread === thread) this.thread = null;
      for (const [jobId, kind] of this.open) this.emit({ type: 'job.failed', jobId, kind, error: `internal error: ${err.message}`, cancelled: false });
      this.open.clear();
    });
    this.thread = thread;
    return thread;
  }

  private async call<T>(work: (api: Remote<JobsWorkerApi>) => Promise<T>): Promise<T> {
    const t = this.get();
    try {
      return await Promise.race([work(t.api), t.dead]);
    } catch (err) {
      return rethrow(err);
    }
  }

  async start(request: JobRequest): Promise<{ jobId: string }> {
    const message = request.kind === 'import' && request.source.kind === 'stream' ? transfer(request, [request.source.port]) : request;
    const r = await this.call((api) => api.start(message));
    this.open.set(r.jobId, request.kind);
    return r;
  }

  cancel(jobId: string): Promise<boolean> {
    return this.call((api) => api.cancel(jobId));
  }

  list(): Promise<JobStatus[]> {
    return this.thread ? this.call((api) => api.list()) : Promise.resolve([]);
  }

  deleteDataset(id: number): Promise<{ deleted: true }> {
    return this.call((api) => api.deleteDataset(id));
  }

  report(id: number, options: Parameters<JobsWorkerApi['report']>[1]): Promise<{ html: string; name: string }> {
    return this.call((api) => api.report(id, options));
  }

  explain(id: number, contact: string): ReturnType<JobsWorkerApi['explain']> {
    return this.call((api) => api.explain(id, contact));
  }

  attribute(id: number, by: Parameters<JobsWorkerApi['attribute']>[1]): ReturnType<JobsWorkerApi['attribute']> {
    return this.call((api) => api.attribute(id, by));
  }

  /** Cancels every job and lets the thread store nothing half-done; after `deadlineMs` the thread is stopped regardless. */
  async close(deadlineMs = 1500): Promise<void> {
    const t = this.thread;
    if (!t) return;
    this.thread = null;
    const closed = Promise.race([t.api.close(), t.dead]).catch(() => {});
    const timeout = new Promise<void>((resolve) => setTimeout(resolve, deadlineMs).unref());
    await Promise.race([closed, timeout]);
    t.api[releaseProxy]();
    await t.worker.terminate();
  }
}
