/** Forecast rows with their intervals: the same table in the app and in reports. */
import type { ForecastResult } from '../../shared/types';
import { count, usd } from './format';

export function ForecastTable({ result, className, testId }: { result: ForecastResult; className?: string; testId?: string }) {
  return (
    <table className={className} data-testid={testId}>
      <thead>
        <tr>
          <th className="num">Month</th>
          <th>Strategy</th>
          <th className="num">Cost</th>
          <th className="num">95% interval</th>
          <th className="num">Jobs</th>
          <th className="num">95% interval</th>
          <th className="num">Peak ops/min</th>
          <th className="num">95% interval</th>
        </tr>
      </thead>
      <tbody>
        {result.rows.map((r) => (
          <tr key={`${r.month}-${r.strategy}`}>
            <td className="num">{r.month}</td>
            <td>{r.strategy}</td>
            <td className="num">{usd(r.costUsd)}</td>
            <td className="num">
              {usd(r.costLowUsd)} – {usd(r.costHighUsd)}
            </td>
            <td className="num">{count(r.jobs)}</td>
            <td className="num">
              {count(r.jobsLow)} – {count(r.jobsHigh)}
            </td>
            <td className="num">{count(r.peakOpsPerMinute)}</td>
            <td className="num">
              {count(r.peakLow)} – {count(r.peakHigh)}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
