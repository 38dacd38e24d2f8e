/**
 * Row hygiene: one raw row in, either an accepted event (as columns) or a rejection with line, column
 * and reason. Contacts are numbered as they appear and merged (union-find) when their keyed email or
 * phone matches. Raw personal values go no further than this class: only keys leave it.
 */
import type { CountryCode } from 'libphonenumber-js';
import { type Field, type FieldMapping, PII_FIELDS, REQUIRED_FIELDS, mapHeaders } from '../headers';
import { normalizeCompanySize } from '../normalize/companySize';
import { normalizeCountry } from '../normalize/country';
import { looksLikeEmail, normalizeEmail } from '../normalize/email';
import { normalizePhone } from '../normalize/phone';
import { type ZoneConverter, parseTimestamp } from '../normalize/timestamp';
import { EventTypeMapper, MARKETO_ACTIVITY_TYPES } from '../taxonomy';
import { detach } from '../strings';
import { grown } from '../format';
import type { ContactTable, DataQuality, ImportBatch, ParseOutcome } from './types';
import { IntPairs, RangeMap, hashCells, hashRanges } from './cell-hash';
import type { CsvRow } from './csv-rows';

/** Keys a normalized personal identifier (HMAC under the workspace secret in practice). */
export type Keyer = (value: string) => string;

export class HeaderError extends Error {}

const BATCH_ROWS = 16_384;

export class RowHygiene {
  readonly headers: string[];
  readonly mapping: FieldMapping;
  readonly piiColumns: string[];
  readonly ignoredColumns: string[];
  readonly quality: DataQuality = { invalidEmails: 0, invalidPhones: 0, unrecognizedCountries: 0, unrecognizedCompanySizes: 0 };
  rowsRead = 0;

  private readonly col: Record<Field, number>;
  private readonly dupColumns: number[];
  private readonly types: EventTypeMapper;
  private readonly typeIndex = new Map<string, number>();
  private readonly rawTypeIndex = new Map<string, number>();
  private readonly contactIndex = new Map<string, number>();
  private readonly emailMemo = new Map<string, string | null>();
  private readonly phoneMemo = new Map<string, string | null>();
  private readonly countryMemo = new Map<string, string | null>();
  private readonly keyMemo = new Map<string, string | null>();
  private readonly sizeMemo = new Map<string, string | null>();
  private readonly emailOwner = new Map<string, number>();
  private readonly identityColumns: number[];
  private lastIdentity = new Float64Array(1024);
  private readonly phoneOwner = new Map<string, number>();
  /** What accepted rows taught the fast path: raw contact id → contact, raw event type → (type, raw type). */
  private readonly knownContacts = new RangeMap();
  private readonly knownTypes = new RangeMap();
  private readonly typeIds = new IntPairs();
  private readonly contacts: ContactTable = {
    key: [], emailKey: [], phoneKey: [], country: [], companySize: [], accountId: [], lifecycleStage: [], sourceSystem: [], root: new Int32Array(1024), via: [],
  };

  private batch!: ImportBatch;
  private contactsAtBatchStart = 0;

  constructor(
    headers: readonly string[],
    overrides: Partial<Record<Field, string>>,
    aliases: Readonly<Record<string, string>>,
    private readonly zone: ZoneConverter,
    private readonly phoneRegion: CountryCode,
    private readonly keyer: Keyer,
  ) {
    this.headers = headers.map((h, i) => (h.trim() === '' ? `column ${i + 1}` : h.trim()));
    const mapped = mapHeaders(this.headers, overrides);
    const missing = REQUIRED_FIELDS.filter((f) => mapped.mapping[f] === undefined);
    if (missing.length > 0) {
      throw new HeaderError(
        `no column for ${missing.join(', ')} among the headers (${this.headers.slice(0, 20).join(', ')}${this.headers.length > 20 ? ', …' : ''}); ` +
          `name them with --map, e.g. --map ${missing[0]}=COLUMN`,
      );
    }
    this.mapping = mapped.mapping;
    this.piiColumns = mapped.piiColumns;
    this.ignoredColumns = mapped.ignoredColumns;
    this.col = Object.fromEntries((Object.keys(mapped.mapping) as Field[]).map((f) => [f, mapped.mapping[f]])) as Record<Field, number>;
    const identity = new Set([...PII_FIELDS, 'contactId'].map((f) => this.mapping[f as Field]).filter((c) => c !== undefined));
    this.dupColumns =
      this.mapping.eventId !== undefined ? [this.mapping.eventId] : this.headers.map((_, i) => i).filter((i) => !identity.has(i));
    this.identityColumns = (['email', 'phone', 'country', 'companySize', 'accountId', 'lifecycleStage', 'sourceSystem'] as const)
      .map((f) => this.mapping[f])
      .filter((c): c is number => c !== undefined && c !== this.mapping.contactId);
    const typeHeader = this.headers[this.col.eventType]!.toLowerCase().replace(/[^a-z]/g, '');
    this.types = new EventTypeMapper(aliases, typeHeader === 'activitytypeid' ? MARKETO_ACTIVITY_TYPES : undefined);
    this.resetBatch();
  }

