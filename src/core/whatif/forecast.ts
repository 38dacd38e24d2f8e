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
export function forecast(scenario: Scenario, base: readonly StrategySummary[], replicates: readonly (readonly StrategySummary[])[], o: ForecastOptions): ForecastRow[] {
  const rows: ForecastRow[] = [];
  for (let m = 1; m <= o.months; m++) {
    base.forEach((s, i) => {
      const point = monthFigures(scenario, s, i, o, m);
      const reps = replicates.map((r) => monthFigures(scenario, r[i]!, i, o, m));
      const costs = Float64Array.from(reps, (r) => r.cost).sort();
      const jobs = Float64Array.from(reps, (r) => r.jobs).sort();
      const band = (sorted: Float64Array, value: number): [number, number] =>
        sorted.length === 0 ? [value, value] : [Math.min(value, nearestRank(sorted, 2.5)!), Math.max(value, nearestRank(sorted, 97.5)!)];
      const [costLowUsd, costHighUsd] = band(costs, point.cost);
      const [jobsLow, jobsHigh] = band(jobs, point.jobs);
      rows.push({ month: m, strategy: s.id, costUsd: point.cost, costLowUsd, costHighUsd, jobs: point.jobs, jobsLow, jobsHigh });
    });
  }
  return rows;
}
