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
 * The outcome as it crosses to the store. Keys, one per contact, go as one text per column and the
 * lengths of its values (-1 for null): cloning one string and one Int32Array is ~10× faster than 60k
 * small strings. Attributes, a few distinct values each, go as those values and a code per contact, so
 * the store makes no string per contact for them either.
 */
export interface PackedIdentityOutcome {
  keys: Record<KeyColumn, PackedStrings>;
  attributes: Record<AttributeColumn, PackedValues>;
  root: Int32Array;
  via: ('email' | 'phone' | null)[];
  quality: DataQuality;
}

const KEY_COLUMNS = ['key', 'emailKey', 'phoneKey'] as const;
const ATTRIBUTE_COLUMNS = ['country', 'companySize', 'accountId', 'lifecycleStage', 'sourceSystem'] as const;
type KeyColumn = (typeof KEY_COLUMNS)[number];
type AttributeColumn = (typeof ATTRIBUTE_COLUMNS)[number];

interface PackedStrings {
  text: string;
  lengths: Int32Array;
}

/** values[codes[i]] is value i; code -1 is null. */
interface PackedValues {
  values: string[];
  codes: Int32Array;
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

function packValues(column: readonly (string | null)[]): PackedValues {
  const index = new Map<string, number>();
  const values: string[] = [];
  const codes = new Int32Array(column.length);
  for (let i = 0; i < column.length; i++) {
    const v = column[i];
    if (v === null || v === undefined) {
      codes[i] = -1;
      continue;
    }
    let code = index.get(v);
    if (code === undefined) index.set(v, (code = values.push(v) - 1));
    codes[i] = code;
  }
  return { values, codes };
}

function unpackValues({ values, codes }: PackedValues): (string | null)[] {
  const out = new Array<string | null>(codes.length);
  for (let i = 0; i < codes.length; i++) out[i] = codes[i]! < 0 ? null : values[codes[i]!]!;
  return out;
}

export function packIdentityOutcome({ contacts, quality }: IdentityOutcome): PackedIdentityOutcome {
  const keys = Object.fromEntries(KEY_COLUMNS.map((c) => [c, packStrings(contacts[c])])) as Record<KeyColumn, PackedStrings>;
  const attributes = Object.fromEntries(ATTRIBUTE_COLUMNS.map((c) => [c, packValues(contacts[c])])) as Record<AttributeColumn, PackedValues>;
  return { keys, attributes, root: contacts.root, via: contacts.via, quality };
}

/** The buffers to transfer rather than copy. */
export function packedBuffers(p: PackedIdentityOutcome): ArrayBuffer[] {
  return [
    p.root.buffer as ArrayBuffer,
    ...KEY_COLUMNS.map((c) => p.keys[c].lengths.buffer as ArrayBuffer),
    ...ATTRIBUTE_COLUMNS.map((c) => p.attributes[c].codes.buffer as ArrayBuffer),
  ];
}

export function unpackIdentityOutcome(p: PackedIdentityOutcome): IdentityOutcome {
  const keys = Object.fromEntries(KEY_COLUMNS.map((c) => [c, unpackStrings(p.keys[c])])) as Record<KeyColumn, (string | null)[]>;
  const attributes = Object.fromEntries(ATTRIBUTE_COLUMNS.map((c) => [c, unpackValues(p.attributes[c])])) as Record<AttributeColumn, (string | null)[]>;
  return { contacts: { ...keys, ...attributes, key: keys.key as string[], root: p.root, via: p.via }, quality: p.quality };
}
