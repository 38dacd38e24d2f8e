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
 * 5. each request's start and visibility go back to the request's place (one scatter, the two side by
 *    side), and per contact, in start order (its request order): database load, waste and freshness.
 */
import { type Scenario, writeBackFor } from '../scenario';
import { MINUTE_MS } from '../time';
import { contactEvents, newContactEvents } from './contact-events';
import { newJobBuffer } from './jobs';
import { type PipelinePartial, type QueueSummary, StalenessBuffer, type StrategyPartial, type WriteBackSummary, emptyPartial, sealPartial } from './partial';
import { selectNearestRank } from './percentile';
import { type Replay, type SimWindow, significantFor } from './replay';
import type { ProgressFn, ShardSpec } from './shard-spec';
import { dailyRuns, planStrategy } from './strategies';
import { lowerBound, upperBound } from './columns';
import { grown } from '../grown';

/** Every contact's job requests: request times, whether the LLM batch discount applies, and where each contact's start. */
export interface JobRequests {
  n: number;
  time: Float64Array;
  discounted: Uint8Array;
  /** What caused each request: a trigger's type id, or CAUSE_BATCH_RUN / CAUSE_MICRO_BATCH. */
  cause: Int32Array;
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
  let cause = new Int32Array(1 << 16);
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
      cause = grown(cause, size);
    }
    const flag = plan.discount === 'all' ? 1 : 0;
    const perJob = plan.discount === 'per-job';
    for (let k = 0; k < buf.n; k++) {
      time[n + k] = buf.time[k]!;
      discounted[n + k] = perJob ? buf.discounted[k]! : flag;
      cause[n + k] = buf.cause[k]!;
    }
    n += buf.n;
    contactStart[rank + 1] = n;
    onContact?.(rank);
  }
  return { n, time, discounted, cause, contactStart, suppressedByCap: suppressed };
}

/** Requests in queue order, with their times in that order. */
export interface QueueOrder {
  order: Int32Array;
  time: Float64Array;
}

/**
 * Queue order: requests stably by time. A counting sort by minute of the window does most of it in one
 * pass: requests are listed contact by contact, and a batch run's requests in contact order are also
 * in time order, so a minute's requests are mostly in order already. A minute whose requests are not
 * (event-triggered ones of many contacts) is then sorted by (time, request index).
 */
export function queueOrder(time: Float64Array, n: number, window: Pick<SimWindow, 'start' | 'minutes'>): QueueOrder {
  const buckets = window.minutes + 1;
  const bucket = new Int32Array(n);
  const starts = new Int32Array(buckets + 1);
  for (let j = 0; j < n; j++) {
    const b = Math.min(buckets - 1, Math.max(0, Math.floor((time[j]! - window.start) / MINUTE_MS)));
    bucket[j] = b;
    starts[b + 1]++;
  }
  for (let b = 0; b < buckets; b++) starts[b + 1] = starts[b + 1]! + starts[b]!;
  const cursor = starts.slice(0, buckets);
  const order = new Int32Array(n);
  const sorted = new Float64Array(n);
  const last = new Float64Array(buckets).fill(-Infinity);
  const disordered = new Uint8Array(buckets);
  for (let j = 0; j < n; j++) {
    const b = bucket[j]!;
    const t = time[j]!;
    const at = cursor[b]++;
    order[at] = j;
    sorted[at] = t;
    if (t < last[b]!) disordered[b] = 1;
    else last[b] = t;
  }
  for (let b = 0; b < buckets; b++) {
    if (disordered[b] === 0) continue;
    const from = starts[b]!;
    const slice = Array.from(order.subarray(from, starts[b + 1]!)).sort((x, y) => time[x]! - time[y]! || x - y);
    for (let i = 0; i < slice.length; i++) {
      order[from + i] = slice[i]!;
      sorted[from + i] = time[slice[i]!]!;
    }
  }
  return { order, time: sorted };
}

export interface QueueOutcome {
  /** The requests in queue order, and their request times. */
  order: Int32Array;
  requested: Float64Array;
  /**
   * Starts in queue order, Infinity for a dropped request. Starts never decrease along the queue, so
   * once one request would start at the end every later one would too: the executed requests are the
   * first `executed` of the queue.
   */
  started: Float64Array;
  executed: number;
  summary: QueueSummary;
  backlogPerMinute: Int32Array;
}

