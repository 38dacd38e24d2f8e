/** Chart view-models from a stored run: pure functions, shared by the app, reports and tests. */
import { csvText } from '../../core/csv';
import type { RunPayload } from '../../shared/contract';

/** Okabe–Ito: distinguishable with the common colour-vision deficiencies. */
export const PALETTE = ['#0072B2', '#E69F00', '#009E73', '#CC79A7', '#56B4E9', '#D55E00', '#F0E442', '#000000'];

export interface Theme {
  text: string;
  muted: string;
  grid: string;
  background: string;
}
export const LIGHT: Theme = { text: '#1d2430', muted: '#5b6472', grid: '#e3e7ee', background: '#ffffff' };
export const DARK: Theme = { text: '#e6e9ef', muted: '#9aa3b2', grid: '#2d3441', background: '#161b24' };

export interface Line {
  id: string;
  color: string;
  points: [number, number][];
  /** Drawn dashed (the second run of a comparison). */
  dashed?: boolean;
}

export function windowStart(run: RunPayload): number {
  return run.result.window.start ? Date.parse(run.result.window.start) : 0;
}

export function cumulativeCost(run: RunPayload): Line[] {
  const start = windowStart(run);
  return run.series.map((s, i) => {
    let sum = 0;
    const points: [number, number][] = [[start, 0]];
    s.costPerHour.forEach((c, h) => {
      sum += c;
      points.push([start + (h + 1) * 3_600_000, sum]);
    });
    return { id: s.id, color: PALETTE[i % PALETTE.length]!, points };
  });
}

/** Two runs' cumulative cost on one axis of days since each window's start: the second run's lines dashed. */
export function comparedCost(a: RunPayload, b: RunPayload): Line[] {
  const elapsed = (run: RunPayload, dashed: boolean) =>
    cumulativeCost(run).map((l) => {
      const start = l.points[0]?.[0] ?? 0;
      return { ...l, id: `${l.id} (run ${run.info.id})`, dashed, points: l.points.map(([t, v]): [number, number] => [(t - start) / 86_400_000, v]) };
    });
  return [...elapsed(a, false), ...elapsed(b, true)];
}

export function opsLines(run: RunPayload): Line[] {
  const start = windowStart(run);
  return run.series.map((s, i) => ({ id: s.id, color: PALETTE[i % PALETTE.length]!, points: s.opsPerMinute.map((v, m): [number, number] => [start + m * 60_000, v]) }));
}

/**
 * Min and max per pixel column, in time order: a 40,000-point series drawn on 800 pixels keeps its
 * peaks and troughs with ~1,600 points.
 */
export function downsampleMinMax(points: [number, number][], x0: number, x1: number, pixels: number): [number, number][] {
  const inView = points.filter(([x]) => x >= x0 && x <= x1);
  if (inView.length <= pixels * 2) return inView;
  const out: [number, number][] = [];
  const span = (x1 - x0) / pixels;
  let i = 0;
  for (let px = 0; px < pixels && i < inView.length; px++) {
    const limit = x0 + (px + 1) * span;
    let min = inView[i]!;
    let max = inView[i]!;
    for (; i < inView.length && inView[i]![0] <= limit; i++) {
      if (inView[i]![1] < min[1]) min = inView[i]!;
      if (inView[i]![1] > max[1]) max = inView[i]!;
    }
    if (min[0] <= max[0]) out.push(min, max);
    else out.push(max, min);
  }
  for (; i < inView.length; i++) out.push(inView[i]!);
  return out;
}

export interface HeatCell {
  day: number;
  hour: number;
  value: number;
}

const DAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];
export const WEEKDAY_LABELS = DAYS;

/** Jobs per hour of the week (local time of the scenario), averaged over the weeks in the window. */
export function hourOfWeek(run: RunPayload, strategyIndex: number): HeatCell[] {
  const series = run.series[strategyIndex];
  const start = windowStart(run);
  const cells = new Map<string, { sum: number; n: number }>();
  const fmt = new Intl.DateTimeFormat('en-US', { timeZone: run.result.window.timezone, weekday: 'short', hour: 'numeric', hourCycle: 'h23' });
  series?.jobsPerHour.forEach((jobs, h) => {
    const parts = fmt.formatToParts(new Date(start + h * 3_600_000));
    const day = DAYS.indexOf(parts.find((p) => p.type === 'weekday')!.value);
    const hour = Number(parts.find((p) => p.type === 'hour')!.value);
    const key = `${day}:${hour}`;
    const c = cells.get(key) ?? { sum: 0, n: 0 };
    c.sum += jobs;
    c.n++;
    cells.set(key, c);
  });
  return [...cells].map(([key, c]) => {
    const [day, hour] = key.split(':').map(Number) as [number, number];
    return { day, hour, value: c.sum / c.n };
  });
}

/** Share of significant events scored within t seconds, at each histogram edge (unscored never are). */
export function stalenessCdf(run: RunPayload): Line[] {
  return run.series.map((s, i) => {
    const total = run.result.strategies[i]?.freshness.significantEvents ?? 0;
    let cum = 0;
    const points: [number, number][] = [];
    s.stalenessCounts.forEach((count, b) => {
      cum += count;
      const edge = s.stalenessEdgesSeconds[b];
      if (edge !== null && edge !== undefined && total > 0) points.push([edge, cum / total]);
    });
    return { id: s.id, color: PALETTE[i % PALETTE.length]!, points };
  });
}

export interface CostBar {
  id: string;
  parts: { key: 'compute' | 'llm' | 'db' | 'fixed' | 'api'; value: number }[];
}

export function costBreakdown(run: RunPayload): CostBar[] {
  const days = Math.max(1, run.result.window.days);
  const monthly = (v: number) => (v / days) * 30;
  return run.result.strategies.map((s) => ({
    id: s.id,
    parts: [
      { key: 'compute', value: monthly(s.cost.computeUsd) },
      { key: 'llm', value: monthly(s.cost.llmUsd) },
      { key: 'db', value: monthly(s.cost.dbUsd) },
      { key: 'fixed', value: monthly(s.cost.fixedUsd) },
      { key: 'api', value: monthly(s.cost.apiUsd ?? 0) },
    ],
  }));
}

/** Chart data as CSV, written as every CSV of the product is (quoted, formulas neutralized). */
export const toCsv = csvText;

/** Queue backlog lines (the most requests waiting within each minute), for strategies that have a queue. */
export function backlogLines(run: RunPayload): Line[] {
  const start = Date.parse(run.result.window.start ?? '1970-01-01T00:00:00Z');
  return run.series.flatMap((s, i) => (s.backlogPerMinute ? [{ id: s.id, color: PALETTE[i % PALETTE.length]!, points: s.backlogPerMinute.map((v, m): [number, number] => [start + m * 60_000, v]) }] : []));
}
