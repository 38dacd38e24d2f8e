/** The end of an import, by hand: sorted runs merged, duplicates, replay columns and the per-contact lookup of a few rows. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ContactRangeBuilder, Settler, contactRanges, newSettledChunk } from '../../src/core/importing/settle';
import { RunBuffer, type RunReader, mergeRuns } from '../../src/core/importing/sorted-runs';

// Rows in file order. Contact 2 is merged into contact 0; row 3 repeats row 1's event under contact 2
// (same time, type and duplicate key once merged), so it is dropped.
const rows = {
  time: Float64Array.from([30, 10, 20, 10, 5]),
  contact: Int32Array.from([0, 0, 1, 2, 1]),
  type: Int32Array.from([0, 1, 0, 1, 1]),
  dupKey: Float64Array.from([7, 8, 9, 8, 6]),
};
const root = Int32Array.from([0, 1, 0]);

/** The rows in runs of `runRows`, each sorted, then merged: the replay order as (time, row) pairs and the chunks' columns. */
function replayOf(runRows: number, cols = rows): { time: number[]; row: number[]; contact: number[] } {
  const n = cols.time.length;
  const runs: RunReader[] = [];
  const buffers: RunBuffer[] = [];
  for (let firstRow = 0; firstRow < n; firstRow += runRows) {
    const buffer = new RunBuffer(runRows);
    buffer.firstRow = firstRow;
    buffer.append(cols, firstRow, Math.min(n, firstRow + runRows));
    buffers.push(buffer);
    runs.push(buffer.sorted());
  }
  const merged = mergeRuns(runs);
  const out = { time: [] as number[], row: [] as number[], contact: [] as number[] };
  for (let c = merged.next(); c !== null; c = merged.next()) {
    out.time.push(...c.time.subarray(0, c.n));
    out.row.push(...c.row.subarray(0, c.n));
    out.contact.push(...c.contact.subarray(0, c.n));
  }
  return out;
}

describe('settling an import', () => {
  it('orders rows by time then file order, whatever the runs they were sorted in', () => {
    // Rows 1 and 3 tie at time 10: file order (1 before 3), even when they sit in different runs.
    for (const runRows of [1, 2, 3, 5]) expect(replayOf(runRows)).toEqual({ time: [5, 10, 10, 20, 30], row: [4, 1, 3, 2, 0], contact: [1, 0, 2, 1, 0] });
  });

  it('drops the later copy of an event, orders the rest for replay and looks them up by contact', () => {
    const buffer = new RunBuffer(8);
    buffer.append(rows, 0, 5);
    const settler = new Settler(root, 2);
    const out = newSettledChunk(8);
    settler.settle(buffer.sorted().next()!, out);
    expect(out.duplicateRows).toEqual([3]);
    expect(settler.duplicates).toBe(1);
    // Contact 1 has the first event (row 4), so it is idx 0; contact 0 (with 2 merged in) is idx 1.
    expect([...out.time.subarray(0, out.n)]).toEqual([5, 10, 20, 30]);
    expect([...out.row.subarray(0, out.n)]).toEqual([4, 1, 2, 0]);
    expect([...out.contact.subarray(0, out.n)]).toEqual([0, 1, 0, 1]);
    expect([...settler.localIdx]).toEqual([1, 0, -1]);
    expect([...settler.eventCount]).toEqual([2, 2, 0]);
    expect([...settler.typeCounts]).toEqual([2, 2]);
    expect([settler.firstTime, settler.lastTime, settler.kept, settler.contacts]).toEqual([5, 30, 4, 2]);
    // No kept row belongs to contact 2 (its one row was the duplicate), so no row moves to its root.
    expect(out.movedRows).toEqual([]);

    const counts = settler.countsByIdx();
    expect([...counts]).toEqual([2, 2]);
    const [range] = contactRanges(counts, 100);
    const builder = new ContactRangeBuilder(range!, counts);
    builder.add(out.contact, out.row, out.n);
    expect([...builder.lookup.starts]).toEqual([0, 2, 4]);
    // idx 0 (contact 1): rows 4, 2; idx 1 (contact 0): rows 1, 0, each in replay order.
    expect([...builder.lookup.rows]).toEqual([4, 2, 1, 0]);
  });

  it("moves a merged contact's kept rows to its root", () => {
    const buffer = new RunBuffer(4);
    // Row 1 (contact 2, merged into 0) is not a copy of anything: it is kept, under contact 0.
    buffer.append({ time: Float64Array.from([1, 2]), contact: Int32Array.from([0, 2]), type: Int32Array.from([0, 0]), dupKey: Float64Array.from([1, 1]) }, 0, 2);
    const settler = new Settler(root, 1);
    const out = newSettledChunk(4);
    settler.settle(buffer.sorted().next()!, out);
    expect(out.movedRows).toEqual([1, 0]);
    expect([...out.contact.subarray(0, out.n)]).toEqual([0, 0]);
  });

  it('splits the lookup into ranges of contacts of at most so many events, a contact with more alone', () => {
    const counts = Int32Array.from([3, 1, 1, 9, 2, 2]);
    expect(contactRanges(counts, 4)).toEqual([
      { first: 0, past: 2, events: 4 },
      { first: 2, past: 3, events: 1 },
      { first: 3, past: 4, events: 9 },
      { first: 4, past: 6, events: 4 },
    ]);
    expect(contactRanges(new Int32Array(0), 4)).toEqual([{ first: 0, past: 0, events: 0 }]);
  });

  it('merges runs into the order one stable sort gives (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 20 }), { minLength: 1, maxLength: 300 }), fc.integer({ min: 1, max: 40 }), (times, runRows) => {
        const n = times.length;
        const cols = { time: Float64Array.from(times), contact: Int32Array.from(times, (_, i) => i), type: new Int32Array(n), dupKey: new Float64Array(n) };
        const expected = times.map((t, i) => [t, i] as const).sort((a, b) => a[0] - b[0] || a[1] - b[1]);
        const got = replayOf(runRows, cols);
        expect(got.time).toEqual(expected.map((e) => e[0]));
        expect(got.row).toEqual(expected.map((e) => e[1]));
        expect(got.contact).toEqual(got.row);
      }),
    );
  });
});