/** The executor queue: W workers, T ms per job (W = 0: no queue, every job starts when requested). */
export function runQueue(queued: QueueOrder, window: SimWindow, workers: number, serviceMs: number): QueueOutcome {
  const { order, time: requested } = queued;
  const n = requested.length;
  const { start: windowStart, end } = window;
  const started = new Float64Array(n);
  const free = new Float64Array(Math.max(1, workers));
  const backlogPerMinute = new Int32Array(window.minutes);
  let maxBacklog = 0;
  // Backlog: at request q, q + 1 − the requests k ≤ q started by r_q. Starts never decrease in queue
  // order, so those are a prefix of it, found by a pointer that only moves forward.
  let begun = 0;
  let e = 0;
  let waitSum = 0;
  let waitMax = 0;
  for (let q = 0; q < n; q++) {
    const r = requested[q]!;
    let s = r;
    if (workers > 0 && e >= workers) {
      const f = free[e % workers]!;
      if (f > s) s = f;
    }
    if (s < end && e === q) {
      started[q] = s;
      if (workers > 0) free[e % workers] = s + serviceMs;
      e++;
      const wait = s - r;
      waitSum += wait;
      if (wait > waitMax) waitMax = wait;
    } else started[q] = Infinity;
    while (begun <= q && started[begun]! <= r) begun++;
    const backlog = q + 1 - begun;
    if (backlog > maxBacklog) maxBacklog = backlog;
    const m = ((r - windowStart) / MINUTE_MS) | 0;
    if (backlog > backlogPerMinute[m]!) backlogPerMinute[m] = backlog;
  }
  // Requests still waiting as each minute starts count for that minute too.
  let asked = 0;
  let began = 0;
  for (let m = 0; m < window.minutes; m++) {
    const x = windowStart + m * MINUTE_MS;
    while (asked < n && requested[asked]! <= x) asked++;
    while (began < n && started[began]! <= x) began++;
    const waiting = asked - began;
    if (waiting > backlogPerMinute[m]!) backlogPerMinute[m] = waiting;
  }
  const waits = new Float64Array(e);
  for (let q = 0; q < e; q++) waits[q] = started[q]! - requested[q]!;
  const p99 = selectNearestRank(waits, 99);
  return {
    order,
    requested,
    started,
    executed: e,
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
  /** When each executed request's score becomes visible, in queue order; Infinity when not within the window. */
  visible: Float64Array;
  /** Each call's time, in order. */
  callTimes: Float64Array;
  summary: WriteBackSummary;
  callsPerMinute: Int32Array;
  callsPerDay: Int32Array;
}

/** The write-back of the executed jobs' scores (finishing at start + T, in queue order). */
export function runWriteBack(queue: Pick<QueueOutcome, 'started' | 'executed'>, serviceMs: number, window: SimWindow, writeBack: ReturnType<typeof writeBackFor>): WriteBackOutcome {
  const { start: windowStart, end, dayStarts } = window;
  const { started, executed: e } = queue;
  const visible = new Float64Array(e).fill(Infinity);
  const callsPerMinute = new Int32Array(window.minutes);
  const callsPerDay = new Int32Array(window.days);
  const delays = new Float64Array(e);
  let callTimes = new Float64Array(writeBack ? 1024 : 0);
  let written = 0;
  let delaySum = 0;
  let delayMax = 0;
  let calls = 0;
  if (!writeBack) {
    // No API between the scorer and the CRM: a score is visible when it is finished.
    for (let k = 0; k < e; k++) {
      const f = started[k]! + serviceMs;
      if (f < end) {
        visible[k] = f;
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
    let day = 0;
    let first = 0;
    while (first < e) {
      const last = first + perCall - 1;
      let x = Math.min(started[first]! + serviceMs + maxWait, last < e ? started[last]! + serviceMs : Infinity);
      for (;;) {
        if (rate && calls >= rate.calls) {
          const cth = recent[(calls - rate.calls) % rate.calls]! + rate.perSeconds * 1000;
          if (x < cth) x = cth;
        }
        if (x >= end) break;
        // A call's due time can precede the last call (records that waited out a limit), though
        // the limits then hold it until after: the day is found from wherever the last one was.
        while (day > 0 && dayStarts[day]! > x) day--;
        while (dayStarts[day + 1]! <= x) day++;
        if (quota !== undefined && callsPerDay[day]! >= quota) {
          x = dayStarts[day + 1]!;
          continue;
        }
        break;
      }
      if (x >= end) break;
      let k = first;
      while (k < e && k <= last) {
        const f = started[k]! + serviceMs;
        if (f > x) break;
        visible[k] = x;
        const d = x - f;
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

/** Everything §7 decides for one strategy's jobs: what `explain` reads for one contact. */
export interface PipelineJobs {
  requests: JobRequests;
  queue: QueueOutcome;
  writeBack: WriteBackOutcome;
  serviceMs: number;
  /** Per request, its start and when its score is visible, side by side: [s0, v0, s1, v1, …] (Infinity: never). */
  timing: Float64Array;
}

export function pipelineJobs(replay: Replay, scenario: Scenario, strategyIndex: number, onContact?: (rank: number) => void): PipelineJobs {
  const strategy = scenario.strategies[strategyIndex]!;
  const requests = jobRequests(replay, scenario, strategyIndex, onContact);
  const workers = scenario.executor.workers ?? 0;
  const serviceMs = workers > 0 ? (scenario.executor.serviceMs ?? 0) : 0;
  const queue = runQueue(queueOrder(requests.time, requests.n, replay.window), replay.window, workers, serviceMs);
  const writeBack = runWriteBack(queue, serviceMs, replay.window, writeBackFor(scenario, strategy));
  // One scatter back to request order, start and visibility in the same cache line.
  const { order, started, executed } = queue;
  const timing = new Float64Array(requests.n * 2);
  for (let q = 0; q < requests.n; q++) {
    const j = order[q]!;
    timing[2 * j] = started[q]!;
    timing[2 * j + 1] = q < executed ? writeBack.visible[q]! : Infinity;
  }
  return { requests, queue, writeBack, serviceMs, timing };
}

/** One strategy with its queue and write-back, over every contact (the spec must cover them all). */
export function simulatePipelined(replay: Replay, scenario: Scenario, spec: ShardSpec, onProgress?: ProgressFn): StrategyPartial {
  const contacts = replay.order.length;
  if (spec.rankFrom !== 0 || spec.rankTo !== contacts) throw new Error('a strategy with a queue or a write-back is simulated over every contact at once');
  const strategy = scenario.strategies[spec.strategyIndex]!;
  if (strategy.kind === 'nightly-batch' && strategy.scope === 'all') {
    const closed = simulateNightlyAllPipelined(replay, scenario, spec.strategyIndex, onProgress);
    if (closed) return closed;
  }
  return simulatePipelinedJobs(replay, scenario, spec, onProgress);
}

/** The general pass: every request listed, put in queue order, and taken back contact by contact. */
export function simulatePipelinedJobs(replay: Replay, scenario: Scenario, spec: ShardSpec, onProgress?: ProgressFn): StrategyPartial {
  const contacts = replay.order.length;
  // Progress: half for listing the requests, half for measuring them.
  const step = (rank: number, base: number) => {
    if (onProgress && rank % 16_384 === 16_383) onProgress(Math.floor(base + (rank + 1) / 2));
  };
  const { requests, queue, writeBack, serviceMs, timing } = pipelineJobs(replay, scenario, spec.strategyIndex, (rank) => step(rank, 0));
  const { time: request, discounted, contactStart } = requests;
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
    while (jTo > jFrom && timing[2 * (jTo - 1)] === Infinity) jTo--;
    let e = from;
    for (let j = jFrom; j < jTo; j++) {
      const s = timing[2 * j]!;
      const minute = ((s - windowStart) / MINUTE_MS) | 0;
      jobsPerMinute[minute]++;
      if (discounted[j] === 1) {
        discountedJobs++;
        discountedJobsPerMinute[minute]++;
      }
      if (j > jFrom) {
        // Wasted (v2): no event of the contact arrived in (previous start, this start].
        const prev = timing[2 * (j - 1)]!;
        while (e < to && evTime[e]! <= prev) e++;
        if (e >= to || evTime[e]! > s) wasted++;
      }
    }
    scoreJobs += jTo - jFrom;
    significantEvents += sigTo - sigFrom;
    let k = jFrom;
    for (let i = sigFrom; i < sigTo; i++) {
      const a = sigTime[i]!;
      while (k < jTo && timing[2 * k]! < a) k++;
      if (k === jTo || timing[2 * k + 1] === Infinity) {
        unscored++;
        continue;
      }
      const t = sigOrigin[i]!;
      const s = timing[2 * k]!;
      const v = timing[2 * k + 1]!;
      staleness.push(v - t);
      parts[0]! += a - t;
      parts[1]! += request[k]! - a;
      parts[2]! += s - request[k]!;
      parts[3]! += serviceMs;
      parts[4]! += v - s - serviceMs;
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

/**
 * Nightly batch over every known contact, with its queue and write-back, without listing its requests
 * contact by contact. Run k requests jobs for the ranks [0, members_k) in that order, at run + ⌊i ×
 * 1000 / rate⌋ (see nightly-all.ts); when no run's requests reach past the next run's start, queue
 * order is run after run, so the request at queue position offset_k + rank is the contact's job of
 * run k, found by arithmetic rather than kept. Otherwise (a slow executor) it returns null, and the
 * general pass runs. `simulatePipelined`'s general pass is the reference it must match.
 */
export function simulateNightlyAllPipelined(replay: Replay, scenario: Scenario, strategyIndex: number, onProgress?: ProgressFn): StrategyPartial | null {
  const strategy = scenario.strategies[strategyIndex]!;
  if (strategy.kind !== 'nightly-batch') return null;
  const runs = dailyRuns(replay, strategy.at, scenario.timezone, 1);
  const rate = scenario.executor.batchScoresPerSecond;
  const offsetOf = (position: number): number => Math.floor((position * 1000) / rate);
  const { end } = replay.window;
  const contacts = replay.order.length;
  // Members of each run: the contacts known at it, cut where their job would reach the window's end.
  const members = new Int32Array(runs.length);
  const queueAt = new Float64Array(runs.length + 1);
  for (let k = 0; k < runs.length; k++) {
    const run = runs[k]!;
    let m = upperBound(replay.firstTime, run);
    while (m > 0 && run + offsetOf(m - 1) >= end) m--;
    members[k] = m;
    queueAt[k + 1] = queueAt[k]! + m;
    if (m > 0 && k + 1 < runs.length && run + offsetOf(m - 1) >= runs[k + 1]!) return null;
  }
  const n = queueAt[runs.length]!;
  const requested = new Float64Array(n);
  for (let k = 0, q = 0; k < runs.length; k++) for (let i = 0; i < members[k]!; i++) requested[q++] = runs[k]! + offsetOf(i);
  const workers = scenario.executor.workers ?? 0;
  const serviceMs = workers > 0 ? (scenario.executor.serviceMs ?? 0) : 0;
  const queue = runQueue({ order: new Int32Array(0), time: requested }, replay.window, workers, serviceMs);
  const writeBack = runWriteBack(queue, serviceMs, replay.window, writeBackFor(scenario, strategy));
  const { started, executed } = queue;
  // Start and visibility side by side: the pass below reads a contact's jobs a run apart, so each
  // job costs one cache line, not two.
  const timing = new Float64Array(2 * executed);
  for (let q = 0; q < executed; q++) {
    timing[2 * q] = started[q]!;
    timing[2 * q + 1] = writeBack.visible[q]!;
  }
  const significant = significantFor(replay, scenario);
  const sigTime = significant.time;
  const sigOrigin = significant.origin;
  const evTime = replay.byContact.time;
  const windowStart = replay.window.start;
  const partial = emptyPartial(replay.window);
  const { jobsPerMinute } = partial;
  const staleness = new StalenessBuffer();
  let scoreJobs = 0;
  let wasted = 0;
  let significantEvents = significant.missed;
  let unscored = significant.missed;
  const parts = new Float64Array(5);
  const contact = newContactEvents();
  for (let rank = 0; rank < contacts; rank++) {
    const { from, to, sigFrom, sigTo } = contactEvents(replay, significant, rank, contact);
    // The contact's jobs: runs k0, k0 + 1, … while it is a member and its job started.
    const k0 = lowerBound(runs, replay.firstTime[rank]!);
    let kEnd = k0;
    while (kEnd < runs.length && rank < members[kEnd]! && queueAt[kEnd]! + rank < executed) kEnd++;
    let e = from;
    let prev = 0;
    for (let k = k0; k < kEnd; k++) {
      const s = timing[2 * (queueAt[k]! + rank)]!;
      jobsPerMinute[((s - windowStart) / MINUTE_MS) | 0]++;
      if (k > k0) {
        while (e < to && evTime[e]! <= prev) e++;
        if (e >= to || evTime[e]! > s) wasted++;
      }
      prev = s;
    }
    scoreJobs += kEnd - k0;
    significantEvents += sigTo - sigFrom;
    let k = k0;
    for (let i = sigFrom; i < sigTo; i++) {
      const a = sigTime[i]!;
      while (k < kEnd && timing[2 * (queueAt[k]! + rank)]! < a) k++;
      const q = queueAt[k]! + rank;
      if (k === kEnd || timing[2 * q + 1] === Infinity) {
        unscored++;
        continue;
      }
      const t = sigOrigin[i]!;
      const s = timing[2 * q]!;
      const v = timing[2 * q + 1]!;
      const r = runs[k]! + offsetOf(rank);
      staleness.push(v - t);
      parts[0]! += a - t;
      parts[1]! += r - a;
      parts[2]! += s - r;
      parts[3]! += serviceMs;
      parts[4]! += v - s - serviceMs;
    }
    if (onProgress && rank % 16_384 === 16_383) onProgress(rank + 1);
  }
  onProgress?.(contacts);
  partial.discountedJobsPerMinute.set(jobsPerMinute);
  partial.pipeline = {
    queue: queue.summary,
    writeBack: writeBack.summary,
    callsPerMinute: writeBack.callsPerMinute,
    callsPerDay: writeBack.callsPerDay,
    backlogPerMinute: queue.backlogPerMinute,
  };
  return sealPartial(partial, { scoreJobs, discountedJobs: scoreJobs, suppressedByCap: 0, wastedScores: wasted, significantEvents, unscored }, staleness, parts);
}
