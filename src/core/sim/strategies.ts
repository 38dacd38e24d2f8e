/**
 * Job generation per strategy kind (ARCHITECTURE §4), one contact at a time in contact order.
 * Batch runs number their jobs with per-run position counters, which is what lets contacts be split
 * into shards: a shard starts its counters where the earlier shards' counts end.
 */
import type { Scenario, Scope, Strategy } from '../scenario';
import { DAY_MS, MINUTE_MS, localTimeOnDay } from '../time';
import { lowerBound, upperBound } from './columns';
import { type JobBuffer, pushJob } from './jobs';
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
  /** Appends the contact's jobs to `out` (any order) and advances run counters; returns jobs suppressed by a cap. */
  jobsFor(contact: ContactEvents, counters: Int32Array, out: JobBuffer): number;
  /** Advances run counters only: used to find where a shard's positions start. */
  countFor(contact: ContactEvents, counters: Int32Array): void;
}

interface BatchRuns {
  times: Float64Array;
  discounted: boolean;
  /** Calls visit(k) for each run the contact belongs to, in increasing k. */
  members(contact: ContactEvents, visit: (k: number) => void): void;
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
      members(contact, visit) {
        for (let k = lowerBound(times, replay.firstTime[contact.rank] as number); k < times.length; k++) visit(k);
      },
    };
  }
  const span = scope.activeWithinDays * DAY_MS;
  const evTime = replay.byContact.time;
  return {
    times,
    discounted,
    members({ from, to }, visit) {
      let p = from;
      for (let k = 0; k < times.length; k++) {
        const run = times[k] as number;
        while (p < to && (evTime[p] as number) <= run) p++;
        // p - 1 is the contact's latest event at or before the run: active iff it lies in (run - span, run].
        if (p > from && (evTime[p - 1] as number) > run - span) visit(k);
      }
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
    members({ from, to }, visit) {
      let last = -1;
      for (let i = from; i < to; i++) {
        if (triggers[evType[i] as number] === 0) continue;
        // An event in [start + (k-1)M, start + kM) is picked up by run k, stored at index k - 1.
        const k = Math.floor(((evTime[i] as number) - start) / every);
        if (k !== last && k < count) visit(k);
        last = k;
      }
    },
  };
}

function batchPlan(replay: Replay, runs: BatchRuns, rate: number): Pick<StrategyPlan, 'runCount' | 'countFor'> & { emit(c: ContactEvents, counters: Int32Array, out: JobBuffer, base: number): void } {
  const { end } = replay.window;
  const { times, discounted } = runs;
  let counters: Int32Array;
  let out: JobBuffer;
  let base = 0;
  const emitOne = (k: number): void => {
    const pos = counters[base + k]++ as number;
    const t = (times[k] as number) + Math.floor((pos * 1000) / rate);
    if (t < end) pushJob(out, t, discounted);
  };
  const countOne = (k: number): void => {
    counters[base + k]++;
  };
  return {
    runCount: times.length,
    emit(contact, c, o, b) {
      counters = c;
      out = o;
      base = b;
      runs.members(contact, emitOne);
    },
    countFor(contact, c) {
      counters = c;
      base = 0;
      runs.members(contact, countOne);
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
 * L = last executed job, P = pending job. Returns how many jobs the cap suppressed.
 */
export function throttleJobs(replay: Replay, rule: ThrottleRule, { from, to }: ContactEvents, out: JobBuffer): number {
  const { time: evTime, type: evType } = replay.byContact;
  const { end, dayStarts } = replay.window;
  const { triggers, debounceMs, cap } = rule;
  let hasL = false;
  let L = 0;
  let hasP = false;
  let P = 0;
  let day = -1;
  let inDay = 0;
  let suppressed = 0;
  // Executes a job at t unless it falls past the window (it does not exist) or over the cap.
  const execute = (t: number): void => {
    if (t >= end) return;
    if (cap > 0) {
      const d = upperBound(dayStarts, t) - 1;
      if (d !== day) {
        day = d;
        inDay = 0;
      }
      if (inDay >= cap) {
        suppressed++;
        return;
      }
      inDay++;
    }
    L = t;
    hasL = true;
    pushJob(out, t, false);
  };
  for (let i = from; i < to; i++) {
    if (triggers[evType[i] as number] === 0) continue;
    const t = evTime[i] as number;
    if (hasP && P < t) {
      hasP = false;
      execute(P);
    }
    if (hasP) continue; // folds into the pending job
    if (hasL && L >= t) continue; // folds into the job that just ran at t
    if (!hasL || t - L >= debounceMs) execute(t);
    else {
      P = L + debounceMs;
      hasP = true;
    }
  }
  if (hasP) execute(P);
  return suppressed;
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
        countFor: batch.countFor,
        jobsFor(contact, counters, out) {
          batch.emit(contact, counters, out, 0);
          return 0;
        },
      };
    }
    case 'event-triggered': {
      const rule = throttleRule(typeNames, strategy);
      return { runCount: 0, countFor() {}, jobsFor: (contact, _counters, out) => throttleJobs(replay, rule, contact, out) };
    }
    case 'hybrid': {
      const rule = throttleRule(typeNames, strategy.eventTriggered);
      const refresh = strategy.fullRefresh;
      const runs = scopedRuns(replay, dailyRuns(replay, refresh.at, scenario.timezone, refresh.everyDays), refresh.scope, true);
      const batch = batchPlan(replay, runs, rate);
      return {
        runCount: batch.runCount,
        countFor: batch.countFor,
        jobsFor(contact, counters, out) {
          const suppressed = throttleJobs(replay, rule, contact, out);
          batch.emit(contact, counters, out, 0);
          return suppressed;
        },
      };
    }
  }
}
