/**
 * The executor queue and the write-back of ARCHITECTURE §7, for one strategy over every contact.
 * §4's rules give each contact's job requests; the queue and the write-back are then sequential
 * passes over all of them in queue order, on typed arrays: no object per job.
 *
 * 1. requests: every contact's jobs in contact order, each contact's in request order;
 * 2. queue order: stably by request time (so ties keep contact order, and a hybrid's event-triggered
 *    request comes before its batch request; see mergeJobs);
 * 3. the queue: W workers of T ms each, first come first served. Jobs all take T, so the worker that
 *    frees first is always the one that took the job W executed jobs before: a ring of W finish times;
 * 4. the write-back: calls over the finished scores in finish order, which is queue order;
 * 5. per contact, in start order (its request order): database load, wasted scores and freshness.
 */
import { type Scenario, writeBackFor } from '../scenario';
import { MINUTE_MS } from '../time';
import { upperBound } from './columns';
import { contactEvents, newContactEvents } from './contact-events';
import { newJobBuffer } from './jobs';
import { type PipelinePartial, type QueueSummary, StalenessBuffer, type StrategyPartial, type WriteBackSummary, emptyPartial, sealPartial } from './partial';
import { selectNearestRank } from './percentile';
import { type Replay, type SimWindow, significantFor } from './replay';
import type { ProgressFn, ShardSpec } from './shard-spec';
import { stableOrderByTime } from './sort';
import { planStrategy } from './strategies';
import { grown } from '../grown';

/** Every contact's job requests: request times, whether the LLM batch discount applies, and where each contact's start. */
export interface JobRequests {
  n: number;
  time: Float64Array;
  discounted: Uint8Array;
  /** Requests of the contact at rank r are [contactStart[r], contactStart[r + 1]). */
  contactStart: Int32Array;
  suppressedByCap: number;
}

/** §4's job requests of one strategy for every contact, in contact order. */
export function jobRequests(replay: Replay, scenario: Scenario, strategyIndex: number, onContact?: (rank: number) => void): JobRequests {
  const strategy = scenario.strategies[strategyIndex]!;
  const significant = significantFor(replay, scenario);
  const plan = planStrategy(replay, scenario, strategy, significant);
  const counters = new Int32Array(plan.runCount);
  const contacts = replay.order.length;
  const contactStart = new Int32Array(contacts + 1);
  let time = new Float64Array(1 << 16);
  let discounted = new Uint8Array(1 << 16);
  let n = 0;
  let suppressed = 0;
  const buf = newJobBuffer();
  const contact = newContactEvents();
  for (let rank = 0; rank < contacts; rank++) {
    contactEvents(replay, significant, rank, contact);
    buf.n = 0;
    suppressed += plan.jobsFor(contact, counters, buf);
    if (n + buf.n > time.length) {
      const size = Math.max(time.length * 2, n + buf.n);
      time = grown(time, size);
      discounted = grown(discounted, size);
    }
    time.set(buf.time.subarray(0, buf.n), n);
    if (plan.discount === 'all') discounted.fill(1, n, n + buf.n);
    else if (plan.discount === 'per-job') discounted.set(buf.discounted.subarray(0, buf.n), n);
    n += buf.n;
    contactStart[rank + 1] = n;
    onContact?.(rank);
  }
  return { n, time, discounted, contactStart, suppressedByCap: suppressed };
}

/** Queue order: requests stably by time. Request times are whole milliseconds but for odd debounces. */
export function queueOrder(time: Float64Array, n: number): Int32Array {
  for (let i = 0; i < n; i++) {
    if (!Number.isInteger(time[i]!)) {
      const order = Int32Array.from({ length: n }, (_, k) => k);
      return order.sort((x, y) => time[x]! - time[y]! || x - y);
    }
  }
  return stableOrderByTime(time, n);
}

