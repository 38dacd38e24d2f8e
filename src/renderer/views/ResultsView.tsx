import { useMemo, useState } from 'react';
import type { RunPayload } from '../../shared/contract';
import type { AppStore } from '../store/store';
import { ChartFrame } from '../charts/ChartFrame';
import { COST_PARTS, CostBreakdownChart, CumulativeCostChart, HeatmapChart, OpsChart, StalenessCdfChart } from '../charts/charts';
import { DARK, LIGHT, costBreakdown, cumulativeCost, hourOfWeek, opsLines, stalenessCdf, toCsv } from '../charts/model';
import { count, duration, percent, usd } from '../charts/format';
import { Empty, ErrorBox, ProgressBar } from './common';
import { FRESHEST_RULE, badges, unscoredShare } from '../../core/sim/badges';

export function SummaryCards({ run }: { run: RunPayload }) {
  const s = run.result.strategies;
  const { cheapest, freshest } = badges(s);
  return (
    <div className="cards" data-testid="summary-cards">
      {s.map((x) => (
        <article key={x.id} className={`card summary ${x.id === cheapest ? 'cheapest' : ''} ${x.id === freshest ? 'freshest' : ''}`} data-strategy={x.id}>
          <header>
            <h3>{x.id}</h3>
            <span className="muted">{x.kind}</span>
            {x.id === cheapest && (
              <span className="badge" title="The lowest monthly cost among the strategies that score something.">
                cheapest
              </span>
            )}
            {x.id === freshest && (
              <span className="badge fresh" title={FRESHEST_RULE}>
                freshest
              </span>
            )}
          </header>
          <dl>
            <dt>Monthly cost</dt>
            <dd data-field="perMonthUsd">{usd(x.cost.perMonthUsd)}</dd>
            <dt>Score jobs</dt>
            <dd data-field="scoreJobs">{count(x.scoreJobs)}</dd>
            <dt>Peak ops/min</dt>
            <dd data-field="peakOpsPerMinute">{count(x.db.peakOpsPerMinute)}</dd>
            <dt title="Over the significant events that were scored; see the unscored share below.">p90 freshness</dt>
            <dd data-field="p90Seconds">{duration(x.freshness.p90Seconds)}</dd>
            <dt title="Share of all significant events, unscored ones included.">Scored within 1 h</dt>
            <dd data-field="within1h">{percent(x.freshness.within1h)}</dd>
            <dt title="Significant events no job scored within the window.">Never scored</dt>
            <dd data-field="unscored">{percent(unscoredShare(x))}</dd>
            <dt>Wasted scores</dt>
            <dd data-field="wastedScores">{count(x.wastedScores)}</dd>
          </dl>
          {x.scoreJobs === 0 && <p className="note">Scores nothing on this dataset (none of its triggers occurs): not ranked.</p>}
        </article>
      ))}
    </div>
  );
}

function Charts({ run, dark }: { run: RunPayload; dark: boolean }) {
  const theme = dark ? DARK : LIGHT;
  const [heatIndex, setHeatIndex] = useState(0);
  const cost = useMemo(() => cumulativeCost(run), [run]);
  const ops = useMemo(() => opsLines(run), [run]);
  const cdf = useMemo(() => stalenessCdf(run), [run]);
  const bars = useMemo(() => costBreakdown(run), [run]);
  const heat = useMemo(() => hourOfWeek(run, heatIndex), [run, heatIndex]);
  const legend = cost.map((l) => ({ id: l.id, color: l.color }));
  const capacity = (run.scenario.cost.db as { capacityOpsPerMinute?: number }).capacityOpsPerMinute;
  const start = run.result.window.start ?? '';
  return (
    <div className="charts">
      <ChartFrame id="cumulative-cost" title="Cumulative cost" subtitle={`USD since ${start.slice(0, 10)}`} legend={legend} theme={theme}
        csv={() => toCsv(['hour_start', ...cost.map((l) => l.id)], cost[0]!.points.map((p, i) => [new Date(p[0]).toISOString(), ...cost.map((l) => l.points[i]![1])]))}>
        <CumulativeCostChart lines={cost} theme={theme} />
      </ChartFrame>
      <ChartFrame id="db-ops" title="Database operations per minute" subtitle="Drag to zoom, double-click to reset" legend={legend} theme={theme}
        csv={() => toCsv(['minute_start', ...ops.map((l) => l.id)], ops[0]!.points.map((p, i) => [new Date(p[0]).toISOString(), ...ops.map((l) => l.points[i]![1])]))}>
        <OpsChart lines={ops} capacity={capacity} theme={theme} />
      </ChartFrame>
      <ChartFrame id="hour-of-week" title="Score jobs by hour of week" subtitle={`Average jobs per hour, ${run.result.window.timezone}`} theme={theme}
        csv={() => toCsv(['weekday', 'hour', 'jobs_per_hour'], heat.map((c) => [c.day, c.hour, c.value]))}>
        <label className="inline">
          Strategy{' '}
          <select value={heatIndex} onChange={(e) => setHeatIndex(Number(e.target.value))}>
            {run.series.map((s, i) => (
              <option key={s.id} value={i}>
                {s.id}
              </option>
            ))}
          </select>
        </label>
        <HeatmapChart cells={heat} theme={theme} label={run.series[heatIndex]?.id ?? ''} />
      </ChartFrame>
      <ChartFrame id="staleness-cdf" title="Freshness of significant events" subtitle="Share scored within a given time (log scale)" legend={legend} theme={theme}
        csv={() => toCsv(['within_seconds', ...cdf.map((l) => l.id)], (cdf[0]?.points ?? []).map((p, i) => [p[0], ...cdf.map((l) => l.points[i]?.[1] ?? '')]))}>
        <StalenessCdfChart lines={cdf} theme={theme} />
      </ChartFrame>
      <ChartFrame id="cost-breakdown" title="Monthly cost by component" legend={COST_PARTS} theme={theme}
        csv={() => toCsv(['strategy', 'compute_usd', 'llm_usd', 'db_usd', 'fixed_usd'], bars.map((b) => [b.id, ...b.parts.map((p) => p.value)]))}>
        <CostBreakdownChart bars={bars} theme={theme} />
      </ChartFrame>
    </div>
  );
}

