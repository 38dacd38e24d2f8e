/**
 * Nightly batch over every known contact, in closed form. Contact order is first-event order, so the
 * contacts known at a run are a prefix of the ranks, and the contact at rank r holds position r in
 * every run it belongs to: its jobs all execute at run + ⌊r × 1000 / rate⌋. Wasted scores and
 * freshness then follow from the contact's events and the run times, and the per-minute job counts
 * from rank ranges, without listing a single job. `simulateJobs` is the reference it must match.
 */
import type { Scenario, Strategy } from '../scenario';
import { MINUTE_MS } from '../time';
import { lowerBound, upperBound } from './columns';
import { contactEvents, newContactEvents } from './contact-events';
import { StalenessBuffer, type StrategyPartial, emptyPartial, sealPartial } from './partial';
import { type Replay, significantFor } from './replay';
import { PROGRESS_EVERY, type ProgressFn, type ShardSpec } from './shard-spec';
import { dailyRuns } from './strategies';

type NightlyBatch = Extract<Strategy, { kind: 'nightly-batch' }>;

export function simulateNightlyAll(replay: Replay, scenario: Scenario, strategy: NightlyBatch, spec: ShardSpec, onProgress?: ProgressFn): StrategyPartial {
  const runs = dailyRuns(replay, strategy.at, scenario.timezone, 1);
  const rate = scenario.executor.batchScoresPerSecond;
  // The same expression the job kernel uses, so both round alike.
  const offsetOf = (position: number): number => Math.floor((position * 1000) / rate);
  /** The first position whose offset is at least `ms` (offsets never decrease with position). */
  const firstPositionAt = (ms: number): number => {
    if (ms <= 0) return 0;
    let p = Math.ceil((ms * rate) / 1000);
    while (p > 0 && offsetOf(p - 1) >= ms) p--;
    while (offsetOf(p) < ms) p++;
    return p;
  };
  const { start, end } = replay.window;
  const partial = emptyPartial(replay.window);
  const { jobsPerMinute } = partial;

  // Per-minute job counts, one minute at a time: the shard's members of run k are ranks
  // [rankFrom, known at the run), cut where their offset would reach the window's end.
  for (let k = 0; k < runs.length; k++) {
    const run = runs[k]!;
    const hi = Math.min(spec.rankTo, upperBound(replay.firstTime, run), firstPositionAt(end - run));
    for (let r = spec.rankFrom; r < hi; ) {
      const m = ((run + offsetOf(r) - start) / MINUTE_MS) | 0;
      const next = Math.min(hi, firstPositionAt(start + (m + 1) * MINUTE_MS - run));
      jobsPerMinute[m] += next - r;
      r = next;
    }
  }

  const significant = significantFor(replay, scenario);
  const { time: evTime } = replay.byContact;
  const sigTime = significant.time;
  const sigOrigin = significant.origin;
  const staleness = new StalenessBuffer();
  const contact = newContactEvents();
  let scoreJobs = 0;
  let wasted = 0;
  // The window's significant events the scorer never sees are unscored; the first shard counts them.
  let significantEvents = spec.rankFrom === 0 ? significant.missed : 0;
  let unscored = significantEvents;
  let ingestMs = 0;
  let scheduleMs = 0;
  for (let rank = spec.rankFrom; rank < spec.rankTo; rank++) {
    const { from, to, sigFrom, sigTo } = contactEvents(replay, significant, rank, contact);
    const off = offsetOf(rank);
    // Jobs: runs [k0, kEnd), at runs[k] + off.
    const k0 = lowerBound(runs, replay.firstTime[rank]!);
    const kEnd = Math.max(k0, lowerBound(runs, end - off));
    const n = kEnd - k0;
    scoreJobs += n;
    if (n > 1) {
      // A job k > k0 is not wasted iff some event falls in (job k-1, job k]: count those k once each.
      let covered = 0;
      let k = k0;
      let last = k0;
      for (let i = from; i < to; i++) {
        const t = evTime[i]!;
        while (k < kEnd && runs[k]! + off < t) k++;
        if (k === kEnd) break;
        if (k !== last) {
          covered++;
          last = k;
        }
      }
      wasted += n - 1 - covered;
    }
    // Freshness: each significant event waits for the first job at or after it.
    significantEvents += sigTo - sigFrom;
    let k = k0;
    for (let i = sigFrom; i < sigTo; i++) {
      const a = sigTime[i]!;
      while (k < kEnd && runs[k]! + off < a) k++;
      if (k === kEnd) {
        unscored += sigTo - i;
        break;
      }
      const t = sigOrigin[i]!;
      staleness.push(runs[k]! + off - t);
      ingestMs += a - t;
      scheduleMs += runs[k]! + off - a;
    }
    if (onProgress && (rank - spec.rankFrom) % PROGRESS_EVERY === PROGRESS_EVERY - 1) onProgress(rank - spec.rankFrom + 1);
  }
  partial.discountedJobsPerMinute.set(jobsPerMinute);
  onProgress?.(spec.rankTo - spec.rankFrom);
  return sealPartial(partial, { scoreJobs, discountedJobs: scoreJobs, suppressedByCap: 0, wastedScores: wasted, significantEvents, unscored }, staleness, [ingestMs, scheduleMs, 0, 0, 0]);
}
