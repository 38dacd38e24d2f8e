/**
 * The two ends of the identity thread's traffic. The parse worker sends it new contacts and changed
 * identity cells, in row order, over a MessagePort; the identity thread answers the store (the main
 * thread) directly with every contact's keys, so the contact table crosses one thread boundary.
 */
import type { MessagePort } from 'node:worker_threads';
import { IDENTITY_FIELDS, type IdentityCells, type IdentityOutcome, type IdentitySink } from '../core/importing/identity';
import type { ContactTable } from '../core/importing/types';

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

/**
 * The outcome as it crosses to the store. The three key columns (hex, ~3 strings a contact) travel
 * joined: one string clones ~10× faster than 60k small ones.
 */
export interface PackedIdentityOutcome {
  keys: [string, string, string];
  contacts: Omit<ContactTable, 'key' | 'emailKey' | 'phoneKey'>;
  quality: IdentityOutcome['quality'];
}

const SEP = ',';

export function packIdentityOutcome({ contacts, quality }: IdentityOutcome): PackedIdentityOutcome {
  const { key, emailKey, phoneKey, ...rest } = contacts;
  // Keys are hex: neither the separator nor '' (which stands for null) can occur in one.
  const join = (keys: (string | null)[]): string => keys.map((k) => k ?? '').join(SEP);
  return { keys: [join(key), join(emailKey), join(phoneKey)], contacts: rest, quality };
}

export function unpackIdentityOutcome(p: PackedIdentityOutcome): IdentityOutcome {
  const n = p.contacts.root.length;
  const split = (joined: string): (string | null)[] => (n === 0 ? [] : joined.split(SEP).map((k) => (k === '' ? null : k)));
  const [key, emailKey, phoneKey] = p.keys.map(split) as [string[], (string | null)[], (string | null)[]];
  return { contacts: { ...p.contacts, key, emailKey, phoneKey }, quality: p.quality };
}
