import { type ReactElement, useMemo, useState } from 'react';
import type { ScenarioInput } from '../../core/scenario';
import { type SweepableField, applyParam, formatParamValue, sweepableFields } from '../../core/whatif/params';
import type { AppStore, SweepParamInput } from '../store/store';
import { ChartFrame } from '../charts/ChartFrame';
import { DARK, LIGHT, PALETTE, toCsv } from '../charts/model';
import { BreakevenChart, ForecastChart, FrontierChart, TornadoChart, frontierDots } from '../charts/whatif-charts';
import { Empty, ErrorBox, ProgressBar, TypePicker, download, eventTypeChoices } from './common';
import type { SweepResult } from '../../shared/types';
import { ForecastTable, ForecastVolumeTable } from '../charts/ForecastTable';
import { SweepTable } from '../charts/SweepTable';
import { forecastCsv, forecastInputsText } from '../../core/whatif/forecast-view';
import { PLAUSIBLE_GROWTH_PCT } from '../store/store';

/** A field a planner may sweep: a number over a range (within the bounds the schema sets), or a list of event types over alternative sets. */
type SweepField = { path: string; value: number; field: SweepableField } | { path: string; list: string[] };

/** The fields of the draft scenario that can be swept, as the schema defines them. */
function sweepable(draft: ScenarioInput): SweepField[] {
  const valueAt = (path: string[]): unknown => {
    let node: unknown = draft;
    for (let i = 0; i < path.length; i++) {
      if (i === 1 && path[0] === 'strategies') node = (node as { id: string }[]).find((s) => s.id === path[1]);
      else node = node && typeof node === 'object' && Object.hasOwn(node, path[i]!) ? (node as Record<string, unknown>)[path[i]!] : undefined;
    }
    return node;
  };
  return sweepableFields(draft).flatMap((f): SweepField[] => {
    const value = valueAt(f.path);
    const path = f.path.join('.');
    if (f.kind === 'list') return Array.isArray(value) ? [{ path, list: value as string[] }] : [];
    return typeof value === 'number' ? [{ path, value, field: f }] : [];
  });
}

/** From the field's lowest allowed value to twice the current one in about eight steps; whole steps for whole-number fields. */
function defaultRange(value: number, field: SweepableField): { from: number; to: number; step: number } {
  const integer = field.integer === true || Number.isInteger(value);
  let to = value === 0 ? 100 : value * 2;
  if (field.max !== undefined) to = Math.min(to, field.max);
  let step = integer ? Math.max(1, Math.round(to / 8)) : Number((to / 8).toPrecision(2));
  let from = field.min ?? 0;
  // An exclusive bound (every 0 minutes means nothing) starts one step in.
  if (field.minExclusive) from = integer ? from + 1 : from + step;
  if (from >= to) to = from + 8 * step;
  if (integer) step = Math.max(1, Math.round((to - from) / 8));
  return { from, to, step };
}

/** A starting point for a list field: the current list, and the list one type shorter (or with a pricing-page visit added). */
function defaultSets(list: string[]): string[][] {
  if (list.length > 1) return [list, list.slice(0, -1)];
  return [list, [...new Set([...list, 'pricing_page_visit'])]];
}

function defaultParam(field: SweepField): SweepParamInput {
  return 'list' in field ? { path: field.path, sets: defaultSets(field.list) } : { path: field.path, ...defaultRange(field.value, field.field) };
}

/** The last sweep's parameter, so that the form shows it again on coming back. */
function lastParam(sweep: SweepResult | null): SweepParamInput | null {
  const last = sweep?.params[0];
  if (!last) return null;
  const [first, second] = last.values;
  if (typeof first !== 'number') return { path: last.path, sets: last.values as string[][] };
  return { path: last.path, from: first, to: last.values[last.values.length - 1] as number, step: ((second as number | undefined) ?? first) - first || 1 };
}

