/**
 * §7's charts: where a score's wait goes (the staleness split), write-back calls per day against the
 * quota, and what drives the cost. Pure functions of their data, like the other charts.
 */
import * as d3 from 'd3';
import { STALENESS_PARTS, type StalenessPart } from '../../core/sim/partial';
import { STALENESS_PART_LABELS } from '../../core/sim/pipeline-view';
import type { AttributionRow } from '../../core/sim/attribution';
import { LeftAxis } from './Axis';
import { count, duration, percent, usd } from './format';
import { PALETTE, type Theme } from './model';

const W = 720;
const M = { top: 12, right: 16, bottom: 28, left: 170 };
const innerW = W - M.left - M.right;

export const PART_COLORS: Record<StalenessPart, string> = { ingest: PALETTE[4]!, schedule: PALETTE[0]!, queue: PALETTE[5]!, service: PALETTE[2]!, writeBack: PALETTE[3]! };
export const PART_LEGEND = STALENESS_PARTS.map((p) => ({ id: STALENESS_PART_LABELS[p], color: PART_COLORS[p] }));

export interface StalenessBar {
  id: string;
  /** Mean seconds of each part; null when the strategy scored nothing. */
  parts: Record<StalenessPart, number> | null;
}

/** One bar per strategy: the mean staleness of its scored significant events, split into its parts. */
export function StalenessPartsChart({ bars, theme }: { bars: StalenessBar[]; theme: Theme }) {
  const rowH = 30;
  const H = M.top + M.bottom + bars.length * rowH;
  const innerH = H - M.top - M.bottom;
  const total = (b: StalenessBar) => (b.parts ? d3.sum(STALENESS_PARTS, (p) => b.parts![p]) : 0);
  const x = d3.scaleLinear().domain([0, d3.max(bars, total) || 1]).nice().range([0, innerW]);
  const y = d3.scaleBand().domain(bars.map((b) => b.id)).range([0, innerH]).padding(0.3);
  return (
    <svg viewBox={`0 0 ${W} ${H}`} role="img" aria-label="Mean staleness of scored significant events, split into sync delay, waiting for the strategy, queue wait, scoring and write-back wait" fontFamily="system-ui, sans-serif">
      <g transform={`translate(${M.left},${M.top})`}>
        {x.ticks(5).map((v) => (
          <g key={v} transform={`translate(${x(v)},0)`}>
            <line y2={innerH} stroke={theme.grid} />
            <text y={innerH + 16} textAnchor="middle" fontSize={11} fill={theme.muted}>
              {duration(v)}
            </text>
          </g>
        ))}
        {bars.map((b) => {
          let at = 0;
          return (
            <g key={b.id} data-series={b.id} transform={`translate(0,${y(b.id)})`}>
              <text x={-8} y={y.bandwidth() / 2} dy="0.32em" textAnchor="end" fontSize={11} fill={theme.text}>
                {b.id}
              </text>
              {b.parts === null ? (
                <text x={4} y={y.bandwidth() / 2} dy="0.32em" fontSize={11} fill={theme.muted}>
                  scored nothing
                </text>
              ) : (
                STALENESS_PARTS.map((p) => {
                  const from = at;
                  at += b.parts![p];
                  return (
                    <rect key={p} data-part={p} x={x(from)} width={Math.max(0, x(at) - x(from))} height={y.bandwidth()} fill={PART_COLORS[p]}>
                      <title>{`${b.id}, ${STALENESS_PART_LABELS[p]}: ${duration(b.parts![p])} on average (of ${duration(total(b))})`}</title>
                    </rect>
                  );
                })
              )}
            </g>
          );
        })}
      </g>
    </svg>
  );
}

export interface CallsPerDay {
  id: string;
  color: string;
  perDay: number[];
  quota: number | null;
}

/** Write-back calls per local day, per strategy, against each one's daily quota. */
/** What a quota too high to draw reads as: how much of it the busiest day used. */
export function quotaNote(series: CallsPerDay[]): string {
  const peak = Math.max(1, d3.max(series.flatMap((s) => s.perDay)) ?? 1);
  const far = series.filter((s) => s.quota !== null && s.quota > 2 * peak);
  return far.map((s) => `${s.id}: quota ${count(s.quota)} a day, busiest day ${count(d3.max(s.perDay) ?? 0)} (${percent((d3.max(s.perDay) ?? 0) / s.quota!)})`).join('; ');
}