export interface QueueOutcome {
  /** Start per request (in request index), Infinity for a dropped one. */
  start: Float64Array;
  /** Executed requests in queue order (a prefix of the queue order: once one is dropped, all later are). */
  executed: Int32Array;
  summary: QueueSummary;
  backlogPerMinute: Int32Array;
}

/** The executor queue: W workers, T ms per job (W = 0: no queue, every job starts when requested). */
export function runQueue(requests: JobRequests, order: Int32Array, window: SimWindow, workers: number, serviceMs: number): QueueOutcome {
  const { n, time } = requests;
  const { start: windowStart, end } = window;
  const start = new Float64Array(n);
  const executed = new Int32Array(n);
  const waits = new Float64Array(n);
  const free = new Float64Array(Math.max(1, workers));
  let e = 0;
  let waitSum = 0;
  let waitMax = 0;
  for (let q = 0; q < n; q++) {
    const j = order[q]!;
    const r = time[j]!;
    let s = r;
    if (workers > 0 && e >= workers) {
      const f = free[e % workers]!;
      if (f > s) s = f;
    }
    if (s >= end) {
      start[j] = Infinity;
      continue;
    }
    start[j] = s;
    if (workers > 0) free[e % workers] = s + serviceMs;
    executed[e] = j;
    const wait = s - r;
    waits[e++] = wait;
    waitSum += wait;
    if (wait > waitMax) waitMax = wait;
  }
  // Backlog: at request q, q + 1 − the requests k ≤ q started by r_q. Starts never decrease in queue
  // order, so those are a prefix of it, found by a pointer that only moves forward.
  const backlogPerMinute = new Int32Array(window.minutes);
  let maxBacklog = 0;
  let started = 0;
  for (let q = 0; q < n; q++) {
    const r = time[order[q]!]!;
    while (started < n && started <= q && start[order[started]!]! <= r) started++;
    const backlog = q + 1 - Math.min(started, q + 1);
    if (backlog > maxBacklog) maxBacklog = backlog;
    const m = ((r - windowStart) / MINUTE_MS) | 0;
    if (backlog > backlogPerMinute[m]!) backlogPerMinute[m] = backlog;
  }
  // Requests still waiting as each minute starts count for that minute too.
  let requested = 0;
  let began = 0;
  for (let m = 0; m < window.minutes; m++) {
    const x = windowStart + m * MINUTE_MS;
    while (requested < n && time[order[requested]!]! <= x) requested++;
    while (began < n && start[order[began]!]! <= x) began++;
    const waiting = requested - began;
    if (waiting > backlogPerMinute[m]!) backlogPerMinute[m] = waiting;
  }
  const p99 = selectNearestRank(waits.subarray(0, e), 99);
  return {
    start,
    executed: executed.subarray(0, e),
    summary: {
      meanWaitSeconds: e > 0 ? waitSum / e / 1000 : null,
      p99WaitSeconds: p99 === null ? null : p99 / 1000,
      maxWaitSeconds: e > 0 ? waitMax / 1000 : null,
      maxBacklog,
      droppedAtWindowEnd: n - e,
    },
    backlogPerMinute,
  };
}

export interface WriteBackOutcome {
  /** When each request's score becomes visible (in request index); Infinity when not within the window. */
  visible: Float64Array;
  /** Each call's time, in order. */
  callTimes: Float64Array;
  summary: WriteBackSummary;
  callsPerMinute: Int32Array;
  callsPerDay: Int32Array;
}

