/**
 * Explaining a contact and attributing cost: the §7 worked example by hand, and over random data the
 * explanations of every contact add up to the run's own figures, as the attributions do.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildContactMajor } from '../../src/core/sim/columns';
import { prepareReplay } from '../../src/core/sim/replay';
import { pipelineJobs } from '../../src/core/sim/pipeline';
import { simulateInProcess } from '../../src/core/sim/simulate';
import { explainEvents, explainStrategy } from '../../src/core/sim/explain';
import { ATTRIBUTE_BY, attribute } from '../../src/core/sim/attribution';
import type { ScenarioInput } from '../../src/core/scenario';
import { columnsOf } from '../helpers/columns';
import { scenarioOf } from '../helpers/scenario';
import { WORKED_EVENTS, WORKED_SCENARIO } from '../helpers/worked-example';

const hhmm = (t: number | null) => (t === null ? null : new Date(t).toISOString().slice(11, 16));

describe('explain: the §7 worked example', () => {
  const scenario = scenarioOf(WORKED_SCENARIO);
  const events = WORKED_EVENTS;
  const columns = columnsOf(events);
  const replay = prepareReplay(columns, buildContactMajor(columns), scenario);
  const jobs = pipelineJobs(replay, scenario, 0);

  it('explains c: seen at the 01:10 sync, waited a minute for the worker, written in the second call 180 s after it happened', () => {
    // Contact index 2 is c (columnsOf numbers contacts in order of appearance); rank 2 too.
    const evs = explainEvents(replay, scenario, 2);
    expect(evs.map((e) => [hhmm(e.at), hhmm(e.arrival), e.status, e.type, e.significant])).toEqual([['01:10', '01:10', 'seen', 'form_submit', true]]);
    const x = explainStrategy(replay, scenario, 0, jobs, 2, evs);
    expect(x.requests.map((r) => [hhmm(r.requestedAt), hhmm(r.startedAt), hhmm(r.finishedAt), hhmm(r.visibleAt), r.call, r.outcome, r.wasted])).toEqual([['01:10', '01:11', '01:12', '01:13', 2, 'visible', false]]);
    expect(x.requests[0]!.reason).toBe('form_submit seen at 2026-03-01T01:10:00Z');
    expect(x.triggers.map((t) => t.outcome)).toEqual(['requested a job']);
    expect(x.staleness.map((s) => s.seconds)).toEqual([180]);
  });

  it('explains b: happened at 01:00:30, seen at the 01:05 sync, written in the first call: 450 s', () => {
    const evs = explainEvents(replay, scenario, 1);
    expect(evs.map((e) => [hhmm(e.at), hhmm(e.arrival)])).toEqual([['01:00', '01:05']]);
    const x = explainStrategy(replay, scenario, 0, jobs, 1, evs);
    expect(x.requests.map((r) => [hhmm(r.startedAt), hhmm(r.visibleAt), r.call])).toEqual([['01:05', '01:08', 1]]);
    expect(x.staleness.map((s) => s.seconds)).toEqual([450]);
  });

  it('says which triggers the debounce folded and which the daily cap suppressed', () => {
    // D = 30 min, cap 1 a day. 09:00 requests a job; 09:10 makes a trailing job at 09:30; 09:20 folds
    // into it; the trailing job at 09:30 is the day's second: suppressed.
    const cols = columnsOf(['09:00', '09:10', '09:20'].map((t) => ({ contact: 'a', at: `2026-03-01T${t}:00Z`, type: 'demo_request' })));
    const sc = scenarioOf({ strategies: [{ id: 'e', kind: 'event-triggered', triggers: ['demo_request'], debounceMinutes: 30, maxScoresPerContactPerDay: 1 }] });
    const rp = prepareReplay(cols, buildContactMajor(cols), sc);
    const evs = explainEvents(rp, sc, 0);
    const x = explainStrategy(rp, sc, 0, pipelineJobs(rp, sc, 0), 0, evs);
    expect(x.requests.map((r) => hhmm(r.requestedAt))).toEqual(['09:00']);
    expect(x.triggers.map((t) => t.outcome)).toEqual([
      'requested a job',
      'made a trailing job at 2026-03-01T09:30:00Z',
      'folded into the pending job at 2026-03-01T09:30:00Z',
      'the trailing job at 2026-03-01T09:30:00Z was suppressed by the daily cap (1 a day)',
    ]);
  });
});

const TYPES = ['page_view', 'demo_request', 'pricing_page_visit', 'email_open'];
const T0 = Date.parse('2026-03-01T00:00:00Z');
const eventArb = fc.record({
  contact: fc.integer({ min: 0, max: 9 }).map((c) => `c${c}`),
  at: fc.integer({ min: 0, max: 3 * 86_400 - 1 }).map((s) => T0 + s * 1000),
  type: fc.constantFrom(...TYPES),
});
const scenarioArb: fc.Arbitrary<Partial<ScenarioInput> & Pick<ScenarioInput, 'strategies'>> = fc.record({
  timezone: fc.constantFrom('UTC', 'Europe/Berlin'),
  ingest: fc.oneof(
    fc.constant(undefined),
    fc.record({ default: fc.record({ mode: fc.constant('poll' as const), everyMinutes: fc.constantFrom(5, 60) }) }),
    fc.record({ default: fc.record({ mode: fc.constant('webhook' as const), failureRate: fc.constantFrom(0.3, 0.8), retryMinutes: fc.constant([1, 600]), seed: fc.integer({ min: 0, max: 1000 }) }) }),
  ),
  executor: fc.oneof(fc.constant({ batchScoresPerSecond: 1 }), fc.record({ batchScoresPerSecond: fc.constant(1), workers: fc.integer({ min: 1, max: 2 }), serviceMs: fc.constantFrom(1000, 3_600_000) })),
  writeBack: fc.option(fc.record({ recordsPerCall: fc.integer({ min: 1, max: 3 }), maxWaitSeconds: fc.constantFrom(0, 600), callsPerDay: fc.integer({ min: 1, max: 10 }), usdPerThousandCalls: fc.constant(2) }), { nil: undefined }),
  strategies: fc.constant([
    { id: 'nightly', kind: 'nightly-batch' as const, at: '02:00', scope: 'all' as const },
    { id: 'micro', kind: 'micro-batch' as const, everyMinutes: 60, triggers: ['demo_request'] },
    { id: 'events', kind: 'event-triggered' as const, triggers: ['demo_request', 'pricing_page_visit'], debounceMinutes: 30, maxScoresPerContactPerDay: 2 },
    { id: 'hybrid', kind: 'hybrid' as const, eventTriggered: { triggers: ['demo_request'], debounceMinutes: 0 }, fullRefresh: { everyDays: 1, at: '12:00', scope: { activeWithinDays: 1 } } },
  ]),
}) as fc.Arbitrary<Partial<ScenarioInput> & Pick<ScenarioInput, 'strategies'>>;

describe('explanations and attributions add up to the run', () => {
  it('every contact explained gives the run’s jobs, wasted scores and staleness; every attribution its jobs and cost', () => {
    fc.assert(
      fc.property(fc.array(eventArb, { maxLength: 50 }), scenarioArb, fc.constantFrom(...ATTRIBUTE_BY), (events, input, by) => {
        const columns = columnsOf(events);
        const scenario = scenarioOf(input);
        const run = simulateInProcess(columns, scenario);
        const replay = run.replay;
        const hours = Int32Array.from({ length: replay.window.hours }, (_, h) => h % 24);
        scenario.strategies.forEach((_, i) => {
          const jobs = pipelineJobs(replay, scenario, i);
          let started = 0;
          let wasted = 0;
          const stale: number[] = [];
          let unscored = 0;
          for (let c = 0; c < columns.contactCount; c++) {
            const rank = replay.order.indexOf(c);
            const evs = explainEvents(replay, scenario, c);
            if (rank < 0) {
              unscored += evs.filter((e) => e.significant).length;
              continue;
            }
            const x = explainStrategy(replay, scenario, i, jobs, rank, evs);
            started += x.requests.filter((r) => r.startedAt !== null).length;
            wasted += x.requests.filter((r) => r.wasted).length;
            for (const s of x.staleness) if (s.seconds === null) unscored++;
            else stale.push(s.seconds);
          }
          const summary = run.strategies[i]!;
          expect(started).toBe(summary.scoreJobs);
          expect(wasted).toBe(summary.wastedScores);
          expect(unscored).toBe(summary.freshness.unscored);
          expect(stale.sort((x, y) => x - y)).toEqual([...run.partials[i]!.staleness].map((ms) => ms / 1000).sort((x, y) => x - y));
          const a = attribute({ replay, scenario, strategyIndex: i, jobs, by, localHourOfWindowHour: hours, contactValues: Array.from({ length: columns.contactCount }, (_, k) => (k % 2 ? 'even' : null)) });
          expect(a.jobs).toBe(summary.scoreJobs);
          expect(a.rows.reduce((n, r) => n + r.jobs, 0)).toBe(summary.scoreJobs);
          expect(a.totalUsd).toBeCloseTo(summary.cost.totalUsd, 9);
        });
      }),
      { numRuns: 80 },
    );
  });
});
