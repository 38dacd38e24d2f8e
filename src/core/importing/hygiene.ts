/**
 * Row hygiene: one raw row in, either an accepted event (as columns) or a rejection with line, column
 * and reason. Contacts are numbered by raw id as they appear; each new contact and each change of a
 * contact's identity cells goes to an IdentitySink (ContactIdentity), which keys and merges them.
 * Batches carry contact numbers, times and dictionary ids: no personal value.
 * Cells arrive as the parser wrote them (a CellCodec says how): they are hashed and remembered as
 * written, so the fast path can look them up in place, and read as text wherever their meaning counts.
 */
import { type Field, type FieldMapping, PII_FIELDS, REQUIRED_FIELDS } from '../headers';
import { IsoDayMemo, type ZoneConverter, parseIsoZInPlace, parseTimestamp } from '../normalize/timestamp';
import { EventTypeMapper, MARKETO_ACTIVITY_TYPES, PARDOT_ACTIVITY_TYPES } from '../taxonomy';
import { type PersonalKind, personalKind } from '../normalize/personal';
import type { FileKind, RoleInference } from './roles';
import { type CellCodec, TEXT_CELLS, detach } from '../strings';
import { grown } from '../grown';
import type { ImportBatch, ParseOutcome } from './types';
import { FLAG_NEW } from './row-scan';
import { IDENTITY_FIELDS, type IdentitySink } from './identity-sink';
import { BYTE_HASHER, TEXT_HASHER } from './cell-hash';
import type { CsvRow } from './csv-rows';
import { JsRowTables, type RowTables } from './row-tables';

export class HeaderError extends Error {}

/** Rows a batch holds before it is sent (the parser sends between chunks, so a batch runs over). */
const BATCH_ROWS = 16_384;
/** Room for a full batch and the chunk that fills it: a batch seldom has to grow. */
const BATCH_ROOM = 2 * BATCH_ROWS;

export class RowHygiene {
  readonly headers: string[];
  readonly mapping: FieldMapping;
  readonly piiColumns: string[];
  readonly ignoredColumns: string[];
  rowsRead = 0;

  private readonly col: Record<Field, number>;
  private readonly dupColumns: number[];
  private readonly types: EventTypeMapper;
  private readonly typeIndex = new Map<string, number>();
  private readonly rawTypeIndex = new Map<string, number>();
  /** The identity cells' columns, in IDENTITY_FIELDS order; -1 where there is none. */
  private readonly identityCells: number[];
  /** The same columns without the gaps, for hashing. */
  private readonly identityColumns: number[];
  /** Contacts, event-type cells, identity hashes and duplicate keys, as the rows read so far taught them. */
  private readonly tables: RowTables;
  /** The same tables where they are TypeScript's, which the in-place fast path reads directly; else null. */
  private readonly js: JsRowTables | null;
  /** Per event-type slot: its type and raw type ids. */
  private readonly knownTypeId: number[] = [];
  private readonly knownRawTypeId: number[] = [];
  private readonly isoDay = new IsoDayMemo();

  private batch!: ImportBatch;

  private readonly roles: RoleInference;
  /** The event type of every row, when the file has no column for it (single-kind exports, snapshots). */
  private readonly constantType: string | null;
  /** The tables' slot for the constant type, once the first row has registered it. */
  private constantSlot = -1;

