/** What-if charts: cost-versus-freshness frontier, break-even curves, forecast bands, tornado. */
import * as d3 from 'd3';
import { BottomAxis, LeftAxis } from './Axis';
import { PALETTE, type Theme } from './model';
import { duration, usd } from './format';
import type { BreakevenResult, ForecastResult, SweepResult } from '../../shared/types';
import type { SensitivityRow } from '../../core/whatif/sensitivity';
import { formatParamValue } from '../../core/whatif/params';
import { monthLabel } from '../../core/whatif/forecast-view';

const W = 720;
const H = 280;
const M = { top: 14, right: 20, bottom: 34, left: 70 };
const iw = W - M.left - M.right;
const ih = H - M.top - M.bottom;

export interface FrontierDot {
  point: number;
  strategy: string;
  label: string;
  monthlyUsd: number;
  p90Seconds: number;
  onFrontier: boolean;
  color: string;
}

export function frontierDots(sweep: SweepResult): FrontierDot[] {
  const on = new Set(sweep.frontier.map((f) => `${f.point}|${f.strategy}`));
  return sweep.points.flatMap((p, i) =>
    p.strategies
      .filter((s) => sweep.varying.includes(s.id) && s.freshness.p90Seconds !== null)
      .map((s) => ({
        point: i,
        strategy: s.id,
        label: `${s.id}, ${sweep.params.map((q, k) => `${q.path.split('.').pop()}=${formatParamValue(p.values[k]!)}`).join(', ')}`,
        monthlyUsd: s.cost.perMonthUsd,
        p90Seconds: Math.max(1, s.freshness.p90Seconds!),
        onFrontier: on.has(`${i}|${s.id}`),
        color: PALETTE[sweep.varying.indexOf(s.id) % PALETTE.length]!,
      })),
  );
}

/** Monthly cost (x) against p90 staleness (y, log); frontier points joined and ringed. Click opens a point. */
export function FrontierChart({ dots, theme, onPick }: { dots: FrontierDot[]; theme: Theme; onPick?: (d: FrontierDot) => void }) {
  const x = d3.scaleLinear().domain(d3.extent(dots, (d) => d.monthlyUsd) as [number, number]).nice().range([0, iw]);
  const y = d3.scaleLog().domain([1, Math.max(10, d3.max(dots, (d) => d.p90Seconds) ?? 10)]).nice().range([ih, 0]);
  const frontier = dots.filter((d) => d.onFrontier).sort((a, b) => a.monthlyUsd - b.monthlyUsd);
  const line = d3.line<FrontierDot>().x((d) => x(d.monthlyUsd)).y((d) => y(d.p90Seconds));
  return (
    <svg viewBox={`0 0 ${W} ${H}`} role="img" aria-label="Monthly cost against p90 freshness for every sweep point" fontFamily="system-ui, sans-serif">
      <g transform={`translate(${M.left},${M.top})`}>
        <LeftAxis scale={y as unknown as d3.ScaleLinear<number, number>} x={0} width={iw} theme={theme} format={(v) => duration(v)} log />
        <BottomAxis scale={x} y={ih} theme={theme} format={(v: number) => usd(v)} />
        <text x={iw / 2} y={ih + 30} textAnchor="middle" fontSize={11} fill={theme.muted}>
          Monthly cost, USD →
        </text>
        <text transform={`translate(${-M.left + 12},${ih / 2}) rotate(-90)`} textAnchor="middle" fontSize={11} fill={theme.muted}>
          p90 freshness (log scale) ↑ staler
        </text>
        <path d={line(frontier) ?? ''} fill="none" stroke={theme.text} strokeDasharray="4 3" data-frontier-line="" />
        {dots.map((d) => (
          <circle
            key={`${d.point}-${d.strategy}`}
            cx={x(d.monthlyUsd)}
            cy={y(d.p90Seconds)}
            r={d.onFrontier ? 6 : 4}
            fill={d.color}
            stroke={d.onFrontier ? theme.text : 'none'}
            strokeWidth={2}
            data-point={d.point}
            data-frontier={d.onFrontier ? 'yes' : 'no'}
            tabIndex={onPick ? 0 : undefined}
            style={onPick ? { cursor: 'pointer' } : undefined}
            onClick={() => onPick?.(d)}
            onKeyDown={(e) => e.key === 'Enter' && onPick?.(d)}
          >
            <title>{`${d.label}: ${usd(d.monthlyUsd)}/month, p90 ${duration(d.p90Seconds)}${d.onFrontier ? ' (on the frontier)' : ''}`}</title>
          </circle>
        ))}
      </g>
    </svg>
  );
}