  /** Field → header name, for the summary. */
  mappingByName(): Partial<Record<Field, string>> {
    const out: Partial<Record<Field, string>> = {};
    for (const [f, i] of Object.entries(this.mapping) as [Field, number][]) out[f] = this.headers[i];
    return out;
  }

  private resetBatch(): void {
    this.batch = {
      n: 0,
      line: new Int32Array(BATCH_ROWS),
      time: new Float64Array(BATCH_ROWS),
      contact: new Int32Array(BATCH_ROWS),
      type: new Int32Array(BATCH_ROWS),
      rawType: new Int32Array(BATCH_ROWS),
      dupKey: new Float64Array(BATCH_ROWS),
      newContacts: 0,
      newTypes: [],
      newRawTypes: [],
      rejects: [],
      rowsRead: 0,
      bytesRead: 0,
    };
    this.contactsAtBatchStart = this.contacts.key.length;
  }

  get batchFull(): boolean {
    return this.batch.n >= BATCH_ROWS || this.batch.rejects.length >= BATCH_ROWS;
  }

  get pendingRows(): number {
    return this.batch.n + this.batch.rejects.length;
  }

  /** Hands over the current batch (its arrays trimmed to size) and starts a new one. */
  takeBatch(bytesRead: number): ImportBatch {
    const b = this.batch;
    const n = b.n;
    const out: ImportBatch = {
      ...b,
      line: b.line.slice(0, n),
      time: b.time.slice(0, n),
      contact: b.contact.slice(0, n),
      type: b.type.slice(0, n),
      rawType: b.rawType.slice(0, n),
      dupKey: b.dupKey.slice(0, n),
      newContacts: this.contacts.key.length - this.contactsAtBatchStart,
      rowsRead: this.rowsRead,
      bytesRead,
    };
    this.resetBatch();
    return out;
  }

  reject(line: number, column: number | null, reason: string): void {
    this.batch.rejects.push({ line, column: column === null ? null : (this.headers[column] ?? `column ${column + 1}`), reason });
  }

  /** Checks and normalizes one data row. `line` is its first line in the source file. */
  row(cells: readonly string[], line: number, checkWidth: boolean): void {
    this.rowsRead++;
    if (checkWidth && cells.length !== this.headers.length) {
      this.reject(line, null, `row has ${cells.length} fields, the header has ${this.headers.length}`);
      return;
    }
    const col = this.col;
    const rawContact = (cells[col.contactId] ?? '').trim();
    if (rawContact === '') return this.reject(line, col.contactId, 'contact id is empty');
    const rawTime = cells[col.timestamp] ?? '';
    const time = parseTimestamp(rawTime, this.zone);
    if (Number.isNaN(time)) return this.reject(line, col.timestamp, rawTime.trim() === '' ? 'timestamp is empty' : 'timestamp not recognized');
    const rawType = cells[col.eventType] ?? '';
    const mapped = this.types.map(rawType);
    if (mapped === null) return this.reject(line, col.eventType, 'event type is empty');

    const contact = this.resolveContact(rawContact, cells);
    const b = this.batch;
    const type = this.dictionary(this.typeIndex, mapped.name, () => b.newTypes.push({ name: mapped.name, canonical: mapped.canonical }));
    const rawTypeId = this.dictionary(this.rawTypeIndex, rawType.trim(), () => b.newRawTypes.push(rawType.trim()));
    this.knownContacts.add(rawContact, contact);
    if (this.knownTypes.get(rawType, 0, rawType.length) < 0) this.knownTypes.add(rawType, this.typeIds.push(type, rawTypeId));
    this.push(line, time, contact, type, rawTypeId, hashCells(cells, this.dupColumns));
  }

