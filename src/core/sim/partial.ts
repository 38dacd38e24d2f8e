/**
 * What one shard of one strategy contributes: integer counts and per-bucket job counts, so that
 * merging shards is plain addition and the result cannot depend on how contacts were split.
 */
import type { SimWindow } from './replay';

/** The parts of a scored event's staleness (§7): v − t = ingest + schedule + queue + service + write-back. */
export const STALENESS_PARTS = ['ingest', 'schedule', 'queue', 'service', 'writeBack'] as const;
export type StalenessPart = (typeof STALENESS_PARTS)[number];

export interface QueueSummary {
  /** s − r over executed jobs; null when none ran. */
  meanWaitSeconds: number | null;
  p99WaitSeconds: number | null;
  maxWaitSeconds: number | null;
  /** The most requests waiting at once. */
  maxBacklog: number;
  droppedAtWindowEnd: number;
}

export interface WriteBackSummary {
  calls: number;
  /** Scores visible in the CRM before the window's end. */
  recordsWritten: number;
  notWrittenByEnd: number;
  /** v − f over written records; null when none was written. */
  meanDelaySeconds: number | null;
  p99DelaySeconds: number | null;
  maxDelaySeconds: number | null;
  maxCallsPerDay: number;
  /** Local days whose calls reached the daily quota. */
  daysAtQuota: number;
}

/** What only the global pass of §7 (a queue or a write-back) knows: one shard holds the whole strategy. */
export interface PipelinePartial {
  queue: QueueSummary;
  writeBack: WriteBackSummary;
  /** API calls per minute and per local day of the window. */
  callsPerMinute: Int32Array;
  callsPerDay: Int32Array;
  /** The most requests waiting at once within each minute. */
  backlogPerMinute: Int32Array;
}

export interface StrategyPartial {
  scoreJobs: number;
  discountedJobs: number;
  suppressedByCap: number;
  wastedScores: number;
  significantEvents: number;
  unscored: number;
  jobsPerMinute: Int32Array;
  discountedJobsPerMinute: Int32Array;
  /** Staleness of each scored significant event, in ms, in no particular order. */
  staleness: Float64Array;
  /** Sums over scored significant events of each part of their staleness, in ms (STALENESS_PARTS order). */
  stalenessParts: Float64Array;
  pipeline?: PipelinePartial;
}

/** Staleness values of a shard, growing by doubling. */
export class StalenessBuffer {
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

/** Writes a shard's counts and staleness values into its partial (the hot loops keep them in locals). */
export function sealPartial(
  partial: StrategyPartial,
  counts: Pick<StrategyPartial, 'scoreJobs' | 'discountedJobs' | 'suppressedByCap' | 'wastedScores' | 'significantEvents' | 'unscored'>,
  staleness: StalenessBuffer,
  parts?: ArrayLike<number>,
): StrategyPartial {
  Object.assign(partial, counts);
  if (parts) partial.stalenessParts.set(parts);
  partial.staleness = staleness.values.slice(0, staleness.n);
  return partial;
}

export function emptyPartial(window: SimWindow): StrategyPartial {
  return {
    scoreJobs: 0,
    discountedJobs: 0,
    suppressedByCap: 0,
    wastedScores: 0,
    significantEvents: 0,
    unscored: 0,
    jobsPerMinute: new Int32Array(window.minutes),
    discountedJobsPerMinute: new Int32Array(window.minutes),
    staleness: new Float64Array(0),
    stalenessParts: new Float64Array(STALENESS_PARTS.length),
  };
}

function addInto(target: Int32Array, source: Int32Array): void {
  for (let i = 0; i < target.length; i++) target[i] = (target[i] as number) + (source[i] as number);
}

export function mergePartials(window: SimWindow, parts: readonly StrategyPartial[]): StrategyPartial {
  const merged = emptyPartial(window);
  let staleCount = 0;
  for (const p of parts) {
    merged.scoreJobs += p.scoreJobs;
    merged.discountedJobs += p.discountedJobs;
    merged.suppressedByCap += p.suppressedByCap;
    merged.wastedScores += p.wastedScores;
    merged.significantEvents += p.significantEvents;
    merged.unscored += p.unscored;
    addInto(merged.jobsPerMinute, p.jobsPerMinute);
    addInto(merged.discountedJobsPerMinute, p.discountedJobsPerMinute);
    for (let k = 0; k < STALENESS_PARTS.length; k++) merged.stalenessParts[k]! += p.stalenessParts[k]!;
    staleCount += p.staleness.length;
  }
  // A pipelined strategy is simulated whole, in one shard.
  const pipelined = parts.filter((p) => p.pipeline);
  if (pipelined.length > 1 || (pipelined.length === 1 && parts.length > 1)) throw new Error('a pipelined strategy is simulated in one shard');
  if (pipelined[0]) merged.pipeline = pipelined[0].pipeline;
  // One shard's values are taken as they are: at 100M events a strategy's are ~100 MB to copy.
  if (parts.length === 1) {
    merged.staleness = parts[0]!.staleness;
    return merged;
  }
  merged.staleness = new Float64Array(staleCount);
  let at = 0;
  for (const p of parts) {
    merged.staleness.set(p.staleness, at);
    at += p.staleness.length;
  }
  return merged;
}

/** Per-hour sums of a per-minute series (hour h = minutes 60h .. 60h + 59 of the window). */
export function perHour(perMinute: Int32Array, hours: number): Int32Array {
  const out = new Int32Array(hours);
  for (let m = 0; m < perMinute.length; m++) out[(m / 60) | 0] += perMinute[m]!;
  return out;
}
