/**
 * Monthly forecasts from a run: its jobs split into contact-driven ones (nightly batches and full
 * refreshes, which grow with contacts) and event-driven ones (which grow with events), scaled to the
 * population and compounded monthly, priced by the scenario (optionally with a monthly price change).
 * Intervals come from bootstrap replicates of the sample put through the same arithmetic.
 */
import type { Scenario } from '../scenario';
import { unitCosts } from '../sim/finalize';
import type { StrategySummary } from '../sim/results';
import { nearestRank } from '../sim/percentile';
import type { StrategyPartial } from '../sim/partial';

export interface ForecastOptions {
  months: number;
  growthContacts: number;
  growthEvents: number;
  /** Monthly change of every unit price, e.g. -0.02. */
  priceChange: number;
  /** Population ÷ sample: how many contacts each sampled one stands for. */
  scale: number;
  windowDays: number;
}

export interface ForecastRow {
  month: number;
  strategy: string;
  costUsd: number;
  costLowUsd: number;
  costHighUsd: number;
  jobs: number;
  jobsLow: number;
  jobsHigh: number;
  peakOpsPerMinute: number;
  peakLow: number;
  peakHigh: number;
}

/** One simulated sample (the original or a bootstrap replicate): its summaries and, per strategy, its peak at each month's event factor. */
export interface ForecastSample {
  strategies: readonly StrategySummary[];
  /** peaks[strategy][month − 1] */
  peaks: readonly (readonly number[])[];
}

/** The months' event-volume factors: s × (1 + g_e)^m. */
export function eventFactors(o: Pick<ForecastOptions, 'months' | 'scale' | 'growthEvents'>): number[] {
  return Array.from({ length: o.months }, (_, i) => o.scale * (1 + o.growthEvents) ** (i + 1));
}

/**
 * Peak database ops per minute when event volume is ×f: batch runs are paced by the executor, so
 * more contacts lengthen them without raising their per-minute load; everything else (event-driven
 * jobs, micro-batches, event writes) grows with events. Peak = max over minutes of batch + f × rest.
 */
export function projectedPeaks(scenario: Scenario, eventsPerMinute: Int32Array, partial: StrategyPartial, factors: readonly number[]): number[] {
  const opsPerJob = scenario.cost.db.readsPerScore + scenario.cost.db.writesPerScore;
  const perEvent = scenario.cost.db.writesPerEvent;
  return factors.map((f) => {
    let peak = 0;
    for (let m = 0; m < partial.jobsPerMinute.length; m++) {
      const batch = partial.discountedJobsPerMinute[m]! * opsPerJob;
      const rest = (partial.jobsPerMinute[m]! - partial.discountedJobsPerMinute[m]!) * opsPerJob + eventsPerMinute[m]! * perEvent;
      const v = batch + f * rest;
      if (v > peak) peak = v;
    }
    return peak;
  });
}

function monthFigures(scenario: Scenario, s: StrategySummary, index: number, o: ForecastOptions, month: number): { cost: number; jobs: number } {
  const units = unitCosts(scenario);
  const perMonth = 30 / o.windowDays;
  const contactFactor = o.scale * (1 + o.growthContacts) ** month;
  const eventFactor = o.scale * (1 + o.growthEvents) ** month;
  const batchJobs = s.discountedJobs * contactFactor * perMonth;
  const otherJobs = (s.scoreJobs - s.discountedJobs) * eventFactor * perMonth;
  const jobs = batchJobs + otherJobs;
  const price = (1 + o.priceChange) ** month;
  const variable = jobs * (units.compute + units.db) + units.llm * (otherJobs + batchJobs * (1 - units.llmBatchDiscount));
  const fixed = (scenario.strategies[index]?.fixedUsdPerDay ?? 0) * 30;
  return { cost: (variable + fixed) * price, jobs };
}

/** Rows by month then strategy. Intervals: the 2.5–97.5% range of the replicates, widened to hold the estimate. */
export function forecast(scenario: Scenario, base: ForecastSample, replicates: readonly ForecastSample[], o: ForecastOptions): ForecastRow[] {
  const rows: ForecastRow[] = [];
  const band = (values: number[], value: number): [number, number] => {
    if (values.length === 0) return [value, value];
    const sorted = Float64Array.from(values).sort();
    return [Math.min(value, nearestRank(sorted, 2.5)!), Math.max(value, nearestRank(sorted, 97.5)!)];
  };
  for (let m = 1; m <= o.months; m++) {
    base.strategies.forEach((s, i) => {
      const point = monthFigures(scenario, s, i, o, m);
      const reps = replicates.map((r) => monthFigures(scenario, r.strategies[i]!, i, o, m));
      const [costLowUsd, costHighUsd] = band(reps.map((r) => r.cost), point.cost);
      const [jobsLow, jobsHigh] = band(reps.map((r) => r.jobs), point.jobs);
      const peak = base.peaks[i]?.[m - 1] ?? 0;
      const [peakLow, peakHigh] = band(replicates.map((r) => r.peaks[i]?.[m - 1] ?? 0), peak);
      rows.push({ month: m, strategy: s.id, costUsd: point.cost, costLowUsd, costHighUsd, jobs: point.jobs, jobsLow, jobsHigh, peakOpsPerMinute: peak, peakLow, peakHigh });
    });
  }
  return rows;
}
