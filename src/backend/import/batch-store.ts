/**
 * The store's side of an import: events stored in file order while the parse runs, under the contacts
 * as numbered so far, and gathered into sorted runs for the replay order (written out to a temporary
 * table when a file has more rows than a run holds). At the end, merges and duplicates are settled
 * in one pass over the runs merged, which also writes the replay copy; then the contacts, the
 * per-contact lookup and the summary. Memory grows with contacts, not rows. Runs inside the import's
 * transaction.
 */
import { ATTRIBUTE_COLUMNS, type IdentityOutcome, attributeOf, keyOf, viaOf } from '../../core/importing/identity-sink';
import type { ImportBatch, ImportSummary, ParseOutcome, RejectedRow } from '../../core/importing/types';
import { EventColumnsWriter, writeContactRange } from '../datasets';
import { UserError } from '../errors';
import type { Db } from '../workspace';
import { BulkInsert } from './bulk-insert';
import { ContactRangeBuilder, Settler, contactRanges, newSettledChunk } from '../../core/importing/settle';
import { CHUNK_ROWS, RunBuffer, type RunReader, mergeRuns } from '../../core/importing/sorted-runs';
import { SpillTables } from './spill';

const FIRST_REJECTS = 10;

/** How much of an import is held in memory at once; beyond, it goes through temporary tables. */
export interface ImportLimits {
  /** Rows sorted in memory at once (22 bytes each; 4M: ~90 MB, and as much again while sorting). */
  runRows: number;
  /** Kept events (contact and row, 8 bytes each) held for the per-contact lookup before they are written out. */
  keptRows: number;
  /** Events of the per-contact lookup built at once (4 bytes each). */
  lookupEvents: number;
}

export const IMPORT_LIMITS: ImportLimits = { runRows: 4 << 20, keptRows: 4 << 20, lookupEvents: 16 << 20 };

export class BatchStore {
  private readonly typeIds: number[] = [];
  private readonly typeNames: { name: string; canonical: boolean }[] = [];
  private readonly rawTypeIds: number[] = [];
  private readonly rejectReasons: Record<string, number> = {};
  private readonly firstRejects: RejectedRow[] = [];
  private rejected = 0;
  /** Rows stored so far: row r is event id eventsFrom + r. */
  private stored = 0;
  private readonly run: RunBuffer;
  private readonly spill: SpillTables;
  private readonly eventsFrom: number;
  private readonly events: BulkInsert;
  private readonly insertReject;
  private readonly upsertType;
  private readonly typeId;
  private readonly upsertRawType;
  private readonly rawTypeId;

  constructor(
    private readonly db: Db,
    private readonly file: string,
    private readonly datasetId: number,
    private readonly importId: number,
    private readonly contactBase: number,
    private readonly limits: ImportLimits,
    fileBytes: number,
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
    // A small file's run holds every row the file could have (a row takes 4 bytes at the least: "c,t\n"),
    // so that it never spills; memory not written to costs nothing. A size not known gets the whole run.
    this.run = new RunBuffer(fileBytes > 0 ? Math.min(limits.runRows, Math.ceil(fileBytes / 4) + CHUNK_ROWS) : limits.runRows);
    this.spill = new SpillTables(db);
  }

  add(b: ImportBatch): void {
    this.addDictionaries(b);
    if (this.typeNames.length > 65_535) throw new UserError(`${this.file}: more than 65,535 distinct event types; map them onto fewer with --alias`);
    for (const r of b.rejects) {
      this.insertReject.run(this.importId, r.line, r.column, r.reason);
      this.rejectReasons[r.reason] = (this.rejectReasons[r.reason] ?? 0) + 1;
      if (this.firstRejects.length < FIRST_REJECTS) this.firstRejects.push(r);
    }
    this.rejected += b.rejects.length;
    this.storeRows(b);
    for (let from = 0; from < b.n; ) {
      if (this.run.full) this.writeRun();
      from += this.run.append(b, from, b.n);
    }
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
   * Stores a batch's rows, in file order, under their contacts as numbered so far (merges and
   * duplicates are settled at the end). Each row appends to the table's B-tree.
   */
  private storeRows(b: ImportBatch): void {
    const { contactBase, typeIds, rawTypeIds } = this;
    const events = this.events;
    const args = events.args;
    for (let k = 0; k < b.n; k++) {
      const at = events.at;
      args[at] = contactBase + b.contact[k]!;
      args[at + 1] = b.time[k]!;
      args[at + 2] = b.line[k]!;
      args[at + 3] = typeIds[b.type[k]!]!;
      args[at + 4] = rawTypeIds[b.rawType[k]!]!;
      events.done();
    }
    events.flush();
    this.stored += b.n;
  }

  /** Sorts the full run and writes it out, making room for the next. */
  private writeRun(): void {
    this.spill.writeRun(this.run.sorted());
    this.run.clear();
  }

  /**
   * The replay order, settled: merged contacts' events moved to their merge roots, duplicates deleted,
   * the replay copy written, and the kept events (contact, row) kept for the per-contact lookup.
   */
  private settle(settler: Settler): void {
    const { db, eventsFrom, contactBase } = this;
    const last = db.prepare('SELECT COALESCE(MAX(id), 0) FROM events').pluck().get() as number;
    if (last !== eventsFrom + this.stored - 1) throw new Error(`events got ids up to ${last}, not ${eventsFrom} to ${eventsFrom + this.stored - 1}`);
    const repoint = db.prepare('UPDATE events SET contact_id = ? WHERE id = ?');
    const remove = db.prepare('DELETE FROM events WHERE id = ?');
    const runs: RunReader[] = this.spill.runReaders();
    runs.push(this.run.sorted());
    const replay = new EventColumnsWriter(db, this.datasetId);
    const out = newSettledChunk(CHUNK_ROWS);
    const merged = mergeRuns(runs);
    for (let chunk = merged.next(); chunk !== null; chunk = merged.next()) {
      settler.settle(chunk, out);
      for (const row of out.duplicateRows) remove.run(eventsFrom + row);
      for (let k = 0; k < out.movedRows.length; k += 2) repoint.run(contactBase + out.movedRows[k + 1]!, eventsFrom + out.movedRows[k]!);
      replay.add(out.time, out.contact, out.type, out.n);
      this.spill.keep(out.contact, out.row, out.n, this.limits.keptRows);
    }
    replay.flush();
  }