function Compare({ a, b }: { a: RunPayload; b: RunPayload }) {
  const rows = [a, b].flatMap((r) => r.result.strategies.map((s) => ({ run: r.info.id, scenario: r.info.scenario, s })));
  return (
    <table className="table" data-testid="compare">
      <thead>
        <tr>
          <th>Run</th>
          <th>Scenario</th>
          <th>Strategy</th>
          <th className="num">Monthly cost</th>
          <th className="num">Peak ops/min</th>
          <th className="num">p90 freshness</th>
          <th className="num">≤ 1 h</th>
        </tr>
      </thead>
      <tbody>
        {rows.map(({ run, scenario, s }) => (
          <tr key={`${run}-${s.id}`}>
            <td>{run}</td>
            <td>{scenario}</td>
            <td>{s.id}</td>
            <td className="num">{usd(s.cost.perMonthUsd)}</td>
            <td className="num">{count(s.db.peakOpsPerMinute)}</td>
            <td className="num">{duration(s.freshness.p90Seconds)}</td>
            <td className="num">{percent(s.freshness.within1h)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function ResultsView({ useStore }: { useStore: AppStore }) {
  const datasets = useStore((s) => s.datasets);
  const selected = useStore((s) => s.selectedDatasetId);
  const draft = useStore((s) => s.draft);
  const scenarioErrors = useStore((s) => s.scenarioErrors);
  const job = useStore((s) => s.runJob);
  const error = useStore((s) => s.runError);
  const run = useStore((s) => s.run);
  const compare = useStore((s) => s.compare);
  const runs = useStore((s) => s.runs);
  const dark = useStore((s) => s.theme === 'dark');
  const { startRun, cancelRun, selectDataset, openRun, openCompare } = useStore.getState();
  return (
    <div className="results">
      <div className="toolbar">
        <label className="inline">
          Dataset{' '}
          <select value={selected ?? ''} onChange={(e) => void selectDataset(Number(e.target.value))} aria-label="Dataset">
            {datasets.map((d) => (
              <option key={d.id} value={d.id}>
                {d.name}
              </option>
            ))}
          </select>
        </label>
        <span className="muted">Scenario: {draft?.name ?? '—'}</span>
        <button type="button" className="primary" disabled={!!job || selected === null || !draft || scenarioErrors.length > 0} onClick={() => void startRun()}>
          Run scenario
        </button>
      </div>
      {datasets.length === 0 && <Empty>Import a dataset first.</Empty>}
      {job && <ProgressBar job={job} label="Simulating" onCancel={() => void cancelRun()} />}
      {error && (
        <ErrorBox title="The run failed">
          <p data-testid="run-error">{error}</p>
        </ErrorBox>
      )}
      {run ? (
        <>
          <h2 data-testid="run-title">
            Run {run.info.id}: “{run.info.scenario}” on “{run.info.dataset}”
          </h2>
          <p className="muted">
            {count(run.result.events)} events, {count(run.result.contacts)} contacts, {run.result.window.days} days from {run.result.window.start?.slice(0, 10)} ({run.result.window.timezone})
          </p>
          {run.result.warnings.map((w) => (
            <p key={w} className="warn" data-testid="run-warning">
              {w}
            </p>
          ))}
          <SummaryCards run={run} />
          <Charts run={run} dark={dark} />
        </>
      ) : (
        !job && datasets.length > 0 && <Empty>No run open. Run the scenario, or open an earlier run below.</Empty>
      )}
      <section className="card">
        <h3>Earlier runs</h3>
        {runs.length === 0 ? (
          <p className="muted">None yet.</p>
        ) : (
          <table className="table compact" data-testid="runs-table">
            <thead>
              <tr>
                <th>Run</th>
                <th>Dataset</th>
                <th>Scenario</th>
                <th>Created</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {runs.map((r) => (
                <tr key={r.id} className={r.id === run?.info.id ? 'selected' : ''}>
                  <td>{r.id}</td>
                  <td>{r.dataset}</td>
                  <td>{r.scenario}</td>
                  <td>{r.createdAt.slice(0, 16).replace('T', ' ')}</td>
                  <td>
                    <button type="button" onClick={() => void openRun(r.id)}>
                      Open
                    </button>{' '}
                    {run && r.id !== run.info.id && (
                      <button type="button" onClick={() => void openCompare(r.id)}>
                        Compare
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        {run && compare && <Compare a={run} b={compare} />}
      </section>
    </div>
  );
}