export function WhatIfView({ useStore }: { useStore: AppStore }) {
  const draft = useStore((s) => s.draft);
  const datasetTypes = useStore((s) => s.datasetSummary?.eventTypes ?? []);
  const run = useStore((s) => s.run);
  const datasetId = useStore((s) => s.selectedDatasetId);
  const sweep = useStore((s) => s.sweep);
  const breakeven = useStore((s) => s.breakeven);
  const forecast = useStore((s) => s.forecast);
  const sensitivityRows = useStore((s) => s.sensitivityRows);
  const job = useStore((s) => s.whatIfJob);
  const error = useStore((s) => s.whatIfError);
  const theme = useStore((s) => (s.theme === 'dark' ? DARK : LIGHT));
  const { startSweep, startBreakeven, loadSensitivity, cancelWhatIf, reportHtml, setDraft, setView, notify, startRun } = useStore.getState();
  const fields = useMemo(() => (draft ? sweepable(draft) : []), [draft]);
  const [param, setParam] = useState<SweepParamInput | null>(null);
  const [tornadoStrategy, setTornadoStrategy] = useState<string | null>(null);
  if (!draft || datasetId === null) return <Empty>Import a dataset and load a scenario first.</Empty>;
  // Back on this view, the form shows the last sweep's range rather than starting over.
  const chosen = param ?? lastParam(sweep) ?? (fields[0] ? defaultParam(fields[0]) : null);
  const types = eventTypeChoices(datasetTypes);
  // Sets go out in the picker's order, so that a set reads the same however it was ticked.
  const ordered = (set: string[]) => types.filter((t) => set.includes(t));
  const emptySet = chosen !== null && 'sets' in chosen && chosen.sets.some((set) => set.length === 0);
  const dots = sweep ? frontierDots(sweep) : [];
  const tornadoRows = (sensitivityRows ?? []).filter((r) => r.strategy === (tornadoStrategy ?? sensitivityRows?.[0]?.strategy));

  return (
    <div className="whatif">
      {job && <ProgressBar job={job} label={`Computing ${job.kind}`} onCancel={() => void cancelWhatIf()} />}
      {error && (
        <ErrorBox title="The analysis did not complete">
          <p data-testid="whatif-error">{error}</p>
        </ErrorBox>
      )}
      <section className="card" aria-labelledby="sweep-title">
        <h3 id="sweep-title">Parameter sweep</h3>
        <p className="muted">
          Simulate a range of one field of “{draft.name}” on the selected dataset, or alternative sets of trigger types; the frontier marks the points nothing beats on both
          monthly cost and p90 freshness.
        </p>
        {chosen && (
          <div className="toolbar">
            <label className="inline">
              Field{' '}
              <select aria-label="Field to sweep" value={chosen.path} onChange={(e) => {
                const f = fields.find((x) => x.path === e.target.value);
                if (f) setParam(defaultParam(f));
              }}>
                {fields.map((f) => (
                  <option key={f.path} value={f.path}>
                    {f.path}
                  </option>
                ))}
              </select>
            </label>
            {'sets' in chosen ? (
              <button type="button" onClick={() => setParam({ ...chosen, sets: [...chosen.sets, chosen.sets[chosen.sets.length - 1]!] })}>
                Add a set
              </button>
            ) : (
              (['from', 'to', 'step'] as const).map((k) => (
                <label key={k} className="inline">
                  {k}{' '}
                  <input type="number" aria-label={`Sweep ${k}`} style={{ width: '6em' }} value={chosen[k]} onChange={(e) => setParam({ ...chosen, [k]: Number(e.target.value) })} />
                </label>
              ))
            )}
            <button
              type="button"
              className="primary"
              disabled={!!job || emptySet}
              title={emptySet ? 'Every set needs at least one event type' : undefined}
              onClick={() => void startSweep(['sets' in chosen ? { ...chosen, sets: chosen.sets.map(ordered) } : chosen])}
            >
              Run sweep
            </button>
          </div>
        )}
        {chosen && 'sets' in chosen && (
          <div className="sweep-sets" data-testid="sweep-sets">
            {chosen.sets.map((set, k) => (
              <div key={k} className="sweep-set">
                <TypePicker label={`Set ${k + 1}`} value={set} types={types} onChange={(next) => setParam({ ...chosen, sets: chosen.sets.map((x, j) => (j === k ? next : x)) })} />
                {chosen.sets.length > 2 && (
                  <button type="button" aria-label={`Remove set ${k + 1}`} onClick={() => setParam({ ...chosen, sets: chosen.sets.filter((_, j) => j !== k) })}>
                    Remove
                  </button>
                )}
              </div>
            ))}
          </div>
        )}
        {sweep && (
          <>
            <ChartFrame id="frontier" title="Cost against freshness" subtitle={`${sweep.points.length} points, ${sweep.simulations} strategy simulations in ${sweep.seconds.toFixed(1)} s; ringed points are on the frontier (p90 under 1 s is drawn at 1 s) — click one to run it`} theme={theme}
              csv={() => toCsv([...sweep.params.map((p) => p.path), 'strategy', 'monthly_usd', 'p90_seconds', 'on_frontier'], dots.map((d) => [...sweep.points[d.point]!.values.map(formatParamValue), d.strategy, d.monthlyUsd, d.p90Seconds, d.onFrontier ? 1 : 0]))}>
              <FrontierChart
                dots={dots}
                theme={theme}
                onPick={(d) => {
                  let next = draft;
                  sweep.params.forEach((p, i) => (next = applyParam(next, p.path.split('.'), sweep.points[d.point]!.values[i]!)));
                  setDraft(next);
                  setView('results');
                  notify(`Running ${d.label}; the scenario editor now holds this point.`);
                  void startRun();
                }}
              />
            </ChartFrame>
            <SweepTable sweep={sweep} className="table compact" testId="sweep-table" />
          </>
        )}
      </section>
      <section className="card" aria-labelledby="breakeven-title">
        <div className="card-head">
          <h3 id="breakeven-title">Break-even as volume scales</h3>
          <button type="button" disabled={!!job} onClick={() => void startBreakeven()}>
            Compute break-even
          </button>
        </div>
        <p className="muted">Contacts are resampled (×0.25 to ×16), not totals multiplied, so batching and peaks stay real.</p>
        {breakeven && (
          <>
            <ul data-testid="crossovers">
              {breakeven.crossovers.length ? breakeven.crossovers.map((c) => <li key={c.statement}>{c.statement}</li>) : <li>No crossovers in this range: the order of strategies by cost does not change.</li>}
            </ul>
            <ChartFrame id="breakeven" title="Monthly cost by volume" legend={breakeven.strategies.map((s, i) => ({ id: s.id, color: ['#0072B2', '#E69F00', '#009E73', '#CC79A7', '#56B4E9', '#D55E00'][i % 6]! }))} theme={theme}
              csv={() => toCsv(['volume_factor', ...breakeven.strategies.map((s) => `${s.id}_monthly_usd`)], breakeven.factors.map((f, i) => [f, ...breakeven.strategies.map((s) => Number(s.monthlyUsd[i]!.toFixed(2)))]))}>
              <BreakevenChart result={breakeven} theme={theme} />
            </ChartFrame>
          </>
        )}
      </section>
      <section className="card" aria-labelledby="forecast-title">
        <h3 id="forecast-title">Finance forecast</h3>
        {!run ? (
          <p className="muted">Open a run in Results to forecast from it.</p>
        ) : (
          <ForecastForm useStore={useStore} />
        )}
        {run && forecast && forecast.run === run.info.id && (
          <>
            <p className="muted" data-testid="forecast-inputs">
              {forecastInputsText(forecast)}
            </p>
            <ChartFrame
              id="forecast"
              title="Monthly cost forecast"
              subtitle="USD per calendar month; bands are 95% intervals"
              legend={[...new Set(forecast.rows.map((r) => r.strategy))].map((id, i) => ({ id, color: PALETTE[i % PALETTE.length]! }))}
              theme={theme}
              context={`${forecast.dataset} · run ${forecast.run}`}
              csv={() => forecastCsv(forecast)}
            >
              <ForecastChart result={forecast} theme={theme} />
            </ChartFrame>
            <div className="scroll">
              <ForecastTable result={forecast} className="table compact" testId="forecast-table" />
            </div>
            <details>
              <summary>Jobs and peak database load behind these costs</summary>
              <div className="scroll">
                <ForecastVolumeTable result={forecast} className="table compact" testId="forecast-volumes" />
              </div>
            </details>
          </>
        )}
      </section>
      <section className="card" aria-labelledby="sensitivity-title">
        <div className="card-head">
          <h3 id="sensitivity-title">Sensitivity and report</h3>
          <div>
            <button type="button" disabled={!run} onClick={() => void loadSensitivity()}>
              Sensitivity ±20%
            </button>{' '}
            <button
              type="button"
              disabled={!run}
              onClick={() => void reportHtml().then((r) => r && download(r.name, r.html, 'text/html'))}
            >
              Export report
            </button>
          </div>
        </div>
        {!run && <p className="muted">Open a run in Results for its sensitivity and report.</p>}
        {sensitivityRows && (
          <>
            <label className="inline">
              Strategy{' '}
              <select value={tornadoStrategy ?? sensitivityRows[0]?.strategy ?? ''} onChange={(e) => setTornadoStrategy(e.target.value)}>
                {[...new Set(sensitivityRows.map((r) => r.strategy))].map((s) => (
                  <option key={s}>{s}</option>
                ))}
              </select>
            </label>
            <ChartFrame id="tornado" title="What moves monthly cost" subtitle="Each cost input at −20% (blue) and +20% (orange)" theme={theme}
              csv={() => toCsv(['input', 'strategy', 'low_usd', 'base_usd', 'high_usd'], tornadoRows.map((r) => [r.input, r.strategy, r.lowMonthlyUsd, r.baseMonthlyUsd, r.highMonthlyUsd]))}>
              <TornadoChart rows={tornadoRows} theme={theme} />
            </ChartFrame>
          </>
        )}
      </section>
    </div>
  );
}

