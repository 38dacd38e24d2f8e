/**
 * The five charts. d3 does the math (scales, shapes, bins, brush); React renders the SVG, so each chart
 * also renders to static markup (reports, snapshot tests). Every chart is a pure function of its data.
 */
import * as d3 from 'd3';
import { useEffect, useMemo, useRef, useState } from 'react';
import { BandAxis, BottomAxis, LeftAxis } from './Axis';
import { type CostBar, type HeatCell, type Line, type Theme, PALETTE, WEEKDAY_LABELS, downsampleMinMax } from './model';
import { count, duration, usd } from './format';

const W = 720;
const H = 272;
const M = { top: 12, right: 16, bottom: 28, left: 64 };
const innerW = W - M.left - M.right;
const innerH = H - M.top - M.bottom;

const shortDate = d3.utcFormat('%b %d');
const dateTime = d3.utcFormat('%b %d %H:%M UTC');

/** Nearest point of each line to an x, for the tooltip. */
function nearest(lines: Line[], x: number): { id: string; color: string; y: number }[] {
  return lines.map((l) => {
    const i = d3.bisector((p: [number, number]) => p[0]).center(l.points, x);
    return { id: l.id, color: l.color, y: l.points[i]?.[1] ?? 0 };
  });
}

function Tooltip({ x, label, rows, theme }: { x: number; label: string; rows: { id: string; color: string; y: string }[]; theme: Theme }) {
  const left = x > innerW / 2 ? x - 190 : x + 10;
  return (
    <g transform={`translate(${left},4)`} pointerEvents="none" fontSize={11}>
      <rect width={180} height={18 + rows.length * 15} rx={4} fill={theme.background} stroke={theme.grid} opacity={0.95} />
      <text x={8} y={14} fill={theme.text} fontWeight={600}>
        {label}
      </text>
      {rows.map((r, i) => (
        <text key={r.id} x={8} y={30 + i * 15} fill={theme.text}>
          <tspan fill={r.color}>■ </tspan>
          {r.id}: {r.y}
        </text>
      ))}
    </g>
  );
}

export function CumulativeCostChart({ lines, theme }: { lines: Line[]; theme: Theme }) {
  const [hover, setHover] = useState<number | null>(null);
  const all = lines.flatMap((l) => l.points);
  const x = d3.scaleUtc().domain(d3.extent(all, (p) => p[0]) as [number, number]).range([0, innerW]);
  const y = d3.scaleLinear().domain([0, d3.max(all, (p) => p[1]) ?? 1]).nice().range([innerH, 0]);
  const path = d3.line<[number, number]>().x((p) => x(p[0])).y((p) => y(p[1]));
  return (
    <svg viewBox={`0 0 ${W} ${H}`} role="img" aria-label="Cumulative cost over time per strategy" fontFamily="system-ui, sans-serif">
      <g transform={`translate(${M.left},${M.top})`}>
        <LeftAxis scale={y} x={0} width={innerW} theme={theme} format={(v) => usd(v)} />
        <BottomAxis scale={x} y={innerH} theme={theme} format={(v: Date) => shortDate(v)} />
        {lines.map((l) => (
          <path key={l.id} d={path(l.points) ?? ''} fill="none" stroke={l.color} strokeWidth={2} data-series={l.id} />
        ))}
        <rect width={innerW} height={innerH} fill="transparent" onMouseMove={(e) => setHover(d3.pointer(e)[0])} onMouseLeave={() => setHover(null)} />
        {hover !== null && (
          <>
            <line x1={hover} x2={hover} y2={innerH} stroke={theme.muted} strokeDasharray="3 3" />
            <Tooltip x={hover} theme={theme} label={dateTime(x.invert(hover))} rows={nearest(lines, x.invert(hover).getTime()).map((r) => ({ ...r, y: usd(r.y) }))} />
          </>
        )}
      </g>
    </svg>
  );
}