/** Monthly cost per strategy as volume scales (x: ×factor, log), crossovers marked. */
export function BreakevenChart({ result, theme }: { result: BreakevenResult; theme: Theme }) {
  const x = d3.scaleLog().domain(d3.extent(result.factors) as [number, number]).range([0, iw]);
  const y = d3.scaleLog().domain([Math.max(0.01, d3.min(result.strategies.flatMap((s) => s.monthlyUsd)) ?? 1), d3.max(result.strategies.flatMap((s) => s.monthlyUsd)) ?? 10]).nice().range([ih, 0]);
  const line = d3.line<number>().x((_, i) => x(result.factors[i]!)).y((v) => y(Math.max(0.01, v)));
  return (
    <svg viewBox={`0 0 ${W} ${H}`} role="img" aria-label="Monthly cost per strategy as volume scales" fontFamily="system-ui, sans-serif">
      <g transform={`translate(${M.left},${M.top})`}>
        <LeftAxis scale={y as unknown as d3.ScaleLinear<number, number>} x={0} width={iw} theme={theme} format={(v) => usd(v)} log />
        <g transform={`translate(0,${ih})`} fontSize={11} fill={theme.muted}>
          {result.factors.map((f) => (
            <text key={f} x={x(f)} y={17} textAnchor="middle">
              ×{f}
            </text>
          ))}
        </g>
        <text x={iw / 2} y={ih + 32} textAnchor="middle" fontSize={11} fill={theme.muted}>
          Event volume, × the dataset’s (log scale) →
        </text>
        <text transform={`translate(${-M.left + 12},${ih / 2}) rotate(-90)`} textAnchor="middle" fontSize={11} fill={theme.muted}>
          Monthly cost, USD (log scale)
        </text>
        {result.strategies.map((s, i) => (
          <g key={s.id}>
            <path d={line(s.monthlyUsd) ?? ''} fill="none" stroke={PALETTE[i % PALETTE.length]} strokeWidth={2} data-series={s.id} />
            {s.monthlyUsd.map((v, k) => (
              <circle key={k} cx={x(result.factors[k]!)} cy={y(Math.max(0.01, v))} r={5} fill="transparent">
                <title>{`${s.id} at ×${result.factors[k]}: ${usd(v)}/month`}</title>
              </circle>
            ))}
          </g>
        ))}
        {result.crossovers.map((c) => (
          <g key={`${c.more}-${c.less}-${c.factor}`} transform={`translate(${x(c.factor)},0)`} data-crossover={c.factor}>
            <line y2={ih} stroke={theme.muted} strokeDasharray="3 3" />
            <text y={-3} textAnchor="middle" fontSize={10} fill={theme.text}>
              ×{c.factor.toPrecision(2)}
            </text>
          </g>
        ))}
      </g>
    </svg>
  );
}