const GROWTH_FIELDS = [
  ['growthContactsPct', 'Contacts growth, % a month'],
  ['growthEventsPct', 'Events growth, % a month'],
  ['priceChangePct', 'Unit price change, % a month'],
] as const;

/** The forecast's inputs as a planner gives them: percent a month, bounded, confirmed when implausible. */
function ForecastForm({ useStore }: { useStore: AppStore }) {
  const input = useStore((s) => s.forecastInput);
  const run = useStore((s) => s.run);
  const job = useStore((s) => s.whatIfJob);
  const { setForecastInput, startForecast } = useStore.getState();
  const [confirmed, setConfirmed] = useState(false);
  const problems: Partial<Record<keyof typeof input, string>> = {};
  for (const [k] of GROWTH_FIELDS) {
    const v = input[k];
    if (!Number.isFinite(v)) problems[k] = 'a number of percent, e.g. 2 for 2% a month';
    else if (v <= -100 || v > 100) problems[k] = 'between −100% and +100% a month';
  }
  if (!Number.isInteger(input.months) || input.months < 1 || input.months > 120) problems.months = 'whole months, 1 to 120';
  if (!Number.isInteger(input.replicates) || input.replicates < 10 || input.replicates > 1000) problems.replicates = '10 to 1,000';
  if (input.population !== undefined && !(input.population > 0)) problems.population = 'a number of contacts above 0, or empty';
  const steep = GROWTH_FIELDS.filter(([k]) => Math.abs(input[k]) > PLAUSIBLE_GROWTH_PCT && !problems[k]);
  const blocked = Object.keys(problems).length > 0 || (steep.length > 0 && !confirmed);
  const field = (k: keyof typeof input, label: string, node: ReactElement) => (
    <label key={k} className={problems[k] ? 'invalid' : ''}>
      <span>{label}</span>
      {node}
      {problems[k] && (
        <span className="field-error" id={`forecast-${k}-error`} role="alert">
          {problems[k]}
        </span>
      )}
    </label>
  );
  const num = (k: keyof typeof input, label: string, step = 'any') =>
    field(
      k,
      label,
      <input
        type="number"
        step={step}
        aria-invalid={problems[k] ? true : undefined}
        aria-describedby={problems[k] ? `forecast-${k}-error` : undefined}
        value={(input[k] as number | undefined) ?? ''}
        onChange={(e) => {
          setConfirmed(false);
          setForecastInput({ [k]: e.target.value === '' ? (k === 'population' ? undefined : Number.NaN) : Number(e.target.value) });
        }}
      />,
    );
  return (
    <>
      <div className="grid-form" data-testid="forecast-form">
        {num('months', 'Months ahead', '1')}
        {GROWTH_FIELDS.map(([k, label]) => num(k, label))}
        {num('population', 'Contacts in the CRM (empty: the sample is all of it)', '1')}
        {num('replicates', 'Bootstrap replicates', '1')}
        {field(
          'startMonth',
          'First month (empty: after the dataset)',
          <input type="month" value={input.startMonth ?? ''} onChange={(e) => setForecastInput({ startMonth: e.target.value || undefined })} />,
        )}
      </div>
      {steep.length > 0 && (
        <label className="check warn" data-testid="confirm-growth">
          <input type="checkbox" checked={confirmed} onChange={(e) => setConfirmed(e.target.checked)} />
          {steep.map(([k, label]) => `${label.split(',')[0]} ${input[k]}% a month is ×${((1 + input[k] / 100) ** 12).toFixed(1)} a year`).join('; ')}. Yes, I mean it.
        </label>
      )}
      <div className="actions">
        <button type="button" className="primary" disabled={!!job || blocked} onClick={() => void startForecast()}>
          Forecast run {run?.info.id}
        </button>
      </div>
    </>
  );
}