  /** `headers` as cleanHeaders() keeps them; `roles` from inferRoles() over those headers. */
  constructor(
    headers: readonly string[],
    roles: RoleInference,
    aliases: Readonly<Record<string, string>>,
    private readonly zone: ZoneConverter,
    private readonly identity: IdentitySink,
    private readonly codec: CellCodec = TEXT_CELLS,
    tables?: RowTables,
    eventType?: string,
  ) {
    this.roles = roles;
    this.js = tables ? null : new JsRowTables(codec.bytes ? BYTE_HASHER : TEXT_HASHER);
    this.tables = tables ?? this.js!;
    this.headers = [...headers];
    this.constantType = eventType ?? null;
    const missing = REQUIRED_FIELDS.filter((f) => roles.mapping[f] === undefined && !(f === 'eventType' && eventType !== undefined));
    if (missing.length > 0) throw new HeaderError(missingColumnsMessage(missing, this.headers, roles.kind));
    this.mapping = roles.mapping;
    this.piiColumns = roles.personalColumns.map((c) => this.headers[c]!);
    const used = new Set(Object.values(roles.mapping));
    this.ignoredColumns = this.headers.filter((_, i) => !used.has(i));
    this.col = Object.fromEntries((Object.keys(roles.mapping) as Field[]).map((f) => [f, roles.mapping[f]])) as Record<Field, number>;
    const personal = new Set([...PII_FIELDS, 'contactId'].map((f) => this.mapping[f as Field]).filter((c) => c !== undefined));
    this.dupColumns =
      this.mapping.eventId !== undefined ? [this.mapping.eventId] : this.headers.map((_, i) => i).filter((i) => !personal.has(i));
    // An email column that is also the contact id is the id's business.
    this.identityCells = IDENTITY_FIELDS.map((f) => this.mapping[f] ?? -1).map((c) => (c === this.mapping.contactId ? -1 : c));
    this.identityColumns = this.identityCells.filter((c) => c >= 0);
    this.types = new EventTypeMapper(aliases, roles.typeCodes === 'marketo' ? MARKETO_ACTIVITY_TYPES : roles.typeCodes === 'pardot' ? PARDOT_ACTIVITY_TYPES : undefined);
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
      line: new Int32Array(BATCH_ROOM),
      time: new Float64Array(BATCH_ROOM),
      contact: new Int32Array(BATCH_ROOM),
      type: new Int32Array(BATCH_ROOM),
      rawType: new Int32Array(BATCH_ROOM),
      dupKey: new Float64Array(BATCH_ROOM),
      newTypes: [],
      newRawTypes: [],
      rejects: [],
      rowsRead: 0,
      bytesRead: 0,
      last: false,
    };
  }

  get batchFull(): boolean {
    return this.batch.n >= BATCH_ROWS || this.batch.rejects.length >= BATCH_ROWS;
  }

  get pendingRows(): number {
    return this.batch.n + this.batch.rejects.length;
  }

  /** Hands over the current batch (its arrays trimmed to size) and starts a new one. */
  takeBatch(bytesRead: number, last = false): ImportBatch {
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
      rowsRead: this.rowsRead,
      bytesRead,
      last,
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
    const text = this.codec.text;
    const rawContact = text(cells[col.contactId] ?? '').trim();
    if (rawContact === '') return this.reject(line, col.contactId, 'contact id is empty');
    const rawTime = text(cells[col.timestamp] ?? '');
    const time = parseTimestamp(rawTime, this.zone);
    if (Number.isNaN(time)) return this.reject(line, col.timestamp, rawTime.trim() === '' ? 'timestamp is empty' : 'timestamp not recognized');
    const typeCell = this.constantType !== null ? this.codec.cell(this.constantType) : (cells[col.eventType] ?? '');
    const rawType = text(typeCell);
    const mapped = this.types.map(rawType);
    if (mapped === null) return this.reject(line, col.eventType, 'event type is empty');
    // Raw names are stored and shown: one that is an email or a phone number is personal data, not an
    // event. The tables never learn it, so each such row comes here and is rejected.
    const personal = this.personalType(rawType);
    if (personal !== null) return this.reject(line, col.eventType, `event type is personal data (${personal === 'email' ? 'an email address' : 'a phone number'}); check which column holds the event type`);

    const contact = this.resolveContact(rawContact, cells);
    const b = this.batch;
    const type = this.dictionary(this.typeIndex, mapped.name, (name) => b.newTypes.push({ name, canonical: mapped.canonical }));
    const rawTypeId = this.dictionary(this.rawTypeIndex, rawType.trim(), (raw) => b.newRawTypes.push(raw));
    if (this.tables.typeSlot(typeCell) < 0) {
      const slot = this.tables.addType(typeCell);
      this.knownTypeId[slot] = type;
      this.knownRawTypeId[slot] = rawTypeId;
      if (this.constantType !== null) this.constantSlot = slot;
    }
    this.push(line, time, contact, type, rawTypeId, this.tables.dupKey(cells, this.dupColumns));
  }

  /**
   * The common row, read in place: an event type seen before, a timestamp that parses, a contact id
   * without blanks to trim. Strings are made only of what contact identity needs, for a new contact or
   * changed identity cells. Returns false for anything else, which the caller then hands to row() as
   * strings; both paths store the same.
   */
  fastRow(r: CsvRow, line: number): boolean {
    const js = this.js;
    if (!js || r.escaped || r.count !== this.headers.length) return false;
    const { text, bytes, start, end } = r;
    const col = this.col;
    const hasher = js.hasher;
    const from = start[col.contactId]!;
    const to = end[col.contactId]!;
    // Surrounding blanks are trimmed by row(); such cells take that path.
    if (from === to || text.charCodeAt(from) <= 0x20 || text.charCodeAt(to - 1) <= 0x20) return false;
    const types = this.constantType !== null ? this.constantSlot : js.types.get(text, start[col.eventType]!, end[col.eventType]!, bytes);
    if (types < 0) return false;
    const tFrom = start[col.timestamp]!;
    const tTo = end[col.timestamp]!;
    const time = parseIsoZInPlace(text, tFrom, tTo, this.isoDay) ?? parseTimestamp(this.codec.text(text.slice(tFrom, tTo)), this.zone);
    if (Number.isNaN(time)) return false;
    let contact = js.contacts.get(text, from, to, bytes);
    const identity = hasher.ranges(text, bytes, start, end, this.identityColumns);
    if (contact < 0 || js.lastIdentity[contact] !== identity) {
      let rawContact: string | null = null;
      if (contact < 0) {
        // Unicode blanks (bytes above 0x20 in byte text) are trimmed by row() too.
        rawContact = this.codec.text(text.slice(from, to));
        if (rawContact.trim() !== rawContact) return false;
        contact = js.addContact(text.slice(from, to));
      }
      js.lastIdentity[contact] = identity;
      const cells = this.identityCells.map((c) => (c < 0 ? '' : this.codec.text(text.slice(start[c], end[c]))));
      this.identity.observe(contact, rawContact, cells);
    }
    this.rowsRead++;
    this.push(line, time, contact, this.knownTypeId[types]!, this.knownRawTypeId[types]!, hasher.ranges(text, bytes, start, end, this.dupColumns));
    return true;
  }

  private push(line: number, time: number, contact: number, type: number, rawType: number, dupKey: number): void {
    const b = this.batch;
    if (b.n === b.time.length) growBatch(b);
    const i = b.n++;
    b.line[i] = line;
    b.time[i] = time;
    b.contact[i] = contact;
    b.type[i] = type;
    b.rawType[i] = rawType;
    b.dupKey[i] = dupKey;
  }

  private readonly personalTypes = new Map<string, PersonalKind | null>();

  private personalType(rawType: string): PersonalKind | null {
    let kind = this.personalTypes.get(rawType);
    if (kind === undefined) {
      kind = personalKind(rawType);
      if (this.personalTypes.size < 10_000) this.personalTypes.set(detach(rawType), kind);
    }
    return kind;
  }

  /** `onNew` gets the name detached from the text it was cut from (the pending batch keeps it too). */
  private dictionary(index: Map<string, number>, name: string, onNew: (name: string) => void): number {
    let id = index.get(name);
    if (id === undefined) {
      id = index.size;
      const kept = detach(name);
      index.set(kept, id);
      onNew(kept);
    }
    return id;
  }

  private resolveContact(rawContact: string, cells: readonly string[]): number {
    // Keyed as the cell is written, which is how the fast path finds it.
    const claimed = this.tables.claimContact(this.codec.cell(rawContact));
    const isNew = claimed < 0;
    const c = isNew ? -claimed - 1 : claimed;
    // Exports repeat a contact's identity and attributes on every row. One hash over those cells (fresh
    // in cache) tells whether anything changed since the contact's last row; only then is there work.
    if (!this.tables.identityChanged(c, cells, this.identityColumns)) return c;
    this.identity.observe(c, isNew ? rawContact : null, this.identityCells.map((col) => (col < 0 ? '' : this.codec.text(cells[col] ?? ''))));
    return c;
  }

  /**
   * A row the row scanner read (row-scan.ts): its contact, event-type slot and duplicate key are the
   * tables'. `flags`: FLAG_NEW (a new contact) and FLAG_CHANGED (its identity cells changed) or 0;
   * then `cellText(column)` reads the cells identity needs, as written.
   */
  scannedRow(line: number, time: number, contact: number, slot: number, dupKey: number, flags: number, cellText: (column: number) => string): void {
    this.rowsRead++;
    if (flags !== 0) {
      const rawContact = flags & FLAG_NEW ? this.codec.text(cellText(this.col.contactId)) : null;
      this.identity.observe(contact, rawContact, this.identityCells.map((c) => (c < 0 ? '' : this.codec.text(cellText(c)))));
    }
    this.push(line, time, contact, this.knownTypeId[slot]!, this.knownRawTypeId[slot]!, dupKey);
  }

  /** Where the row scanner finds what it reads (row-scan.ts ScanLayout, less the file's own). */
  scanColumns(): { contactColumn: number; typeColumn: number; timeColumn: number; identityColumns: readonly number[]; dupColumns: readonly number[] } {
    return {
      contactColumn: this.col.contactId,
      typeColumn: this.col.eventType,
      timeColumn: this.col.timestamp,
      identityColumns: this.identityColumns,
      dupColumns: this.dupColumns,
    };
  }

  finish(format: 'csv' | 'jsonl', delimiter: string | null): Omit<ParseOutcome, 'source' | 'aliases'> {
    return {
      format,
      kind: this.roles.kind,
      roles: this.roles.roles,
      delimiter,
      headers: this.headers,
      mapping: this.mappingByName(),
      piiColumns: this.piiColumns,
      ignoredColumns: this.ignoredColumns,
      rowsRead: this.rowsRead,
    };
  }
}

/** What to say when the file has no column for a required field: what the file looks like, and what to choose. */
function missingColumnsMessage(missing: readonly Field[], headers: readonly string[], kind: FileKind): string {
  const listed = `${headers.slice(0, 20).join(', ')}${headers.length > 20 ? ', …' : ''}`;
  const names = { contactId: 'the contact', timestamp: 'the time', eventType: 'the event type' } as Record<Field, string>;
  const what = missing.map((f) => names[f] ?? f).join(' and ');
  const typeOnly = missing.length === 1 && missing[0] === 'eventType';
  if (typeOnly && kind === 'snapshot') {
    return `no column for the event type among the headers (${listed}): this looks like a list of contacts, one row each, not events. Import each row as one event at one of its dates (--event-type contact_created --map timestamp=COLUMN), or export the contacts' activity instead`;
  }
  if (typeOnly) return `no column for the event type among the headers (${listed}); choose its column (--map eventType=COLUMN), or say what every row is (--event-type TYPE, e.g. form_submit)`;
  return `no column for ${what} among the headers (${listed}); choose them with --map, e.g. --map ${missing[0]}=COLUMN`;
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
