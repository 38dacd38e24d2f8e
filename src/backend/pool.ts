/**
 * A pool of simulation workers (one per core by default). Tasks queue for a free worker; a worker
 * that dies fails only its own task and is replaced; cancel() stops every running task at once.
 */
import { type Remote, releaseProxy, wrap } from 'comlink';
import os from 'node:os';
import type { Worker } from 'node:worker_threads';
import type { SimWorkerApi } from '../worker/sim.worker';
import { endpointOf } from '../worker/comlink-node';
import { CancelledError } from './errors';
import { spawnWorker, whenDead } from './worker-entry';

interface Slot {
  worker: Worker;
  api: Remote<SimWorkerApi>;
  dead: Promise<never>;
}

/** A task gets the worker's API (and its thread, for whoever needs to watch or stop it). */
type Task<T> = (api: Remote<SimWorkerApi>, thread: Worker) => Promise<T>;

export class SimPool {
  private readonly slots: (Slot | null)[];
  /** Which slots a task holds. Claimed in the same tick as they are found free, so that tasks started together spread over the workers. */
  private readonly claimed: boolean[];
  private readonly queue: (() => void)[] = [];
  private cancelling: Promise<never> | null = null;
  private rejectCancel: ((err: Error) => void) | null = null;

  constructor(readonly size: number = Math.max(1, os.availableParallelism())) {
    this.slots = new Array<Slot | null>(size).fill(null);
    this.claimed = new Array<boolean>(size).fill(false);
    this.resetCancel();
  }

  private resetCancel(): void {
    this.cancelling = new Promise<never>((_, reject) => (this.rejectCancel = reject));
    this.cancelling.catch(() => {});
  }

  private spawn(i: number): Slot {
    const worker = spawnWorker('sim');
    const dead = whenDead(worker);
    dead.catch(() => {
      if (this.slots[i]?.worker === worker) this.slots[i] = null;
    });
    const slot: Slot = { worker, api: wrap<SimWorkerApi>(endpointOf(worker)), dead };
    this.slots[i] = slot;
    return slot;
  }

  private async acquire(): Promise<number> {
    for (;;) {
      const free = this.claimed.indexOf(false);
      if (free >= 0) {
        this.claimed[free] = true;
        return free;
      }
      await new Promise<void>((resolve) => this.queue.push(resolve));
    }
  }

  async run<T>(task: Task<T>): Promise<T> {
    const cancelled = this.cancelling!;
    const i = await this.acquire();
    const slot = this.slots[i] ?? this.spawn(i);
    try {
      return await Promise.race([task(slot.api, slot.worker), slot.dead, cancelled]);
    } catch (err) {
      if (err instanceof CancelledError) throw err;
      throw new Error(`simulation worker failed: ${(err as Error).message}`);
    } finally {
      this.claimed[i] = false;
      this.queue.shift()?.();
    }
  }

  /** Stops all running work: their tasks reject with CancelledError; workers are replaced on next use. */
  async cancel(): Promise<void> {
    this.rejectCancel?.(new CancelledError('simulation'));
    this.resetCancel();
    await this.terminateAll();
  }

  async close(): Promise<void> {
    await this.terminateAll();
  }

  private async terminateAll(): Promise<void> {
    const running = this.slots.filter((s): s is Slot => s !== null);
    this.slots.fill(null);
    for (const s of running) s.api[releaseProxy]();
    await Promise.all(running.map((s) => s.worker.terminate()));
  }
}
