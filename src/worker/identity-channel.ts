/**
 * The two ends of the identity thread's traffic. The parse worker sends it new contacts and changed
 * identity cells, in row order, over a MessagePort; the identity thread answers the store (the main
 * thread) directly with every contact's keys, so the contact table crosses one thread boundary.
 */
import type { MessagePort } from 'node:worker_threads';
import { IDENTITY_FIELDS, type IdentityCells, type IdentitySink } from '../core/importing/identity-sink';

export type IdentityMessage = { kind: 'observe'; contact: Int32Array; raw: (string | null)[]; cells: string[] } | { kind: 'finish' };

const PER_MESSAGE = 2048;
/**
 * Messages the identity thread may have yet to take: where it keys more slowly than the parser reads
 * (millions of new contacts), the parser waits rather than queue every contact's cells in memory: 32
 * messages (~10 MB of cells) is far enough behind that the parser never waits on a file the thread keeps
 * up with (at 8, the bench file's import took 6% longer).
 */
const MAX_BEHIND = 32;

/** The parse worker's end: observations batched into messages, in order. */
export class IdentityChannel implements IdentitySink {
  private contact = new Int32Array(PER_MESSAGE);
  private raw: (string | null)[] = [];
  private cells: string[] = [];
  private sent = 0;
  private taken = 0;
  private resume: (() => void) | null = null;

  constructor(private readonly port: MessagePort) {
    // The identity thread answers each message it has taken (with nothing: the count is the news).
    port.on('message', () => {
      this.taken++;
      if (this.resume && this.sent - this.taken <= MAX_BEHIND / 2) {
        this.resume();
        this.resume = null;
      }
    });
  }

  /** null where the identity thread keeps up; else a promise of its having caught up. */
  caughtUp(): Promise<void> | null {
    if (this.sent - this.taken <= MAX_BEHIND) return null;
    return new Promise((resolve) => (this.resume = resolve));
  }

  observe(contact: number, rawContact: string | null, cells: IdentityCells): void {
    this.contact[this.raw.length] = contact;
    this.raw.push(rawContact);
    for (let i = 0; i < IDENTITY_FIELDS.length; i++) this.cells.push(cells[i]!);
    if (this.raw.length === PER_MESSAGE) this.flush();
  }

  /** Everything is observed: the identity thread sends its outcome to the store. */
  finish(): void {
    this.flush();
    this.port.postMessage({ kind: 'finish' } satisfies IdentityMessage);
  }

  private flush(): void {
    if (this.raw.length === 0) return;
    const contact = this.contact.slice(0, this.raw.length);
    this.port.postMessage({ kind: 'observe', contact, raw: this.raw, cells: this.cells } satisfies IdentityMessage, [contact.buffer]);
    this.sent++;
    this.raw = [];
    this.cells = [];
  }
}