/** The write-back of the executed jobs' scores (finishing at start + T, in queue order). */
export function runWriteBack(
  n: number,
  start: Float64Array,
  executed: Int32Array,
  serviceMs: number,
  window: SimWindow,
  writeBack: ReturnType<typeof writeBackFor>,
): WriteBackOutcome {
  const { start: windowStart, end, dayStarts } = window;
  const visible = new Float64Array(n).fill(Infinity);
  const callsPerMinute = new Int32Array(window.minutes);
  const callsPerDay = new Int32Array(window.days);
  const e = executed.length;
  const delays = new Float64Array(e);
  let callTimes = new Float64Array(writeBack ? 1024 : 0);
  let written = 0;
  let delaySum = 0;
  let delayMax = 0;
  let calls = 0;
  if (!writeBack) {
    // No API between the scorer and the CRM: a score is visible when it is finished.
    for (let k = 0; k < e; k++) {
      const j = executed[k]!;
      const f = start[j]! + serviceMs;
      if (f < end) {
        visible[j] = f;
        delays[written++] = 0;
      }
    }
  } else {
    const perCall = writeBack.recordsPerCall;
    const maxWait = writeBack.maxWaitSeconds * 1000;
    const rate = writeBack.rateLimit;
    const quota = writeBack.callsPerDay;
    // The last C calls' times, for the sliding window.
    const recent = new Float64Array(rate ? rate.calls : 1);
    const finish = (k: number) => start[executed[k]!]! + serviceMs;
    let first = 0;
    while (first < e) {
      const last = first + perCall - 1;
      let x = Math.min(finish(first) + maxWait, last < e ? finish(last) : Infinity);
      let day = -1;
      for (;;) {
        if (rate && calls >= rate.calls) {
          const cth = recent[(calls - rate.calls) % rate.calls]! + rate.perSeconds * 1000;
          if (x < cth) x = cth;
        }
        if (x >= end) break;
        day = upperBound(dayStarts, x) - 1;
        if (quota !== undefined && callsPerDay[day]! >= quota) {
          x = dayStarts[day + 1]!;
          continue;
        }
        break;
      }
      if (x >= end) break;
      let k = first;
      while (k < e && k <= last && finish(k) <= x) {
        const j = executed[k]!;
        visible[j] = x;
        const d = x - finish(k);
        delays[written++] = d;
        delaySum += d;
        if (d > delayMax) delayMax = d;
        k++;
      }
      if (rate) recent[calls % rate.calls] = x;
      if (calls === callTimes.length) callTimes = grown(callTimes, calls * 2);
      callTimes[calls] = x;
      calls++;
      callsPerDay[day]!++;
      callsPerMinute[((x - windowStart) / MINUTE_MS) | 0]!++;
      first = k;
    }
  }
  let maxCallsPerDay = 0;
  let daysAtQuota = 0;
  for (let d = 0; d < callsPerDay.length; d++) {
    if (callsPerDay[d]! > maxCallsPerDay) maxCallsPerDay = callsPerDay[d]!;
    if (writeBack?.callsPerDay !== undefined && callsPerDay[d]! >= writeBack.callsPerDay) daysAtQuota++;
  }
  const p99 = selectNearestRank(delays.subarray(0, written), 99);
  return {
    visible,
    callTimes: callTimes.subarray(0, calls),
    callsPerMinute,
    callsPerDay,
    summary: {
      calls,
      recordsWritten: written,
      notWrittenByEnd: e - written,
      meanDelaySeconds: written > 0 ? delaySum / written / 1000 : null,
      p99DelaySeconds: p99 === null ? null : p99 / 1000,
      maxDelaySeconds: written > 0 ? delayMax / 1000 : null,
      maxCallsPerDay,
      daysAtQuota,
    },
  };
}

/** Everything §7 decides for one strategy's jobs, per request: what `explain` reads for one contact. */
export interface PipelineJobs {
  requests: JobRequests;
  queue: QueueOutcome;
  writeBack: WriteBackOutcome;
  serviceMs: number;
}

export function pipelineJobs(replay: Replay, scenario: Scenario, strategyIndex: number, onContact?: (rank: number) => void): PipelineJobs {
  const strategy = scenario.strategies[strategyIndex]!;
  const requests = jobRequests(replay, scenario, strategyIndex, onContact);
  const workers = scenario.executor.workers ?? 0;
  const serviceMs = workers > 0 ? (scenario.executor.serviceMs ?? 0) : 0;
  const queue = runQueue(requests, queueOrder(requests.time, requests.n), replay.window, workers, serviceMs);
  const writeBack = runWriteBack(requests.n, queue.start, queue.executed, serviceMs, replay.window, writeBackFor(scenario, strategy));
  return { requests, queue, writeBack, serviceMs };
}

