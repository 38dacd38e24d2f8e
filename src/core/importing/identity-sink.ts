/**
 * What the row parser tells contact identity (new contacts and changed identity cells, in row order)
 * and what identity answers (keys, attributes, merge roots), with the compact form the answer takes
 * across threads. Free of the normalizers, so the store and the parser load none of them.
 */
import { DIGEST_BYTES } from './digest-map';
import type { DataQuality } from './types';

/** The identity cells of a row, in this order; '' where the file has no such column. */
export const IDENTITY_FIELDS = ['email', 'phone', 'country', 'companySize', 'accountId', 'lifecycleStage', 'sourceSystem'] as const;
export type IdentityCells = readonly string[];

/** Receives, in row order, each new contact and each change of a contact's identity cells. */
export interface IdentitySink {
  /** `rawContact` is given for a new contact (numbered in order of first appearance), else null. */
  observe(contact: number, rawContact: string | null, cells: IdentityCells): void;
}

/** What the store gets: every contact's keys and attributes (read them with keyOf and attributeOf), and the merges. */
export interface IdentityOutcome {
  contacts: KeyedContacts;
  quality: DataQuality;
}

/**
 * Contacts as the identity thread leaves them and as they cross to the store (typed arrays, moved,
 * not copied): keys as 16-byte digests, attributes as codes into their distinct values. A contact's
 * email and phone keys are references into the digests of every distinct email and phone, which the
 * thread holds anyway (to merge on them): 8 bytes a contact, not 32.
 */
export interface KeyedContacts {
  n: number;
  /** Per contact, the digest of its id: contact c's at [16 c, 16 c + 16). */
  key: Uint8Array;
  /** Per contact, 1 + the number of its first usable email in emailDigests (0: none). */
  emailRef: Int32Array;
  phoneRef: Int32Array;
  /** The digest of every distinct email (phone) keyed, 16 bytes each. */
  emailDigests: Uint8Array;
  phoneDigests: Uint8Array;
  /** A few distinct values each: those values and a code per contact. */
  attributes: Record<AttributeColumn, PackedValues>;
  /** Merge root of each contact (itself when not merged). */
  root: Int32Array;
  /** How a merged contact was linked to its root: a VIA code (read it with viaOf). */
  via: Uint8Array;
}

/** How a merged contact was linked, by code: 0 not merged. */
export const VIA = [null, 'email', 'phone'] as const;
export const VIA_EMAIL = 1;
export const VIA_PHONE = 2;

/** How contact c was linked to its merge root, or null where it was not merged. */
export function viaOf(t: { via: Uint8Array }, c: number): 'email' | 'phone' | null {
  return VIA[t.via[c]!] ?? null;
}

export const ATTRIBUTE_COLUMNS = ['country', 'companySize', 'accountId', 'lifecycleStage', 'sourceSystem'] as const;
export type KeyColumn = 'key' | 'emailKey' | 'phoneKey';
export type AttributeColumn = (typeof ATTRIBUTE_COLUMNS)[number];

/** values[codes[i] - 1] is value i; code 0 is null. Codes take the narrowest type their count allows. */
export interface PackedValues {
  values: string[];
  codes: Uint8Array | Uint16Array | Int32Array;
}

/** The character codes of each byte's two hex digits. */
const HEX_CODES = Uint16Array.from({ length: 512 }, (_, i) => '0123456789abcdef'.charCodeAt(i & 1 ? (i >> 1) & 15 : i >> 5));
const hexCodes = new Array<number>(2 * DIGEST_BYTES).fill(0);

/**
 * Lower-case hex of the digest at bytes[at, at + 16), as a flat string: SQLite binds it without
 * flattening a chain of concatenations first (that took 30% longer to store the contacts), and Node's
 * Buffer over a resizable buffer (the identity thread's tables are) takes ~1 µs a key.
 */
function digestHex(bytes: Uint8Array, at: number): string {
  for (let k = 0; k < 2 * DIGEST_BYTES; k += 2) {
    const b = bytes[at++]!;
    hexCodes[k] = HEX_CODES[2 * b]!;
    hexCodes[k + 1] = HEX_CODES[2 * b + 1]!;
  }
  return String.fromCharCode.apply(null, hexCodes);
}

/** The buffers to transfer rather than copy. */
export function packedBuffers({ contacts: t }: IdentityOutcome): ArrayBuffer[] {
  const arrays = [t.key, t.emailRef, t.phoneRef, t.emailDigests, t.phoneDigests, t.root, t.via, ...ATTRIBUTE_COLUMNS.map((c) => t.attributes[c].codes)];
  return [...new Set(arrays.map((a) => a.buffer as ArrayBuffer))];
}


/** Contact c's key in a key column (hex), or null where it has none. */
export function keyOf(t: KeyedContacts, column: KeyColumn, c: number): string | null {
  if (column === 'key') return digestHex(t.key, c * DIGEST_BYTES);
  const ref = (column === 'emailKey' ? t.emailRef : t.phoneRef)[c]!;
  if (ref === 0) return null;
  return digestHex(column === 'emailKey' ? t.emailDigests : t.phoneDigests, (ref - 1) * DIGEST_BYTES);
}

/** Contact c's value of an attribute, or null. */
export function attributeOf(t: KeyedContacts, column: AttributeColumn, c: number): string | null {
  const { values, codes } = t.attributes[column];
  const code = codes[c]!;
  return code === 0 ? null : values[code - 1]!;
}