  /** The per-contact lookup, range of contacts after range, each from the kept events read again. */
  private storeLookup(settler: Settler): void {
    const counts = settler.countsByIdx();
    for (const range of contactRanges(counts, this.limits.lookupEvents)) {
      const builder = new ContactRangeBuilder(range, counts);
      this.spill.readKept((contact, row, n) => builder.add(contact, row, n));
      writeContactRange(this.db, this.datasetId, builder.lookup);
    }
  }

  /** Stores the merges and the contacts, in contact order; returns how many contacts were merged into others. */
  private storeContacts(identity: IdentityOutcome, replay: Settler): number {
    const { db, datasetId, contactBase } = this;
    const insertMerge = db.prepare('INSERT INTO contact_merges (dataset_id, contact_id, merged_key, via) VALUES (?, ?, ?, ?)');
    const t = identity.contacts;
    const { root } = t;
    const { localIdx, eventCount, firstSeen, lastSeen } = replay;
    // Merges are few: per merge root, how many were merged into it, and per column the contact its
    // value is read from where that is not the root itself (a key or attribute the root lacks is taken
    // from the first contact merged into it that has one). Maps, not a column per contact.
    const mergedInto = new Map<number, number>();
    const mergedAway: number[] = [];
    for (let c = 0; c < t.n; c++) {
      const r = root[c]!;
      if (r === c) continue;
      mergedAway.push(c);
      mergedInto.set(r, (mergedInto.get(r) ?? 0) + 1);
      insertMerge.run(datasetId, contactBase + r, keyOf(t, 'key', c), viaOf(t, c) ?? 'email');
    }
    const source = (has: (c: number) => boolean): Map<number, number> => {
      const from = new Map<number, number>();
      for (const c of mergedAway) {
        const r = root[c]!;
        if (!from.has(r) && !has(r) && has(c)) from.set(r, c);
      }
      return from;
    };
    const emailFrom = source((c) => t.emailRef[c] !== 0);
    const phoneFrom = source((c) => t.phoneRef[c] !== 0);
    const [countryFrom, sizeFrom, accountFrom, stageFrom, systemFrom] = ATTRIBUTE_COLUMNS.map((column) => source((c) => t.attributes[column].codes[c] !== 0));
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
      a[at + 4] = keyOf(t, 'emailKey', emailFrom.get(c) ?? c);
      a[at + 5] = keyOf(t, 'phoneKey', phoneFrom.get(c) ?? c);
      a[at + 6] = attributeOf(t, 'country', countryFrom!.get(c) ?? c);
      a[at + 7] = attributeOf(t, 'companySize', sizeFrom!.get(c) ?? c);
      a[at + 8] = attributeOf(t, 'accountId', accountFrom!.get(c) ?? c);
      a[at + 9] = attributeOf(t, 'lifecycleStage', stageFrom!.get(c) ?? c);
      a[at + 10] = attributeOf(t, 'sourceSystem', systemFrom!.get(c) ?? c);
      a[at + 11] = mergedInto.get(c) ?? 0;
      a[at + 12] = eventCount[c]!;
      a[at + 13] = firstSeen[c]!;
      a[at + 14] = lastSeen[c]!;
      contacts.done();
    }
    contacts.flush();
    return mergedAway.length;
  }

  /** Aborts the import if too many rows were rejected. */
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
  }

  finish(outcome: ParseOutcome, identity: IdentityOutcome, meta: { name: string; file: string }): ImportSummary {
    const { db, datasetId } = this;
    const rowsRead = outcome.rowsRead;
    const settler = new Settler(identity.contacts.root, this.typeNames.length);
    this.settle(settler);
    const { typeCounts } = settler;
    const known = settler.contacts;
    const kept = settler.kept;
    const merged = this.storeContacts(identity, settler);
    this.storeLookup(settler);
    this.spill.drop();
    const insertType = db.prepare('INSERT INTO dataset_types (dataset_id, idx, type_id) VALUES (?, ?, ?)');
    this.typeIds.forEach((id, idx) => insertType.run(datasetId, idx, id));
    const insertRawType = db.prepare('INSERT OR IGNORE INTO dataset_raw_types (dataset_id, raw_type_id) VALUES (?, ?)');
    for (const id of this.rawTypeIds) insertRawType.run(datasetId, id);

    const eventTypes: Record<string, number> = {};
    const unknownEventTypes: Record<string, number> = {};
    this.typeNames.forEach((tn, idx) => {
      if (typeCounts[idx] === 0) return;
      eventTypes[tn.name] = typeCounts[idx]!;
      if (!tn.canonical) unknownEventTypes[tn.name] = typeCounts[idx]!;
    });
    const firstMs = kept > 0 ? settler.firstTime : null;
    const lastMs = kept > 0 ? settler.lastTime : null;
    const firstEvent = firstMs === null ? null : new Date(firstMs).toISOString();
    const lastEvent = lastMs === null ? null : new Date(lastMs).toISOString();
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
    ).run(outcome.format, kept, known, firstMs, lastMs, this.eventsFrom, this.eventsFrom + this.stored, datasetId);
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
      duplicateEventsDropped: settler.duplicates,
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