/** One strategy with its queue and write-back, over every contact (the spec must cover them all). */
export function simulatePipelined(replay: Replay, scenario: Scenario, spec: ShardSpec, onProgress?: ProgressFn): StrategyPartial {
  const contacts = replay.order.length;
  if (spec.rankFrom !== 0 || spec.rankTo !== contacts) throw new Error('a strategy with a queue or a write-back is simulated over every contact at once');
  // Progress: half for listing the requests, half for measuring them.
  const step = (rank: number, base: number) => {
    if (onProgress && rank % 16_384 === 16_383) onProgress(Math.floor(base + (rank + 1) / 2));
  };
  const { requests, queue, writeBack, serviceMs } = pipelineJobs(replay, scenario, spec.strategyIndex, (rank) => step(rank, 0));
  const { time: request, discounted, contactStart } = requests;
  const { start } = queue;
  const { visible } = writeBack;
  const significant = significantFor(replay, scenario);
  const sigTime = significant.time;
  const sigOrigin = significant.origin;
  const evTime = replay.byContact.time;
  const windowStart = replay.window.start;
  const partial = emptyPartial(replay.window);
  const { jobsPerMinute, discountedJobsPerMinute } = partial;
  const staleness = new StalenessBuffer();
  let scoreJobs = 0;
  let discountedJobs = 0;
  let wasted = 0;
  let significantEvents = significant.missed;
  let unscored = significant.missed;
  const parts = new Float64Array(5);
  const contact = newContactEvents();
  for (let rank = 0; rank < contacts; rank++) {
    const { from, to, sigFrom, sigTo } = contactEvents(replay, significant, rank, contact);
    const jFrom = contactStart[rank]!;
    let jTo = contactStart[rank + 1]!;
    // Dropped requests (never started) are the last of the contact's.
    while (jTo > jFrom && start[jTo - 1] === Infinity) jTo--;
    let e = from;
    for (let j = jFrom; j < jTo; j++) {
      const s = start[j]!;
      const minute = ((s - windowStart) / MINUTE_MS) | 0;
      jobsPerMinute[minute]++;
      if (discounted[j] === 1) {
        discountedJobs++;
        discountedJobsPerMinute[minute]++;
      }
      if (j > jFrom) {
        // Wasted (v2): no event of the contact arrived in (previous start, this start].
        const prev = start[j - 1]!;
        while (e < to && evTime[e]! <= prev) e++;
        if (e >= to || evTime[e]! > s) wasted++;
      }
    }
    scoreJobs += jTo - jFrom;
    significantEvents += sigTo - sigFrom;
    let k = jFrom;
    for (let i = sigFrom; i < sigTo; i++) {
      const a = sigTime[i]!;
      while (k < jTo && start[k]! < a) k++;
      if (k === jTo || visible[k] === Infinity) {
        unscored++;
        continue;
      }
      const t = sigOrigin[i]!;
      const v = visible[k]!;
      staleness.push(v - t);
      parts[0]! += a - t;
      parts[1]! += request[k]! - a;
      parts[2]! += start[k]! - request[k]!;
      parts[3]! += serviceMs;
      parts[4]! += v - start[k]! - serviceMs;
    }
    step(rank, contacts / 2);
  }
  onProgress?.(contacts);
  const pipeline: PipelinePartial = {
    queue: queue.summary,
    writeBack: writeBack.summary,
    callsPerMinute: writeBack.callsPerMinute,
    callsPerDay: writeBack.callsPerDay,
    backlogPerMinute: queue.backlogPerMinute,
  };
  partial.pipeline = pipeline;
  return sealPartial(partial, { scoreJobs, discountedJobs, suppressedByCap: requests.suppressedByCap, wastedScores: wasted, significantEvents, unscored }, staleness, parts);
}
