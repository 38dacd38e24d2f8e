/**
 * Job generation per strategy kind (ARCHITECTURE §4), one contact at a time in contact order.
 * Batch runs number their jobs with per-run position counters, which is what lets contacts be split
 * into shards: a shard starts its counters where the earlier shards' counts end.
 */
import type { Scenario, Scope, Strategy } from '../scenario';
import { DAY_MS, MINUTE_MS, localTimeOnDay } from '../time';
import { lowerBound, upperBound } from './columns';
import { CAUSE_BATCH_RUN, CAUSE_MICRO_BATCH, type JobBuffer, mergeJobs, newJobBuffer, pushJob, reserveJobs, sortJobs } from './jobs';
import type { ContactEvents } from './contact-events';
import { type Replay, type SignificantEvents, significantFor, typeMask } from './replay';


/**
 * Where a trigger rule reads its events: the significant copy when every trigger type is significant
 * (the usual case, and a tenth of the events to scan), else every event of the contact.
 */
interface TriggerEvents {
  time: Float64Array;
  type: Uint16Array;
  triggers: Uint8Array;
  significantOnly: boolean;
}

function triggerEvents(replay: Replay, significant: SignificantEvents, triggers: Uint8Array): TriggerEvents {
  const significantOnly = triggers.every((on, type) => on === 0 || significant.mask[type] === 1);
  const source = significantOnly ? significant : replay.byContact;
  return { time: source.time, type: source.type, triggers, significantOnly };
}

export interface StrategyPlan {
  /** Number of batch runs whose positions are counted (0 for purely event-triggered rules). */
  runCount: number;
  /** Whether the LLM batch discount applies to every job, to none, or per job (hybrids). */
  discount: 'all' | 'none' | 'per-job';
  /** Fills the empty `out` with the contact's jobs in time order and advances run counters; returns jobs suppressed by a cap. */
  jobsFor(contact: ContactEvents, counters: Int32Array, out: JobBuffer): number;
  /** Advances run counters only: used to find where a shard's positions start. */
  countFor(contact: ContactEvents, counters: Int32Array): void;
}

interface BatchRuns {
  times: Float64Array;
  discounted: boolean;
  /** CAUSE_BATCH_RUN or CAUSE_MICRO_BATCH. */
  cause: number;
  /** Writes the indices of the runs the contact belongs to into `into`, increasing; returns how many. */
  members(contact: ContactEvents, into: Int32Array): number;
}

export function dailyRuns(replay: Replay, at: string, zone: string, everyDays: number): Float64Array {
  const { dayStarts, days } = replay.window;
  const runs: number[] = [];
  for (let d = 0; d < days; d += everyDays) runs.push(localTimeOnDay(dayStarts[d] as number, at, zone));
  return Float64Array.from(runs);
}

function scopedRuns(replay: Replay, times: Float64Array, scope: Scope, discounted: boolean): BatchRuns {
  if (scope === 'all') {
    // Contact order is first-event order, so a contact belongs to every run from the first one after its first event.
    return {
      times,
      discounted,
      cause: CAUSE_BATCH_RUN,
      members(contact, into) {
        let n = 0;
        for (let k = lowerBound(times, replay.firstTime[contact.rank]!); k < times.length; k++) into[n++] = k;
        return n;
      },
    };
  }
  const span = scope.activeWithinDays * DAY_MS;
  const evTime = replay.byContact.time;
  // Runs whose look-back starts before the window see every earlier in-window event as recent:
  // for those, being active is being known, which the contact's first event decides.
  const lookBackFromStart = lowerBound(times, replay.window.start + span);
  return {
    times,
    discounted,
    cause: CAUSE_BATCH_RUN,
    members({ rank, from, to }, into) {
      let n = 0;
      for (let k = lowerBound(times, replay.firstTime[rank]!, 0, lookBackFromStart); k < lookBackFromStart; k++) into[n++] = k;
      let p = from;
      for (let k = lookBackFromStart; k < times.length; k++) {
        const run = times[k]!;
        while (p < to && evTime[p]! <= run) p++;
        // p - 1 is the contact's latest event at or before the run: active iff it lies in (run - span, run].
        if (p > from && evTime[p - 1]! > run - span) into[n++] = k;
      }
      return n;
    },
  };
}

