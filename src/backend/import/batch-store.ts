/**
 * The store's side of an import: events stored in file order while the parse runs, under the contacts
 * as numbered so far; at the end, merges and duplicates settled, then the contacts, the replay copy,
 * the per-contact lookup and the summary. Runs inside the import's transaction.
 */
import { ATTRIBUTE_COLUMNS, type IdentityOutcome, attributeOf, keyOf } from '../../core/importing/identity-sink';
import type { ImportBatch, ImportSummary, ParseOutcome, RejectedRow } from '../../core/importing/types';
import { writeContactEvents, writeEventColumns } from '../datasets';
import { UserError } from '../errors';
import type { Db } from '../workspace';
import { BulkInsert } from './bulk-insert';
import { ImportColumns } from './columns-builder';
import { type ReplayColumns, exactDuplicates, replayColumns, rowsByContact } from '../../core/importing/settle';

const FIRST_REJECTS = 10;
/**
 * Rows the store lets gather before it stores them. Rows append, so there is nothing to gain by
 * gathering them: each batch is stored as it comes, and the parse's last rows are one batch, not
 * up to a chunk of 64k (as when chunks were sorted by contact: ~40 ms more at the end).
 */
export const CHUNK_ROWS = 1;

export class BatchStore {
  readonly cols = new ImportColumns();
  private readonly typeIds: number[] = [];
  private readonly typeNames: { name: string; canonical: boolean }[] = [];
  private readonly rawTypeIds: number[] = [];
  private readonly rejectReasons: Record<string, number> = {};
  private readonly firstRejects: RejectedRow[] = [];
  private rejected = 0;
  private replayOrder: Int32Array | undefined;
  /** Rows [0, stored) of cols are in the events table: row r as event id eventsFrom + r. */
  private stored = 0;
  private readonly eventsFrom: number;
  private readonly events: BulkInsert;
  private readonly insertReject;
  private readonly upsertType;
  private readonly typeId;
  private readonly upsertRawType;
  private readonly rawTypeId;

  constructor(
    private readonly db: Db,
    private readonly datasetId: number,
    private readonly importId: number,
    private readonly contactBase: number,
    private readonly chunkRows: number,
    private readonly fileBytes: number,
  ) {
    this.events = new BulkInsert(db, 'events (contact_id, time_ms, line, type_id, raw_type_id)', 5);
    // SQLite gives a row without an id the largest id so far plus one: the import's rows get one
    // range, in order (finish() checks it).
    this.eventsFrom = (db.prepare('SELECT COALESCE(MAX(id), 0) + 1 FROM events').pluck().get() as number);
    this.insertReject = db.prepare('INSERT INTO rejected_rows (import_id, line, column_name, reason) VALUES (?, ?, ?, ?)');
    this.upsertType = db.prepare('INSERT INTO event_types (name, canonical) VALUES (?, ?) ON CONFLICT (name) DO NOTHING');
    this.typeId = db.prepare('SELECT id FROM event_types WHERE name = ?').pluck();
    this.upsertRawType = db.prepare('INSERT INTO raw_event_types (raw) VALUES (?) ON CONFLICT (raw) DO NOTHING');
    this.rawTypeId = db.prepare('SELECT id FROM raw_event_types WHERE raw = ?').pluck();
  }

  add(b: ImportBatch): void {
    this.addDictionaries(b);
    // The first batch tells the bytes per row: room for the file's rows, 10% over.
    if (this.cols.n === 0 && b.rowsRead > 0 && b.bytesRead > 0) this.cols.reserve(Math.ceil(((this.fileBytes * b.rowsRead) / b.bytesRead) * 1.1));
    this.cols.append(b);
    for (const r of b.rejects) {
      this.insertReject.run(this.importId, r.line, r.column, r.reason);
      this.rejectReasons[r.reason] = (this.rejectReasons[r.reason] ?? 0) + 1;
      if (this.firstRejects.length < FIRST_REJECTS) this.firstRejects.push(r);
    }
    this.rejected += b.rejects.length;
    // The last rows are stored while the identity thread finishes.
    if (this.cols.n - this.stored >= this.chunkRows) this.storePending(this.cols.n);
    if (b.last) this.storePending(this.cols.n);
  }

  private addDictionaries(b: ImportBatch): void {
    for (const t of b.newTypes) {
      this.upsertType.run(t.name, t.canonical ? 1 : 0);
      this.typeIds.push(this.typeId.get(t.name) as number);
      this.typeNames.push(t);
    }
    for (const raw of b.newRawTypes) {
      this.upsertRawType.run(raw);
      this.rawTypeIds.push(this.rawTypeId.get(raw) as number);
    }
  }

