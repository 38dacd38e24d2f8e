import { useMemo, useState } from 'react';
import type { RunPayload } from '../../shared/contract';
import type { AppStore } from '../store/store';
import { ChartFrame } from '../charts/ChartFrame';
import { COST_PARTS, CompareCostChart, CostBreakdownChart, CumulativeCostChart, HeatmapChart, OpsChart, StalenessCdfChart, dwarfs } from '../charts/charts';
import { scenarioDiff } from '../../core/scenario-diff';
import type { StrategySummary } from '../../core/sim/results';
import { DARK, LIGHT, type Theme, comparedCost, costBreakdown, cumulativeCost, hourOfWeek, opsLines, stalenessCdf, toCsv } from '../charts/model';
import { count, duration, percent, usd } from '../charts/format';
import { Empty, ErrorBox, ProgressBar } from './common';
import { FRESHEST_RULE, badges, unscoredShare } from '../../core/sim/badges';
import { hasPipeline } from '../../core/sim/pipeline-view';
import { ContactView, PipelineCharts, WhatDrivesCost } from './InsideRun';

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
            {hasPipeline(x.pipeline) && (
              <>
                <dt title="Events the scorer never saw within the window: every webhook delivery failed, or it arrived after the end.">Lost or late events</dt>
                <dd data-field="lostEvents">{count(x.pipeline.ingest.lostEvents + x.pipeline.ingest.lateEvents)}</dd>
                <dt title="99th percentile of the time a job waited for a free worker.">p99 queue wait</dt>
                <dd data-field="p99QueueWait">{duration(x.pipeline.queue.p99WaitSeconds)}</dd>
                <dt title="Scores not in the CRM by the window's end: jobs dropped at the end, or records no call carried in time.">Not written by the end</dt>
                <dd data-field="notWritten">{count(x.pipeline.writeBack.notWrittenByEnd + x.pipeline.queue.droppedAtWindowEnd)}</dd>
              </>
            )}
          </dl>
          {x.scoreJobs === 0 && <p className="note">Scores nothing on this dataset (none of its triggers occurs): not ranked.</p>}
        </article>
      ))}
    </div>
  );
}

/** Chart data as CSV: units in the headers, money in cents (to four places per hour), counts whole, shares to 0.1%. */
const cents = (v: number) => Number(v.toFixed(4));