function microBatchRuns(replay: Replay, everyMinutes: number, source: TriggerEvents): BatchRuns {
  const { start, end } = replay.window;
  const every = everyMinutes * MINUTE_MS;
  const count = Math.max(0, Math.ceil((end - start) / every) - 1);
  const times = new Float64Array(count);
  for (let k = 1; k <= count; k++) times[k - 1] = start + k * every;
  const { time: evTime, type: evType, triggers, significantOnly } = source;
  return {
    times,
    discounted: false,
    cause: CAUSE_MICRO_BATCH,
    members(contact, into) {
      let n = 0;
      let last = -1;
      const to = significantOnly ? contact.sigTo : contact.to;
      for (let i = significantOnly ? contact.sigFrom : contact.from; i < to; i++) {
        if (triggers[evType[i]!] === 0) continue;
        // An event in [start + (k-1)M, start + kM) is picked up by run k, stored at index k - 1.
        const k = Math.floor((evTime[i]! - start) / every);
        if (k !== last && k < count) into[n++] = k;
        last = k;
      }
      return n;
    },
  };
}

function batchPlan(replay: Replay, runs: BatchRuns, rate: number) {
  const { end } = replay.window;
  const { times, discounted, cause } = runs;
  const member = new Int32Array(times.length);
  const flag = discounted ? 1 : 0;
  return {
    runCount: times.length,
    /** Job i of a run executes at run + ⌊i × 1000 / rate⌋; those at or past the window end do not exist. */
    emit(contact: ContactEvents, counters: Int32Array, out: JobBuffer): void {
      const n = runs.members(contact, member);
      reserveJobs(out, n);
      let at = out.n;
      for (let m = 0; m < n; m++) {
        const k = member[m]!;
        const t = times[k]! + Math.floor((counters[k]++ * 1000) / rate);
        if (t < end) {
          out.time[at] = t;
          out.cause[at] = cause;
          out.discounted[at++] = flag;
        }
      }
      out.n = at;
      // A slow executor can push a run's jobs past the next run.
      sortJobs(out);
    },
    countFor(contact: ContactEvents, counters: Int32Array): void {
      const n = runs.members(contact, member);
      for (let m = 0; m < n; m++) counters[member[m]!]++;
    },
  };
}

interface ThrottleRule {
  events: TriggerEvents;
  debounceMs: number;
  cap: number;
}

/**
 * The event-triggered throttle with trailing edge and daily cap, exactly as §4 states it:
 * L = last executed job, P = pending job. One instance serves every contact of a shard (no
 * allocation per contact on the hot path).
 */
export class Throttle {
  private hasL = false;
  private L = 0;
  private day = -1;
  /** [dayFrom, dayTo) is local day `day`: most jobs fall on the day of the one before. */
  private dayFrom = 0;
  private dayTo = 0;
  private inDay = 0;
  private suppressed = 0;
  private out!: JobBuffer;

  constructor(
    private readonly replay: Replay,
    private readonly rule: ThrottleRule,
  ) {}