  /**
   * Stores the rows not yet stored, in file order, under their contacts as numbered so far (merges and
   * duplicates are settled at the end). Each row appends to the table's B-tree.
   */
  private storePending(to: number): void {
    const { cols, contactBase, typeIds, rawTypeIds } = this;
    const from = this.stored;
    if (to === from) return;
    const events = this.events;
    const args = events.args;
    for (let row = from; row < to; row++) {
      const at = events.at;
      args[at] = contactBase + cols.contact[row]!;
      args[at + 1] = cols.time[row]!;
      args[at + 2] = cols.line[row]!;
      args[at + 3] = typeIds[cols.type[row]!]!;
      args[at + 4] = rawTypeIds[cols.rawType[row]!]!;
      events.done();
    }
    events.flush();
    this.stored = to;
  }

  /** Moves merged contacts' events to their merge roots and deletes the duplicate events. */
  private settleEvents(root: Int32Array, duplicate: Uint8Array): void {
    const { db, cols, contactBase, eventsFrom } = this;
    const last = db.prepare('SELECT COALESCE(MAX(id), 0) FROM events').pluck().get() as number;
    if (last !== eventsFrom + cols.n - 1) throw new Error(`events got ids up to ${last}, not ${eventsFrom} to ${eventsFrom + cols.n - 1}`);
    const repoint = db.prepare('UPDATE events SET contact_id = ? WHERE id = ?');
    const remove = db.prepare('DELETE FROM events WHERE id = ?');
    for (let row = 0; row < cols.n; row++) {
      const c = cols.contact[row]!;
      if (duplicate[row]) remove.run(eventsFrom + row);
      else if (root[c] !== c) repoint.run(contactBase + root[c]!, eventsFrom + row);
    }
  }

  /** Stores the merges and the contacts, in contact order; returns how many contacts were merged into others. */
  private storeContacts(identity: IdentityOutcome, replay: ReplayColumns): number {
    const { db, datasetId, contactBase } = this;
    const insertMerge = db.prepare('INSERT INTO contact_merges (dataset_id, contact_id, merged_key, via) VALUES (?, ?, ?, ?)');
    const t = identity.contacts;
    const { root } = t;
    const { localIdx, eventCount, firstSeen, lastSeen } = replay;
    const mergedInto = new Int32Array(t.n);
    const mergedAway: number[] = [];
    for (let c = 0; c < t.n; c++) {
      const r = root[c]!;
      if (r === c) continue;
      mergedAway.push(c);
      mergedInto[r]++;
      insertMerge.run(datasetId, contactBase + r, keyOf(t, 'key', c), t.via[c] ?? 'email');
    }
    // A key or attribute a merge root lacks is taken from the first contact merged into it that has one:
    // per column, the contact each value is read from.
    const itself = new Int32Array(t.n);
    for (let c = 0; c < t.n; c++) itself[c] = c;
    const source = (has: (c: number) => boolean): Int32Array => {
      const from = itself.slice();
      for (const c of mergedAway) if (!has(from[root[c]!]!) && has(c)) from[root[c]!] = c;
      return from;
    };
    const emailFrom = source((c) => keyOf(t, 'emailKey', c) !== null);
    const phoneFrom = source((c) => keyOf(t, 'phoneKey', c) !== null);
    const [countryFrom, sizeFrom, accountFrom, stageFrom, systemFrom] = ATTRIBUTE_COLUMNS.map((column) => source((c) => attributeOf(t, column, c) !== null));
    const contacts = new BulkInsert(
      db,
      `contacts (id, dataset_id, idx, key, email_key, phone_key, country, company_size, account_id, lifecycle_stage, source_system,
        merged_count, event_count, first_seen_ms, last_seen_ms)`,
      15,
      64,
    );
    // In contact order (idx), which for a time-ordered export is nearly id order too: the table grows at its right edge.
    const byIdx = new Int32Array(replay.contacts);
    for (let c = 0; c < t.n; c++) if (localIdx[c] !== -1) byIdx[localIdx[c]!] = c;
    for (const c of byIdx) {
      const a = contacts.args;
      const at = contacts.at;
      a[at] = contactBase + c;
      a[at + 1] = datasetId;
      a[at + 2] = localIdx[c]!;
      a[at + 3] = keyOf(t, 'key', c);
      a[at + 4] = keyOf(t, 'emailKey', emailFrom[c]!);
      a[at + 5] = keyOf(t, 'phoneKey', phoneFrom[c]!);
      a[at + 6] = attributeOf(t, 'country', countryFrom![c]!);
      a[at + 7] = attributeOf(t, 'companySize', sizeFrom![c]!);
      a[at + 8] = attributeOf(t, 'accountId', accountFrom![c]!);
      a[at + 9] = attributeOf(t, 'lifecycleStage', stageFrom![c]!);
      a[at + 10] = attributeOf(t, 'sourceSystem', systemFrom![c]!);
      a[at + 11] = mergedInto[c]!;
      a[at + 12] = eventCount[c]!;
      a[at + 13] = firstSeen[c]!;
      a[at + 14] = lastSeen[c]!;
      contacts.done();
    }
    contacts.flush();
    return mergedAway.length;
  }

