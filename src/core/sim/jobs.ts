import { grown } from '../grown';

/** A growable per-contact list of score jobs: execution times and whether the LLM batch discount applies. */
export interface JobBuffer {
  time: Float64Array;
  discounted: Uint8Array;
  n: number;
}

export function newJobBuffer(capacity = 64): JobBuffer {
  return { time: new Float64Array(capacity), discounted: new Uint8Array(capacity), n: 0 };
}

/** Makes room for `more` jobs beyond the current ones. */
export function reserveJobs(buf: JobBuffer, more: number): void {
  if (buf.n + more <= buf.time.length) return;
  const size = Math.max(buf.time.length * 2, buf.n + more);
  buf.time = grown(buf.time, size);
  buf.discounted = grown(buf.discounted, size);
}

export function pushJob(buf: JobBuffer, t: number, discounted: boolean): void {
  if (buf.n === buf.time.length) reserveJobs(buf, 1);
  buf.time[buf.n] = t;
  buf.discounted[buf.n] = discounted ? 1 : 0;
  buf.n++;
}

/** Sorts jobs by time, stably. Per-contact lists are short and almost always sorted already. */
export function sortJobs(buf: JobBuffer): void {
  const { time, discounted } = buf;
  for (let i = 1; i < buf.n; i++) {
    const t = time[i] as number;
    if (t >= (time[i - 1] as number)) continue;
    const d = discounted[i] as number;
    let j = i - 1;
    while (j >= 0 && (time[j] as number) > t) {
      time[j + 1] = time[j] as number;
      discounted[j + 1] = discounted[j] as number;
      j--;
    }
    time[j + 1] = t;
    discounted[j + 1] = d;
  }
}

/**
 * Merges the time-ordered jobs of `more` into the time-ordered `buf`, from the back, in place. At
 * equal times `more`'s job goes first: a hybrid's event-triggered job queues before its batch job (§7).
 */
export function mergeJobs(buf: JobBuffer, more: JobBuffer): void {
  if (more.n === 0) return;
  reserveJobs(buf, more.n);
  const { time, discounted } = buf;
  let i = buf.n - 1;
  let j = more.n - 1;
  for (let at = buf.n + more.n - 1; j >= 0; at--) {
    if (i >= 0 && (time[i] as number) >= (more.time[j] as number)) {
      time[at] = time[i] as number;
      discounted[at] = discounted[i] as number;
      i--;
    } else {
      time[at] = more.time[j] as number;
      discounted[at] = more.discounted[j] as number;
      j--;
    }
  }
  buf.n += more.n;
}