/** Cumulative cost of two runs against days since each one's start (comparedCost). */
export function CompareCostChart({ lines, theme }: { lines: Line[]; theme: Theme }) {
  const [hover, setHover] = useState<number | null>(null);
  const all = lines.flatMap((l) => l.points);
  const x = d3.scaleLinear().domain([0, d3.max(all, (p) => p[0]) ?? 1]).range([0, innerW]);
  const y = d3.scaleLinear().domain([0, d3.max(all, (p) => p[1]) ?? 1]).nice().range([innerH, 0]);
  const path = d3.line<[number, number]>().x((p) => x(p[0])).y((p) => y(p[1]));
  return (
    <svg viewBox={`0 0 ${W} ${H}`} role="img" aria-label="Cumulative cost of two runs, overlaid" fontFamily="system-ui, sans-serif">
      <g transform={`translate(${M.left},${M.top})`}>
        <LeftAxis scale={y} x={0} width={innerW} theme={theme} format={(v) => usd(v)} />
        <BottomAxis scale={x} y={innerH} theme={theme} format={(v: number) => `day ${v}`} />
        {lines.map((l) => (
          <path key={l.id} d={path(l.points) ?? ''} fill="none" stroke={l.color} strokeWidth={2} strokeDasharray={l.dashed ? '6 4' : undefined} data-series={l.id} />
        ))}
        <rect width={innerW} height={innerH} fill="transparent" onMouseMove={(e) => setHover(d3.pointer(e)[0])} onMouseLeave={() => setHover(null)} />
        {hover !== null && (
          <>
            <line x1={hover} x2={hover} y2={innerH} stroke={theme.muted} strokeDasharray="3 3" pointerEvents="none" />
            <Tooltip x={hover} theme={theme} label={`day ${x.invert(hover).toFixed(1)}`} rows={nearest(lines, x.invert(hover)).map((r) => ({ ...r, y: usd(r.y) }))} />
          </>
        )}
      </g>
    </svg>
  );
}

/**
 * Whether one strategy's load dwarfs the others' (a nightly batch beside event-triggered trickles):
 * then a log scale keeps every line readable.
 */
export function dwarfs(lines: Line[]): boolean {
  const peaks = lines.map((l) => d3.max(l.points, (p) => p[1]) ?? 0).sort((a, b) => b - a);
  return peaks.length > 1 && peaks[1]! > 0 && peaks[0]! / peaks[peaks.length - 1]! > 20;
}

/** Database ops per minute with the capacity line; drag to zoom (brush), double-click to reset; linear or log (symlog, so idle minutes show). */
export function OpsChart({ lines, capacity, theme, log = false, label = 'Database operations per minute', clip = 'ops-clip' }: { lines: Line[]; capacity: number | undefined; theme: Theme; log?: boolean; label?: string; clip?: string }) {
  const [hover, setHover] = useState<number | null>(null);
  const full = useMemo(() => d3.extent(lines.flatMap((l) => [l.points[0]?.[0] ?? 0, l.points[l.points.length - 1]?.[0] ?? 0])) as [number, number], [lines]);
  const [domain, setDomain] = useState<[number, number]>(full);
  useEffect(() => setDomain(full), [full]);
  const brushRef = useRef<SVGGElement>(null);
  const x = d3.scaleUtc().domain(domain).range([0, innerW]);
  const shown = useMemo(() => lines.map((l) => ({ ...l, points: downsampleMinMax(l.points, domain[0], domain[1], innerW) })), [lines, domain]);
  const peak = d3.max(shown.flatMap((l) => l.points), (p) => p[1]) ?? 1;
  const top = Math.max(peak, capacity ?? 0) * 1.05 || 1;
  const y = (log ? d3.scaleSymlog().constant(1).domain([0, top]) : d3.scaleLinear().domain([0, top]).nice()).range([innerH, 0]);
  const path = d3.line<[number, number]>().x((p) => x(p[0])).y((p) => y(p[1]));
  useEffect(() => {
    if (!brushRef.current) return;
    const brush = d3
      .brushX()
      .extent([[0, 0], [innerW, innerH]])
      .on('end', (event: d3.D3BrushEvent<unknown>) => {
        if (!event.selection) return;
        const [a, b] = event.selection as [number, number];
        if (b - a > 3) setDomain([x.invert(a).getTime(), x.invert(b).getTime()]);
        d3.select(brushRef.current!).call(brush.move, null);
      });
    d3.select(brushRef.current).call(brush);
    return () => void d3.select(brushRef.current).on('.brush', null);
  }, [x]);
  return (
    <svg viewBox={`0 0 ${W} ${H}`} role="img" aria-label={label} fontFamily="system-ui, sans-serif" onDoubleClick={() => setDomain(full)}>
      <g transform={`translate(${M.left},${M.top})`}>
        <LeftAxis scale={y as d3.ScaleLinear<number, number>} x={0} width={innerW} theme={theme} format={(v) => count(v)} {...(log && { values: [0, 10, 100, 1_000, 10_000, 100_000, 1_000_000].filter((t) => t <= top) })} />
        <BottomAxis scale={x} y={innerH} theme={theme} format={(v: Date) => (domain[1] - domain[0] > 3 * 86_400_000 ? shortDate(v) : d3.utcFormat('%H:%M')(v))} />
        <defs>
          <clipPath id={clip}>
            <rect width={innerW} height={innerH} />
          </clipPath>
        </defs>
        <g clipPath={`url(#${clip})`}>
          {shown.map((l) => (
            <path key={l.id} d={path(l.points) ?? ''} fill="none" stroke={l.color} strokeWidth={1.2} data-series={l.id} />
          ))}
        </g>
        {capacity !== undefined && (
          <g data-capacity={capacity}>
            <line x1={0} x2={innerW} y1={y(capacity)} y2={y(capacity)} stroke="#D55E00" strokeDasharray="6 4" strokeWidth={1.5} />
            <text x={innerW - 4} y={y(capacity) - 4} textAnchor="end" fontSize={11} fill="#D55E00">
              capacity {count(capacity)}/min
            </text>
          </g>
        )}
        <g ref={brushRef} className="brush" onMouseMove={(e) => setHover(d3.pointer(e)[0])} onMouseLeave={() => setHover(null)} />
        {hover !== null && (
          <>
            <line x1={hover} x2={hover} y2={innerH} stroke={theme.muted} strokeDasharray="3 3" pointerEvents="none" />
            <Tooltip x={hover} theme={theme} label={dateTime(x.invert(hover))} rows={nearest(shown, x.invert(hover).getTime()).map((r) => ({ ...r, y: `${count(r.y)} ops/min` }))} />
          </>
        )}
      </g>
    </svg>
  );
}

