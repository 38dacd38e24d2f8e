/** Datasets in a workspace: listing, lookup by id or name, and the columnar copy the engine replays. */
import type { EventColumns } from '../core/sim/columns';
import { type Alloc, plainAlloc } from '../core/sim/columns';
import { UserError } from './errors';
import type { Db } from './workspace';
import type { DatasetInfo } from '../shared/types';

export type { DatasetInfo };

interface DatasetRow {
  id: number;
  name: string;
  source_file: string;
  format: string;
  imported_at: string;
  event_count: number;
  contact_count: number;
  first_event_ms: number | null;
  last_event_ms: number | null;
}

function toInfo(r: DatasetRow): DatasetInfo {
  const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());
  return {
    id: r.id,
    name: r.name,
    sourceFile: r.source_file,
    format: r.format,
    importedAt: r.imported_at,
    events: r.event_count,
    contacts: r.contact_count,
    firstEvent: iso(r.first_event_ms),
    lastEvent: iso(r.last_event_ms),
  };
}

export function listDatasets(db: Db): DatasetInfo[] {
  return (db.prepare('SELECT * FROM datasets ORDER BY id').all() as DatasetRow[]).map(toInfo);
}

/** A dataset by id or by name; a name that looks like a number is tried as a name too. */
export function resolveDataset(db: Db, ref: string | number): DatasetInfo {
  const byName = db.prepare('SELECT * FROM datasets WHERE name = ?').get(String(ref)) as DatasetRow | undefined;
  const byId = /^\d+$/.test(String(ref)) ? (db.prepare('SELECT * FROM datasets WHERE id = ?').get(Number(ref)) as DatasetRow | undefined) : undefined;
  const row = byId ?? byName;
  if (!row) {
    const names = listDatasets(db).map((d) => `${d.id} "${d.name}"`);
    throw new UserError(`no dataset "${ref}" in this workspace${names.length ? ` (datasets: ${names.join(', ')})` : '; import one with `scorecast import FILE`'}`);
  }
  return toInfo(row);
}

/** A dataset's events are the ids [from, to) (schema v3: one range per import). */
export function eventIdRange(db: Db, datasetId: number): { from: number; to: number } {
  const r = db.prepare('SELECT events_from AS "from", events_to AS "to" FROM datasets WHERE id = ?').get(datasetId) as { from: number; to: number } | undefined;
  if (!r) throw new UserError(`no dataset ${datasetId}`);
  return r;
}

/**
 * Deletes a dataset and everything of it: contacts, events, columns, merges, rejects, runs, and the
 * raw and unrecognized event names no other dataset uses. Deleted content is overwritten with zeros
 * (secure_delete), and the WAL, which still holds the pages as they were, is checkpointed and emptied:
 * nothing readable of the dataset is left in the workspace's files.
 */
export function deleteDataset(db: Db, id: number): void {
  resolveDataset(db, id);
  const secure = db.pragma('secure_delete', { simple: true }) as number;
  db.pragma('secure_delete = ON');
  try {
    // Events go by their id range: nothing cascades to them (an index on their contacts would cost every import).
    db.transaction(() => {
      const { from, to } = eventIdRange(db, id);
      db.prepare('DELETE FROM events WHERE id >= ? AND id < ?').run(from, to);
      const onlyHere = (table: string, column: string) =>
        db.prepare(`SELECT ${column} FROM ${table} WHERE dataset_id = ? EXCEPT SELECT ${column} FROM ${table} WHERE dataset_id != ?`).pluck().all(id, id) as number[];
      const rawTypes = onlyHere('dataset_raw_types', 'raw_type_id');
      const types = onlyHere('dataset_types', 'type_id');
      db.prepare('DELETE FROM datasets WHERE id = ?').run(id);
      const dropRaw = db.prepare('DELETE FROM raw_event_types WHERE id = ?');
      for (const t of rawTypes) dropRaw.run(t);
      // Canonical type names are the product's vocabulary; the others came from this dataset's file.
      const dropType = db.prepare('DELETE FROM event_types WHERE id = ? AND canonical = 0');
      for (const t of types) dropType.run(t);
    })();
  } finally {
    db.pragma(`secure_delete = ${secure}`);
  }
  checkpointAway(db);
}

/** Copies the WAL into the database and empties it; a reader in the middle of a read can delay that a moment. */
function checkpointAway(db: Db): void {
  if (db.pragma('journal_mode', { simple: true }) !== 'wal') return;
  for (let attempt = 0; attempt < 50; attempt++) {
    const [r] = db.pragma('wal_checkpoint(TRUNCATE)') as { busy: number }[];
    if (!r || r.busy === 0) return;
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 20);
  }
}

/** Stores one range of the per-contact lookup an import worked out: each contact's events as offsets from the dataset's first event id. */
export function writeContactRange(db: Db, datasetId: number, range: { first: number; starts: Int32Array; rows: Int32Array }): void {
  db.prepare('INSERT INTO contact_event_ranges (dataset_id, first_idx, starts, events) VALUES (?, ?, ?, ?)').run(datasetId, range.first, bytesOf(range.starts), bytesOf(range.rows));
}

/**
 * The ids of a contact's events (the contact by its idx in the dataset), in replay order: time, then
 * source line. Reads the contact's slice of the dataset's per-contact lookup; a dataset imported before
 * there was one (schema v2) is scanned over its id range instead.
 */
