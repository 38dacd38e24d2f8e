/**
 * What an import settles once every contact is keyed, streamed over its rows in replay order: which
 * rows repeat an earlier event exactly, the kept rows as replay columns (contacts numbered by first
 * event), each contact's figures, and the kept rows contact by contact for per-contact lookups.
 * Memory is per contact, plus one chunk: the rows themselves pass through. Pure.
 */
import type { RowChunk } from './sorted-runs';

/** What one chunk of rows came to: the kept rows (replay columns, with their rows) and the rows to change in the store. */
export interface SettledChunk {
  n: number;
  time: Float64Array;
  /** The contact's number in order of first events (its `idx`). */
  contact: Int32Array;
  type: Uint16Array;
  /** The row (in file order) each kept event was read from. */
  row: Int32Array;
  /** Rows that repeat an earlier row's event. */
  duplicateRows: number[];
  /** Kept rows whose contact was merged into another: row, then the merge root, pair after pair. */
  movedRows: number[];
}

export function newSettledChunk(size: number): SettledChunk {
  return { n: 0, time: new Float64Array(size), contact: new Int32Array(size), type: new Uint16Array(size), row: new Int32Array(size), duplicateRows: [], movedRows: [] };
}

/**
 * Settles rows given in replay order (time, then file order), chunk after chunk.
 * A row repeats an earlier row's event when it has the same contact after merges, time, type and
 * duplicate key. Such rows share their time, so they sit in one group of equal times; the first of
 * them in replay order is kept.
 */
export class Settler {
  /** By contact number before merges; -1 for contacts without events of their own (merged away). */
  readonly localIdx: Int32Array;
  readonly eventCount: Int32Array;
  readonly firstSeen: Float64Array;
  readonly lastSeen: Float64Array;
  readonly typeCounts: Int32Array;
  /** How many contacts have an idx. */
  contacts = 0;
  kept = 0;
  duplicates = 0;
  firstTime = NaN;
  lastTime = NaN;
  // The group of rows at the current time: its first row's event, and a set once it has two rows.
  private groupTime = NaN;
  private groupContact = -1;
  private groupType = -1;
  private groupDup = NaN;
  private groupSeen: Set<string> | null = null;

  constructor(
    private readonly root: Int32Array,
    typeCount: number,
  ) {
    const n = root.length;
    this.localIdx = new Int32Array(n).fill(-1);
    this.eventCount = new Int32Array(n);
    this.firstSeen = new Float64Array(n);
    this.lastSeen = new Float64Array(n);
    this.typeCounts = new Int32Array(typeCount);
  }

  /** Settles a chunk into `out` (of at least the chunk's size), which is overwritten. */
  settle(rows: RowChunk, out: SettledChunk): void {
    const { root, localIdx, eventCount, firstSeen, lastSeen, typeCounts } = this;
    out.n = 0;
    out.duplicateRows.length = 0;
    out.movedRows.length = 0;
    for (let k = 0; k < rows.n; k++) {
      const t = rows.time[k]!;
      const before = rows.contact[k]!;
      const c = root[before]!;
      const type = rows.type[k]!;
      const row = rows.row[k]!;
      if (this.repeats(t, c, type, rows.dupKey[k]!)) {
        out.duplicateRows.push(row);
        this.duplicates++;
        continue;
      }
      if (c !== before) out.movedRows.push(row, c);
      if (localIdx[c] === -1) {
        localIdx[c] = this.contacts++;
        firstSeen[c] = t;
      }
      lastSeen[c] = t;
      eventCount[c]++;
      typeCounts[type]++;
      const i = out.n++;
      out.time[i] = t;
      out.contact[i] = localIdx[c]!;
      out.type[i] = type;
      out.row[i] = row;
      if (this.kept++ === 0) this.firstTime = t;
      this.lastTime = t;
    }
  }

  /** Whether this event was seen before at the same time; notes it if not. */
  private repeats(t: number, c: number, type: number, dup: number): boolean {
    if (t !== this.groupTime) {
      this.groupTime = t;
      this.groupContact = c;
      this.groupType = type;
      this.groupDup = dup;
      this.groupSeen = null;
      return false;
    }
    if (this.groupSeen === null) this.groupSeen = new Set([`${this.groupContact}|${this.groupType}|${this.groupDup}`]);
    const key = `${c}|${type}|${dup}`;
    if (this.groupSeen.has(key)) return true;
    this.groupSeen.add(key);
    return false;
  }

  /** Kept events per contact, by idx. */
  countsByIdx(): Int32Array {
    const counts = new Int32Array(this.contacts);
    for (let c = 0; c < this.localIdx.length; c++) if (this.localIdx[c] !== -1) counts[this.localIdx[c]!] = this.eventCount[c]!;
    return counts;
  }
}

/** Contacts [first, past) by idx: their events are rows[starts[k - first], starts[k - first + 1]). */
export interface ContactRange {
  first: number;
  past: number;
  starts: Int32Array;
  rows: Int32Array;
}

/**
 * Splits contacts (by idx) into consecutive ranges of at most `maxEvents` kept events each (a contact
 * with more is a range of its own), so that each range's lookup can be built in bounded memory.
 */
export function contactRanges(countsByIdx: Int32Array, maxEvents: number): { first: number; past: number; events: number }[] {
  const ranges: { first: number; past: number; events: number }[] = [];
  let first = 0;
  let events = 0;
  for (let k = 0; k < countsByIdx.length; k++) {
    const c = countsByIdx[k]!;
    if (k > first && events + c > maxEvents) {
      ranges.push({ first, past: k, events });
      first = k;
      events = 0;
    }
    events += c;
  }
  if (countsByIdx.length > first || ranges.length === 0) ranges.push({ first, past: countsByIdx.length, events });
  return ranges;
}

/** Builds one range's lookup from the kept events, read again in replay order as (idx, row) pairs chunk by chunk. */
export class ContactRangeBuilder {
  private readonly next: Int32Array;
  readonly lookup: ContactRange;

  constructor(range: { first: number; past: number; events: number }, countsByIdx: Int32Array) {
    const width = range.past - range.first;
    const starts = new Int32Array(width + 1);
    for (let k = 0; k < width; k++) starts[k + 1] = starts[k]! + countsByIdx[range.first + k]!;
    this.next = starts.slice(0, width);
    this.lookup = { first: range.first, past: range.past, starts, rows: new Int32Array(range.events) };
  }

  add(contact: Int32Array, row: Int32Array, n: number): void {
    const { first, past, rows } = this.lookup;
    const next = this.next;
    for (let k = 0; k < n; k++) {
      const c = contact[k]!;
      if (c >= first && c < past) rows[next[c - first]!++] = row[k]!;
    }
  }
}
