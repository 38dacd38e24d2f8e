/**
 * `scorecast report`: one self-contained HTML file (no network: styles inline, charts inline SVG drawn
 * by the app's own chart components through react-dom/server) with the comparison, the charts, the
 * cost sensitivity, the dataset's hygiene and every assumption with its source.
 */
import { renderToStaticMarkup } from 'react-dom/server';
import type { ImportSummary } from '../core/importing/types';
import type { SensitivityRow } from '../core/whatif/sensitivity';
import type { RunPayload } from '../shared/contract';
import type { ForecastResult, PricingPreset, SweepResult } from '../shared/types';
import { ForecastChart, FrontierChart, frontierDots } from '../renderer/charts/whatif-charts';
import { formatParamValue } from '../core/whatif/params';
import { ForecastTable, ForecastVolumeTable } from '../renderer/charts/ForecastTable';
import { SweepTable } from '../renderer/charts/SweepTable';
import { forecastInputsText } from '../core/whatif/forecast-view';
import { Legend } from '../renderer/charts/Legend';
import { COST_PARTS, CostBreakdownChart, CumulativeCostChart, HeatmapChart, OpsChart, StalenessCdfChart } from '../renderer/charts/charts';
import { LIGHT, costBreakdown, cumulativeCost, hourOfWeek, opsLines, stalenessCdf } from '../renderer/charts/model';
import { count, duration, percent, usd } from '../renderer/charts/format';

const CSS = `
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1d2430;max-width:1100px;margin:2rem auto;padding:0 1rem}
h1{font-size:1.5rem;margin-bottom:.2rem}h2{font-size:1.15rem;margin-top:2rem;border-bottom:1px solid #e3e7ee;padding-bottom:.3rem}
.muted{color:#5b6472}table{border-collapse:collapse;width:100%;margin:.5rem 0 1rem}th,td{text-align:left;padding:.3rem .5rem;border-bottom:1px solid #e3e7ee}
td.num,th.num{text-align:right;font-variant-numeric:tabular-nums}caption{text-align:left;padding:.3rem 0}.small{font-size:.85em}figure{margin:1rem 0;break-inside:avoid}figcaption{font-weight:600;margin-bottom:.3rem}
svg{width:100%;height:auto}.legend{display:flex;gap:1rem;flex-wrap:wrap;font-size:.85em;margin:.2rem 0;padding:0;list-style:none}.swatch{display:inline-block;width:.8em;height:.8em;margin-right:.3em;border-radius:2px}
pre{background:#f5f7fa;padding:.7rem;border-radius:6px;overflow:auto;font-size:.85em}`;

export interface ReportInput {
  run: RunPayload;
  importSummary: ImportSummary | null;
  sensitivity: SensitivityRow[];
  /** The share each input was moved by in the sensitivity table. */
  sensitivityDelta: number;
  presets: PricingPreset[];
  forecast: ForecastResult;
  /** A sweep the screen showed, run again for the report. */
  sweep?: SweepResult;
  generatedAt: string;
}

