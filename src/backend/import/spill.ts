/**
 * Where an import puts what it cannot hold in memory: sorted runs of rows, and the kept events for
 * the per-contact lookup, as BLOB chunks in temporary tables. SQLite keeps temporary tables in a file
 * of its own, deleted when the connection closes, so a killed import leaves nothing behind; they hold
 * numbers only (times, row and contact numbers), never a value from the file.
 */
import { CHUNK_ROWS, type RowChunk, type RunReader, newChunk } from '../../core/importing/sorted-runs';
import { grown } from '../../core/grown';
import type { Db } from '../workspace';

function bytesOf(a: Float64Array | Int32Array | Uint16Array, n: number): Buffer {
  return Buffer.from(a.buffer, a.byteOffset, n * a.BYTES_PER_ELEMENT);
}

/** Copies a BLOB into a typed array (a Buffer's bytes need not be aligned for the element type). */
function readInto(target: Float64Array | Int32Array | Uint16Array, blob: Buffer): void {
  new Uint8Array(target.buffer, target.byteOffset, blob.length).set(blob);
}

export class SpillTables {
  private runs = 0;
  private keptChunks = 0;
  private created = false;
  /** Kept events not written out: contact idx and row. */
  private keptContact = new Int32Array(1 << 16);
  private keptRow = new Int32Array(1 << 16);
  private keptN = 0;

  constructor(private readonly db: Db) {}

  private create(): void {
    if (this.created) return;
    this.db.exec(`
      CREATE TEMP TABLE import_runs (run INTEGER, chunk INTEGER, count INTEGER, time BLOB, row BLOB, contact BLOB, type BLOB, dup BLOB, PRIMARY KEY (run, chunk));
      CREATE TEMP TABLE import_kept (chunk INTEGER PRIMARY KEY, count INTEGER, contact BLOB, row BLOB);
    `);
    this.created = true;
  }

  /** Writes a sorted run out, chunk by chunk. */
  writeRun(reader: RunReader): void {
    this.create();
    const insert = this.db.prepare('INSERT INTO temp.import_runs VALUES (?, ?, ?, ?, ?, ?, ?, ?)');
    const run = this.runs++;
    let chunk = 0;
    for (let c = reader.next(); c !== null; c = reader.next()) {
      insert.run(run, chunk++, c.n, bytesOf(c.time, c.n), bytesOf(c.row, c.n), bytesOf(c.contact, c.n), bytesOf(c.type, c.n), bytesOf(c.dupKey, c.n));
    }
  }

  /** The written runs, each read back chunk by chunk. */
  runReaders(): RunReader[] {
    if (this.runs === 0) return [];
    const select = this.db.prepare('SELECT count, time, row, contact, type, dup FROM temp.import_runs WHERE run = ? AND chunk = ?');
    return Array.from({ length: this.runs }, (_, run) => {
      const out: RowChunk = newChunk(CHUNK_ROWS);
      let chunk = 0;
      return {
        next: () => {
          const r = select.get(run, chunk++) as { count: number; time: Buffer; row: Buffer; contact: Buffer; type: Buffer; dup: Buffer } | undefined;
          if (r === undefined) return null;
          readInto(out.time, r.time);
          readInto(out.row, r.row);
          readInto(out.contact, r.contact);
          readInto(out.type, r.type);
          readInto(out.dupKey, r.dup);
          out.n = r.count;
          return out;
        },
      };
    });
  }

  /** Keeps kept events for the per-contact lookup; past `limit` held in memory, they are written out. */
  keep(contact: Int32Array, row: Int32Array, n: number, limit: number): void {
    if (this.keptN + n > limit && this.keptN > 0) this.writeKept();
    if (this.keptN + n > this.keptContact.length) {
      const size = Math.max(this.keptContact.length * 2, this.keptN + n);
      this.keptContact = grown(this.keptContact, size);
      this.keptRow = grown(this.keptRow, size);
    }
    this.keptContact.set(contact.subarray(0, n), this.keptN);
    this.keptRow.set(row.subarray(0, n), this.keptN);
    this.keptN += n;
  }

  private writeKept(): void {
    this.create();
    const insert = this.db.prepare('INSERT INTO temp.import_kept VALUES (?, ?, ?, ?)');
    for (let from = 0; from < this.keptN; from += CHUNK_ROWS) {
      const n = Math.min(CHUNK_ROWS, this.keptN - from);
      insert.run(this.keptChunks++, n, bytesOf(this.keptContact.subarray(from), n), bytesOf(this.keptRow.subarray(from), n));
    }
    this.keptN = 0;
  }

  /** The kept events in the order they were kept, chunk by chunk. */
  readKept(each: (contact: Int32Array, row: Int32Array, n: number) => void): void {
    if (this.keptChunks > 0) {
      const select = this.db.prepare('SELECT count, contact, row FROM temp.import_kept WHERE chunk = ?');
      const contact = new Int32Array(CHUNK_ROWS);
      const row = new Int32Array(CHUNK_ROWS);
      for (let chunk = 0; chunk < this.keptChunks; chunk++) {
        const r = select.get(chunk) as { count: number; contact: Buffer; row: Buffer };
        readInto(contact, r.contact);
        readInto(row, r.row);
        each(contact, row, r.count);
      }
    }
    each(this.keptContact, this.keptRow, this.keptN);
  }

  /** Drops what a failed import may have left in this connection's temporary tables. */
  static dropAny(db: Db): void {
    db.exec('DROP TABLE IF EXISTS temp.import_runs; DROP TABLE IF EXISTS temp.import_kept;');
  }

  /** Drops the temporary tables (their file space goes back at once). */
  drop(): void {
    if (!this.created) return;
    this.db.exec('DROP TABLE temp.import_runs; DROP TABLE temp.import_kept;');
    this.created = false;
  }
}
