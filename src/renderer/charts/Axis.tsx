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

export function LeftAxis({ scale, x, width, theme, format, ticks = 5 }: { scale: ScaleContinuousNumeric<number, number>; x: number; width: number; theme: Theme; format: (v: number) => string; ticks?: number }) {
  return (
    <g fontSize={11} fill={theme.muted}>
      {scale.ticks(ticks).map((v) => (
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