  /**
   * The common row, read in place without a string per cell: a contact seen before whose identity
   * cells have not changed, an event type seen before, a timestamp that parses. Returns false for
   * anything else, which the caller then hands to row() as strings; both paths store the same.
   */
  fastRow(r: CsvRow, line: number): boolean {
    if (r.escaped || r.count !== this.headers.length) return false;
    const { text, start, end } = r;
    const col = this.col;
    const from = start[col.contactId]!;
    const to = end[col.contactId]!;
    // Surrounding blanks are trimmed by row(); such cells take that path.
    if (from === to || text.charCodeAt(from) <= 0x20 || text.charCodeAt(to - 1) <= 0x20) return false;
    const contact = this.knownContacts.get(text, from, to);
    if (contact < 0 || this.lastIdentity[contact] !== hashRanges(text, start, end, this.identityColumns)) return false;
    const types = this.knownTypes.get(text, start[col.eventType]!, end[col.eventType]!);
    if (types < 0) return false;
    const time = parseTimestamp(text.slice(start[col.timestamp], end[col.timestamp]), this.zone);
    if (Number.isNaN(time)) return false;
    this.rowsRead++;
    this.push(line, time, contact, this.typeIds.first[types]!, this.typeIds.second[types]!, hashRanges(text, start, end, this.dupColumns));
    return true;
  }

  private push(line: number, time: number, contact: number, type: number, rawType: number, dupKey: number): void {
    const b = this.batch;
    if (b.n === b.time.length) growBatch(b);
    const i = b.n++;
    b.line[i] = line;
    b.time[i] = time;
    b.contact[i] = this.find(contact);
    b.type[i] = type;
    b.rawType[i] = rawType;
    b.dupKey[i] = dupKey;
  }

  private dictionary(index: Map<string, number>, name: string, onNew: () => void): number {
    let id = index.get(name);
    if (id === undefined) {
      id = index.size;
      index.set(detach(name), id);
      onNew();
    }
    return id;
  }

  private resolveContact(rawContact: string, cells: readonly string[]): number {
    let c = this.contactIndex.get(rawContact);
    const col = this.col;
    if (c === undefined) {
      const idIsEmail = looksLikeEmail(rawContact);
      // An email used as contact id is keyed exactly like an email column, so the two meet.
      const key = idIsEmail ? this.emailKey(rawContact)! : this.keyer(`id:${rawContact}`);
      c = this.newContact(key);
      this.contactIndex.set(detach(rawContact), c);
      if (idIsEmail) this.link(c, key, this.emailOwner, 'email');
    }
    // Exports repeat a contact's identity and attributes on every row. One hash over those cells (fresh
    // in cache) tells whether anything changed since the contact's last row; only then is there work.
    const identity = hashCells(cells, this.identityColumns);
    if (this.lastIdentity[c] === identity) return c;
    this.lastIdentity[c] = identity;
    const t = this.contacts;
    if (col.email !== undefined && col.email !== col.contactId) this.identify(c, cells[col.email], 'email');
    if (col.phone !== undefined) this.identify(c, cells[col.phone], 'phone');
    if (col.country !== undefined && t.country[c] === null) {
      const raw = cells[col.country] ?? '';
      if (raw.trim() !== '') {
        const code = memo(this.countryMemo, raw, normalizeCountry);
        if (code === null) this.quality.unrecognizedCountries++;
        t.country[c] = code;
      }
    }
    if (col.companySize !== undefined && t.companySize[c] === null) {
      const raw = cells[col.companySize] ?? '';
      if (raw.trim() !== '') {
        const band = memo(this.sizeMemo, raw, normalizeCompanySize);
        if (band === null) this.quality.unrecognizedCompanySizes++;
        t.companySize[c] = band;
      }
    }
    if (col.accountId !== undefined && t.accountId[c] === null) t.accountId[c] = nonEmpty(cells[col.accountId]);
    if (col.lifecycleStage !== undefined && t.lifecycleStage[c] === null) t.lifecycleStage[c] = nonEmpty(cells[col.lifecycleStage]);
    if (col.sourceSystem !== undefined && t.sourceSystem[c] === null) t.sourceSystem[c] = nonEmpty(cells[col.sourceSystem]);
    return c;
  }