/** Forecast monthly cost per strategy with its 95% interval as a band. */
export function ForecastChart({ result, theme }: { result: ForecastResult; theme: Theme }) {
  const ids = [...new Set(result.rows.map((r) => r.strategy))];
  const months = d3.max(result.rows, (r) => r.month) ?? 1;
  // Month names, with the year at the first month and at each January; every other month past a year.
  const labels = new Map(result.rows.map((r) => [r.month, r.month === 1 || r.monthStart.endsWith('-01') ? monthLabel(r.monthStart) : monthLabel(r.monthStart).slice(0, 3)]));
  const every = months > 12 ? 2 : 1;
  const x = d3.scaleLinear().domain([1, Math.max(2, months)]).range([0, iw]);
  const y = d3.scaleLinear().domain([0, d3.max(result.rows, (r) => r.costHighUsd) ?? 1]).nice().range([ih, 0]);
  return (
    <svg viewBox={`0 0 ${W} ${H}`} role="img" aria-label="Monthly cost forecast in USD with 95% intervals, by calendar month" fontFamily="system-ui, sans-serif">
      <g transform={`translate(${M.left},${M.top})`}>
        <LeftAxis scale={y} x={0} width={iw} theme={theme} format={(v) => usd(v)} />
        <g transform={`translate(0,${ih})`} fontSize={11} fill={theme.muted}>
          {[...labels].filter(([m]) => (m - 1) % every === 0).map(([m, label]) => (
            <text key={m} x={x(m)} y={17} textAnchor="middle">
              {label}
            </text>
          ))}
        </g>
        <text transform={`translate(${-M.left + 12},${ih / 2}) rotate(-90)`} textAnchor="middle" fontSize={11} fill={theme.muted}>
          USD per month
        </text>
        {ids.map((id, i) => {
          const rows = result.rows.filter((r) => r.strategy === id);
          const color = PALETTE[i % PALETTE.length]!;
          const band = d3.area<(typeof rows)[number]>().x((r) => x(r.month)).y0((r) => y(r.costLowUsd)).y1((r) => y(r.costHighUsd));
          const line = d3.line<(typeof rows)[number]>().x((r) => x(r.month)).y((r) => y(r.costUsd));
          return (
            <g key={id} data-series={id}>
              <path d={band(rows) ?? ''} fill={color} opacity={0.2} data-band="" />
              <path d={line(rows) ?? ''} fill="none" stroke={color} strokeWidth={2} />
              {rows.map((r) => (
                <circle key={r.month} cx={x(r.month)} cy={y(r.costUsd)} r={6} fill="transparent">
                  <title>{`${id}, ${monthLabel(r.monthStart)}: ${usd(r.costUsd)} (95%: ${usd(r.costLowUsd)} – ${usd(r.costHighUsd)})`}</title>
                </circle>
              ))}
            </g>
          );
        })}
      </g>
    </svg>
  );
}

/** Tornado: for one strategy, each input's monthly cost at −δ and +δ around the base. */
export function TornadoChart({ rows, theme }: { rows: SensitivityRow[]; theme: Theme }) {
  // Inputs that move nothing (a price of zero, a discount on no batch job) are left out.
  const top = rows.filter((r) => r.swingUsd > 0).slice(0, 10);
  const base = top[0]?.baseMonthlyUsd ?? 0;
  const lo = d3.min(top, (r) => Math.min(r.lowMonthlyUsd, r.highMonthlyUsd)) ?? base;
  const hi = d3.max(top, (r) => Math.max(r.lowMonthlyUsd, r.highMonthlyUsd)) ?? base;
  const x = d3.scaleLinear().domain([lo, hi]).nice().range([150, iw]);
  const band = d3.scaleBand().domain(top.map((r) => r.input)).range([0, ih]).padding(0.25);
  return (
    <svg viewBox={`0 0 ${W} ${H}`} role="img" aria-label="Sensitivity of monthly cost to each input" fontFamily="system-ui, sans-serif">
      <g transform={`translate(${M.left - 50},${M.top})`}>
        <BottomAxis scale={x} y={ih} theme={theme} format={(v: number) => usd(v)} ticks={5} />
        <line x1={x(base)} x2={x(base)} y2={ih} stroke={theme.text} />
        {top.map((r) => (
          <g key={r.input} transform={`translate(0,${band(r.input)})`} data-input={r.input}>
            <text x={140} y={band.bandwidth() / 2} dy="0.32em" textAnchor="end" fontSize={11} fill={theme.muted}>
              {r.label}
            </text>
            <rect x={Math.min(x(r.lowMonthlyUsd), x(base))} width={Math.abs(x(r.lowMonthlyUsd) - x(base))} height={band.bandwidth()} fill={PALETTE[0]}>
              <title>{`${r.label} lower: ${usd(r.lowMonthlyUsd)}/month`}</title>
            </rect>
            <rect x={Math.min(x(r.highMonthlyUsd), x(base))} width={Math.abs(x(r.highMonthlyUsd) - x(base))} height={band.bandwidth()} fill={PALETTE[1]}>
              <title>{`${r.label} higher: ${usd(r.highMonthlyUsd)}/month`}</title>
            </rect>
          </g>
        ))}
      </g>
    </svg>
  );
}
