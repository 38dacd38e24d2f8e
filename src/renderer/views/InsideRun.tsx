/**
 * Inside the open run (ARCHITECTURE §7): where each strategy's wait goes, its queue and its API calls
 * against the quota; what drives its cost; and one contact explained, event by event and job by job.
 */
import { useEffect, useMemo, useState } from 'react';
import type { RunPayload } from '../../shared/contract';
import type { AppStore } from '../store/store';
import { ChartFrame } from '../charts/ChartFrame';
import { OpsChart } from '../charts/charts';
import { AttributionChart, CallsPerDayChart, PART_LEGEND, StalenessPartsChart, quotaNote } from '../charts/pipeline-charts';
import { PALETTE, type Theme, backlogLines, toCsv } from '../charts/model';
import { count, duration, percent, usd } from '../charts/format';
import { STALENESS_PARTS } from '../../core/sim/partial';
import { hasPipeline } from '../../core/sim/pipeline-view';
import { ATTRIBUTE_BY, type AttributeBy } from '../../core/sim/attribution';
import { ErrorBox } from './common';

const BY_LABEL: Record<AttributeBy, string> = { trigger: 'trigger (what caused each job)', hour: 'hour of day it ran', country: 'contact country', 'company-size': 'contact company size', source: 'contact source system' };

/** A strategy's daily quota: its own write-back's, else the scenario's. */
function quotaOf(run: RunPayload, id: string): number | null {
  const scenario = run.scenario as { writeBack?: { callsPerDay?: number }; strategies: { id: string; writeBack?: { callsPerDay?: number } }[] };
  const own = scenario.strategies.find((s) => s.id === id)?.writeBack;
  return (own ?? scenario.writeBack)?.callsPerDay ?? null;
}