export function CallsPerDayChart({ series, dayLabels, theme }: { series: CallsPerDay[]; dayLabels: string[]; theme: Theme }) {
  const H = 272;
  const innerH = H - M.top - M.bottom;
  const days = dayLabels.map((_, d) => String(d));
  const x0 = d3.scaleBand().domain(days).range([0, innerW]).padding(0.2);
  const x1 = d3.scaleBand().domain(series.map((s) => s.id)).range([0, x0.bandwidth()]).padding(0.05);
  // A quota far above the calls would flatten them: it is drawn only when within twice the busiest day.
  const peak = Math.max(1, d3.max(series.flatMap((s) => s.perDay)) ?? 1);
  const drawn = (q: number | null) => q !== null && q <= 2 * peak;
  const top = Math.max(peak, ...series.map((s) => (drawn(s.quota) ? s.quota! : 0))) * 1.05;
  const y = d3.scaleLinear().domain([0, top]).nice().range([innerH, 0]);
  const every = Math.ceil(dayLabels.length / 10);
  const labels = d3.scaleBand().domain(days.filter((_, d) => d % every === 0)).range([0, innerW]);
  return (
    <svg viewBox={`0 0 ${W} ${H}`} role="img" aria-label="Write-back API calls per day against the daily quota" fontFamily="system-ui, sans-serif">
      <g transform={`translate(${M.left},${M.top})`}>
        <LeftAxis scale={y} x={0} width={innerW} theme={theme} format={(v) => count(v)} />
        <g transform={`translate(0,${innerH})`} fontSize={11} fill={theme.muted}>
          {labels.domain().map((d) => (
            <text key={d} x={(x0(d) ?? 0) + x0.bandwidth() / 2} y={16} textAnchor="middle">
              {dayLabels[Number(d)]}
            </text>
          ))}
        </g>
        {series.map((s) => (
          <g key={s.id} data-series={s.id}>
            {s.perDay.map((v, d) => (
              <rect key={d} x={(x0(String(d)) ?? 0) + (x1(s.id) ?? 0)} width={x1.bandwidth()} y={y(v)} height={Math.max(0, y(0) - y(v))} fill={s.color}>
                <title>{`${s.id}, ${dayLabels[d]}: ${count(v)} calls${s.quota ? ` of ${count(s.quota)} (${percent(v / s.quota)})` : ''}`}</title>
              </rect>
            ))}
            {drawn(s.quota) && (
              <line x1={0} x2={innerW} y1={y(s.quota!)} y2={y(s.quota!)} stroke={s.color} strokeDasharray="6 4" data-quota={s.quota}>
                <title>{`${s.id}: quota ${count(s.quota)} calls a day`}</title>
              </line>
            )}
          </g>
        ))}
      </g>
    </svg>
  );
}

/** What drives one strategy's cost: a bar per trigger, hour or contact attribute. */
export function AttributionChart({ rows, theme, label }: { rows: AttributionRow[]; theme: Theme; label: string }) {
  const shown = rows.slice(0, 24);
  const rowH = 22;
  const H = M.top + M.bottom + Math.max(1, shown.length) * rowH;
  const innerH = H - M.top - M.bottom;
  const x = d3.scaleLinear().domain([0, d3.max(shown, (r) => r.perMonthUsd) || 1]).nice().range([0, innerW - 60]);
  const y = d3.scaleBand().domain(shown.map((r) => r.key)).range([0, innerH]).padding(0.2);
  return (
    <svg viewBox={`0 0 ${W} ${H}`} role="img" aria-label={`Monthly cost of ${label}, by what drives it`} fontFamily="system-ui, sans-serif">
      <g transform={`translate(${M.left},${M.top})`}>
        {shown.map((r) => (
          <g key={r.key} transform={`translate(0,${y(r.key)})`} data-key={r.key}>
            <text x={-8} y={y.bandwidth() / 2} dy="0.32em" textAnchor="end" fontSize={11} fill={theme.text}>
              {r.key.length > 26 ? `${r.key.slice(0, 25)}…` : r.key}
            </text>
            <rect width={Math.max(0, x(r.perMonthUsd))} height={y.bandwidth()} fill={PALETTE[0]}>
              <title>{`${r.key}: ${count(r.jobs)} jobs, ${usd(r.perMonthUsd)} a month (${percent(r.share)})`}</title>
            </rect>
            <text x={x(r.perMonthUsd) + 6} y={y.bandwidth() / 2} dy="0.32em" fontSize={11} fill={theme.muted}>
              {usd(r.perMonthUsd)} · {percent(r.share)}
            </text>
          </g>
        ))}
      </g>
    </svg>
  );
}
