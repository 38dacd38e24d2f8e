/** A sweep's points as a table, the same on screen and in the report: one row per point and varying strategy. */
import type { SweepResult } from '../../shared/types';
import { formatParamValue } from '../../core/whatif/params';
import { count, duration, usd } from './format';

export function SweepTable({ sweep, testId, className }: { sweep: SweepResult; testId: string; className?: string }) {
  return (
    <table className={className} data-testid={testId}>
      <thead>
        <tr>
          {sweep.params.map((p) => (
            <th key={p.path} className="num">
              {p.path.split('.').pop()}
            </th>
          ))}
          <th>Strategy</th>
          <th className="num">Monthly cost</th>
          <th className="num">p90 freshness</th>
          <th className="num">Jobs</th>
          <th>Frontier</th>
        </tr>
      </thead>
      <tbody>
        {sweep.points.flatMap((p, i) =>
          p.strategies
            .filter((s) => sweep.varying.includes(s.id))
            .map((s) => {
              const on = sweep.frontier.some((f) => f.point === i && f.strategy === s.id);
              return (
                <tr key={`${i}-${s.id}`} data-frontier={on ? 'yes' : 'no'}>
                  {p.values.map((v, k) => (
                    <td key={k} className="num">
                      {formatParamValue(v)}
                    </td>
                  ))}
                  <td>{s.id}</td>
                  <td className="num">{usd(s.cost.perMonthUsd)}</td>
                  <td className="num">{duration(s.freshness.p90Seconds)}</td>
                  <td className="num">{count(s.scoreJobs)}</td>
                  <td>{on ? '★' : ''}</td>
                </tr>
              );
            }),
        )}
      </tbody>
    </table>
  );
}
