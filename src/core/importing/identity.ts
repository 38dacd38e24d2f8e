/**
 * Contact identity: keys each contact's id, email and phone (HMAC under the workspace secret), keeps
 * its first country, company size and other attributes, and merges contacts (union-find) whose keyed
 * email or phone match. It sees raw personal values and hands out only keys. It runs in a thread of
 * its own beside the row parser, which tells it, in row order, about new contacts and changed cells.
 */
import type { CountryCode } from 'libphonenumber-js';
import { normalizeCompanySize } from '../normalize/companySize';
import { normalizeCountry } from '../normalize/country';
import { looksLikeEmail, normalizeEmail } from '../normalize/email';
import { type PersonalKind, personalKind } from '../normalize/personal';
import { normalizePhone, phoneDigits } from '../normalize/phone';
import { detach } from '../strings';
import { RangeMap, TEXT_HASHER } from './cell-hash';
import { grown } from '../grown';
import { GrowingArray } from '../growing';
import type { DataQuality } from './types';
import { DIGEST_BYTES, DigestColumn, DigestMap } from './digest-map';
import {
  type AttributeColumn,
  type IdentityCells,
  type IdentitySink,
  type KeyedContacts,
  type IdentityOutcome,
  type PackedValues,
  ATTRIBUTE_COLUMNS,
  VIA_EMAIL,
  VIA_PHONE,
} from './identity-sink';

/** The slots of ContactIdentity.keyedHash per contact. */
const EMAIL_KEYED = 0;
const PHONE_KEYED = 1;
const SEEN = 2;

/**
 * Phone digits keyed before, remembered up to this many (then forgotten and gathered afresh): enough
 * for the spellings of a number that come near each other, and memory that does not grow with contacts.
 */
const PHONE_MEMO = 1 << 18;

/** What phoneKey() answers besides an index. */
const NOT_A_PHONE = -1;
const IN_SCRATCH = -2;

function hashOf(s: string): number {
  return TEXT_HASHER.range(s, null, 0, s.length);
}

/** Keys a normalized personal identifier (HMAC under the workspace secret in practice): writes its 16-byte digest to out[at…]. */
export type Keyer = (value: string, out: Uint8Array, at: number) => void;

/**
 * An attribute per contact as a code into the column's distinct values (0: none), in the narrowest
 * type the count of values allows: a byte a contact for a country or a stage, not a string on the JS
 * heap (~150 bytes a contact) nor four bytes.
 */
class CodedColumn {
  private column: GrowingArray<Uint8Array | Uint16Array | Int32Array> = new GrowingArray(Uint8Array);
  private limit = 0xff;
  private count = 0;
  private readonly values: string[] = [];
  private readonly index = new Map<string, number>();

  /** Makes room for contact c. */
  room(c: number): void {
    this.column.room(c + 1);
    this.count = c + 1;
  }

  isNull(c: number): boolean {
    return this.column.array[c] === 0;
  }

  set(c: number, value: string | null): void {
    if (value === null) {
      this.column.array[c] = 0;
      return;
    }
    let code = this.index.get(value);
    if (code === undefined) {
      this.index.set(value, (code = this.values.push(value)));
      if (code > this.limit) this.widen();
    }
    this.column.array[c] = code;
  }

  /** Moves the codes to a wider type (once or twice an import, for a column with many values). */
  private widen(): void {
    const wider = this.limit === 0xff ? new GrowingArray(Uint16Array) : new GrowingArray(Int32Array);
    this.limit = this.limit === 0xff ? 0xffff : 0x7fffffff;
    wider.room(this.count);
    wider.array.set(this.column.array.subarray(0, this.count));
    this.column = wider;
  }

  take(n: number): PackedValues {
    return { values: this.values, codes: this.column.take(n) };
  }
}

