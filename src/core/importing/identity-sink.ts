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
 * The outcome as it crosses to the store: each column of strings as one text and the lengths of its
 * values (-1 for null). Cloning one string and one Int32Array is ~10× faster than 60k small strings.
 */
export interface PackedIdentityOutcome {
  strings: Record<StringColumn, PackedStrings>;
  root: Int32Array;
  via: ('email' | 'phone' | null)[];
  quality: DataQuality;
}

const STRING_COLUMNS = ['key', 'emailKey', 'phoneKey', 'country', 'companySize', 'accountId', 'lifecycleStage', 'sourceSystem'] as const;
type StringColumn = (typeof STRING_COLUMNS)[number];

interface PackedStrings {
  text: string;
  lengths: Int32Array;
}

function packStrings(values: readonly (string | null)[]): PackedStrings {
  const lengths = new Int32Array(values.length);
  for (let i = 0; i < values.length; i++) lengths[i] = values[i]?.length ?? -1;
  return { text: values.join(''), lengths };
}

function unpackStrings({ text, lengths }: PackedStrings): (string | null)[] {
  const out = new Array<string | null>(lengths.length);
  for (let i = 0, at = 0; i < lengths.length; i++) {
    const n = lengths[i]!;
    out[i] = n < 0 ? null : text.slice(at, (at += n));
  }
  return out;
}

export function packIdentityOutcome({ contacts, quality }: IdentityOutcome): PackedIdentityOutcome {
  const strings = Object.fromEntries(STRING_COLUMNS.map((c) => [c, packStrings(contacts[c])])) as Record<StringColumn, PackedStrings>;
  return { strings, root: contacts.root, via: contacts.via, quality };
}

/** The buffers to transfer rather than copy. */
export function packedBuffers(p: PackedIdentityOutcome): ArrayBuffer[] {
  return [p.root.buffer as ArrayBuffer, ...STRING_COLUMNS.map((c) => p.strings[c].lengths.buffer as ArrayBuffer)];
}

export function unpackIdentityOutcome(p: PackedIdentityOutcome): IdentityOutcome {
  const columns = Object.fromEntries(STRING_COLUMNS.map((c) => [c, unpackStrings(p.strings[c])])) as Record<StringColumn, (string | null)[]>;
  return { contacts: { ...columns, key: columns.key as string[], root: p.root, via: p.via }, quality: p.quality };
}