  /** Aborts the import if too many rows were rejected; takes the replay order the parser worked out. */
  parsed(outcome: ParseOutcome, meta: { file: string; maxRejectShare: number }): void {
    const rowsRead = outcome.rowsRead;
    if (rowsRead > 0 && this.rejected / rowsRead > meta.maxRejectShare) {
      const reasons = Object.entries(this.rejectReasons)
        .sort((a, b) => b[1] - a[1])
        .slice(0, 3)
        .map(([reason, count]) => `${count} × ${reason}`);
      const examples = this.firstRejects.slice(0, 3).map((r) => `line ${r.line}${r.column ? `, column "${r.column}"` : ''}: ${r.reason}`);
      throw new UserError(
        `${meta.file}: ${this.rejected} of ${rowsRead} rows rejected (${((100 * this.rejected) / rowsRead).toFixed(1)}%, more than --max-reject-share ${meta.maxRejectShare}); ` +
          `the column mapping is probably wrong (check --map and --tz). Most common: ${reasons.join('; ')}. First: ${examples.join('; ')}. Nothing was imported.`,
      );
    }
    if (outcome.replayOrder.length !== this.cols.n) throw new Error(`the parser ordered ${outcome.replayOrder.length} rows, the store holds ${this.cols.n}`);
    this.replayOrder = outcome.replayOrder;
  }

  finish(outcome: ParseOutcome, identity: IdentityOutcome, meta: { name: string; file: string }): ImportSummary {
    const { db, cols, datasetId } = this;
    const rowsRead = outcome.rowsRead;
    const { root } = identity.contacts;
    const order = this.replayOrder!;

    const dup = exactDuplicates(cols, order, root);
    if (this.typeNames.length > 65_535) throw new UserError(`${meta.file}: more than 65,535 distinct event types; map them onto fewer with --alias`);
    const replay = replayColumns(cols, order, root, dup, this.typeNames.length);
    const { time, contact, type, typeCounts } = replay;
    const known = replay.contacts;
    const kept = time.length;

    const merged = this.storeContacts(identity, replay);
    this.storePending(cols.n);
    this.settleEvents(root, dup.duplicate);
    const insertType = db.prepare('INSERT INTO dataset_types (dataset_id, idx, type_id) VALUES (?, ?, ?)');
    this.typeIds.forEach((id, idx) => insertType.run(datasetId, idx, id));
    const insertRawType = db.prepare('INSERT OR IGNORE INTO dataset_raw_types (dataset_id, raw_type_id) VALUES (?, ?)');
    for (const id of this.rawTypeIds) insertRawType.run(datasetId, id);
    writeEventColumns(db, datasetId, { time, contact, type });
    writeContactEvents(db, datasetId, rowsByContact(replay));

    const eventTypes: Record<string, number> = {};
    const unknownEventTypes: Record<string, number> = {};
    this.typeNames.forEach((tn, idx) => {
      if (typeCounts[idx] === 0) return;
      eventTypes[tn.name] = typeCounts[idx]!;
      if (!tn.canonical) unknownEventTypes[tn.name] = typeCounts[idx]!;
    });
    const firstEvent = kept > 0 ? new Date(time[0]!).toISOString() : null;
    const lastEvent = kept > 0 ? new Date(time[kept - 1]!).toISOString() : null;
    // The aliases this import applied are remembered for the next import from the same source.
    if (Object.keys(outcome.aliases).length > 0) {
      db.prepare('INSERT INTO source_aliases (source, aliases_json, updated_at) VALUES (?, ?, ?) ON CONFLICT (source) DO UPDATE SET aliases_json = excluded.aliases_json, updated_at = excluded.updated_at').run(
        outcome.source,
        JSON.stringify(outcome.aliases),
        new Date().toISOString(),
      );
    }
    db.prepare(
      'UPDATE datasets SET format = ?, event_count = ?, contact_count = ?, first_event_ms = ?, last_event_ms = ?, events_from = ?, events_to = ? WHERE id = ?',
    ).run(outcome.format, kept, known, kept > 0 ? time[0] : null, kept > 0 ? time[kept - 1] : null, this.eventsFrom, this.eventsFrom + cols.n, datasetId);
    return {
      datasetId,
      name: meta.name,
      file: meta.file,
      format: outcome.format,
      kind: outcome.kind,
      aliases: outcome.aliases,
      roles: outcome.roles,
      rowsRead,
      rowsImported: kept,
      rowsRejected: this.rejected,
      rejectReasons: this.rejectReasons,
      firstRejects: this.firstRejects,
      contacts: known,
      contactsMerged: merged,
      duplicateEventsDropped: dup.count,
      unknownEventTypes,
      eventTypes,
      piiColumns: outcome.piiColumns,
      ignoredColumns: outcome.ignoredColumns,
      mapping: outcome.mapping,
      quality: identity.quality,
      firstEvent,
      lastEvent,
      seconds: 0,
    };
  }
}