export function HeatmapChart({ cells, theme, label }: { cells: HeatCell[]; theme: Theme; label: string }) {
  const cw = innerW / 24;
  const ch = innerH / 7;
  const max = d3.max(cells, (c) => c.value) ?? 1;
  const color = d3.scaleSequential(d3.interpolateViridis).domain([0, max || 1]);
  return (
    <svg viewBox={`0 0 ${W} ${H}`} role="img" aria-label={`Jobs per hour of the week, ${label}`} fontFamily="system-ui, sans-serif">
      <g transform={`translate(${M.left},${M.top})`}>
        {WEEKDAY_LABELS.map((d, i) => (
          <text key={d} x={-6} y={i * ch + ch / 2} dy="0.32em" textAnchor="end" fontSize={11} fill={theme.muted}>
            {d}
          </text>
        ))}
        {[0, 6, 12, 18, 23].map((h) => (
          <text key={h} x={h * cw + cw / 2} y={innerH + 16} textAnchor="middle" fontSize={11} fill={theme.muted}>
            {String(h).padStart(2, '0')}h
          </text>
        ))}
        {cells.map((c) => (
          <rect key={`${c.day}-${c.hour}`} x={c.hour * cw} y={c.day * ch} width={cw - 1} height={ch - 1} fill={color(c.value)} data-value={Math.round(c.value)}>
            <title>{`${WEEKDAY_LABELS[c.day]} ${String(c.hour).padStart(2, '0')}:00 — ${count(c.value)} jobs/h on average`}</title>
          </rect>
        ))}
      </g>
      <g transform={`translate(${M.left},${H - 4})`} data-color-scale="" fontSize={10} fill={theme.muted}>
        <defs>
          <linearGradient id={`heat-scale-${label.replace(/[^A-Za-z0-9_-]/g, '')}`}>
            {[0, 0.25, 0.5, 0.75, 1].map((t) => (
              <stop key={t} offset={`${t * 100}%`} stopColor={d3.interpolateViridis(t)} />
            ))}
          </linearGradient>
        </defs>
        <text x={innerW - 230} y={0}>
          0
        </text>
        <rect x={innerW - 218} y={-8} width={150} height={8} fill={`url(#heat-scale-${label.replace(/[^A-Za-z0-9_-]/g, '')})`} />
        <text x={innerW - 64} y={0}>
          {count(max)} jobs/h
        </text>
      </g>
    </svg>
  );
}

