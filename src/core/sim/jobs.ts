import { grown } from '../grown';

/**
 * A growable per-contact list of score jobs: execution (request) times, whether the LLM batch discount
 * applies, and what caused each: the type id of the trigger event, or a batch run (CAUSE_*).
 */
export interface JobBuffer {
  time: Float64Array;
  discounted: Uint8Array;
  cause: Int32Array;
  n: number;
}

/** A job of a nightly run or a hybrid's full refresh. */
export const CAUSE_BATCH_RUN = -1;
/** A job of a micro-batch run. */
export const CAUSE_MICRO_BATCH = -2;

export function newJobBuffer(capacity = 64): JobBuffer {
  return { time: new Float64Array(capacity), discounted: new Uint8Array(capacity), cause: new Int32Array(capacity), n: 0 };
}

/** Makes room for `more` jobs beyond the current ones. */
export function reserveJobs(buf: JobBuffer, more: number): void {
  if (buf.n + more <= buf.time.length) return;
  const size = Math.max(buf.time.length * 2, buf.n + more);
  buf.time = grown(buf.time, size);
  buf.discounted = grown(buf.discounted, size);
  buf.cause = grown(buf.cause, size);
}

export function pushJob(buf: JobBuffer, t: number, discounted: boolean, cause: number): void {
  if (buf.n === buf.time.length) reserveJobs(buf, 1);
  buf.time[buf.n] = t;
  buf.discounted[buf.n] = discounted ? 1 : 0;
  buf.cause[buf.n] = cause;
  buf.n++;
}

/** Sorts jobs by time, stably. Per-contact lists are short and almost always sorted already. */
export function sortJobs(buf: JobBuffer): void {
  const { time, discounted, cause } = buf;
  for (let i = 1; i < buf.n; i++) {
    const t = time[i] as number;
    if (t >= (time[i - 1] as number)) continue;
    const d = discounted[i] as number;
    const c = cause[i] as number;
    let j = i - 1;
    while (j >= 0 && (time[j] as number) > t) {
      time[j + 1] = time[j] as number;
      discounted[j + 1] = discounted[j] as number;
      cause[j + 1] = cause[j] as number;
      j--;
    }
    time[j + 1] = t;
    discounted[j + 1] = d;
    cause[j + 1] = c;
  }
}

/**
 * Merges the time-ordered jobs of `more` into the time-ordered `buf`, from the back, in place. At
 * equal times `more`'s job goes first: a hybrid's event-triggered job queues before its batch job (§7).
 */
export function mergeJobs(buf: JobBuffer, more: JobBuffer): void {
  if (more.n === 0) return;
  reserveJobs(buf, more.n);
  const { time, discounted, cause } = buf;
  let i = buf.n - 1;
  let j = more.n - 1;
  for (let at = buf.n + more.n - 1; j >= 0; at--) {
    if (i >= 0 && (time[i] as number) >= (more.time[j] as number)) {
      time[at] = time[i] as number;
      discounted[at] = discounted[i] as number;
      cause[at] = cause[i] as number;
      i--;
    } else {
      time[at] = more.time[j] as number;
      discounted[at] = more.discounted[j] as number;
      cause[at] = more.cause[j] as number;
      j--;
    }
  }
  buf.n += more.n;
}
