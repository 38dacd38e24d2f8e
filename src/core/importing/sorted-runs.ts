/**
 * The replay order of an import of any size, in bounded memory: accepted rows gather in a run of at
 * most a fixed number of rows; a full run is sorted by time (ties in row order) and handed over as
 * chunks, to be kept (the only run) or written out (one of many); at the end the runs are merged.
 * Rows are numbered in file order, and a run holds consecutive rows, so on a tie in time the earlier
 * run's row goes first: the merge yields the same order as one stable sort of all rows.
 * Pure: where a written run lives is the caller's.
 */
import { stableOrderByTime } from '../sim/sort';

/** Rows in replay order, as columns. `row` is the row's number in file order. */
export interface RowChunk {
  n: number;
  time: Float64Array;
  row: Int32Array;
  /** Contact number before merges. */
  contact: Int32Array;
  type: Uint16Array;
  dupKey: Float64Array;
}

/** Rows per chunk: runs are written, read and merged 64k rows at a time. */
export const CHUNK_ROWS = 1 << 16;

export function newChunk(size = CHUNK_ROWS): RowChunk {
  return { n: 0, time: new Float64Array(size), row: new Int32Array(size), contact: new Int32Array(size), type: new Uint16Array(size), dupKey: new Float64Array(size) };
}

/** A sorted run, chunk by chunk: `next()` returns the next chunk (valid until the next call) or null at the end. */
export interface RunReader {
  next(): RowChunk | null;
}

/** The run being gathered: up to `capacity` consecutive rows, from row number `firstRow` on. 22 bytes a row. */
export class RunBuffer {
  n = 0;
  firstRow = 0;
  private time: Float64Array;
  private contact: Int32Array;
  private type: Uint16Array;
  private dupKey: Float64Array;

  constructor(readonly capacity: number) {
    // Untouched pages cost nothing: the whole run is reserved at once, and only what is written is memory.
    this.time = new Float64Array(capacity);
    this.contact = new Int32Array(capacity);
    this.type = new Uint16Array(capacity);
    this.dupKey = new Float64Array(capacity);
  }

  get full(): boolean {
    return this.n === this.capacity;
  }

  /** Appends rows [from, to) of a batch's columns; returns how many fitted. */
  append(b: { time: Float64Array; contact: Int32Array; type: Int32Array; dupKey: Float64Array }, from: number, to: number): number {
    const take = Math.min(to - from, this.capacity - this.n);
    this.time.set(b.time.subarray(from, from + take), this.n);
    this.contact.set(b.contact.subarray(from, from + take), this.n);
    // Type slots fit 16 bits: the store refuses more than 65,535 types.
    for (let k = 0; k < take; k++) this.type[this.n + k] = b.type[from + k]!;
    this.dupKey.set(b.dupKey.subarray(from, from + take), this.n);
    this.n += take;
    return take;
  }

  /**
   * Sorts the gathered rows and reads them in replay order. The reader shares this buffer's columns:
   * call `clear()` only once it is read.
   */
  sorted(): RunReader {
    const order = stableOrderByTime(this.time, this.n);
    const { time, contact, type, dupKey, firstRow } = this;
    const chunk = newChunk(Math.min(CHUNK_ROWS, Math.max(1, this.n)));
    let at = 0;
    return {
      next: () => {
        if (at === order.length) return null;
        const n = Math.min(chunk.time.length, order.length - at);
        for (let k = 0; k < n; k++) {
          const r = order[at + k]!;
          chunk.time[k] = time[r]!;
          chunk.row[k] = firstRow + r;
          chunk.contact[k] = contact[r]!;
          chunk.type[k] = type[r]!;
          chunk.dupKey[k] = dupKey[r]!;
        }
        chunk.n = n;
        at += n;
        return chunk;
      },
    };
  }

  /** Starts the next run, after the rows gathered so far. */
  clear(): void {
    this.firstRow += this.n;
    this.n = 0;
  }
}

/**
 * Merges sorted runs of consecutive rows (given in row order) into one replay order, chunk by chunk.
 * Exports come mostly in time order, so runs barely overlap: each turn copies from the earliest run
 * every row up to the next run's head, not one row at a time.
 */
export function mergeRuns(runs: RunReader[]): RunReader {
  if (runs.length === 1) return runs[0]!;
  const heads: (RowChunk | null)[] = runs.map((r) => r.next());
  const pos = new Int32Array(runs.length);
  // Runs with rows left, as a binary heap on (head time, run index).
  const heap: number[] = [];
  const before = (a: number, b: number): boolean => {
    const ta = heads[a]!.time[pos[a]!]!;
    const tb = heads[b]!.time[pos[b]!]!;
    return ta < tb || (ta === tb && a < b);
  };
  const siftDown = (i: number): void => {
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < heap.length && before(heap[l]!, heap[m]!)) m = l;
      if (r < heap.length && before(heap[r]!, heap[m]!)) m = r;
      if (m === i) return;
      [heap[i], heap[m]] = [heap[m]!, heap[i]!];
      i = m;
    }
  };
  const siftUp = (i: number): void => {
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!before(heap[i]!, heap[p]!)) return;
      [heap[i], heap[p]] = [heap[p]!, heap[i]!];
      i = p;
    }
  };
  for (let r = 0; r < runs.length; r++) {
    if (heads[r] !== null && heads[r]!.n > 0) {
      heap.push(r);
      siftUp(heap.length - 1);
    }
  }
  const out = newChunk();
  return {
    next: () => {
      out.n = 0;
      while (out.n < CHUNK_ROWS && heap.length > 0) {
        const r = heap[0]!;
        const head = heads[r]!;
        // The next run's head bounds what this run may give before the heap is consulted again.
        const second = heap.length === 1 ? -1 : heap.length === 2 || before(heap[1]!, heap[2]!) ? heap[1]! : heap[2]!;
        const limitTime = second < 0 ? Infinity : heads[second]!.time[pos[second]!]!;
        const takesTies = second < 0 || r < second;
        let p = pos[r]!;
        const room = CHUNK_ROWS - out.n;
        const end = Math.min(head.n, p + room);
        let k = out.n;
        while (p < end) {
          const t = head.time[p]!;
          if (t > limitTime || (t === limitTime && !takesTies)) break;
          out.time[k] = t;
          out.row[k] = head.row[p]!;
          out.contact[k] = head.contact[p]!;
          out.type[k] = head.type[p]!;
          out.dupKey[k] = head.dupKey[p]!;
          k++;
          p++;
        }
        out.n = k;
        pos[r] = p;
        if (p === head.n) {
          const more = runs[r]!.next();
          heads[r] = more;
          pos[r] = 0;
          if (more === null || more.n === 0) {
            heap[0] = heap[heap.length - 1]!;
            heap.pop();
          }
        }
        if (heap.length > 0) siftDown(0);
      }
      return out.n === 0 ? null : out;
    },
  };
}