function Charts({ run, dark }: { run: RunPayload; dark: boolean }) {
  const theme = dark ? DARK : LIGHT;
  const [heatIndex, setHeatIndex] = useState(0);
  const cost = useMemo(() => cumulativeCost(run), [run]);
  const ops = useMemo(() => opsLines(run), [run]);
  const cdf = useMemo(() => stalenessCdf(run), [run]);
  const bars = useMemo(() => costBreakdown(run), [run]);
  const heat = useMemo(() => hourOfWeek(run, heatIndex), [run, heatIndex]);
  const [logOps, setLogOps] = useState<boolean | null>(null);
  const log = logOps ?? dwarfs(ops);
  const legend = cost.map((l) => ({ id: l.id, color: l.color }));
  const capacity = (run.scenario.cost.db as { capacityOpsPerMinute?: number }).capacityOpsPerMinute;
  const start = run.result.window.start ?? '';
  const zone = run.result.window.timezone;
  const context = `${run.info.dataset} · run ${run.info.id} (${run.info.scenario})`;
  return (
    <div className="charts">
      <ChartFrame id="cumulative-cost" title="Cumulative cost" subtitle={`USD since ${start.slice(0, 10)} (UTC)`} legend={legend} theme={theme} context={context}
        csv={() => toCsv(['hour_start_utc', ...cost.map((l) => `${l.id}_cumulative_usd`)], cost[0]!.points.map((p, i) => [new Date(p[0]).toISOString(), ...cost.map((l) => cents(l.points[i]![1]))]))}>
        <CumulativeCostChart lines={cost} theme={theme} />
      </ChartFrame>
      <ChartFrame id="db-ops" title="Database operations per minute" subtitle={`Operations per minute (UTC), ${log ? 'log' : 'linear'} scale; drag to zoom, double-click to reset`} legend={legend} theme={theme} context={context}
        csv={() => toCsv(['minute_start_utc', ...ops.map((l) => `${l.id}_ops_per_minute`)], ops[0]!.points.map((p, i) => [new Date(p[0]).toISOString(), ...ops.map((l) => Math.round(l.points[i]![1]))]))}>
        <label className="check small">
          <input type="checkbox" checked={log} onChange={(e) => setLogOps(e.target.checked)} /> Log scale {dwarfs(ops) ? '(one strategy’s peaks dwarf the others’)' : ''}
        </label>
        <OpsChart lines={ops} capacity={capacity} theme={theme} log={log} />
      </ChartFrame>
      <ChartFrame id="hour-of-week" title="Score jobs by hour of week" subtitle={`Average jobs per hour, ${zone}; colour: jobs per hour`} theme={theme} context={`${context}, ${run.series[heatIndex]?.id ?? ''}`}
        csv={() => toCsv(['weekday', 'hour_local', 'mean_jobs_per_hour'], heat.map((c) => [c.day, c.hour, Number(c.value.toFixed(1))]))}>
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
      <ChartFrame id="staleness-cdf" title="Freshness of significant events" subtitle="Share of scored significant events scored within a time (log scale)" legend={legend} theme={theme} context={context}
        csv={() => toCsv(['within_seconds', ...cdf.map((l) => `${l.id}_share_scored`)], (cdf[0]?.points ?? []).map((p, i) => [p[0], ...cdf.map((l) => (l.points[i] ? Number(l.points[i]![1].toFixed(4)) : ''))]))}>
        <StalenessCdfChart lines={cdf} theme={theme} />
      </ChartFrame>
      <ChartFrame id="cost-breakdown" title="Monthly cost by component" subtitle="USD per month (30 days)" legend={COST_PARTS} theme={theme} context={context}
        csv={() => toCsv(['strategy', 'compute_usd_per_month', 'llm_usd_per_month', 'db_usd_per_month', 'fixed_usd_per_month', 'api_usd_per_month'], bars.map((b) => [b.id, ...b.parts.map((p) => Number(p.value.toFixed(2)))]))}>
        <CostBreakdownChart bars={bars} theme={theme} />
      </ChartFrame>
    </div>
  );
}

/** A figure of two runs and its change, absolute and relative. */
function Delta({ a, b, format }: { a: number | null; b: number | null; format: (v: number | null) => string }) {
  if (a === null || b === null) return <span className="muted">{format(b)}</span>;
  const d = b - a;
  const pct = a !== 0 ? ` (${d >= 0 ? '+' : ''}${((d / a) * 100).toFixed(1)}%)` : '';
  return (
    <>
      {format(b)} <span className="muted">{d === 0 ? '= ' : `${d > 0 ? '+' : '−'}${format(Math.abs(d))}${pct}`}</span>
    </>
  );
}

