/** The columnar event data the engine replays. No object per event anywhere on this path. */

/** Time-major columns: sorted by time, ties in import order. Contacts are numbered 0..contactCount-1. */
export interface EventColumns {
  time: Float64Array;
  contact: Int32Array;
  type: Uint16Array;
  contactCount: number;
  typeNames: string[];
}

/** Contact-major copy: each contact's events contiguous and in time order, for sequential per-contact passes. */
export interface ContactMajor {
  /** Events of contact c are [offsets[c], offsets[c + 1]). */
  offsets: Int32Array;
  time: Float64Array;
  type: Uint16Array;
}

/** Where typed arrays live: plain memory, or SharedArrayBuffer so that worker threads read one copy. */
export type Alloc = (bytes: number) => ArrayBuffer | SharedArrayBuffer;
export const plainAlloc: Alloc = (bytes) => new ArrayBuffer(bytes);

export function f64(alloc: Alloc, n: number): Float64Array {
  return new Float64Array(alloc(n * 8));
}
export function i32(alloc: Alloc, n: number): Int32Array {
  return new Int32Array(alloc(n * 4));
}
export function u16(alloc: Alloc, n: number): Uint16Array {
  return new Uint16Array(alloc(n * 2));
}

/** Stable counting sort by contact: O(n), keeps time order within each contact. */
export function buildContactMajor(cols: EventColumns, alloc: Alloc = plainAlloc): ContactMajor {
  const n = cols.time.length;
  const offsets = i32(alloc, cols.contactCount + 1);
  for (let i = 0; i < n; i++) offsets[(cols.contact[i] as number) + 1]++;
  for (let c = 0; c < cols.contactCount; c++) offsets[c + 1] = (offsets[c + 1] as number) + (offsets[c] as number);
  const cursor = offsets.slice(0, cols.contactCount);
  const time = f64(alloc, n);
  const type = u16(alloc, n);
  for (let i = 0; i < n; i++) {
    const at = cursor[cols.contact[i] as number]++ as number;
    time[at] = cols.time[i] as number;
    type[at] = cols.type[i] as number;
  }
  return { offsets, time, type };
}

/** First index with time[i] >= t (arrays sorted ascending). */
export function lowerBound(time: Float64Array, t: number, from = 0, to = time.length): number {
  let lo = from;
  let hi = to;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((time[mid] as number) < t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** First index with time[i] > t. */
export function upperBound(time: Float64Array, t: number, from = 0, to = time.length): number {
  let lo = from;
  let hi = to;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((time[mid] as number) <= t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