export class ContactIdentity implements IdentitySink {
  readonly quality: DataQuality = { invalidEmails: 0, invalidPhones: 0, unrecognizedCountries: 0, unrecognizedCompanySizes: 0, personalValues: { accountId: 0, lifecycleStage: 0, sourceSystem: 0 } };
  /**
   * Per contact, hashes of the last normalized email and phone digits that keyed (0: none): another
   * spelling of the same needs no keying. Hashes rather than the strings, so the thread keeps no
   * string per contact for them. 53 bits: a false repeat is as unlikely as the parser missing a changed row.
   */
  private readonly keyedHash = new GrowingArray(Float64Array, SEEN);
  /**
   * Hashes of each contact's email and phone cell where it was not usable (counted once until the cell
   * changes); few contacts have one. A usable or blank cell clears it.
   */
  private readonly badEmail = new Map<number, number>();
  private readonly badPhone = new Map<number, number>();
  /** Hashes of each contact's last unrecognized country and company-size spellings (each is counted once); few contacts have one. */
  private readonly lastCountry = new Map<number, number>();
  private readonly lastSize = new Map<number, number>();
  /**
   * Phone keys by the digits they were made from, as indexes into digitKeys; digitKeyed[i] is 0 where
   * the digits are not a possible number.
   */
  private phoneByDigits = new RangeMap();
  private readonly digitKeys = new DigestColumn();
  private digitKeyed = new Uint8Array(1024);
  private digitKeyCount = 0;
  private readonly countryMemo = new Map<string, string | null>();
  private readonly sizeMemo = new Map<string, string | null>();
  /** Attribute values as kept (see shared()). */
  private readonly values = new Map<string, string>();
  /** Keyed email and phone → the first contact that had it. Keys are digests in typed arrays: no string per key. */
  private readonly emailOwner = new DigestMap();
  private readonly phoneOwner = new DigestMap();
  /** Where the keyer writes. */
  private readonly scratch = new Uint8Array(DIGEST_BYTES);
  /** Each contact's id key, and 1 + the owner-map entry of its first usable email and phone (0: none). */
  private readonly idKeys = new DigestColumn();
  private readonly emailRef = new GrowingArray(Int32Array);
  private readonly phoneRef = new GrowingArray(Int32Array);
  private readonly attributes = Object.fromEntries(ATTRIBUTE_COLUMNS.map((column) => [column, new CodedColumn()])) as Record<AttributeColumn, CodedColumn>;
  private readonly root = new GrowingArray(Int32Array);
  /** VIA codes. */
  private readonly via = new GrowingArray(Uint8Array);
  private count = 0;
  /** Contacts the per-contact tables have room for. */
  private capacity = 0;

  constructor(
    private readonly phoneRegion: CountryCode,
    private readonly keyer: Keyer,
    /** Phone digits remembered at most (tests make it small). */
    private readonly phoneMemo = PHONE_MEMO,
  ) {}

  observe(c: number, rawContact: string | null, cells: IdentityCells): void {
    if (rawContact !== null) this.addContact(c, rawContact);
    const [email, phone, country, companySize, accountId, lifecycleStage, sourceSystem] = cells;
    const t = this.attributes;
    this.identify(c, email, 'email');
    this.identify(c, phone, 'phone');
    // Until a recognizable value is seen, each new spelling is tried (and, if unrecognized, counted
    // once: the unrecognized spelling is remembered, a recognized one need not be).
    if (t.country.isNull(c) && country!.trim() !== '' && hashOf(country!) !== this.lastCountry.get(c)) {
      const code = memo(this.countryMemo, country!, normalizeCountry);
      if (code === null) {
        this.quality.unrecognizedCountries++;
        this.lastCountry.set(c, hashOf(country!));
      }
      t.country.set(c, code);
    }
    if (t.companySize.isNull(c) && companySize!.trim() !== '' && hashOf(companySize!) !== this.lastSize.get(c)) {
      const band = memo(this.sizeMemo, companySize!, normalizeCompanySize);
      if (band === null) {
        this.quality.unrecognizedCompanySizes++;
        this.lastSize.set(c, hashOf(companySize!));
      }
      t.companySize.set(c, band);
    }
    if (t.accountId.isNull(c)) t.accountId.set(c, this.kept('accountId', accountId));
    if (t.lifecycleStage.isNull(c)) t.lifecycleStage.set(c, this.kept('lifecycleStage', lifecycleStage));
    if (t.sourceSystem.isNull(c)) t.sourceSystem.set(c, this.kept('sourceSystem', sourceSystem));
  }

