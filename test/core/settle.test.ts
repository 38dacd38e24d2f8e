/** The end of an import, by hand: duplicates, replay columns and the per-contact lookup of a few rows. */
import { describe, expect, it } from 'vitest';
import { exactDuplicates, replayColumns, rowsByContact } from '../../src/core/importing/settle';

// Rows in file order. Contact 2 is merged into contact 0; row 3 repeats row 1's event under contact 2
// (same time, type and duplicate key once merged), so it is dropped.
const rows = {
  n: 5,
  time: Float64Array.from([30, 10, 20, 10, 5]),
  contact: Int32Array.from([0, 0, 1, 2, 1]),
  type: Int32Array.from([0, 1, 0, 1, 1]),
  dupKey: Float64Array.from([7, 8, 9, 8, 6]),
};
const root = Int32Array.from([0, 1, 0]);
// Replay order: by time, then file order.
const order = Int32Array.from([4, 1, 3, 2, 0]);

describe('settling an import', () => {
  it('drops the later copy of an event, orders the rest for replay and looks them up by contact', () => {
    const dup = exactDuplicates(rows, order, root);
    expect([...dup.duplicate]).toEqual([0, 0, 0, 1, 0]);
    expect(dup.count).toBe(1);

    const replay = replayColumns(rows, order, root, dup, 2);
    // Contact 1 has the first event (row 4), so it is idx 0; contact 0 (with 2 merged in) is idx 1.
    expect([...replay.time]).toEqual([5, 10, 20, 30]);
    expect([...replay.row]).toEqual([4, 1, 2, 0]);
    expect([...replay.contact]).toEqual([0, 1, 0, 1]);
    expect([...replay.localIdx]).toEqual([1, 0, -1]);
    expect([...replay.eventCount]).toEqual([2, 2, 0]);

    const lookup = rowsByContact(replay);
    expect([...lookup.starts]).toEqual([0, 2, 4]);
    // idx 0 (contact 1): rows 4, 2; idx 1 (contact 0): rows 1, 0, each in replay order.
    expect([...lookup.rows]).toEqual([4, 2, 1, 0]);
  });

  it('gives an empty lookup for no events', () => {
    const none = { n: 0, time: new Float64Array(0), contact: new Int32Array(0), type: new Int32Array(0), dupKey: new Float64Array(0) };
    const replay = replayColumns(none, new Int32Array(0), new Int32Array(0), exactDuplicates(none, new Int32Array(0), new Int32Array(0)), 0);
    expect(rowsByContact(replay)).toEqual({ starts: Int32Array.from([0]), rows: new Int32Array(0) });
  });
});
