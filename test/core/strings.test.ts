/**
 * The parser keeps what it learns from a chunk (contact ids, event types) in maps that live for the
 * whole import. V8 makes substrings of 13 characters or more as slices that keep their whole source
 * alive, so a kept key must be detached from the chunk it was cut from, or every chunk with a new
 * contact stays in memory. Measured on the real heap after a full collection.
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { CsvRowSplitter, rowCells } from '../../src/core/importing/csv-rows';
import { inferRoles } from '../../src/core/importing/roles';
import { RowHygiene } from '../../src/core/importing/hygiene';
import { UTC_CONVERTER } from '../../src/core/normalize/timestamp';
import { BYTE_CELLS, TEXT_CELLS } from '../../src/core/strings';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

function heapAfterGc(): number {
  gc();
  gc();
  return process.memoryUsage().heapUsed;
}

const CHUNKS = 48;
const CHUNK_CHARS = 1 << 20;

/**
 * A one-megabyte chunk of rows, all of one contact whose id (and event type) is new in this chunk.
 * Long rows, so that what the parser keeps per row (8 bytes) stays small beside a chunk.
 */
function chunk(k: number): string {
  const row = `contact-with-a-long-id-${String(k).padStart(6, '0')},event-type-number-${k},2026-03-01T10:00:00Z,${'n'.repeat(2000)}\n`;
  return row.repeat(Math.ceil(CHUNK_CHARS / row.length));
}

describe('kept keys do not pin their chunks', () => {
  it.each([
    ['text', TEXT_CELLS],
    ['byte text', BYTE_CELLS],
  ])('%s: a new contact and event type in each of 48 one-megabyte chunks leave the heap flat', (_name, codec) => {
    const observe = () => {};
    const headers = ['contact_id', 'event_type', 'timestamp', 'notes'];
    const hygiene = new RowHygiene(headers, inferRoles(headers, []), {}, UTC_CONVERTER, { observe }, codec);
    const splitter = new CsvRowSplitter(',', '\n', undefined, codec.bytes);
    let line = 1;
    const before = heapAfterGc();
    for (let k = 0; k < CHUNKS; k++) {
      const text = chunk(k);
      const bytes = codec.bytes ? Uint8Array.from(Buffer.from(text, 'latin1')) : null;
      splitter.push(
        text,
        (row) => {
          line++;
          if (!hygiene.fastRow(row, line)) hygiene.row(rowCells(row), line, true);
          if (hygiene.batchFull) hygiene.takeBatch(0);
        },
        bytes,
      );
    }
    const grown = heapAfterGc() - before;
    expect(hygiene.rowsRead).toBeGreaterThan(CHUNKS * 400);
    // Pinned, every chunk (a megabyte) would stay; detached, the keys take a few KB, and the collector
    // leaves about a megabyte whatever the number of chunks.
    expect(grown).toBeLessThan((CHUNKS * CHUNK_CHARS) / 8);
  });
});