  /**
   * An attribute as kept: the trimmed value, or null. A value that is an email or phone number is
   * personal data whatever its column: an account id is keyed like an email or phone (it still tells
   * accounts apart), a stage or source system is dropped. Each distinct value is decided once.
   */
  private kept(column: 'accountId' | 'lifecycleStage' | 'sourceSystem', v: string | undefined): string | null {
    const s = v?.trim() ?? '';
    if (s === '') return null;
    const memo = this.attributeMemo[column];
    let out = memo.get(s);
    if (out === undefined) {
      const kind = personalKind(s);
      if (kind === null) out = this.shared(s);
      else {
        this.quality.personalValues[column]++;
        out = column === 'accountId' ? this.accountKey(kind, s) : null;
      }
      memo.set(detach(s), out);
    }
    return out;
  }

  private readonly attributeMemo = { accountId: new Map<string, string | null>(), lifecycleStage: new Map<string, string | null>(), sourceSystem: new Map<string, string | null>() };

  /** An account id that is an email or phone, keyed as such (hex of its digest, marked so it is not taken for the value). */
  private accountKey(kind: PersonalKind, value: string): string | null {
    const normalized = kind === 'email' ? normalizeEmail(value) : normalizePhone(value, this.phoneRegion);
    this.keyer(`account-${kind}:${normalized ?? value.trim().toLowerCase()}`, this.scratch, 0);
    let hex = 'keyed:';
    for (let i = 0; i < DIGEST_BYTES; i++) hex += this.scratch[i]!.toString(16).padStart(2, '0');
    return this.shared(hex);
  }

  /** The trimmed value, or null for a blank one; the same string for the same value. */
  private shared(v: string | undefined): string | null {
    const s = v?.trim() ?? '';
    if (s === '') return null;
    let kept = this.values.get(s);
    if (kept === undefined) this.values.set((kept = detach(s)), kept);
    return kept;
  }

  /**
   * Every contact's keys and attributes, with merge roots resolved. The columns are views of the
   * tables' own buffers (moved to the store, not copied: the thread is done with them).
   */
  finish(): IdentityOutcome {
    const n = this.count;
    const root = new Int32Array(n);
    for (let c = 0; c < n; c++) root[c] = this.find(c);
    const contacts: KeyedContacts = {
      n,
      key: this.idKeys.take(n),
      emailRef: this.emailRef.take(n),
      phoneRef: this.phoneRef.take(n),
      emailDigests: this.emailOwner.digests(),
      phoneDigests: this.phoneOwner.digests(),
      attributes: Object.fromEntries(ATTRIBUTE_COLUMNS.map((column) => [column, this.attributes[column].take(n)])) as Record<AttributeColumn, PackedValues>,
      root,
      via: this.via.take(n),
    };
    return { contacts, quality: this.quality };
  }

  private addContact(c: number, rawContact: string): void {
    if (c !== this.count) throw new Error(`contact ${c} announced out of order (expected ${this.count})`);
    this.count++;
    const idIsEmail = looksLikeEmail(rawContact);
    // An email used as contact id is keyed exactly like an email column, so the two meet.
    if (idIsEmail) this.keyEmail(normalizeEmail(rawContact)!);
    else this.keyer(`id:${rawContact}`, this.scratch, 0);
    this.idKeys.set(c, this.scratch, 0);
    if (c === this.capacity) this.grow();
    this.root.array[c] = c;
    if (idIsEmail) this.link(c, this.scratch, 0, this.emailOwner, 'email');
  }

  /** Room in every per-contact table for half as many contacts again (a table grows in place: nothing is copied). */
  private grow(): void {
    this.capacity = Math.max(4096, Math.ceil(this.capacity * 1.5));
    for (const column of ATTRIBUTE_COLUMNS) this.attributes[column].room(this.capacity - 1);
    for (const column of [this.keyedHash, this.emailRef, this.phoneRef, this.root, this.via]) column.room(this.capacity);
  }

