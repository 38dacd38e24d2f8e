/**
 * The forecast for finance: months × strategies, each cost with its 95% interval, then each year's
 * and the horizon's totals; and the volumes (jobs, peak load) behind them. The same tables in the app
 * and in reports, from the same view-model as the command line's.
 */
import { BOUND_NOTE, costCell, forecastMatrix, onBound } from '../../core/whatif/forecast-view';
import type { ForecastResult } from '../../shared/types';
import { count, usd } from './format';

export function ForecastTable({ result, className, testId }: { result: ForecastResult; className?: string; testId?: string }) {
  const m = forecastMatrix(result);
  return (
    <table className={className} data-testid={testId}>
      <caption className="muted">Cost per calendar month in USD, with 95% intervals</caption>
      <thead>
        <tr>
          <th>Month</th>
          {m.strategies.map((s) => (
            <th key={s} className="num">
              {s}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {m.months.map((row) => (
          <tr key={row.label} data-month={row.label}>
            <td>{row.label}</td>
            {row.cells.map((c) => (
              <td key={c.strategy} className="num" data-strategy={c.strategy} data-cost={c.costUsd.toFixed(2)}>
                {costCell(c)}
              </td>
            ))}
          </tr>
        ))}
      </tbody>
      <tfoot>
        {m.totals.map((row) => (
          <tr key={row.label} data-total={row.label}>
            <th scope="row">{row.label}</th>
            {row.cells.map((c) => (
              <td key={c.strategy} className="num" data-strategy={c.strategy} data-cost={c.costUsd.toFixed(2)}>
                <strong>{usd(c.costUsd)}</strong> ({usd(c.costLowUsd)} – {usd(c.costHighUsd)})
              </td>
            ))}
          </tr>
        ))}
      </tfoot>
    </table>
  );
}

/** Jobs and peak database load per month and strategy, with their intervals; † marks an estimate on its interval's edge. */
export function ForecastVolumeTable({ result, className, testId }: { result: ForecastResult; className?: string; testId?: string }) {
  const bounded = result.rows.some((r) => onBound(r.peakOpsPerMinute, r.peakLow, r.peakHigh));
  return (
    <>
      <table className={className} data-testid={testId}>
        <caption className="muted">Score jobs and peak database operations per minute, with 95% intervals</caption>
        <thead>
          <tr>
            <th>Month</th>
            <th>Strategy</th>
            <th className="num">Jobs</th>
            <th className="num">95% interval</th>
            <th className="num">Peak ops/min</th>
            <th className="num">95% interval</th>
          </tr>
        </thead>
        <tbody>
          {result.rows.map((r) => (
            <tr key={`${r.month}-${r.strategy}`}>
              <td>{r.monthStart}</td>
              <td>{r.strategy}</td>
              <td className="num">{count(r.jobs)}</td>
              <td className="num">
                {count(r.jobsLow)} – {count(r.jobsHigh)}
              </td>
              <td className="num">
                {count(r.peakOpsPerMinute)}
                {onBound(r.peakOpsPerMinute, r.peakLow, r.peakHigh) ? ' †' : ''}
              </td>
              <td className="num">
                {count(r.peakLow)} – {count(r.peakHigh)}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {bounded && <p className="muted small">{BOUND_NOTE}</p>}
    </>
  );
}
