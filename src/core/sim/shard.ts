/** One strategy over one range of contacts (in contact order): jobs, then the per-contact metrics. */
import { type Scenario, isPipelined } from '../scenario';
import { MINUTE_MS } from '../time';
import { newJobBuffer } from './jobs';
import { StalenessBuffer, type StrategyPartial, emptyPartial, sealPartial } from './partial';
import { simulateNightlyAll } from './nightly-all';
import { type Replay, significantFor } from './replay';
import { contactEvents, newContactEvents } from './contact-events';
import { planStrategy } from './strategies';
import { simulatePipelined } from './pipeline';
import { PROGRESS_EVERY, type ProgressFn, type ShardSpec } from './shard-spec';

export type { ProgressFn, ShardSpec };


/** How many contacts of [rankFrom, rankTo) each batch run holds. */
export function countRunMembers(replay: Replay, scenario: Scenario, strategyIndex: number, rankFrom: number, rankTo: number): Int32Array {
  const significant = significantFor(replay, scenario);
  const plan = planStrategy(replay, scenario, scenario.strategies[strategyIndex]!, significant);
  const counters = new Int32Array(plan.runCount);
  const contact = newContactEvents();
  for (let rank = rankFrom; rank < rankTo; rank++) plan.countFor(contactEvents(replay, significant, rank, contact), counters);
  return counters;
}

/**
 * Simulates one shard of one strategy, with the closed form where one exists. A strategy with a
 * queue or a write-back (§7) is simulated whole: its spec must cover every contact.
 */
export function simulateShard(replay: Replay, scenario: Scenario, spec: ShardSpec, onProgress?: ProgressFn): StrategyPartial {
  const strategy = scenario.strategies[spec.strategyIndex]!;
  if (isPipelined(scenario, strategy)) return simulatePipelined(replay, scenario, spec, onProgress);
  if (strategy.kind === 'nightly-batch' && strategy.scope === 'all') return simulateNightlyAll(replay, scenario, strategy, spec, onProgress);
  return simulateJobs(replay, scenario, spec, onProgress);
}

/** The general kernel: lists each contact's jobs, then counts them per minute and measures them. */
export function simulateJobs(replay: Replay, scenario: Scenario, spec: ShardSpec, onProgress?: ProgressFn): StrategyPartial {
  const strategy = scenario.strategies[spec.strategyIndex]!;
  const significant = significantFor(replay, scenario);
  const plan = planStrategy(replay, scenario, strategy, significant);
  const counters = spec.runOffsets ? Int32Array.from(spec.runOffsets) : new Int32Array(plan.runCount);
  const partial = emptyPartial(replay.window);
  const staleness = new StalenessBuffer();
  const jobs = newJobBuffer();
  const evTime = replay.byContact.time;
  const sigTime = significant.time;
  const sigOrigin = significant.origin;
  const { start } = replay.window;
  const { jobsPerMinute, discountedJobsPerMinute } = partial;
  const perJobDiscount = plan.discount === 'per-job';
  // Hot counters live in locals; the partial is written once at the end.
  let scoreJobs = 0;
  let discountedJobs = 0;
  let suppressed = 0;
  let wasted = 0;
  // The window's significant events the scorer never sees are unscored; the first shard counts them.
  let significantEvents = spec.rankFrom === 0 ? significant.missed : 0;
  let unscored = significantEvents;
  let ingestMs = 0;
  let scheduleMs = 0;

  const contact = newContactEvents();
  for (let rank = spec.rankFrom; rank < spec.rankTo; rank++) {
    contactEvents(replay, significant, rank, contact);
    jobs.n = 0;
    suppressed += plan.jobsFor(contact, counters, jobs);
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
    significantEvents += contact.sigTo - contact.sigFrom;
    // It is seen at its arrival a and happened at t: the same instant unless ingest delays it.
    if (sigOrigin === sigTime) {
      for (let i = contact.sigFrom; i < contact.sigTo; i++) {
        const t = sigTime[i]!;
        while (k < n && jobTime[k]! < t) k++;
        if (k < n) {
          staleness.push(jobTime[k]! - t);
          scheduleMs += jobTime[k]! - t;
        } else unscored++;
      }
    } else {
      for (let i = contact.sigFrom; i < contact.sigTo; i++) {
        const a = sigTime[i]!;
        while (k < n && jobTime[k]! < a) k++;
        if (k < n) {
          const t = sigOrigin[i]!;
          staleness.push(jobTime[k]! - t);
          ingestMs += a - t;
          scheduleMs += jobTime[k]! - a;
        } else unscored++;
      }
    }
    if (onProgress && (rank - spec.rankFrom) % PROGRESS_EVERY === PROGRESS_EVERY - 1) onProgress(rank - spec.rankFrom + 1);
  }
  if (plan.discount === 'all') {
    discountedJobs = scoreJobs;
    discountedJobsPerMinute.set(jobsPerMinute);
  }
  onProgress?.(spec.rankTo - spec.rankFrom);
  return sealPartial(partial, { scoreJobs, discountedJobs, suppressedByCap: suppressed, wastedScores: wasted, significantEvents, unscored }, staleness, [ingestMs, scheduleMs, 0, 0, 0]);
}
