/**
 * What the row parser tells contact identity (new contacts and changed identity cells, in row order)
 * and what identity answers (keys, attributes, merge roots), with the compact form the answer takes
 * across threads. Free of the normalizers, so the store and the parser load none of them.
 */
import { DIGEST_BYTES } from './digest-map';
import type { ContactTable, DataQuality } from './types';

/** The identity cells of a row, in this order; '' where the file has no such column. */
export const IDENTITY_FIELDS = ['email', 'phone', 'country', 'companySize', 'accountId', 'lifecycleStage', 'sourceSystem'] as const;
export type IdentityCells = readonly string[];

/** Receives, in row order, each new contact and each change of a contact's identity cells. */
export interface IdentitySink {
  /** `rawContact` is given for a new contact (numbered in order of first appearance), else null. */
  observe(contact: number, rawContact: string | null, cells: IdentityCells): void;
}

/** What the store gets: every contact's keys (hex) and attributes, and the merges. */
export interface IdentityOutcome {
  contacts: ContactTable;
  quality: DataQuality;
}

/** Bits of KeyedContacts.keyed. */
export const HAS_EMAIL_KEY = 1;
export const HAS_PHONE_KEY = 2;

/**
 * Contacts as the identity thread leaves them: keys as 16-byte digests, n per column (emailKey and
 * phoneKey only where `keyed` says so), attributes as strings.
 */
export interface KeyedContacts extends Omit<ContactTable, 'key' | 'emailKey' | 'phoneKey'> {
  n: number;
  key: Uint8Array;
  emailKey: Uint8Array;
  phoneKey: Uint8Array;
  /** Per contact: HAS_EMAIL_KEY | HAS_PHONE_KEY where it has those keys. */
  keyed: Uint8Array;
}

export interface KeyedOutcome {
  contacts: KeyedContacts;
  quality: DataQuality;
}

/**
 * The outcome as it crosses to the store: keys as their digests (typed arrays, moved, not copied);
 * attributes, a few distinct values each, as those values and a code per contact, so the store makes no
 * string per contact for them.
 */
export interface PackedIdentityOutcome {
  n: number;
  keys: Record<KeyColumn, Uint8Array>;
  keyed: Uint8Array;
  attributes: Record<AttributeColumn, PackedValues>;
  root: Int32Array;
  via: ('email' | 'phone' | null)[];
  quality: DataQuality;
}

const KEY_COLUMNS = ['key', 'emailKey', 'phoneKey'] as const;
const ATTRIBUTE_COLUMNS = ['country', 'companySize', 'accountId', 'lifecycleStage', 'sourceSystem'] as const;
type KeyColumn = (typeof KEY_COLUMNS)[number];
type AttributeColumn = (typeof ATTRIBUTE_COLUMNS)[number];

/** values[codes[i]] is value i; code -1 is null. */
interface PackedValues {
  values: string[];
  codes: Int32Array;
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

const HEX_DIGITS = Uint8Array.from('0123456789abcdef', (ch) => ch.charCodeAt(0));

/**
 * The hex of each digest, null where `has` is 0: all of them as one ASCII text, then a slice per
 * digest (V8 slices without copying), rather than a string made per digest.
 */
function hexKeys(digests: Uint8Array, n: number, has: (i: number) => boolean): (string | null)[] {
  const ascii = new Uint8Array(n * DIGEST_BYTES * 2);
  for (let i = 0; i < n * DIGEST_BYTES; i++) {
    ascii[2 * i] = HEX_DIGITS[digests[i]! >> 4]!;
    ascii[2 * i + 1] = HEX_DIGITS[digests[i]! & 15]!;
  }
  const hex = new TextDecoder().decode(ascii);
  const out = new Array<string | null>(n);
  for (let i = 0; i < n; i++) out[i] = has(i) ? hex.slice(i * 2 * DIGEST_BYTES, (i + 1) * 2 * DIGEST_BYTES) : null;
  return out;
}

export function packIdentityOutcome({ contacts, quality }: KeyedOutcome): PackedIdentityOutcome {
  const attributes = Object.fromEntries(ATTRIBUTE_COLUMNS.map((c) => [c, packValues(contacts[c])])) as Record<AttributeColumn, PackedValues>;
  const keys = { key: contacts.key, emailKey: contacts.emailKey, phoneKey: contacts.phoneKey };
  return { n: contacts.n, keys, keyed: contacts.keyed, attributes, root: contacts.root, via: contacts.via, quality };
}

/** The buffers to transfer rather than copy. */
export function packedBuffers(p: PackedIdentityOutcome): ArrayBuffer[] {
  return [
    p.root.buffer as ArrayBuffer,
    p.keyed.buffer as ArrayBuffer,
    ...KEY_COLUMNS.map((c) => p.keys[c].buffer as ArrayBuffer),
    ...ATTRIBUTE_COLUMNS.map((c) => p.attributes[c].codes.buffer as ArrayBuffer),
  ];
}

export function unpackIdentityOutcome(p: PackedIdentityOutcome): IdentityOutcome {
  const { n, keyed } = p;
  const attributes = Object.fromEntries(ATTRIBUTE_COLUMNS.map((c) => [c, unpackValues(p.attributes[c])])) as Record<AttributeColumn, (string | null)[]>;
  const contacts: ContactTable = {
    ...attributes,
    key: hexKeys(p.keys.key, n, () => true) as string[],
    emailKey: hexKeys(p.keys.emailKey, n, (i) => (keyed[i]! & HAS_EMAIL_KEY) !== 0),
    phoneKey: hexKeys(p.keys.phoneKey, n, (i) => (keyed[i]! & HAS_PHONE_KEY) !== 0),
    root: p.root,
    via: p.via,
  };
  return { contacts, quality: p.quality };
}