export function PipelineCharts({ run, theme }: { run: RunPayload; theme: Theme }) {
  const strategies = run.result.strategies;
  // The queue's chart only when some job waited.
  const backlog = useMemo(() => backlogLines(run).filter((l) => run.result.strategies.find((s) => s.id === l.id)!.pipeline.queue.maxBacklog > 0), [run]);
  if (!strategies.some((s) => hasPipeline(s.pipeline))) return null;
  const context = `${run.info.dataset} · run ${run.info.id} (${run.info.scenario})`;
  const bars = strategies.map((s) => ({ id: s.id, parts: s.pipeline.staleness }));
  const calls = run.series.flatMap((s, i) => (s.callsPerDay ? [{ id: s.id, color: PALETTE[i % PALETTE.length]!, perDay: s.callsPerDay, quota: quotaOf(run, s.id) }] : []));
  const start = Date.parse(run.result.window.start ?? '1970-01-01T00:00:00Z');
  const dayLabels = Array.from({ length: run.result.window.days }, (_, d) => new Date(start + d * 86_400_000 + 43_200_000).toISOString().slice(5, 10));
  const note = quotaNote(calls);
  return (
    <div data-testid="pipeline-charts">
    <div className="charts">
      <ChartFrame id="staleness-parts" title="Where the wait goes" subtitle="Mean time from an event to its score in the CRM, by part, over scored significant events" legend={PART_LEGEND} theme={theme} context={context}
        csv={() => toCsv(['strategy', ...STALENESS_PARTS.map((p) => `${p}_mean_seconds`)], bars.map((b) => [b.id, ...STALENESS_PARTS.map((p) => (b.parts ? Number(b.parts[p].toFixed(3)) : ''))]))}>
        <StalenessPartsChart bars={bars} theme={theme} />
      </ChartFrame>
      {backlog.length > 0 && (
        <ChartFrame id="queue-backlog" title="Scoring queue" subtitle="The most job requests waiting for a worker within each minute (UTC); drag to zoom" legend={backlog.map((l) => ({ id: l.id, color: l.color }))} theme={theme} context={context}
          csv={() => toCsv(['minute_start_utc', ...backlog.map((l) => `${l.id}_requests_waiting`)], backlog[0]!.points.map((p, i) => [new Date(p[0]).toISOString(), ...backlog.map((l) => l.points[i]![1])]))}>
          <OpsChart lines={backlog} capacity={undefined} theme={theme} label="Job requests waiting in the scoring queue, per minute" clip="backlog-clip" />
        </ChartFrame>
      )}
      {calls.length > 0 && (
        <ChartFrame id="calls-per-day" title="CRM API calls per day" subtitle={`Write-back calls per local day; dashed: the daily quota${note ? `. ${note}` : ''}`} legend={calls.map((c) => ({ id: c.id, color: c.color }))} theme={theme} context={context}
          csv={() => toCsv(['day', ...calls.map((c) => `${c.id}_calls`), ...calls.map((c) => `${c.id}_quota_calls`)], dayLabels.map((d, i) => [d, ...calls.map((c) => c.perDay[i] ?? 0), ...calls.map((c) => c.quota ?? '')]))}>
          <CallsPerDayChart series={calls} dayLabels={dayLabels} theme={theme} />
        </ChartFrame>
      )}
    </div>
      <div className="scroll" tabIndex={0} aria-label="The pipeline's figures, strategy by strategy">
      <table className="table compact" data-testid="pipeline-table">
        <thead>
          <tr>
            <th>Strategy</th>
            <th className="num">Lost events</th>
            <th className="num">Late events</th>
            <th className="num">p99 sync delay</th>
            <th className="num">p99 queue wait</th>
            <th className="num">Most waiting</th>
            <th className="num">Dropped at the end</th>
            <th className="num">API calls</th>
            <th className="num">Peak calls a day</th>
            <th className="num">Days at quota</th>
            <th className="num">Not written by the end</th>
            <th className="num">API cost</th>
          </tr>
        </thead>
        <tbody>
          {strategies.map((s) => (
            <tr key={s.id} data-strategy={s.id}>
              <td>{s.id}</td>
              <td className="num">{count(s.pipeline.ingest.lostEvents)}</td>
              <td className="num">{count(s.pipeline.ingest.lateEvents)}</td>
              <td className="num">{duration(s.pipeline.ingest.p99DelaySeconds)}</td>
              <td className="num">{duration(s.pipeline.queue.p99WaitSeconds)}</td>
              <td className="num">{count(s.pipeline.queue.maxBacklog)}</td>
              <td className="num">{count(s.pipeline.queue.droppedAtWindowEnd)}</td>
              <td className="num">{count(s.pipeline.writeBack.calls)}</td>
              <td className="num">{count(s.pipeline.writeBack.maxCallsPerDay)}</td>
              <td className="num">{count(s.pipeline.writeBack.daysAtQuota)}</td>
              <td className="num">{count(s.pipeline.writeBack.notWrittenByEnd)}</td>
              <td className="num">{usd(s.cost.apiUsd)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      </div>
    </div>
  );
}

export function WhatDrivesCost({ useStore, theme }: { useStore: AppStore; theme: Theme }) {
  const run = useStore((s) => s.run);
  const attribution = useStore((s) => s.attribution);
  const by = useStore((s) => s.attributionBy);
  const error = useStore((s) => s.attributionError);
  const [strategy, setStrategy] = useState(0);
  const [busy, setBusy] = useState(false);
  if (!run) return null;
  const load = (b: AttributeBy) => {
    setBusy(true);
    void useStore.getState().loadAttribution(b).finally(() => setBusy(false));
  };
  const a = attribution?.[strategy] ?? attribution?.[0];
  return (
    <section className="card" aria-labelledby="drives-title" data-testid="what-drives-cost">
      <div className="card-head">
        <h3 id="drives-title">What drives the cost</h3>
        <div className="toolbar">
          <label className="inline">
            By{' '}
            <select aria-label="Attribute the cost by" value={by} onChange={(e) => load(e.target.value as AttributeBy)}>
              {ATTRIBUTE_BY.map((b) => (
                <option key={b} value={b}>
                  {BY_LABEL[b]}
                </option>
              ))}
            </select>
          </label>
          <button type="button" disabled={busy} onClick={() => load(by)}>
            {busy ? 'Working…' : attribution ? 'Recompute' : 'Show'}
          </button>
        </div>
      </div>
      {error && (
        <ErrorBox title="Could not attribute the cost">
          <p>{error}</p>
        </ErrorBox>
      )}
      {attribution && a && (
        <>
          <label className="inline">
            Strategy{' '}
            <select aria-label="Strategy to attribute" value={strategy} onChange={(e) => setStrategy(Number(e.target.value))}>
              {attribution.map((x, i) => (
                <option key={x.strategy} value={i}>
                  {x.strategy}
                </option>
              ))}
            </select>
          </label>
          <ChartFrame id="attribution" title={`${a.strategy}: monthly cost by ${BY_LABEL[a.by]}`} subtitle={`${count(a.jobs)} jobs, ${usd(a.totalUsd)} over the window; API calls shared by the records they carry`} theme={theme} context={`${run.info.dataset} · run ${run.info.id}`}
            csv={() => toCsv(['strategy', a.by, 'jobs', 'cost_usd', 'per_month_usd', 'share'], a.rows.map((r) => [a.strategy, r.key, r.jobs, Number(r.costUsd.toFixed(6)), Number(r.perMonthUsd.toFixed(2)), Number(r.share.toFixed(4))]))}>
            <AttributionChart rows={a.rows} theme={theme} label={a.strategy} />
          </ChartFrame>
          <table className="table compact" data-testid="attribution-table">
            <thead>
              <tr>
                <th>{a.by}</th>
                <th className="num">Jobs</th>
                <th className="num">Per month</th>
                <th className="num">Share</th>
              </tr>
            </thead>
            <tbody>
              {a.rows.map((r) => (
                <tr key={r.key} data-key={r.key}>
                  <td>{r.key}</td>
                  <td className="num">{count(r.jobs)}</td>
                  <td className="num" data-usd={r.perMonthUsd}>{usd(r.perMonthUsd)}</td>
                  <td className="num">{percent(r.share)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {!a.agrees && <p className="warn">The re-run did not give this run’s stored job count: it was made by another engine version.</p>}
        </>
      )}
    </section>
  );
}

/** A strategy's significant events for one contact, in a few words: how many, the median staleness, how many unscored. */
function stalenessInWords(items: { seconds: number | null }[]): string {
  if (items.length === 0) return 'no significant event';
  const scored = items.flatMap((t) => (t.seconds === null ? [] : [t.seconds])).sort((a, b) => a - b);
  const unscored = items.length - scored.length;
  const median = scored.length > 0 ? `median staleness ${duration(scored[Math.ceil(scored.length / 2) - 1]!)}` : 'none scored';
  return `${count(items.length)} significant events, ${median}${unscored > 0 && scored.length > 0 ? `, ${count(unscored)} unscored` : ''}`;
}

const at = (t: number | null) => (t === null ? '—' : new Date(t).toISOString().slice(0, 19).replace('T', ' '));

export function ContactView({ useStore }: { useStore: AppStore }) {
  const run = useStore((s) => s.run);
  const contacts = useStore((s) => s.runContacts);
  const x = useStore((s) => s.explanation);
  const explaining = useStore((s) => s.explaining);
  const error = useStore((s) => s.explainError);
  const [key, setKey] = useState('');
  // A run opened again (openRun clears the list) lists its contacts again.
  useEffect(() => {
    if (run) void useStore.getState().loadRunContacts();
  }, [run, useStore]);
  if (!run) return null;
  const { explain, loadRunContacts } = useStore.getState();
  return (
    <section className="card" aria-labelledby="contact-title" data-testid="contact-view">
      <h3 id="contact-title">One contact, explained</h3>
      <p className="muted small">Its events, each job request and why, when each job started, finished and reached the CRM, and how stale each significant event was. Contacts are keys, never names.</p>
      <div className="toolbar">
        <label className="inline">
          Contact key{' '}
          <input
            aria-label="Contact key"
            value={key}
            placeholder="start of a key"
            onChange={(e) => {
              setKey(e.target.value);
              void loadRunContacts(e.target.value.trim());
            }}
          />
        </label>
        <button type="button" disabled={!key.trim() || explaining !== null} onClick={() => void explain(key.trim())}>
          Explain
        </button>
      </div>
      <div className="scroll" tabIndex={0} aria-label="Contacts to explain">
      <table className="table compact" data-testid="contacts-table">
        <thead>
          <tr>
            <th>Contact key</th>
            <th className="num">Events</th>
            <th>Country</th>
            <th>Company size</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {contacts.slice(0, 8).map((c) => (
            <tr key={c.key}>
              <td>
                <code>{c.key}</code>
              </td>
              <td className="num">{count(c.events)}</td>
              <td>{c.country ?? '—'}</td>
              <td>{c.companySize ?? '—'}</td>
              <td>
                <button type="button" disabled={explaining !== null} onClick={() => void explain(c.key)} aria-label={`Explain contact ${c.key}`}>
                  {explaining === c.key ? 'Explaining…' : 'Explain'}
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      </div>
      {error && (
        <ErrorBox title="Could not explain the contact">
          <p>{error}</p>
        </ErrorBox>
      )}
      {x && (
        <div data-testid="explanation">
          <h4>
            Contact <code>{x.contact}</code>: {count(x.events.length)} events in the window
          </h4>
          <div className="scroll scroll-y" tabIndex={0} aria-label="The contact's events">
          <table className="table compact" data-testid="explained-events">
            <thead>
              <tr>
                <th>Happened (UTC)</th>
                <th>Seen by the scorer</th>
                <th>Type</th>
              </tr>
            </thead>
            <tbody>
              {x.events.map((e, i) => (
                <tr key={i} className={e.status !== 'seen' ? 'warn' : ''}>
                  <td>{at(e.at)}</td>
                  <td>{e.status === 'seen' ? at(e.arrival) : e.status === 'lost' ? 'lost: every delivery failed' : 'after the window end'}</td>
                  <td>
                    {e.type}
                    {e.significant ? ' (significant)' : ''}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          </div>
          {x.strategies.map((s) => (
            <details key={s.id} open={x.strategies.length <= 2} data-strategy={s.id}>
              <summary>
                {s.id} ({s.kind}): {count(s.requests.length)} job requests; {stalenessInWords(s.staleness)}
              </summary>
              {s.requests.length > 0 && (
                <div className="scroll scroll-y" tabIndex={0} aria-label={`${s.id}: job requests`}>
                <table className="table compact">
                  <thead>
                    <tr>
                      <th>Requested</th>
                      <th>Why</th>
                      <th>Started</th>
                      <th>Finished</th>
                      <th>In the CRM</th>
                      <th>Outcome</th>
                    </tr>
                  </thead>
                  <tbody>
                    {s.requests.map((r, i) => (
                      <tr key={i}>
                        <td>{at(r.requestedAt)}</td>
                        <td>{r.reason}</td>
                        <td>{at(r.startedAt)}</td>
                        <td>{at(r.finishedAt)}</td>
                        <td>
                          {at(r.visibleAt)}
                          {r.call !== null ? ` (call #${r.call})` : ''}
                        </td>
                        <td>
                          {r.outcome}
                          {r.wasted ? ', wasted' : ''}
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
                </div>
              )}
              {s.triggers.length > 0 && (
                <ul className="small scroll-y" tabIndex={0} aria-label={`${s.id}: triggers`}>
                  {s.triggers.map((t, i) => (
                    <li key={i}>
                      {at(t.at)} {t.type}: {t.outcome}
                    </li>
                  ))}
                </ul>
              )}
              <ul className="small scroll-y" data-testid="explained-staleness" tabIndex={0} aria-label={`${s.id}: significant events`}>
                {s.staleness.map((t, i) => (
                  <li key={i}>
                    {t.type} at {at(t.at)}: {t.seconds === null ? 'unscored' : duration(t.seconds)} — {t.why}
                  </li>
                ))}
              </ul>
            </details>
          ))}
          <p className={x.agrees ? 'muted small' : 'warn'}>{x.agrees ? 'The re-run agrees with the run’s stored job and call counts.' : 'The re-run does not give the run’s stored figures.'}</p>
        </div>
      )}
    </section>
  );
}