function Report({ run, importSummary, sensitivity, sensitivityDelta, presets, forecast, sweep, generatedAt }: ReportInput) {
  const pct = `${Math.round(sensitivityDelta * 100)}%`;
  const r = run.result;
  const lines = cumulativeCost(run);
  const legend = lines.map((l) => ({ id: l.id, color: l.color }));
  const capacity = (run.scenario.cost.db as { capacityOpsPerMinute?: number }).capacityOpsPerMinute;
  return (
    <html lang="en">
      <head>
        <meta charSet="utf-8" />
        <meta httpEquiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:" />
        <title>{`Scorecast report — ${r.scenario}`}</title>
        <style>{CSS}</style>
      </head>
      <body>
        <h1>Scorecast report: {r.scenario}</h1>
        <p className="muted">
          Run {run.info.id} on dataset “{r.dataset}”: {count(r.events)} events, {count(r.contacts)} contacts, {r.window.days} days from {r.window.start?.slice(0, 10)} ({r.window.timezone}). Engine {r.engineVersion};
          generated {generatedAt}.
        </p>
        <h2>Comparison</h2>
        <table>
          <thead>
            <tr>
              <th>Strategy</th>
              <th className="num">Jobs</th>
              <th className="num">Per month</th>
              <th className="num">Total</th>
              <th className="num">Peak ops/min</th>
              <th className="num">p99 ops/min</th>
              <th className="num">Min over cap</th>
              <th className="num">p50 fresh</th>
              <th className="num">p90 fresh</th>
              <th className="num">≤ 1 h</th>
              <th className="num">Wasted</th>
            </tr>
          </thead>
          <tbody>
            {r.strategies.map((s) => (
              <tr key={s.id}>
                <td>
                  {s.id} <span className="muted">{s.kind}</span>
                </td>
                <td className="num">{count(s.scoreJobs)}</td>
                <td className="num">{usd(s.cost.perMonthUsd)}</td>
                <td className="num">{usd(s.cost.totalUsd)}</td>
                <td className="num">{count(s.db.peakOpsPerMinute)}</td>
                <td className="num">{count(s.db.p99OpsPerMinute)}</td>
                <td className="num">{count(s.db.minutesOverCapacity)}</td>
                <td className="num">{duration(s.freshness.p50Seconds)}</td>
                <td className="num">{duration(s.freshness.p90Seconds)}</td>
                <td className="num">{percent(s.freshness.within1h)}</td>
                <td className="num">{count(s.wastedScores)}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <h2>Charts</h2>
        <figure data-chart="cumulative-cost">
          <figcaption>Cumulative cost</figcaption>
          <Legend items={legend} />
          <CumulativeCostChart lines={lines} theme={LIGHT} />
        </figure>
        <figure data-chart="db-ops">
          <figcaption>Database operations per minute</figcaption>
          <Legend items={legend} />
          <OpsChart lines={opsLines(run)} capacity={capacity} theme={LIGHT} />
        </figure>
        {run.series.map((s, i) => (
          <figure key={s.id} data-chart={`hour-of-week-${s.id}`}>
            <figcaption>Score jobs by hour of week: {s.id}</figcaption>
            <HeatmapChart cells={hourOfWeek(run, i)} theme={LIGHT} label={s.id} />
          </figure>
        ))}
        <figure data-chart="staleness-cdf">
          <figcaption>Freshness of significant events (share scored within a time)</figcaption>
          <Legend items={legend} />
          <StalenessCdfChart lines={stalenessCdf(run)} theme={LIGHT} />
        </figure>
        <figure data-chart="cost-breakdown">
          <figcaption>Monthly cost by component</figcaption>
          <Legend items={COST_PARTS} />
          <CostBreakdownChart bars={costBreakdown(run)} theme={LIGHT} />
        </figure>
        <h2>Forecast</h2>
        <p className="muted" data-testid="report-forecast-inputs">
          {forecastInputsText(forecast)}
        </p>
        <figure data-chart="forecast">
          <figcaption>Monthly cost per calendar month, USD, with 95% intervals</figcaption>
          <Legend items={legend} />
          <ForecastChart result={forecast} theme={LIGHT} />
        </figure>
        <ForecastTable result={forecast} testId="report-forecast-table" />
        <ForecastVolumeTable result={forecast} testId="report-forecast-volumes" />
        {sweep && <SweepSection sweep={sweep} />}
        <h2>Sensitivity of monthly cost (each input ±{pct})</h2>
        <table>
          <thead>
            <tr>
              <th>Input</th>
              <th>Strategy</th>
              <th className="num">−{pct}</th>
              <th className="num">Base</th>
              <th className="num">+{pct}</th>
              <th className="num">Swing</th>
            </tr>
          </thead>
          <tbody>
            {sensitivity.slice(0, 20).map((row) => (
              <tr key={`${row.input}-${row.strategy}`}>
                <td>{row.input}</td>
                <td>{row.strategy}</td>
                <td className="num">{usd(row.lowMonthlyUsd)}</td>
                <td className="num">{usd(row.baseMonthlyUsd)}</td>
                <td className="num">{usd(row.highMonthlyUsd)}</td>
                <td className="num">{usd(row.swingUsd)}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <h2>Dataset hygiene</h2>
        {importSummary ? (
          <p>
            {count(importSummary.rowsRead)} rows read, {count(importSummary.rowsImported)} imported, {count(importSummary.rowsRejected)} rejected (
            {Object.entries(importSummary.rejectReasons).map(([k, v]) => `${count(v)} ${k}`).join('; ') || 'none'}), {count(importSummary.duplicateEventsDropped)} duplicate events dropped,{' '}
            {count(importSummary.contactsMerged)} contacts merged. Personal-data columns, keyed or dropped: {importSummary.piiColumns.join(', ') || 'none'}.
          </p>
        ) : (
          <p className="muted">No import record for this dataset.</p>
        )}
        <h2>Assumptions</h2>
        <p>The scenario as run (cost model and strategies):</p>
        <pre>{JSON.stringify(run.scenario, null, 2)}</pre>
        <p>Pricing presets shipped with this Scorecast, with their sources (list prices as of the date given; check before budgeting):</p>
        <ul>
          {presets.map((p) => (
            <li key={p.id}>
              {p.name} — as of {p.asOf}; {p.sources.join(', ')}
            </li>
          ))}
        </ul>
        <p className="muted">How every figure is computed: docs/semantics.md in the Scorecast repository.</p>
      </body>
    </html>
  );
}

function SweepSection({ sweep }: { sweep: SweepResult }) {
  const dots = frontierDots(sweep);
  return (
    <>
      <h2>Parameter sweep</h2>
      <p className="muted" data-testid="report-sweep-inputs">
        {sweep.params.map((p) => `${p.path} over ${p.values.map(formatParamValue).join(', ')}`).join('; ')}, of scenario “{sweep.scenario}” on “{sweep.dataset}”: {sweep.points.length} points; ★ marks the points nothing beats on both
        monthly cost and p90 freshness.
      </p>
      <figure data-chart="frontier">
        <figcaption>Monthly cost against p90 freshness</figcaption>
        <FrontierChart dots={dots} theme={LIGHT} />
      </figure>
      <SweepTable sweep={sweep} testId="report-sweep-table" />
    </>
  );
}

export function renderReport(input: ReportInput): string {
  return '<!doctype html>\n' + renderToStaticMarkup(<Report {...input} />);
}
