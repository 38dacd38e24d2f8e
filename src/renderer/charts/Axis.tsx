/** Axes as React SVG from d3 scales: d3 computes the ticks, React draws them. */
import type { ScaleContinuousNumeric, ScaleTime, ScaleBand } from 'd3';
import type { Theme } from './model';

type Scale = ScaleContinuousNumeric<number, number> | ScaleTime<number, number>;

export function BottomAxis({ scale, y, theme, format, ticks = 6 }: { scale: Scale; y: number; theme: Theme; format: (v: never) => string; ticks?: number }) {
  const values = (scale as ScaleContinuousNumeric<number, number>).ticks(ticks);
  return (
    <g transform={`translate(0,${y})`} fontSize={11} fill={theme.muted}>
      <line x1={scale.range()[0]} x2={scale.range()[1]} stroke={theme.grid} />
      {values.map((v) => (
        <g key={String(v)} transform={`translate(${(scale as (x: unknown) => number)(v)},0)`}>
          <line y2={5} stroke={theme.muted} />
          <text y={17} textAnchor="middle">
            {format(v as never)}
          </text>
        </g>
      ))}
    </g>
  );
}

/** Ticks for a log scale: 1-2-5 steps per decade, or whole decades when that would crowd the axis. */
export function logTicks(domain: number[]): number[] {
  const [lo, hi] = [Math.min(...domain), Math.max(...domain)];
  const out: number[] = [];
  for (let k = Math.floor(Math.log10(lo)); k <= Math.ceil(Math.log10(hi)); k++) for (const m of [1, 2, 5]) out.push(m * 10 ** k);
  const inside = out.filter((v) => v >= lo * 0.999 && v <= hi * 1.001);
  return inside.length > 8 ? inside.filter((v) => Number.isInteger(Math.log10(v))) : inside;
}

/** `values`: the ticks to draw, where the scale's own would not do (a symlog scale's). */
export function LeftAxis({ scale, x, width, theme, format, ticks = 5, log = false, values }: { scale: ScaleContinuousNumeric<number, number>; x: number; width: number; theme: Theme; format: (v: number) => string; ticks?: number; log?: boolean; values?: number[] }) {
  return (
    <g fontSize={11} fill={theme.muted}>
      {(values ?? (log ? logTicks(scale.domain()) : scale.ticks(ticks))).map((v) => (
        <g key={v} transform={`translate(0,${scale(v)})`}>
          <line x1={x} x2={x + width} stroke={theme.grid} />
          <text x={x - 6} dy="0.32em" textAnchor="end">
            {format(v)}
          </text>
        </g>
      ))}
    </g>
  );
}

export function BandAxis({ scale, y, theme }: { scale: ScaleBand<string>; y: number; theme: Theme }) {
  return (
    <g transform={`translate(0,${y})`} fontSize={11} fill={theme.muted}>
      {scale.domain().map((d) => (
        <text key={d} x={(scale(d) ?? 0) + scale.bandwidth() / 2} y={16} textAnchor="middle">
          {d}
        </text>
      ))}
    </g>
  );
}