  /**
   * Keys a contact's email or phone cell, records the first usable one on the contact, and links it to
   * whoever had it first. A cell not usable is counted once until the contact's cell changes.
   */
  private identify(c: number, raw: string | undefined, via: 'email' | 'phone'): void {
    const bad = via === 'email' ? this.badEmail : this.badPhone;
    if (!raw) {
      if (bad.size > 0) bad.delete(c);
      return;
    }
    const badHash = bad.size > 0 ? bad.get(c) : undefined;
    if (badHash !== undefined && badHash === hashOf(raw)) return;
    const keyedHash = this.keyedHash.array;
    // The key's digest is at digests[at…] (none: at is -1).
    let digests: Uint8Array = this.scratch;
    let at = -1;
    // Another spelling of the contact's last usable email or phone would key and link the same.
    if (via === 'email') {
      const email = normalizeEmail(raw);
      if (email !== null) {
        if (bad.size > 0) bad.delete(c);
        if (keyedHash[c * SEEN + EMAIL_KEYED] === hashOf(email)) return;
        this.keyEmail(email);
        at = 0;
        keyedHash[c * SEEN + EMAIL_KEYED] = hashOf(email);
      }
    } else {
      const digits = phoneDigits(raw);
      if (digits !== null && keyedHash[c * SEEN + PHONE_KEYED] === hashOf(digits)) {
        if (bad.size > 0) bad.delete(c);
        return;
      }
      const i = this.phoneKey(raw, digits);
      if (i === IN_SCRATCH) at = 0;
      else if (i >= 0) {
        digests = this.digitKeys.bytes;
        at = i * DIGEST_BYTES;
      }
      if (at >= 0) {
        if (bad.size > 0) bad.delete(c);
        if (digits !== null) keyedHash[c * SEEN + PHONE_KEYED] = hashOf(digits);
      }
    }
    if (at < 0) {
      bad.set(c, hashOf(raw));
      this.quality[via === 'email' ? 'invalidEmails' : 'invalidPhones']++;
      return;
    }
    const owners = via === 'email' ? this.emailOwner : this.phoneOwner;
    this.link(c, digests, at, owners, via);
    const ref = (via === 'email' ? this.emailRef : this.phoneRef).array;
    if (ref[c] === 0) ref[c] = owners.entry + 1;
  }

  /** Keys a normalized email into the scratch digest. */
  private keyEmail(email: string): void {
    this.keyer(`email:${email}`, this.scratch, 0);
  }

  /**
   * Keys a phone (`digits`: phoneDigits(raw)): the index of its digest in digitKeys, IN_SCRATCH for a
   * digest in the scratch (a spelling that is not digits alone), or NOT_A_PHONE.
   */
  private phoneKey(raw: string, digits: string | null): number {
    const keyInto = (spelling: string): boolean => {
      const phone = normalizePhone(spelling, this.phoneRegion);
      if (phone === null) return false;
      this.keyer(`phone:${phone}`, this.scratch, 0);
      return true;
    };
    // libphonenumber is the import's costliest call: spellings with the same digits share one, made
    // on the digits alone (~10% faster to parse, and the same number: a property test holds it).
    if (digits === null) return keyInto(raw) ? IN_SCRATCH : NOT_A_PHONE;
    if (this.digitKeyCount === this.phoneMemo) {
      this.phoneByDigits = new RangeMap();
      this.digitKeyCount = 0;
    }
    const i = this.phoneByDigits.claim(digits, this.digitKeyCount);
    if (i === this.digitKeyCount) {
      this.digitKeyCount++;
      if (i === this.digitKeyed.length) this.digitKeyed = grown(this.digitKeyed, i * 2);
      // Set either way: after the memo is forgotten, index i may have held another number's key.
      this.digitKeyed[i] = keyInto(digits) ? 1 : 0;
      if (this.digitKeyed[i] === 1) this.digitKeys.set(i, this.scratch, 0);
    }
    return this.digitKeyed[i] === 1 ? i : NOT_A_PHONE;
  }

  /** Union by first appearance: the earlier contact stays the root, so merges are deterministic. */
  private link(c: number, digests: Uint8Array, at: number, owners: DigestMap, via: 'email' | 'phone'): void {
    const owner = owners.claim(digests, at, c);
    if (owner === c) return;
    const a = this.find(owner);
    const b = this.find(c);
    if (a === b) return;
    const [keep, lose] = a < b ? [a, b] : [b, a];
    this.root.array[lose] = keep;
    this.via.array[lose] = via === 'email' ? VIA_EMAIL : VIA_PHONE;
  }

  private find(c: number): number {
    const root = this.root.array;
    while (root[c] !== c) {
      root[c] = root[root[c]!]!;
      c = root[c]!;
    }
    return c;
  }
}

function memo(cache: Map<string, string | null>, raw: string, fn: (raw: string) => string | null): string | null {
  let v = cache.get(raw);
  if (v === undefined) {
    v = fn(raw);
    // Values are keys (slices of a 64-character digest) or short codes: only the raw cell may pin a larger text.
    cache.set(detach(raw), v);
  }
  return v;
}
