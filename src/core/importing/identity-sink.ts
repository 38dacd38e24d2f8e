/**
 * What the row parser tells contact identity (new contacts and changed identity cells, in row order)
 * and what identity answers (keys, attributes, merge roots), with the compact form the answer takes
 * across threads. Free of the normalizers, so the store and the parser load none of them.
 */
import type { ContactTable, DataQuality } from './types';

/** The identity cells of a row, in this order; '' where the file has no such column. */
export const IDENTITY_FIELDS = ['email', 'phone', 'country', 'companySize', 'accountId', 'lifecycleStage', 'sourceSystem'] as const;
export type IdentityCells = readonly string[];

/** Receives, in row order, each new contact and each change of a contact's identity cells. */
export interface IdentitySink {
  /** `rawContact` is given for a new contact (numbered in order of first appearance), else null. */
  observe(contact: number, rawContact: string | null, cells: IdentityCells): void;
}

export interface IdentityOutcome {
  contacts: ContactTable;
  quality: DataQuality;
}

/**
 * The outcome as it crosses to the store. The three key columns (hex, ~3 strings a contact) travel
 * joined: one string clones ~10× faster than 60k small ones.
 */
export interface PackedIdentityOutcome {
  keys: [string, string, string];
  contacts: Omit<ContactTable, 'key' | 'emailKey' | 'phoneKey'>;
  quality: DataQuality;
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
