/**
 * Job generation per strategy kind (ARCHITECTURE §4), one contact at a time in contact order.
 * Batch runs number their jobs with per-run position counters, which is what lets contacts be split
 * into shards: a shard starts its counters where the earlier shards' counts end.
 */
import type { Scenario, Scope, Strategy } from '../scenario';
import { DAY_MS, MINUTE_MS, localTimeOnDay } from '../time';
import { lowerBound, upperBound } from './columns';
import { type JobBuffer, pushJob, reserveJobs } from './jobs';
import { type Replay, typeMask } from './replay';

/** The in-window events of one contact: [from, to) of the contact-major columns. */
export interface ContactEvents {
  rank: number;
  from: number;
  to: number;
}

export interface StrategyPlan {
  /** Number of batch runs whose positions are counted (0 for purely event-triggered rules). */
  runCount: number;
  /** Whether the LLM batch discount applies to every job, to none, or per job (hybrids). */
  discount: 'all' | 'none' | 'per-job';
  /** Appends the contact's jobs to `out` (any order) and advances run counters; returns jobs suppressed by a cap. */
  jobsFor(contact: ContactEvents, counters: Int32Array, out: JobBuffer): number;
  /** Advances run counters only: used to find where a shard's positions start. */
  countFor(contact: ContactEvents, counters: Int32Array): void;
}

interface BatchRuns {
  times: Float64Array;
  discounted: boolean;
  /** Writes the indices of the runs the contact belongs to into `into`, increasing; returns how many. */
  members(contact: ContactEvents, into: Int32Array): number;
}

function dailyRuns(replay: Replay, at: string, zone: string, everyDays: number): Float64Array {
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
      members(contact, into) {
        let n = 0;
        for (let k = lowerBound(times, replay.firstTime[contact.rank]!); k < times.length; k++) into[n++] = k;
        return n;
      },
    };
  }
  const span = scope.activeWithinDays * DAY_MS;
  const evTime = replay.byContact.time;
  return {
    times,
    discounted,
    members({ from, to }, into) {
      let n = 0;
      let p = from;
      for (let k = 0; k < times.length; k++) {
        const run = times[k]!;
        while (p < to && evTime[p]! <= run) p++;
        // p - 1 is the contact's latest event at or before the run: active iff it lies in (run - span, run].
        if (p > from && evTime[p - 1]! > run - span) into[n++] = k;
      }
      return n;
    },
  };
}

function microBatchRuns(replay: Replay, everyMinutes: number, triggers: Uint8Array): BatchRuns {
  const { start, end } = replay.window;
  const every = everyMinutes * MINUTE_MS;
  const count = Math.max(0, Math.ceil((end - start) / every) - 1);
  const times = new Float64Array(count);
  for (let k = 1; k <= count; k++) times[k - 1] = start + k * every;
  const { time: evTime, type: evType } = replay.byContact;
  return {
    times,
    discounted: false,
    members({ from, to }, into) {
      let n = 0;
      let last = -1;
      for (let i = from; i < to; i++) {
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
  const { times, discounted } = runs;
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
          out.discounted[at++] = flag;
        }
      }
      out.n = at;
    },
    countFor(contact: ContactEvents, counters: Int32Array): void {
      const n = runs.members(contact, member);
      for (let m = 0; m < n; m++) counters[member[m]!]++;
    },
  };
}

interface ThrottleRule {
  triggers: Uint8Array;
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
  private inDay = 0;
  private suppressed = 0;
  private out!: JobBuffer;

  constructor(
    private readonly replay: Replay,
    private readonly rule: ThrottleRule,
  ) {}

  /** Appends the contact's jobs; returns how many jobs the cap suppressed. */
  jobs({ from, to }: ContactEvents, out: JobBuffer): number {
    const { time: evTime, type: evType } = this.replay.byContact;
    const { triggers, debounceMs } = this.rule;
    this.out = out;
    this.hasL = false;
    this.day = -1;
    this.inDay = 0;
    this.suppressed = 0;
    let hasP = false;
    let P = 0;
    for (let i = from; i < to; i++) {
      if (triggers[evType[i]!] === 0) continue;
      const t = evTime[i]!;
      if (hasP && P < t) {
        hasP = false;
        this.execute(P);
      }
      if (hasP) continue; // folds into the pending job
      if (this.hasL && this.L >= t) continue; // folds into the job that just ran at t
      if (!this.hasL || t - this.L >= debounceMs) this.execute(t);
      else {
        P = this.L + debounceMs;
        hasP = true;
      }
    }
    if (hasP) this.execute(P);
    return this.suppressed;
  }

  /** Executes a job at t unless it falls past the window (it does not exist) or over the cap. */
  private execute(t: number): void {
    const { end, dayStarts } = this.replay.window;
    if (t >= end) return;
    const cap = this.rule.cap;
    if (cap > 0) {
      const d = upperBound(dayStarts, t) - 1;
      if (d !== this.day) {
        this.day = d;
        this.inDay = 0;
      }
      if (this.inDay >= cap) {
        this.suppressed++;
        return;
      }
      this.inDay++;
    }
    this.L = t;
    this.hasL = true;
    pushJob(this.out, t, false);
  }
}

function throttleRule(typeNames: readonly string[], r: { triggers: string[]; debounceMinutes: number; maxScoresPerContactPerDay?: number | undefined }): ThrottleRule {
  return { triggers: typeMask(typeNames, r.triggers), debounceMs: r.debounceMinutes * MINUTE_MS, cap: r.maxScoresPerContactPerDay ?? 0 };
}

export function planStrategy(replay: Replay, scenario: Scenario, strategy: Strategy): StrategyPlan {
  const typeNames = replay.columns.typeNames;
  const rate = scenario.executor.batchScoresPerSecond;
  switch (strategy.kind) {
    case 'nightly-batch':
    case 'micro-batch': {
      const runs =
        strategy.kind === 'nightly-batch'
          ? scopedRuns(replay, dailyRuns(replay, strategy.at, scenario.timezone, 1), strategy.scope, true)
          : microBatchRuns(replay, strategy.everyMinutes, typeMask(typeNames, strategy.triggers));
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
      const throttle = new Throttle(replay, throttleRule(typeNames, strategy));
      return { runCount: 0, discount: 'none', countFor() {}, jobsFor: (contact, _counters, out) => throttle.jobs(contact, out) };
    }
    case 'hybrid': {
      const throttle = new Throttle(replay, throttleRule(typeNames, strategy.eventTriggered));
      const refresh = strategy.fullRefresh;
      const runs = scopedRuns(replay, dailyRuns(replay, refresh.at, scenario.timezone, refresh.everyDays), refresh.scope, true);
      const batch = batchPlan(replay, runs, rate);
      return {
        runCount: batch.runCount,
        discount: 'per-job',
        countFor: batch.countFor,
        jobsFor(contact, counters, out) {
          const suppressed = throttle.jobs(contact, out);
          batch.emit(contact, counters, out);
          return suppressed;
        },
      };
    }
  }
}
