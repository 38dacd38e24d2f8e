/**
 * One contact, explained: its events (when each happened, when the scorer saw it, or that it never
 * did), each job request with its reason, the triggers folded by the debounce or suppressed by the
 * cap, each job's start, finish and write-back call, and each significant event's staleness. The
 * requests and their times are the engine's own (PipelineJobs); the reasons come from replaying the
 * contact's triggers through §4's rule again, which must give the same requests (else it throws).
 */
import { type Scenario, type Strategy, writeBackFor } from '../scenario';
import { MINUTE_MS } from '../time';
import { lowerBound, upperBound } from './columns';
import { arrival } from './ingest';
import { CAUSE_BATCH_RUN, CAUSE_MICRO_BATCH } from './jobs';
import type { PipelineJobs } from './pipeline';
import type { Replay } from './replay';
import { dailyRuns } from './strategies';

export interface ExplainedEvent {
  /** When it happened, and when the scorer saw it (null: never, within the window). */
  at: number;
  arrival: number | null;
  status: 'seen' | 'lost' | 'late';
  type: string;
  significant: boolean;
}

export interface ExplainedRequest {
  requestedAt: number;
  reason: string;
  startedAt: number | null;
  finishedAt: number | null;
  visibleAt: number | null;
  /** The write-back call that carried it, counted from 1 in the run; null without one. */
  call: number | null;
  outcome: 'visible' | 'not written by the end' | 'dropped at the window end';
  /** No event of the contact arrived since its previous job started. */
  wasted: boolean;
}

export interface ExplainedTrigger {
  at: number;
  type: string;
  outcome: string;
}

export interface ExplainedStaleness {
  at: number;
  type: string;
  /** null: unscored (see why). */
  seconds: number | null;
  why: string;
}

export interface StrategyExplanation {
  id: string;
  kind: Strategy['kind'];
  requests: ExplainedRequest[];
  triggers: ExplainedTrigger[];
  staleness: ExplainedStaleness[];
}

export interface ContactExplanation {
  events: ExplainedEvent[];
  strategies: StrategyExplanation[];
}

/** A contact of a stored run, explained. */
export interface Explanation extends ContactExplanation {
  run: number;
  contact: string;
  /** Whether the re-run gave the run's stored job and call counts, strategy by strategy. */
  agrees: boolean;
}

const iso = (t: number) => new Date(t).toISOString().replace('.000Z', 'Z');

/** The contact's events of the window as the dataset has them, with what ingest did to each. */
export function explainEvents(replay: Replay, scenario: Scenario, contactIndex: number): ExplainedEvent[] {
  const { columns } = replay.source;
  const { start, end } = replay.window;
  const significant = new Set(scenario.significant);
  const first = lowerBound(columns.time, start);
  const last = lowerBound(columns.time, end);
  const out: ExplainedEvent[] = [];
  // A scan of the window in time order gives each of the contact's events its window index.
  for (let i = first; i < last; i++) {
    if (columns.contact[i] !== contactIndex) continue;
    const t = columns.time[i]!;
    const type = columns.typeNames[columns.type[i]!]!;
    const mode = scenario.ingest ? (scenario.ingest.byType?.[type] ?? scenario.ingest.default) : ({ mode: 'realtime' } as const);
    const a = arrival(mode, t, i - first, start);
    const status = Number.isNaN(a) ? 'lost' : a >= end ? 'late' : 'seen';
    out.push({ at: t, arrival: status === 'seen' ? a : null, status, type, significant: significant.has(type) });
  }
  return out;
}

type Rule = { triggers: string[]; debounceMinutes: number; maxScoresPerContactPerDay?: number | undefined };

/** §4's event-triggered rule over one contact's seen triggers, saying what each trigger did. */
function traceTriggers(rule: Rule, seen: readonly ExplainedEvent[], window: { end: number; dayStarts: Float64Array }) {
  const D = rule.debounceMinutes * MINUTE_MS;
  const cap = rule.maxScoresPerContactPerDay ?? 0;
  const triggers = seen.filter((e) => e.status === 'seen' && rule.triggers.includes(e.type)).sort((x, y) => x.arrival! - y.arrival!);
  const executed: { at: number; reason: string }[] = [];
  const notes: ExplainedTrigger[] = [];
  const perDay = new Map<number, number>();
  let L: number | null = null;
  let P: number | null = null;
  let pendingBy = '';
  const execute = (t: number, reason: string, note: ExplainedTrigger | null): void => {
    if (t >= window.end) {
      if (note) note.outcome = 'its job would run at or after the window end: none';
      return;
    }
    if (cap > 0) {
      const day = upperBound(window.dayStarts, t) - 1;
      const n = perDay.get(day) ?? 0;
      if (n >= cap) {
        if (note) note.outcome = `suppressed by the daily cap (${cap} a day)`;
        else notes.push({ at: t, type: '', outcome: `the trailing job at ${iso(t)} was suppressed by the daily cap (${cap} a day)` });
        return;
      }
      perDay.set(day, n + 1);
    }
    L = t;
    executed.push({ at: t, reason });
  };
  for (const e of triggers) {
    const t = e.arrival!;
    const note: ExplainedTrigger = { at: t, type: e.type, outcome: '' };
    notes.push(note);
    if (P !== null && P < t) {
      const p = P;
      P = null;
      execute(p, pendingBy, null);
    }
    if (P !== null) note.outcome = `folded into the pending job at ${iso(P)}`;
    else if (L !== null && L >= t) note.outcome = `folded into the job at ${iso(L)}`;
    else if (L === null || t - L >= D) {
      note.outcome = 'requested a job';
      execute(t, `${e.type} seen at ${iso(t)}`, note);
    } else {
      P = L + D;
      pendingBy = `debounce: ${e.type} seen at ${iso(t)}, ${rule.debounceMinutes} min after the job at ${iso(L)}, waits for the debounce to end`;
      note.outcome = `made a trailing job at ${iso(P)}`;
    }
  }
  if (P !== null) execute(P, pendingBy, null);
  return { executed, notes };
}

