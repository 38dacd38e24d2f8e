/** One strategy over one range of contacts (in contact order): jobs, then the per-contact metrics. */
import type { Scenario } from '../scenario';
import { MINUTE_MS } from '../time';
import { lowerBound } from './columns';
import { newJobBuffer, sortJobs } from './jobs';
import { type StrategyPartial, emptyPartial } from './partial';
import { type Replay, typeMask } from './replay';
import { type ContactEvents, planStrategy } from './strategies';

export interface ShardSpec {
  strategyIndex: number;
  rankFrom: number;
  rankTo: number;
  /** Positions already taken in each batch run by contacts before rankFrom (see countRunMembers). */
  runOffsets?: Int32Array | undefined;
}

export type ProgressFn = (contactsDone: number) => void;

const PROGRESS_EVERY = 16_384;

/** Points `into` at the in-window events of the contact at `rank` (reused: no allocation per contact). */
function contactEvents(replay: Replay, rank: number, into: ContactEvents = { rank: 0, from: 0, to: 0 }): ContactEvents {
  const c = replay.order[rank]!;
  const { offsets, time } = replay.byContact;
  const lo = offsets[c]!;
  const hi = offsets[c + 1]!;
  const from = time[lo]! >= replay.window.start ? lo : lowerBound(time, replay.window.start, lo, hi);
  into.rank = rank;
  into.from = from;
  into.to = hi > from && time[hi - 1]! < replay.window.end ? hi : lowerBound(time, replay.window.end, from, hi);
  return into;
}

/** How many contacts of [rankFrom, rankTo) each batch run holds. */
export function countRunMembers(replay: Replay, scenario: Scenario, strategyIndex: number, rankFrom: number, rankTo: number): Int32Array {
  const plan = planStrategy(replay, scenario, scenario.strategies[strategyIndex]!);
  const counters = new Int32Array(plan.runCount);
  const contact: ContactEvents = { rank: 0, from: 0, to: 0 };
  for (let rank = rankFrom; rank < rankTo; rank++) plan.countFor(contactEvents(replay, rank, contact), counters);
  return counters;
}

class StalenessBuffer {
  values = new Float64Array(1024);
  n = 0;
  push(v: number): void {
    if (this.n === this.values.length) {
      const grown = new Float64Array(this.n * 2);
      grown.set(this.values);
      this.values = grown;
    }
    this.values[this.n++] = v;
  }
}

export function simulateShard(replay: Replay, scenario: Scenario, spec: ShardSpec, onProgress?: ProgressFn): StrategyPartial {
  const strategy = scenario.strategies[spec.strategyIndex]!;
  const plan = planStrategy(replay, scenario, strategy);
  const counters = spec.runOffsets ? Int32Array.from(spec.runOffsets) : new Int32Array(plan.runCount);
  const significant = typeMask(replay.columns.typeNames, scenario.significant);
  const partial = emptyPartial(replay.window);
  const staleness = new StalenessBuffer();
  const jobs = newJobBuffer();
  const { time: evTime, type: evType } = replay.byContact;
  const { start } = replay.window;
  const { jobsPerMinute, discountedJobsPerMinute } = partial;
  const perJobDiscount = plan.discount === 'per-job';
  // Hot counters live in locals; the partial is written once at the end.
  let scoreJobs = 0;
  let discountedJobs = 0;
  let suppressed = 0;
  let wasted = 0;
  let significantEvents = 0;
  let unscored = 0;

  const contact: ContactEvents = { rank: 0, from: 0, to: 0 };
  for (let rank = spec.rankFrom; rank < spec.rankTo; rank++) {
    contactEvents(replay, rank, contact);
    jobs.n = 0;
    suppressed += plan.jobsFor(contact, counters, jobs);
    sortJobs(jobs);
    const { time: jobTime, discounted } = jobs;
    const n = jobs.n;
    const { from, to } = contact;
    scoreJobs += n;
    let e = from;
    for (let j = 0; j < n; j++) {
      const t = jobTime[j]!;
      // Window starts are whole minutes and jobs lie inside the window, so this index is exact.
      const minute = ((t - start) / MINUTE_MS) | 0;
      jobsPerMinute[minute]++;
      if (perJobDiscount && discounted[j] === 1) {
        discountedJobs++;
        discountedJobsPerMinute[minute]++;
      }
      if (j > 0) {
        // Wasted: nothing happened to the contact in (previous job, this job].
        const prev = jobTime[j - 1]!;
        while (e < to && evTime[e]! <= prev) e++;
        if (e >= to || evTime[e]! > t) wasted++;
      }
    }
    // Freshness: each significant event waits for the contact's first job at or after it.
    let k = 0;
    for (let i = from; i < to; i++) {
      if (significant[evType[i]!] === 0) continue;
      const t = evTime[i]!;
      significantEvents++;
      while (k < n && jobTime[k]! < t) k++;
      if (k < n) staleness.push(jobTime[k]! - t);
      else unscored++;
    }
    if (onProgress && (rank - spec.rankFrom) % PROGRESS_EVERY === PROGRESS_EVERY - 1) onProgress(rank - spec.rankFrom + 1);
  }
  if (plan.discount === 'all') {
    discountedJobs = scoreJobs;
    discountedJobsPerMinute.set(jobsPerMinute);
  }
  partial.scoreJobs = scoreJobs;
  partial.discountedJobs = discountedJobs;
  partial.suppressedByCap = suppressed;
  partial.wastedScores = wasted;
  partial.significantEvents = significantEvents;
  partial.unscored = unscored;
  partial.staleness = staleness.values.slice(0, staleness.n);
  onProgress?.(spec.rankTo - spec.rankFrom);
  return partial;
}
