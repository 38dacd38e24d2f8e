/**
 * What an import settles once every row is read and every contact is keyed: which rows repeat an
 * earlier event exactly, the kept rows as replay columns with each contact's figures, and the kept
 * rows contact by contact for per-contact lookups. Pure
 * functions over the accepted rows' columns (in file order), their replay order and the merge roots.
 * Each is a loop of its own, small enough for V8 to optimize while it runs.
 */

/** The accepted rows' columns, indexed by row in file order. */
export interface AcceptedRows {
  n: number;
  time: Float64Array;
  /** Contact number before merges. */
  contact: Int32Array;
  type: Int32Array;
  dupKey: Float64Array;
}

/**
 * Rows that repeat an earlier row's event: same contact after merges, time, type and duplicate key.
 * Such rows share their time, so they sit in one run of equal times in replay order; the first of
 * them (in replay order: time, then line) is kept.
 */
export function exactDuplicates(rows: AcceptedRows, order: Int32Array, root: Int32Array): { duplicate: Uint8Array; count: number } {
  const { n, time, contact, type, dupKey } = rows;
  const duplicate = new Uint8Array(n);
  let count = 0;
  for (let a = 0; a < n; ) {
    const t = time[order[a]!]!;
    let b = a + 1;
    while (b < n && time[order[b]!] === t) b++;
    if (b - a > 1) count += markRun(order, a, b, contact, type, dupKey, root, duplicate);
    a = b;
  }
  return { duplicate, count };
}

function markRun(order: Int32Array, a: number, b: number, contact: Int32Array, type: Int32Array, dupKey: Float64Array, root: Int32Array, duplicate: Uint8Array): number {
  const seen = new Set<string>();
  let count = 0;
  for (let k = a; k < b; k++) {
    const row = order[k]!;
    const key = `${root[contact[row]!]}|${type[row]}|${dupKey[row]}`;
    if (seen.has(key)) {
      duplicate[row] = 1;
      count++;
    } else seen.add(key);
  }
  return count;
}

/** The kept rows in replay order, contacts numbered by first event, and each contact's figures (by contact number). */
export interface ReplayColumns {
  time: Float64Array;
  /** The contact's number in order of first events (its `idx`). */
  contact: Int32Array;
  type: Uint16Array;
  /** The row (in file order) each event was read from. */
  row: Int32Array;
  /** By contact number before merges; -1 for contacts without events of their own (merged away). */
  localIdx: Int32Array;
  /** How many contacts have an idx. */
  contacts: number;
  eventCount: Int32Array;
  firstSeen: Float64Array;
  lastSeen: Float64Array;
  typeCounts: Int32Array;
}

export function replayColumns(rows: AcceptedRows, order: Int32Array, root: Int32Array, dup: { duplicate: Uint8Array; count: number }, typeCount: number): ReplayColumns {
  const { n, time: rowTime, contact: rowContact, type: rowType } = rows;
  const { duplicate } = dup;
  const contactCount = root.length;
  const localIdx = new Int32Array(contactCount).fill(-1);
  const eventCount = new Int32Array(contactCount);
  const firstSeen = new Float64Array(contactCount);
  const lastSeen = new Float64Array(contactCount);
  const kept = n - dup.count;
  const time = new Float64Array(kept);
  const contact = new Int32Array(kept);
  const type = new Uint16Array(kept);
  const keptRow = new Int32Array(kept);
  const typeCounts = new Int32Array(typeCount);
  let known = 0;
  for (let k = 0, out = 0; k < n; k++) {
    const row = order[k]!;
    if (duplicate[row]) continue;
    const c = root[rowContact[row]!]!;
    const t = rowTime[row]!;
    if (localIdx[c] === -1) {
      localIdx[c] = known++;
      firstSeen[c] = t;
    }
    lastSeen[c] = t;
    eventCount[c]++;
    time[out] = t;
    contact[out] = localIdx[c]!;
    type[out] = rowType[row]!;
    keptRow[out] = row;
    typeCounts[rowType[row]!]++;
    out++;
  }
  return { time, contact, type, row: keptRow, localIdx, contacts: known, eventCount, firstSeen, lastSeen, typeCounts };
}

/** Each contact's events, contact after contact: `rows` holds them (as file-order rows), `starts` where each contact's begin. */
export interface RowsByContact {
  /** Per contact (by idx), and one more: contact k's rows are rows[starts[k], starts[k + 1]). */
  starts: Int32Array;
  rows: Int32Array;
}

/** The per-contact lookup of the replay columns: contacts in idx order, each contact's rows in replay order. */
export function rowsByContact(replay: ReplayColumns): RowsByContact {
  const { contact, row, localIdx, eventCount } = replay;
  // Where each contact's rows begin, from the counts the replay columns already hold.
  const starts = new Int32Array(replay.contacts + 1);
  for (let c = 0; c < localIdx.length; c++) if (localIdx[c] !== -1) starts[localIdx[c]! + 1] = eventCount[c]!;
  for (let k = 0; k < replay.contacts; k++) starts[k + 1] = starts[k + 1]! + starts[k]!;
  const next = starts.slice(0, replay.contacts);
  const rows = new Int32Array(contact.length);
  for (let p = 0; p < contact.length; p++) rows[next[contact[p]!]!++] = row[p]!;
  return { starts, rows };
}