  /** Keys a contact's email or phone, records the first one on the contact, and links it to whoever had it first. */
  private identify(c: number, raw: string | undefined, via: 'email' | 'phone'): void {
    if (!raw) return;
    const key = via === 'email' ? this.emailKey(raw) : this.phoneKey(raw);
    if (key === null) {
      this.quality[via === 'email' ? 'invalidEmails' : 'invalidPhones']++;
      return;
    }
    const keys = via === 'email' ? this.contacts.emailKey : this.contacts.phoneKey;
    keys[c] ??= key;
    this.link(c, key, via === 'email' ? this.emailOwner : this.phoneOwner, via);
  }

  /** Memoised twice: raw → normalized (spelling variants), normalized → key (one HMAC per identity). */
  private emailKey(raw: string): string | null {
    return memo(this.emailMemo, raw, (r) => {
      const email = normalizeEmail(r);
      return email === null ? null : memo(this.keyMemo, `email:${email}`, this.keyer);
    });
  }

  private phoneKey(raw: string): string | null {
    return memo(this.phoneMemo, raw, (r) => {
      const phone = normalizePhone(r, this.phoneRegion);
      return phone === null ? null : memo(this.keyMemo, `phone:${phone}`, this.keyer);
    });
  }

  private newContact(key: string): number {
    const t = this.contacts;
    const c = t.key.length;
    t.key.push(key);
    t.emailKey.push(null);
    t.phoneKey.push(null);
    t.country.push(null);
    t.companySize.push(null);
    t.accountId.push(null);
    t.lifecycleStage.push(null);
    t.sourceSystem.push(null);
    t.via.push(null);
    if (c === t.root.length) t.root = grown(t.root, c * 2);
    t.root[c] = c;
    if (c === this.lastIdentity.length) this.lastIdentity = grown(this.lastIdentity, c * 2);
    this.lastIdentity[c] = NaN;
    return c;
  }

  /** Union by first appearance: the earlier contact stays the root, so merges are deterministic. */
  private link(c: number, key: string, owners: Map<string, number>, via: 'email' | 'phone'): void {
    const owner = owners.get(key);
    if (owner === undefined) {
      owners.set(key, c);
      return;
    }
    const a = this.find(owner);
    const b = this.find(c);
    if (a === b) return;
    const [keep, lose] = a < b ? [a, b] : [b, a];
    this.contacts.root[lose] = keep;
    this.contacts.via[lose] = via;
  }

  private find(c: number): number {
    const root = this.contacts.root;
    while (root[c] !== c) {
      root[c] = root[root[c]!]!;
      c = root[c]!;
    }
    return c;
  }

  finish(format: 'csv' | 'jsonl', delimiter: string | null): ParseOutcome {
    const t = this.contacts;
    const n = t.key.length;
    const root = new Int32Array(n);
    for (let c = 0; c < n; c++) root[c] = this.find(c);
    return {
      format,
      delimiter,
      headers: this.headers,
      mapping: this.mappingByName(),
      piiColumns: this.piiColumns,
      ignoredColumns: this.ignoredColumns,
      rowsRead: this.rowsRead,
      contacts: { ...t, root },
      quality: this.quality,
    };
  }
}

/** A parse chunk can hold more rows than a batch was sized for: grow rather than drop. */
function growBatch(b: ImportBatch): void {
  const size = b.time.length * 2;
  b.line = grown(b.line, size);
  b.time = grown(b.time, size);
  b.contact = grown(b.contact, size);
  b.type = grown(b.type, size);
  b.rawType = grown(b.rawType, size);
  b.dupKey = grown(b.dupKey, size);
}

function memo(cache: Map<string, string | null>, raw: string, fn: (raw: string) => string | null): string | null {
  let v = cache.get(raw);
  if (v === undefined) {
    v = fn(raw);
    cache.set(detach(raw), v === null ? null : detach(v));
  }
  return v;
}

function nonEmpty(v: string | undefined): string | null {
  const s = v?.trim() ?? '';
  return s === '' ? null : detach(s);
}
