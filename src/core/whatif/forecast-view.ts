/**
 * A forecast as every face presents it — the app, the report and the command line print the same
 * words and the same figures from these: calendar months, a months × strategies table with each
 * year's and the horizon's totals, the inputs in a sentence, and the long CSV.
 */
import { csvText } from '../csv';
import { count, usd } from '../format';
import type { ForecastResult, ForecastRow } from './forecast';

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** "2026-04" → "Apr 2026". */
export function monthLabel(yyyyMm: string): string {
  const [y, m] = yyyyMm.split('-');
  return `${MONTHS[Number(m) - 1]} ${y}`;
}

/** A monthly rate as people say it: 0.02 → "+2%", -0.015 → "−1.5%". */
export function ratePercent(rate: number): string {
  const pct = +(rate * 100).toFixed(2);
  return `${pct < 0 ? '−' : '+'}${Math.abs(pct)}%`;
}

/** The inputs in one sentence, with the months they cover. */
export function forecastInputsText(r: ForecastResult): string {
  const i = r.inputs;
  const months = r.rows.length > 0 ? `${monthLabel(r.rows[0]!.monthStart)} to ${monthLabel(r.rows[r.rows.length - 1]!.monthStart)}` : '';
  const population =
    i.population !== undefined ? ` (${count(i.population)} contacts in the CRM)` : i.sampleFraction !== undefined ? ` (the sample is ${+(i.sampleFraction * 100).toFixed(2)}% of the CRM)` : ' (the sample as the whole CRM)';
  return (
    `${i.months} months, ${months}, from run ${r.run} (“${r.scenario}” on “${r.dataset}”): contacts ${ratePercent(i.growthContacts)} a month, events ${ratePercent(i.growthEvents)} a month, ` +
    `unit prices ${ratePercent(i.priceChange)} a month; each sampled contact stands for ${+r.scale.toPrecision(3)}${population}; 95% intervals from ${i.replicates} bootstrap replicates (seed ${i.seed}).`
  );
}

export interface ForecastCell {
  strategy: string;
  costUsd: number;
  costLowUsd: number;
  costHighUsd: number;
}

export interface ForecastMatrix {
  strategies: string[];
  months: { label: string; days: number; cells: ForecastCell[] }[];
  /** Each calendar year's total (if the horizon spans more than one), then the horizon's. */
  totals: { label: string; months: number; cells: ForecastCell[] }[];
}

export function forecastMatrix(r: ForecastResult): ForecastMatrix {
  const strategies = [...new Set(r.rows.map((x) => x.strategy))];
  const byMonth = new Map<string, ForecastRow[]>();
  for (const row of r.rows) byMonth.set(row.monthStart, [...(byMonth.get(row.monthStart) ?? []), row]);
  const months = [...byMonth].map(([m, rows]) => ({ label: monthLabel(m), days: rows[0]!.days, cells: strategies.map((s) => rows.find((x) => x.strategy === s)!) }));
  const periods = [...new Set(r.totals.map((t) => t.period))];
  const years = periods.filter((p) => p !== 'total');
  const shown = years.length > 1 ? periods : ['total'];
  const totals = shown.map((p) => {
    const cells = strategies.map((s) => r.totals.find((t) => t.strategy === s && t.period === p)!);
    return { label: p === 'total' ? `Total, ${r.rows.length / Math.max(1, strategies.length)} months` : `${p} (${cells[0]!.months} months)`, months: cells[0]!.months, cells };
  });
  return { strategies, months, totals };
}

/** A cost and its interval as a cell reads: "$1,234 ($1,100 – $1,400)". */
export function costCell(c: ForecastCell): string {
  return `${usd(c.costUsd)} (${usd(c.costLowUsd)} – ${usd(c.costHighUsd)})`;
}

/** Whether an estimate sits on the edge of its interval (the interval was widened to hold it). */
export function onBound(value: number, low: number, high: number): boolean {
  return high > low && (value === low || value === high);
}

export const BOUND_NOTE =
  '† The estimate sits on the edge of its 95% interval, which is widened to include it. A peak is one minute, not a sum: resampling contacts with replacement stacks some contacts’ events into the same minutes and drops others, so the resampled peaks tend to fall on one side of the sample’s own.';

/** The long CSV: one row per month and strategy, units in the headers, money in cents and counts whole. */
export function forecastCsv(r: ForecastResult): string {
  return csvText(
    ['month', 'days', 'strategy', 'cost_usd', 'cost_low_usd', 'cost_high_usd', 'jobs', 'jobs_low', 'jobs_high', 'peak_ops_per_minute', 'peak_low_ops_per_minute', 'peak_high_ops_per_minute'],
    r.rows.map((x) => [
      x.monthStart,
      x.days,
      x.strategy,
      x.costUsd.toFixed(2),
      x.costLowUsd.toFixed(2),
      x.costHighUsd.toFixed(2),
      Math.round(x.jobs),
      Math.round(x.jobsLow),
      Math.round(x.jobsHigh),
      Math.round(x.peakOpsPerMinute),
      Math.round(x.peakLow),
      Math.round(x.peakHigh),
    ]),
  );
}
