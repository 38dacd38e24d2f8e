/** One strategy over one range of contacts (in contact order): jobs, then the per-contact metrics. */
import type { Scenario } from '../scenario';
import { HOUR_MS, MINUTE_MS } from '../time';
import { lowerBound } from './columns';
import { type JobBuffer, newJobBuffer, sortJobs } from './jobs';
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

function contactEvents(replay: Replay, rank: number): ContactEvents {
  const c = replay.order[rank] as number;
  const { offsets, time } = replay.byContact;
  const lo = offsets[c] as number;
  const hi = offsets[c + 1] as number;
  const from = (time[lo] as number) >= replay.window.start ? lo : lowerBound(time, replay.window.start, lo, hi);
  const to = hi > from && (time[hi - 1] as number) < replay.window.end ? hi : lowerBound(time, replay.window.end, from, hi);
  return { rank, from, to };
}

/** How many contacts of [rankFrom, rankTo) each batch run holds. */
export function countRunMembers(replay: Replay, scenario: Scenario, strategyIndex: number, rankFrom: number, rankTo: number): Int32Array {
  const plan = planStrategy(replay, scenario, scenario.strategies[strategyIndex]!);
  const counters = new Int32Array(plan.runCount);
  for (let rank = rankFrom; rank < rankTo; rank++) plan.countFor(contactEvents(replay, rank), counters);
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
  const { jobsPerMinute, jobsPerHour, discountedJobsPerHour } = partial;

  for (let rank = spec.rankFrom; rank < spec.rankTo; rank++) {
    const contact = contactEvents(replay, rank);
    jobs.n = 0;
    partial.suppressedByCap += plan.jobsFor(contact, counters, jobs);
    sortJobs(jobs);
    accumulateContact(partial, staleness, jobs, contact, evTime, evType, significant, start, jobsPerMinute, jobsPerHour, discountedJobsPerHour);
    if (onProgress && (rank - spec.rankFrom) % PROGRESS_EVERY === PROGRESS_EVERY - 1) onProgress(rank - spec.rankFrom + 1);
  }
  partial.staleness = staleness.values.slice(0, staleness.n);
  onProgress?.(spec.rankTo - spec.rankFrom);
  return partial;
}

function accumulateContact(
  partial: StrategyPartial,
  staleness: StalenessBuffer,
  jobs: JobBuffer,
  { from, to }: ContactEvents,
  evTime: Float64Array,
  evType: Uint16Array,
  significant: Uint8Array,
  start: number,
  jobsPerMinute: Int32Array,
  jobsPerHour: Int32Array,
  discountedJobsPerHour: Int32Array,
): void {
  const { time: jobTime, discounted } = jobs;
  const n = jobs.n;
  partial.scoreJobs += n;
  let e = from;
  for (let j = 0; j < n; j++) {
    const t = jobTime[j] as number;
    const sinceStart = t - start;
    jobsPerMinute[Math.floor(sinceStart / MINUTE_MS)]++;
    const hour = Math.floor(sinceStart / HOUR_MS);
    jobsPerHour[hour]++;
    if (discounted[j] === 1) {
      partial.discountedJobs++;
      discountedJobsPerHour[hour]++;
    }
    if (j > 0) {
      // Wasted: nothing happened to the contact in (previous job, this job].
      const prev = jobTime[j - 1] as number;
      while (e < to && (evTime[e] as number) <= prev) e++;
      if (e >= to || (evTime[e] as number) > t) partial.wastedScores++;
    }
  }
  let j = 0;
  for (let i = from; i < to; i++) {
    if (significant[evType[i] as number] === 0) continue;
    const t = evTime[i] as number;
    partial.significantEvents++;
    while (j < n && (jobTime[j] as number) < t) j++;
    if (j < n) staleness.push((jobTime[j] as number) - t);
    else partial.unscored++;
  }
}
