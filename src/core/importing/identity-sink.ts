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
  contacts: ContactColumns;
  quality: DataQuality;
}

/** The contacts as they cross to the store and as it reads them, but for how their keys are held. */
interface CrossingContacts {
  n: number;
  /** Per contact: HAS_EMAIL_KEY | HAS_PHONE_KEY where it has those keys. */
  keyed: Uint8Array;
  /** A few distinct values each: those values and a code per contact. */
  attributes: Record<AttributeColumn, PackedValues>;
  /** Merge root of each contact (itself when not merged). */
  root: Int32Array;
  /** How a merged contact was linked to its root: a VIA code (read it with viaOf). */
  via: Uint8Array;
}

/**
 * The contacts as the store reads them: keys as hex texts, 32 characters per contact. No string per
 * contact is made until the store binds one.
 */
export interface ContactColumns extends CrossingContacts {
  keyHex: Record<KeyColumn, string>;
}

/** How a merged contact was linked, by code: 0 not merged. */
export const VIA = [null, 'email', 'phone'] as const;
export const VIA_EMAIL = 1;
export const VIA_PHONE = 2;

/** How contact c was linked to its merge root, or null where it was not merged. */
export function viaOf(t: { via: Uint8Array }, c: number): 'email' | 'phone' | null {
  return VIA[t.via[c]!] ?? null;
}

/** Bits of KeyedContacts.keyed. */
export const HAS_EMAIL_KEY = 1;
export const HAS_PHONE_KEY = 2;

/**
 * Contacts as the identity thread leaves them: keys as 16-byte digests, n per column (emailKey and
 * phoneKey only where `keyed` says so), attributes as codes into their distinct values.
 */
export interface KeyedContacts extends CrossingContacts, Record<KeyColumn, Uint8Array> {}

export interface KeyedOutcome {
  contacts: KeyedContacts;
  quality: DataQuality;
}

/**
 * The outcome as it crosses to the store: keys as their digests (typed arrays, moved, not copied), and
 * attributes as codes, so that the store makes no string per contact for them.
 */
export interface PackedIdentityOutcome extends CrossingContacts {
  keys: Record<KeyColumn, Uint8Array>;
  quality: DataQuality;
}

const KEY_COLUMNS = ['key', 'emailKey', 'phoneKey'] as const;
export const ATTRIBUTE_COLUMNS = ['country', 'companySize', 'accountId', 'lifecycleStage', 'sourceSystem'] as const;
export type KeyColumn = (typeof KEY_COLUMNS)[number];
export type AttributeColumn = (typeof ATTRIBUTE_COLUMNS)[number];

/** values[codes[i]] is value i; code -1 is null. */
export interface PackedValues {
  values: string[];
  codes: Int32Array;
}

/** A column of strings as codes into its distinct values. */
export function packValues(column: readonly (string | null)[]): PackedValues {
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

/** Lower-case hex of bytes (the store passes Node's, which is native; the domain code stays free of Node). */
export type HexOf = (bytes: Uint8Array) => string;

export function packIdentityOutcome({ contacts, quality }: KeyedOutcome): PackedIdentityOutcome {
  const keys = { key: contacts.key, emailKey: contacts.emailKey, phoneKey: contacts.phoneKey };
  return { n: contacts.n, keys, keyed: contacts.keyed, attributes: contacts.attributes, root: contacts.root, via: contacts.via, quality };
}

/** The buffers to transfer rather than copy. */
export function packedBuffers(p: PackedIdentityOutcome): ArrayBuffer[] {
  return [
    p.root.buffer as ArrayBuffer,
    p.keyed.buffer as ArrayBuffer,
    p.via.buffer as ArrayBuffer,
    ...KEY_COLUMNS.map((c) => p.keys[c].buffer as ArrayBuffer),
    ...ATTRIBUTE_COLUMNS.map((c) => p.attributes[c].codes.buffer as ArrayBuffer),
  ];
}

/** The outcome as the store reads it: the digests as hex texts, made natively; the rest as it came. */
export function readIdentityOutcome(p: PackedIdentityOutcome, hexOf: HexOf): IdentityOutcome {
  const keyHex = { key: hexOf(p.keys.key), emailKey: hexOf(p.keys.emailKey), phoneKey: hexOf(p.keys.phoneKey) };
  return { contacts: { n: p.n, keyHex, keyed: p.keyed, attributes: p.attributes, root: p.root, via: p.via }, quality: p.quality };
}

/** Characters of a key in hex. */
const KEY_HEX = 2 * DIGEST_BYTES;

/** Contact c's key in a key column (hex), or null where it has none. */
export function keyOf(t: ContactColumns, column: KeyColumn, c: number): string | null {
  if (column === 'emailKey' && (t.keyed[c]! & HAS_EMAIL_KEY) === 0) return null;
  if (column === 'phoneKey' && (t.keyed[c]! & HAS_PHONE_KEY) === 0) return null;
  return t.keyHex[column].slice(c * KEY_HEX, (c + 1) * KEY_HEX);
}

/** Contact c's value of an attribute, or null. */
export function attributeOf(t: ContactColumns, column: AttributeColumn, c: number): string | null {
  const { values, codes } = t.attributes[column];
  return codes[c]! < 0 ? null : values[codes[c]!]!;
}