function Compare({ a, b, theme }: { a: RunPayload; b: RunPayload; theme: Theme }) {
  const changes = useMemo(() => scenarioDiff(a.scenario, b.scenario), [a, b]);
  const lines = useMemo(() => comparedCost(a, b), [a, b]);
  const ids = a.result.strategies.map((s) => s.id).filter((id) => b.result.strategies.some((s) => s.id === id));
  const pct = (v: number | null) => percent(v);
  const FIGURES: [string, (s: StrategySummary) => number | null, (v: number | null) => string][] = [
    ['Monthly cost', (s) => s.cost.perMonthUsd, (v) => (v === null ? '—' : usd(v))],
    ['Score jobs', (s) => s.scoreJobs, count],
    ['Peak ops/min', (s) => s.db.peakOpsPerMinute, count],
    ['p90 freshness', (s) => s.freshness.p90Seconds, duration],
    ['Scored within 1 h', (s) => s.freshness.within1h, pct],
    ['Never scored', unscoredShare, pct],
  ];
  return (
    <div data-testid="compare">
      <h4>
        Run {a.info.id} “{a.info.name}” against run {b.info.id} “{b.info.name}”
      </h4>
      <p className="muted" data-testid="compare-changes">
        {a.info.dataset !== b.info.dataset ? `Datasets: ${a.info.dataset} → ${b.info.dataset}. ` : ''}
        {changes.length === 0 ? 'The same scenario.' : `Inputs that differ: ${changes.map((c) => `${c.path} ${c.from} → ${c.to}`).join('; ')}.`}
      </p>
      <div className="scroll">
        <table className="table compact">
          <thead>
            <tr>
              <th>Strategy</th>
              <th>Figure</th>
              <th className="num">Run {a.info.id}</th>
              <th className="num">Run {b.info.id} and the change</th>
            </tr>
          </thead>
          <tbody>
            {ids.flatMap((id) => {
              const sa = a.result.strategies.find((s) => s.id === id)!;
              const sb = b.result.strategies.find((s) => s.id === id)!;
              return FIGURES.map(([label, of, format], k) => (
                <tr key={`${id}-${label}`} data-strategy={id} data-figure={label}>
                  <td>{k === 0 ? id : ''}</td>
                  <td>{label}</td>
                  <td className="num">{format(of(sa))}</td>
                  <td className="num">
                    <Delta a={of(sa)} b={of(sb)} format={format} />
                  </td>
                </tr>
              ));
            })}
          </tbody>
        </table>
      </div>
      <ChartFrame id="compare-cost" title="Cumulative cost, both runs" subtitle="USD against days since each run's window start; run B dashed" legend={lines.map((l) => ({ id: l.id, color: l.color }))} theme={theme} context={`runs ${a.info.id} and ${b.info.id}`}
        csv={() => toCsv(['day', ...lines.map((l) => `${l.id}_cumulative_usd`)], (lines[0]?.points ?? []).map((p, i) => [Number(p[0].toFixed(4)), ...lines.map((l) => (l.points[i] ? Number(l.points[i]![1].toFixed(4)) : ''))]))}>
        <CompareCostChart lines={lines} theme={theme} />
      </ChartFrame>
    </div>
  );
}

function RunProgress({ useStore }: { useStore: AppStore }) {
  const job = useStore((s) => s.runJob);
  return job ? <ProgressBar job={job} label="Simulating" onCancel={() => void useStore.getState().cancelRun()} /> : null;
}

export function ResultsView({ useStore }: { useStore: AppStore }) {
  const datasets = useStore((s) => s.datasets);
  const selected = useStore((s) => s.selectedDatasetId);
  const draft = useStore((s) => s.draft);
  const scenarioErrors = useStore((s) => s.scenarioErrors);
  // Progress redraws only the progress bar (RunProgress), not the run and its charts.
  const running = useStore((s) => s.runJob !== null);
  const error = useStore((s) => s.runError);
  const run = useStore((s) => s.run);
  const compare = useStore((s) => s.compare);
  const runs = useStore((s) => s.runs);
  const dark = useStore((s) => s.theme === 'dark');
  const { startRun, selectDataset, openRun, openCompare } = useStore.getState();
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
        <button type="button" className="primary" disabled={running || selected === null || !draft || scenarioErrors.length > 0} onClick={() => void startRun()}>
          Run scenario
        </button>
      </div>
      {datasets.length === 0 && <Empty>Import a dataset first.</Empty>}
      <RunProgress useStore={useStore} />
      {error && (
        <ErrorBox title="The run failed">
          <p data-testid="run-error">{error}</p>
        </ErrorBox>
      )}
      {run ? (
        <>
          <h2 data-testid="run-title">
            Run {run.info.id}: “{run.info.name}” on “{run.info.dataset}”
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
          <PipelineCharts run={run} theme={dark ? DARK : LIGHT} />
          <WhatDrivesCost useStore={useStore} theme={dark ? DARK : LIGHT} />
          <ContactView useStore={useStore} />
        </>
      ) : (
        !running && datasets.length > 0 && <Empty>No run open. Run the scenario, or open an earlier run below.</Empty>
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
                <th>Name</th>
                <th>Dataset</th>
                <th>Pricing</th>
                <th>Integration</th>
                <th>Created</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {runs.map((r) => (
                <tr key={r.id} className={r.id === run?.info.id ? 'selected' : ''}>
                  <td>{r.id}</td>
                  <td className="name" title={r.name}>
                    {r.name}
                  </td>
                  <td>{r.dataset}</td>
                  <td>{r.pricingPreset ?? '—'}</td>
                  <td>{r.integrationPreset ?? '—'}</td>
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
        {run && compare && <Compare a={run} b={compare} theme={dark ? DARK : LIGHT} />}
      </section>
    </div>
  );
}
