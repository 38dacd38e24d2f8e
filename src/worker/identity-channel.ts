/**
 * The two ends of the identity thread's traffic. The parse worker sends it new contacts and changed
 * identity cells, in row order, over a MessagePort; the identity thread answers the store (the main
 * thread) directly with every contact's keys, so the contact table crosses one thread boundary.
 */
import type { MessagePort } from 'node:worker_threads';
import { IDENTITY_FIELDS, type IdentityCells, type IdentitySink } from '../core/importing/identity-sink';

export type IdentityMessage = { kind: 'observe'; contact: Int32Array; raw: (string | null)[]; cells: string[] } | { kind: 'finish' };

const PER_MESSAGE = 2048;

/** The parse worker's end: observations batched into messages, in order. */
export class IdentityChannel implements IdentitySink {
  private contact = new Int32Array(PER_MESSAGE);
  private raw: (string | null)[] = [];
  private cells: string[] = [];

  constructor(private readonly port: MessagePort) {}

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
    this.raw = [];
    this.cells = [];
  }
}