export function contactEventIds(db: Db, datasetId: number, idx: number): number[] {
  const { from, to } = eventIdRange(db, datasetId);
  const range = db
    .prepare('SELECT first_idx AS first, substr(starts, (? - first_idx) * 4 + 1, 8) AS slice FROM contact_event_ranges WHERE dataset_id = ? AND first_idx <= ? ORDER BY first_idx DESC LIMIT 1')
    .get(idx, datasetId, idx) as { first: number; slice: Buffer } | undefined;
  if (range === undefined) {
    return db
      .prepare(
        `SELECT e.id FROM events e WHERE e.id >= ? AND e.id < ? AND e.contact_id = (SELECT id FROM contacts WHERE dataset_id = ? AND idx = ?)
         ORDER BY e.time_ms, e.line`,
      )
      .pluck()
      .all(from, to, datasetId, idx) as number[];
  }
  const { slice } = range;
  if (slice.length < 8) return [];
  const first = slice.readInt32LE(0);
  const past = slice.readInt32LE(4);
  const offsets = db
    .prepare('SELECT substr(events, ? * 4 + 1, ? * 4) FROM contact_event_ranges WHERE dataset_id = ? AND first_idx = ?')
    .pluck()
    .get(first, past - first, datasetId, range.first) as Buffer;
  const ids = new Array<number>(past - first);
  for (let k = 0; k < ids.length; k++) ids[k] = from + offsets.readInt32LE(k * 4);
  return ids;
}

/**
 * Events per BLOB row of the replay copy. SQLite copies each bound BLOB; at 64k events the copies are
 * at most 512 KB, which the allocator reuses, where a million events' 14 MB were fresh pages to fault in.
 */
const CHUNK_EVENTS = 1 << 16;

function bytesOf(a: Float64Array | Int32Array | Uint16Array): Buffer {
  return Buffer.from(a.buffer, a.byteOffset, a.byteLength);
}

/** Writes a dataset's replay copy as it is worked out, CHUNK_EVENTS events a row. */
export class EventColumnsWriter {
  private readonly insert;
  private readonly time = new Float64Array(CHUNK_EVENTS);
  private readonly contact = new Int32Array(CHUNK_EVENTS);
  private readonly type = new Uint16Array(CHUNK_EVENTS);
  private n = 0;
  private chunk = 0;

  constructor(
    db: Db,
    private readonly datasetId: number,
  ) {
    this.insert = db.prepare('INSERT INTO event_columns (dataset_id, chunk, count, time, contact, type) VALUES (?, ?, ?, ?, ?, ?)');
  }

  add(time: Float64Array, contact: Int32Array, type: Uint16Array, n: number): void {
    for (let from = 0; from < n; ) {
      const take = Math.min(n - from, CHUNK_EVENTS - this.n);
      this.time.set(time.subarray(from, from + take), this.n);
      this.contact.set(contact.subarray(from, from + take), this.n);
      this.type.set(type.subarray(from, from + take), this.n);
      this.n += take;
      from += take;
      if (this.n === CHUNK_EVENTS) this.write();
    }
  }

  /** Writes what is left; a dataset without events still has one (empty) chunk. */
  flush(): void {
    if (this.n > 0 || this.chunk === 0) this.write();
  }

  private write(): void {
    const n = this.n;
    this.insert.run(this.datasetId, this.chunk++, n, bytesOf(this.time.subarray(0, n)), bytesOf(this.contact.subarray(0, n)), bytesOf(this.type.subarray(0, n)));
    this.n = 0;
  }
}

export function writeEventColumns(db: Db, datasetId: number, cols: { time: Float64Array; contact: Int32Array; type: Uint16Array }): void {
  const writer = new EventColumnsWriter(db, datasetId);
  writer.add(cols.time, cols.contact, cols.type, cols.time.length);
  writer.flush();
}

/** Reads a dataset's columns straight from its BLOB chunks into typed arrays (shared, with a shared alloc). */
export function loadEventColumns(db: Db, datasetId: number, alloc: Alloc = plainAlloc): EventColumns {
  const info = db.prepare('SELECT event_count AS n, contact_count AS c FROM datasets WHERE id = ?').get(datasetId) as { n: number; c: number } | undefined;
  if (!info) throw new UserError(`no dataset ${datasetId}`);
  const time = new Float64Array(alloc(info.n * 8));
  const contact = new Int32Array(alloc(info.n * 4));
  const type = new Uint16Array(alloc(info.n * 2));
  let at = 0;
  const rows = db.prepare('SELECT count, time, contact, type FROM event_columns WHERE dataset_id = ? ORDER BY chunk').iterate(datasetId) as Iterable<{
    count: number;
    time: Buffer;
    contact: Buffer;
    type: Buffer;
  }>;
  for (const r of rows) {
    new Uint8Array(time.buffer, at * 8, r.count * 8).set(r.time);
    new Uint8Array(contact.buffer, at * 4, r.count * 4).set(r.contact);
    new Uint8Array(type.buffer, at * 2, r.count * 2).set(r.type);
    at += r.count;
  }
  if (at !== info.n) throw new Error(`dataset ${datasetId}: columnar copy holds ${at} events, the dataset ${info.n}; re-import it`);
  const typeNames = db
    .prepare('SELECT t.name FROM dataset_types d JOIN event_types t ON t.id = d.type_id WHERE d.dataset_id = ? ORDER BY d.idx')
    .pluck()
    .all(datasetId) as string[];
  return { time, contact, type, contactCount: info.c, typeNames };
}
