/** Human-readable views of import summaries and simulation results. */
import type { ImportSummary } from '../core/importing/types';
import { personalValuesNote } from '../core/importing/summary-text';
import type { SimulationResult } from '../core/sim/results';
import { hasPipeline } from '../core/sim/pipeline-view';
import { badges } from '../core/sim/badges';
import { count, duration, percent, table, usd } from './format';

const TIMESTAMP_HINT = 'accepted: ISO-8601 such as 2026-03-01T09:30:00Z, epoch seconds or ms, MM/DD/YYYY HH:mm[:ss]; offset-less times are read in --tz';

export function renderImport(s: ImportSummary): string {
  const lines = [
    `Imported "${s.name}" (dataset ${s.datasetId}) from ${s.file} in ${s.seconds.toFixed(2)} s`,
    `  rows read ${count(s.rowsRead)}, imported ${count(s.rowsImported)}, rejected ${count(s.rowsRejected)}, duplicate events dropped ${count(s.duplicateEventsDropped)}`,
    `  contacts ${count(s.contacts)} (${count(s.contactsMerged)} duplicate contact ids merged by email or phone)`,
    `  events from ${s.firstEvent ?? '—'} to ${s.lastEvent ?? '—'}`,
  ];
  if (s.kind === 'snapshot') lines.push('  a list of contacts, one row each: each row imported as one event');
  if (s.roles?.length) {
    lines.push('  columns:');
    for (const r of s.roles) lines.push(`    ${r.field.padEnd(15)} ${r.column ? `← ${r.column}` : ''}${r.column ? ': ' : ''}${r.reason}${r.unsure ? ' (check this)' : ''}`);
  }
  const aliases = Object.entries(s.aliases ?? {});
  if (aliases.length > 0) lines.push(`  event-type aliases (remembered for this source): ${aliases.map(([raw, t]) => `${raw} → ${t}`).join(', ')}`);
  const reasons = Object.entries(s.rejectReasons).sort((a, b) => b[1] - a[1]);
  if (reasons.length > 0) {
    lines.push('  rejected rows by reason:');
    for (const [reason, n] of reasons) lines.push(`    ${count(n).padStart(8)}  ${reason}${reason === 'timestamp not recognized' ? ` (${TIMESTAMP_HINT})` : ''}`);
    lines.push('    (export them with: scorecast export DATASET --what rejects --out rejects.csv)');
  }
  const unknown = Object.entries(s.unknownEventTypes);
  if (unknown.length > 0) lines.push(`  event types outside the taxonomy (kept as named; map with --alias): ${unknown.map(([t, n]) => `${t} ${count(n)}`).join(', ')}`);
  const q = s.quality;
  const dropped = [
    [q.invalidEmails, 'invalid emails'],
    [q.invalidPhones, 'invalid phones'],
    [q.unrecognizedCountries, 'unrecognized countries'],
    [q.unrecognizedCompanySizes, 'unrecognized company sizes'],
  ].filter(([n]) => (n as number) > 0);
  if (dropped.length > 0) lines.push(`  values dropped (rows kept): ${dropped.map(([n, what]) => `${count(n as number)} ${what}`).join(', ')}`);
  const personal = personalValuesNote(s);
  if (personal) lines.push(`  ${personal}`);
  lines.push(`  personal-data columns (keyed with HMAC-SHA256 or dropped, never stored): ${s.piiColumns.length ? s.piiColumns.join(', ') : 'none'}`);
  return lines.join('\n');
}

export function renderResult(r: SimulationResult, runId?: number): string {
  // §7's columns when the run had a pipeline to speak of: ingest delays, a queue, a write-back.
  const piped = r.strategies.some((s) => hasPipeline(s.pipeline));
  const header = ['strategy', 'jobs', 'total', 'per month', 'peak ops/min', 'p99 ops/min', 'min > cap', 'p50 fresh', 'p90 fresh', '≤ 1 h', 'wasted', 'capped', ...(piped ? ['p99 queue', 'calls/day peak', 'lost events', 'not written'] : [])];
  const rows = r.strategies.map((s) => [
    s.id,
    count(s.scoreJobs),
    usd(s.cost.totalUsd),
    usd(s.cost.perMonthUsd),
    count(s.db.peakOpsPerMinute),
    count(s.db.p99OpsPerMinute),
    count(s.db.minutesOverCapacity),
    duration(s.freshness.p50Seconds),
    duration(s.freshness.p90Seconds),
    percent(s.freshness.within1h),
    count(s.wastedScores),
    count(s.suppressedByCap),
    ...(piped
      ? [duration(s.pipeline.queue.p99WaitSeconds), count(s.pipeline.writeBack.maxCallsPerDay), count(s.pipeline.ingest.lostEvents + s.pipeline.ingest.lateEvents), count(s.pipeline.writeBack.notWrittenByEnd + s.pipeline.queue.droppedAtWindowEnd)]
      : []),
  ]);
  const title = `${runId !== undefined ? `Run ${runId}: ` : ''}"${r.scenario}" on "${r.dataset}" — ${count(r.events)} events, ${count(r.contacts)} contacts, ${r.window.days} days from ${r.window.start ?? '—'} (${r.window.timezone})`;
  const marks = badges(r.strategies);
  const cheapest = r.strategies.find((s) => s.id === marks.cheapest);
  const freshest = r.strategies.find((s) => s.id === marks.freshest);
  const notes = [
    cheapest ? `cheapest: ${cheapest.id} (${usd(cheapest.cost.perMonthUsd)}/month)` : '',
    freshest ? `freshest: ${freshest.id} (${percent(freshest.freshness.within1h)} of significant events scored within 1 h, p90 ${duration(freshest.freshness.p90Seconds)})` : '',
  ].filter(Boolean);
  const warnings = r.warnings.map((w) => `warning: ${w}`);
  return [title, '', table(header, rows), '', notes.join('; '), ...warnings].filter((l, i, all) => !(l === '' && all[i - 1] === '')).join('\n');
}