/** Share of significant events scored within t, t on a log scale from 1 s to 30 days. */
export function StalenessCdfChart({ lines, theme }: { lines: Line[]; theme: Theme }) {
  const [hover, setHover] = useState<number | null>(null);
  const x = d3.scaleLog().domain([1, 30 * 86_400]).range([0, innerW]).clamp(true);
  const y = d3.scaleLinear().domain([0, 1]).range([innerH, 0]);
  const path = d3.line<[number, number]>().x((p) => x(Math.max(1, p[0]))).y((p) => y(p[1])).curve(d3.curveStepAfter);
  const marks = [1, 60, 3600, 86_400, 7 * 86_400];
  return (
    <svg viewBox={`0 0 ${W} ${H}`} role="img" aria-label="Staleness of significant events, cumulative" fontFamily="system-ui, sans-serif">
      <g transform={`translate(${M.left},${M.top})`}>
        <LeftAxis scale={y} x={0} width={innerW} theme={theme} format={(v) => `${Math.round(v * 100)}%`} />
        <g transform={`translate(0,${innerH})`} fontSize={11} fill={theme.muted}>
          {marks.map((m) => (
            <text key={m} x={x(m)} y={17} textAnchor="middle">
              {duration(m)}
            </text>
          ))}
        </g>
        {lines.map((l) => (
          <path key={l.id} d={path([[1, l.points[0]?.[1] ?? 0], ...l.points]) ?? ''} fill="none" stroke={l.color} strokeWidth={2} data-series={l.id} />
        ))}
        <rect width={innerW} height={innerH} fill="transparent" onMouseMove={(e) => setHover(d3.pointer(e)[0])} onMouseLeave={() => setHover(null)} />
        {hover !== null && (
          <>
            <line x1={hover} x2={hover} y2={innerH} stroke={theme.muted} strokeDasharray="3 3" pointerEvents="none" />
            <Tooltip
              x={hover}
              theme={theme}
              label={`scored within ${duration(x.invert(hover))}`}
              rows={lines.map((l) => {
                const t = x.invert(hover);
                let share = 0;
                for (const p of l.points) if (p[0] <= t) share = p[1];
                return { id: l.id, color: l.color, y: `${(share * 100).toFixed(1)}%` };
              })}
            />
          </>
        )}
      </g>
    </svg>
  );
}

const PART_COLORS = { compute: PALETTE[0]!, llm: PALETTE[1]!, db: PALETTE[2]!, fixed: PALETTE[3]!, api: PALETTE[5]! };
export const COST_PARTS = Object.entries(PART_COLORS).map(([id, color]) => ({ id, color }));

export function CostBreakdownChart({ bars, theme }: { bars: CostBar[]; theme: Theme }) {
  const x = d3.scaleBand().domain(bars.map((b) => b.id)).range([0, innerW]).padding(0.35);
  const y = d3.scaleLinear().domain([0, d3.max(bars, (b) => d3.sum(b.parts, (p) => p.value)) ?? 1]).nice().range([innerH, 0]);
  return (
    <svg viewBox={`0 0 ${W} ${H}`} role="img" aria-label="Monthly cost by component per strategy" fontFamily="system-ui, sans-serif">
      <g transform={`translate(${M.left},${M.top})`}>
        <LeftAxis scale={y} x={0} width={innerW} theme={theme} format={(v) => usd(v)} />
        <BandAxis scale={x} y={innerH} theme={theme} />
        {bars.map((b) => {
          let base = 0;
          return (
            <g key={b.id} data-series={b.id}>
              {b.parts.map((p) => {
                const y0 = base;
                base += p.value;
                return (
                  <rect key={p.key} x={x(b.id)} width={x.bandwidth()} y={y(base)} height={Math.max(0, y(y0) - y(base))} fill={PART_COLORS[p.key]}>
                    <title>{`${b.id} ${p.key}: ${usd(p.value)}/month`}</title>
                  </rect>
                );
              })}
            </g>
          );
        })}
      </g>
    </svg>
  );
}
