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
  /** Monthly growth rates (0.02 is 2% a month), compounded. */
  growthContacts: number;
  growthEvents: number;
  /** Monthly change of every unit price, e.g. -0.02. */
  priceChange: number;
  /** Population ÷ sample: how many contacts each sampled one stands for. */
  scale: number;
  windowDays: number;
  /** The first forecast month, YYYY-MM: each month is that calendar month, with its own number of days. */
  startMonth: string;
}

export interface ForecastRow {
  /** 1 for the first forecast month. */
  month: number;
  /** The calendar month, YYYY-MM. */
  monthStart: string;
  /** Days in that calendar month. */
  days: number;
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

/** The calendar month `offset` months after YYYY-MM, and its days. */
export function calendarMonth(start: string, offset: number): { label: string; days: number } {
  const m = /^(\d{4})-(\d{2})$/.exec(start);
  if (!m) throw new Error(`${start}: expected a month as YYYY-MM`);
  const index = Number(m[1]) * 12 + Number(m[2]) - 1 + offset;
  const year = Math.floor(index / 12);
  const month = index % 12;
  const days = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  return { label: `${year}-${String(month + 1).padStart(2, '0')}`, days };
}

/** The first calendar month after a window that ends (exclusively) at `end` ms. */
export function monthAfter(end: number): string {
  const d = new Date(end - 1);
  return calendarMonth(`${d.getUTCFullYear()}-${String(d.getUTCMonth() + 1).padStart(2, '0')}`, 1).label;
}

function monthFigures(scenario: Scenario, s: StrategySummary, index: number, o: ForecastOptions, month: number): { cost: number; jobs: number } {
  const units = unitCosts(scenario);
  const days = calendarMonth(o.startMonth, month - 1).days;
  const perMonth = days / o.windowDays;
  const contactFactor = o.scale * (1 + o.growthContacts) ** month;
  const eventFactor = o.scale * (1 + o.growthEvents) ** month;
  const batchJobs = s.discountedJobs * contactFactor * perMonth;
  const otherJobs = (s.scoreJobs - s.discountedJobs) * eventFactor * perMonth;
  const jobs = batchJobs + otherJobs;
  const price = (1 + o.priceChange) ** month;
  const variable = jobs * (units.compute + units.db) + units.llm * (otherJobs + batchJobs * (1 - units.llmBatchDiscount));
  const fixed = (scenario.strategies[index]?.fixedUsdPerDay ?? 0) * days;
  return { cost: (variable + fixed) * price, jobs };
}

/** A total over months: the horizon's, or one calendar year's. */
export interface ForecastTotal {
  strategy: string;
  /** "YYYY" for a calendar year, "total" for the whole horizon. */
  period: string;
  /** How many forecast months it sums. */
  months: number;
  costUsd: number;
  costLowUsd: number;
  costHighUsd: number;
}

export interface Forecast {
  rows: ForecastRow[];
  totals: ForecastTotal[];
}

/** Intervals: the 2.5–97.5% range of the replicates, widened to hold the estimate. */
function band(values: number[], value: number): [number, number] {
  if (values.length === 0) return [value, value];
  const sorted = Float64Array.from(values).sort();
  return [Math.min(value, nearestRank(sorted, 2.5)!), Math.max(value, nearestRank(sorted, 97.5)!)];
}

/**
 * Rows by month then strategy, and per strategy each calendar year's total and the horizon's. A
 * total's interval sums each replicate's months before taking the range (months move together).
 */
export function forecast(scenario: Scenario, base: ForecastSample, replicates: readonly ForecastSample[], o: ForecastOptions): Forecast {
  const rows: ForecastRow[] = [];
  const months = Array.from({ length: o.months }, (_, k) => calendarMonth(o.startMonth, k));
  const costs = base.strategies.map(() => ({ point: new Float64Array(o.months), reps: replicates.map(() => new Float64Array(o.months)) }));
  for (let m = 1; m <= o.months; m++) {
    base.strategies.forEach((s, i) => {
      const point = monthFigures(scenario, s, i, o, m);
      const reps = replicates.map((r) => monthFigures(scenario, r.strategies[i]!, i, o, m));
      costs[i]!.point[m - 1] = point.cost;
      reps.forEach((r, k) => (costs[i]!.reps[k]![m - 1] = r.cost));
      const [costLowUsd, costHighUsd] = band(reps.map((r) => r.cost), point.cost);
      const [jobsLow, jobsHigh] = band(reps.map((r) => r.jobs), point.jobs);
      const peak = base.peaks[i]?.[m - 1] ?? 0;
      const [peakLow, peakHigh] = band(replicates.map((r) => r.peaks[i]?.[m - 1] ?? 0), peak);
      const { label, days } = months[m - 1]!;
      rows.push({ month: m, monthStart: label, days, strategy: s.id, costUsd: point.cost, costLowUsd, costHighUsd, jobs: point.jobs, jobsLow, jobsHigh, peakOpsPerMinute: peak, peakLow, peakHigh });
    });
  }
  const totals: ForecastTotal[] = [];
  const years = [...new Set(months.map((m) => m.label.slice(0, 4)))];
  base.strategies.forEach((s, i) => {
    const sum = (values: Float64Array, keep: (k: number) => boolean) => values.reduce((a, v, k) => (keep(k) ? a + v : a), 0);
    const periods: [string, (k: number) => boolean][] = [...years.map((y): [string, (k: number) => boolean] => [y, (k) => months[k]!.label.startsWith(y)]), ['total', () => true]];
    for (const [period, keep] of periods) {
      const point = sum(costs[i]!.point, keep);
      const [costLowUsd, costHighUsd] = band(costs[i]!.reps.map((r) => sum(r, keep)), point);
      totals.push({ strategy: s.id, period, months: months.filter((_, k) => keep(k)).length, costUsd: point, costLowUsd, costHighUsd });
    }
  });
  return { rows, totals };
}

/** A forecast as it crosses to every face. */
export interface ForecastResult {
  run: number;
  scenario: string;
  dataset: string;
  scale: number;
  replicates: number;
  seed: number;
  /** The inputs as given (growth and price change as monthly rates: 0.02 is 2% a month). */
  inputs: ForecastInputs;
  /** The first forecast month, YYYY-MM. */
  startMonth: string;
  rows: ForecastRow[];
  totals: ForecastTotal[];
}

export interface ForecastInputs {
  months: number;
  growthContacts: number;
  growthEvents: number;
  priceChange: number;
  population?: number;
  sampleFraction?: number;
  replicates: number;
  seed: number;
  startMonth: string;
}
