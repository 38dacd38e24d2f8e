/** The parse worker's end of the identity thread: observations are batched into messages, in order. */
import type { Worker } from 'node:worker_threads';
import { IDENTITY_FIELDS, type IdentityCells, type IdentityOutcome, type IdentitySink } from '../core/importing/identity';
import { spawnWorker, whenDead } from '../backend/worker-entry';

export type IdentityMessage = { kind: 'observe'; contact: Int32Array; raw: (string | null)[]; cells: string[] } | { kind: 'finish' };

const PER_MESSAGE = 2048;

export class IdentityChannel implements IdentitySink {
  private readonly worker: Worker;
  private readonly dead: Promise<never>;
  private contact = new Int32Array(PER_MESSAGE);
  private raw: (string | null)[] = [];
  private cells: string[] = [];

  constructor(secretHex: string, phoneRegion: string) {
    this.worker = spawnWorker('identity', { secretHex, phoneRegion });
    this.dead = whenDead(this.worker);
    this.dead.catch(() => {});
  }

  observe(contact: number, rawContact: string | null, cells: IdentityCells): void {
    this.contact[this.raw.length] = contact;
    this.raw.push(rawContact);
    for (let i = 0; i < IDENTITY_FIELDS.length; i++) this.cells.push(cells[i]!);
    if (this.raw.length === PER_MESSAGE) this.flush();
  }

  /** Everything observed, keyed and merged. */
  async finish(): Promise<IdentityOutcome> {
    this.flush();
    const answer = new Promise<IdentityOutcome>((resolve) => this.worker.once('message', resolve));
    this.worker.postMessage({ kind: 'finish' } satisfies IdentityMessage);
    return Promise.race([answer, this.dead]);
  }

  async close(): Promise<void> {
    await this.worker.terminate();
  }

  private flush(): void {
    if (this.raw.length === 0) return;
    const contact = this.contact.slice(0, this.raw.length);
    this.worker.postMessage({ kind: 'observe', contact, raw: this.raw, cells: this.cells } satisfies IdentityMessage, [contact.buffer]);
    this.raw = [];
    this.cells = [];
  }
}