  /** Appends the contact's jobs; returns how many jobs the cap suppressed. */
  jobs(contact: ContactEvents, out: JobBuffer): number {
    const { debounceMs, events } = this.rule;
    const { time: evTime, type: evType, triggers, significantOnly } = events;
    const from = significantOnly ? contact.sigFrom : contact.from;
    const to = significantOnly ? contact.sigTo : contact.to;
    this.out = out;
    this.hasL = false;
    this.day = -1;
    this.inDay = 0;
    this.suppressed = 0;
    let hasP = false;
    let P = 0;
    // The trigger that made the pending job: its type is what the job is attributed to.
    let pendingCause = 0;
    for (let i = from; i < to; i++) {
      const type = evType[i]!;
      if (triggers[type] === 0) continue;
      const t = evTime[i]!;
      if (hasP && P < t) {
        hasP = false;
        this.execute(P, pendingCause);
      }
      if (hasP) continue; // folds into the pending job
      if (this.hasL && this.L >= t) continue; // folds into the job that just ran at t
      if (!this.hasL || t - this.L >= debounceMs) this.execute(t, type);
      else {
        P = this.L + debounceMs;
        hasP = true;
        pendingCause = type;
      }
    }
    if (hasP) this.execute(P, pendingCause);
    return this.suppressed;
  }

  /** Executes a job at t unless it falls past the window (it does not exist) or over the cap. */
  private execute(t: number, cause: number): void {
    const { end, dayStarts } = this.replay.window;
    if (t >= end) return;
    const cap = this.rule.cap;
    if (cap > 0) {
      if (this.day < 0 || t < this.dayFrom || t >= this.dayTo) {
        const d = upperBound(dayStarts, t) - 1;
        if (d !== this.day) {
          this.day = d;
          this.inDay = 0;
        }
        this.dayFrom = dayStarts[d]!;
        this.dayTo = dayStarts[d + 1]!;
      }
      if (this.inDay >= cap) {
        this.suppressed++;
        return;
      }
      this.inDay++;
    }
    this.L = t;
    this.hasL = true;
    pushJob(this.out, t, false, cause);
  }
}

type TriggerRule = { triggers: string[]; debounceMinutes: number; maxScoresPerContactPerDay?: number | undefined };

export function planStrategy(replay: Replay, scenario: Scenario, strategy: Strategy, significant: SignificantEvents = significantFor(replay, scenario)): StrategyPlan {
  const typeNames = replay.columns.typeNames;
  const triggerSource = (names: readonly string[]) => triggerEvents(replay, significant, typeMask(typeNames, names));
  const throttleRule = (r: TriggerRule): ThrottleRule => ({ events: triggerSource(r.triggers), debounceMs: r.debounceMinutes * MINUTE_MS, cap: r.maxScoresPerContactPerDay ?? 0 });
  const rate = scenario.executor.batchScoresPerSecond;
  switch (strategy.kind) {
    case 'nightly-batch':
    case 'micro-batch': {
      const runs =
        strategy.kind === 'nightly-batch'
          ? scopedRuns(replay, dailyRuns(replay, strategy.at, scenario.timezone, 1), strategy.scope, true)
          : microBatchRuns(replay, strategy.everyMinutes, triggerSource(strategy.triggers));
      const batch = batchPlan(replay, runs, rate);
      return {
        runCount: batch.runCount,
        discount: runs.discounted ? 'all' : 'none',
        countFor: batch.countFor,
        jobsFor(contact, counters, out) {
          batch.emit(contact, counters, out);
          return 0;
        },
      };
    }
    case 'event-triggered': {
      const throttle = new Throttle(replay, throttleRule(strategy));
      return { runCount: 0, discount: 'none', countFor() {}, jobsFor: (contact, _counters, out) => throttle.jobs(contact, out) };
    }
    case 'hybrid': {
      const throttle = new Throttle(replay, throttleRule(strategy.eventTriggered));
      const refresh = strategy.fullRefresh;
      const runs = scopedRuns(replay, dailyRuns(replay, refresh.at, scenario.timezone, refresh.everyDays), refresh.scope, true);
      const batch = batchPlan(replay, runs, rate);
      const triggered = newJobBuffer();
      return {
        runCount: batch.runCount,
        discount: 'per-job',
        countFor: batch.countFor,
        jobsFor(contact, counters, out) {
          batch.emit(contact, counters, out);
          triggered.n = 0;
          const suppressed = throttle.jobs(contact, triggered);
          mergeJobs(out, triggered);
          return suppressed;
        },
      };
    }
  }
}