/** One strategy's view of the contact at `rank` (contact index `contactIndex`), from the engine's requests. */
export function explainStrategy(replay: Replay, scenario: Scenario, strategyIndex: number, jobs: PipelineJobs, rank: number, events: readonly ExplainedEvent[]): StrategyExplanation {
  const strategy = scenario.strategies[strategyIndex]!;
  const { requests, timing, serviceMs, writeBack } = jobs;
  const from = requests.contactStart[rank]!;
  const to = requests.contactStart[rank + 1]!;
  const rule: Rule | null = strategy.kind === 'event-triggered' ? strategy : strategy.kind === 'hybrid' ? strategy.eventTriggered : null;
  const traced = rule ? traceTriggers(rule, events, replay.window) : { executed: [], notes: [] };
  const runs =
    strategy.kind === 'nightly-batch'
      ? dailyRuns(replay, strategy.at, scenario.timezone, 1)
      : strategy.kind === 'hybrid'
        ? dailyRuns(replay, strategy.fullRefresh.at, scenario.timezone, strategy.fullRefresh.everyDays)
        : null;
  const engineTriggered: number[] = [];
  for (let j = from; j < to; j++) if (requests.cause[j]! >= 0) engineTriggered.push(requests.time[j]!);
  const tracedTimes = traced.executed.map((x) => x.at);
  if (engineTriggered.length !== tracedTimes.length || engineTriggered.some((t, i) => t !== tracedTimes[i])) {
    throw new Error(`explain: the contact's event-triggered requests of ${strategy.id} replayed to ${tracedTimes.length}, the engine has ${engineTriggered.length}`);
  }
  const hasWriteBack = writeBackFor(scenario, strategy) !== undefined;
  const callTimes = writeBack.callTimes;
  const seenTimes = events.filter((e) => e.status === 'seen').map((e) => e.arrival!).sort((x, y) => x - y);
  const out: ExplainedRequest[] = [];
  let triggered = 0;
  let previousStart: number | null = null;
  for (let j = from; j < to; j++) {
    const r = requests.time[j]!;
    const cause = requests.cause[j]!;
    let reason: string;
    if (cause >= 0) reason = traced.executed[triggered++]!.reason;
    else if (cause === CAUSE_MICRO_BATCH && strategy.kind === 'micro-batch') {
      const every = strategy.everyMinutes * MINUTE_MS;
      const run = replay.window.start + Math.floor((r - replay.window.start) / every) * every;
      reason = `micro-batch run at ${iso(run)}: a trigger seen in the ${strategy.everyMinutes} min before it`;
    } else if (cause === CAUSE_BATCH_RUN && runs) {
      const run = runs[upperBound(runs, r) - 1]!;
      reason = `${strategy.kind === 'hybrid' ? 'full refresh' : 'nightly run'} at ${iso(run)}, in contact order`;
    } else reason = 'batch run';
    const s = timing[2 * j]!;
    const v = timing[2 * j + 1]!;
    const started = s === Infinity ? null : s;
    let wasted = false;
    if (started !== null && previousStart !== null) {
      const p = previousStart;
      wasted = !seenTimes.some((a) => a > p && a <= started);
    }
    if (started !== null) previousStart = started;
    out.push({
      requestedAt: r,
      reason,
      startedAt: started,
      finishedAt: started === null ? null : started + serviceMs,
      visibleAt: v === Infinity ? null : v,
      call: hasWriteBack && v !== Infinity ? lowerBound(callTimes, v) + 1 : null,
      outcome: started === null ? 'dropped at the window end' : v === Infinity ? 'not written by the end' : 'visible',
      wasted,
    });
  }
  const staleness: ExplainedStaleness[] = [];
  for (const e of events) {
    if (!e.significant) continue;
    if (e.status !== 'seen') {
      staleness.push({ at: e.at, type: e.type, seconds: null, why: e.status === 'lost' ? 'lost: every delivery attempt failed' : 'arrived after the window end' });
      continue;
    }
    const job = out.find((x) => x.startedAt !== null && x.startedAt >= e.arrival!);
    if (!job) staleness.push({ at: e.at, type: e.type, seconds: null, why: 'no job started after it was seen' });
    else if (job.visibleAt === null) staleness.push({ at: e.at, type: e.type, seconds: null, why: `its job (started ${iso(job.startedAt!)}) was not written to the CRM by the window end` });
    else staleness.push({ at: e.at, type: e.type, seconds: (job.visibleAt - e.at) / 1000, why: `scored by the job started ${iso(job.startedAt!)}, visible ${iso(job.visibleAt)}` });
  }
  return { id: strategy.id, kind: strategy.kind, requests: out, triggers: traced.notes, staleness };
}
