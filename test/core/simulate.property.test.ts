/** Invariants of §4 over random datasets and scenarios (fast-check). */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { simulateInProcess, runOffsetsFor, shardBounds } from '../../src/core/sim/simulate';
import { buildContactMajor } from '../../src/core/sim/columns';
import { prepareReplay } from '../../src/core/sim/replay';
import { simulateJobs } from '../../src/core/sim/shard';
import { simulateNightlyAll } from '../../src/core/sim/nightly-all';
import type { StrategyPartial } from '../../src/core/sim/partial';
import type { ScenarioInput } from '../../src/core/scenario';
import { columnsOf, type TestEvent } from '../helpers/columns';
import { scenarioOf } from '../helpers/scenario';

const TYPES = ['page_view', 'demo_request', 'pricing_page_visit', 'email_open'];
const T0 = Date.parse('2026-03-01T00:00:00Z');

const eventArb: fc.Arbitrary<TestEvent> = fc.record({
  contact: fc.integer({ min: 0, max: 12 }).map((c) => `c${c}`),
  // Minute resolution over four days makes same-instant ties common.
  at: fc.integer({ min: 0, max: 4 * 1440 - 1 }).map((m) => T0 + m * 60_000),
  type: fc.constantFrom(...TYPES),
});

/** Events often at or just after 02:00 UTC, where a nightly run's first jobs execute, plus anywhere. */
const nearRunEventArb: fc.Arbitrary<TestEvent> = fc.record({
  contact: fc.integer({ min: 0, max: 6 }).map((c) => `c${c}`),
  at: fc.tuple(fc.integer({ min: 0, max: 3 }), fc.oneof(fc.integer({ min: 120, max: 124 }), fc.integer({ min: 0, max: 1439 }))).map(([day, m]) => T0 + (day * 1440 + m) * 60_000),
  type: fc.constantFrom(...TYPES),
});

const triggersArb = fc.subarray(['demo_request', 'pricing_page_visit', 'email_open'], { minLength: 1 });
const scopeArb = fc.oneof(fc.constant('all' as const), fc.record({ activeWithinDays: fc.integer({ min: 1, max: 3 }) }));
const strategiesArb = fc.tuple(
  fc.record({ id: fc.constant('nightly'), kind: fc.constant('nightly-batch' as const), at: fc.constantFrom('00:00', '02:00', '23:59'), scope: scopeArb }),
  fc.record({ id: fc.constant('micro'), kind: fc.constant('micro-batch' as const), everyMinutes: fc.constantFrom(1, 15, 60, 240), triggers: triggersArb }),
  fc.record({
    id: fc.constant('events'),
    kind: fc.constant('event-triggered' as const),
    triggers: triggersArb,
    debounceMinutes: fc.constantFrom(0, 5, 30, 120),
    maxScoresPerContactPerDay: fc.option(fc.integer({ min: 1, max: 4 }), { nil: undefined }),
  }),
  fc.record({
    id: fc.constant('hybrid'),
    kind: fc.constant('hybrid' as const),
    eventTriggered: fc.record({ triggers: triggersArb, debounceMinutes: fc.constantFrom(0, 30) }),
    fullRefresh: fc.record({ everyDays: fc.integer({ min: 1, max: 3 }), at: fc.constantFrom('01:00', '12:00'), scope: scopeArb }),
  }),
);
const scenarioArb = fc.record({
  timezone: fc.constantFrom('UTC', 'America/New_York', 'Asia/Kolkata'),
  executor: fc.record({ batchScoresPerSecond: fc.constantFrom(0.01, 1, 50) }),
  strategies: strategiesArb,
});

function input(s: { timezone: string; executor: { batchScoresPerSecond: number }; strategies: readonly unknown[] }): Partial<ScenarioInput> & Pick<ScenarioInput, 'strategies'> {
  return { ...s, strategies: [...s.strategies] as ScenarioInput['strategies'] };
}

describe('simulation invariants', () => {
  it('gives identical results however contacts are split into shards', () => {
    fc.assert(
      fc.property(fc.array(eventArb, { maxLength: 80 }), scenarioArb, fc.integer({ min: 2, max: 6 }), (events, s, shards) => {
        const cols = columnsOf(events);
        const scenario = scenarioOf(input(s));
        const one = simulateInProcess(cols, scenario);
        const many = simulateInProcess(cols, scenario, { shards });
        expect(many.strategies).toEqual(one.strategies);
        expect(many.series.map((x) => [...x.opsPerMinute])).toEqual(one.series.map((x) => [...x.opsPerMinute]));
      }),
      { numRuns: 150 },
    );
  });

  it('schedules every job inside the window: per-minute job counts add up to the job total', () => {
    fc.assert(
      fc.property(fc.array(eventArb, { maxLength: 80 }), scenarioArb, (events, s) => {
        const scenario = scenarioOf(input(s));
        const r = simulateInProcess(columnsOf(events), scenario);
        r.strategies.forEach((summary, i) => {
          const hourlyJobs = [...r.series[i]!.jobsPerHour].reduce((a, b) => a + b, 0);
          expect(hourlyJobs).toBe(summary.scoreJobs);
          const opsFromJobs = [...r.series[i]!.opsPerMinute].reduce((a, b) => a + b, 0) - (r.replay.lastEvent - r.replay.firstEvent);
          expect(opsFromJobs).toBe(summary.scoreJobs * 8);
        });
      }),
      { numRuns: 150 },
    );
  });

  it('with D = 0 and no cap, runs exactly one job per distinct (contact, trigger instant)', () => {
    fc.assert(
      fc.property(fc.array(eventArb, { maxLength: 120 }), triggersArb, (events, triggers) => {
        const r = simulateInProcess(columnsOf(events), scenarioOf({ strategies: [{ id: 'e', kind: 'event-triggered', triggers, debounceMinutes: 0 }] }));
        const distinct = new Set(events.filter((e) => triggers.includes(e.type)).map((e) => `${e.contact}@${e.at}`));
        expect(r.strategies[0]!.scoreJobs).toBe(distinct.size);
      }),
      { numRuns: 200 },
    );
  });

  it('nightly "all" runs one job per contact known at each run', () => {
    fc.assert(
      fc.property(fc.array(eventArb, { minLength: 1, maxLength: 80 }), fc.constantFrom('00:00', '06:30', '18:00'), (events, at) => {
        // A fast executor so no job spills past the window end.
        const r = simulateInProcess(columnsOf(events), scenarioOf({ executor: { batchScoresPerSecond: 1000 }, strategies: [{ id: 'n', kind: 'nightly-batch', at, scope: 'all' }] }));
        const { dayStarts, days } = r.replay.window;
        let expected = 0;
        for (let d = 0; d < days; d++) {
          const [h, m] = at.split(':').map(Number) as [number, number];
          const run = dayStarts[d]! + (h * 60 + m) * 60_000;
          expected += new Set(events.filter((e) => (e.at as number) <= run).map((e) => e.contact)).size;
        }
        expect(r.strategies[0]!.scoreJobs).toBe(expected);
      }),
      { numRuns: 150 },
    );
  });

  it('is deterministic: the same inputs give byte-identical results', () => {
    fc.assert(
      fc.property(fc.array(eventArb, { maxLength: 60 }), scenarioArb, (events, s) => {
        const scenario = scenarioOf(input(s));
        const a = simulateInProcess(columnsOf(events), scenario);
        const b = simulateInProcess(columnsOf(events), scenario);
        expect(JSON.stringify(a.strategies)).toBe(JSON.stringify(b.strategies));
      }),
      { numRuns: 50 },
    );
  });

  it('nightly "all" in closed form matches the job-by-job kernel, shard by shard', () => {
    fc.assert(
      fc.property(
        fc.array(nearRunEventArb, { maxLength: 80 }),
        fc.constantFrom('00:00', '02:00', '02:00', '02:30', '23:59'),
        fc.constantFrom('UTC', 'UTC', 'America/New_York', 'Europe/Berlin', 'Asia/Kolkata'),
        // Slow executors push jobs across minutes, past the next run and past the window end.
        fc.constantFrom(0.003, 0.07, 1 / 60, 1, 3, 50, 1000),
        fc.integer({ min: 1, max: 5 }),
        (events, at, timezone, rate, shards) => {
          const cols = columnsOf(events);
          const scenario = scenarioOf({ timezone, executor: { batchScoresPerSecond: rate }, strategies: [{ id: 'n', kind: 'nightly-batch', at, scope: 'all' }] });
          const replay = prepareReplay(cols, buildContactMajor(cols), scenario);
          const bounds = shardBounds(replay.order.length, shards);
          const offsets = runOffsetsFor(replay, scenario, 0, bounds);
          for (let s = 0; s + 1 < bounds.length; s++) {
            const spec = { strategyIndex: 0, rankFrom: bounds[s]!, rankTo: bounds[s + 1]!, runOffsets: offsets[s] };
            const closed = simulateNightlyAll(replay, scenario, scenario.strategies[0] as Extract<(typeof scenario.strategies)[number], { kind: 'nightly-batch' }>, spec);
            expect(comparable(closed)).toEqual(comparable(simulateJobs(replay, scenario, spec)));
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it('trigger rules schedule the same jobs whether they scan the significant copy or every event', () => {
    fc.assert(
      fc.property(fc.array(eventArb, { maxLength: 80 }), scenarioArb, (events, s) => {
        const cols = columnsOf(events);
        const triggerRules = input({ ...s, strategies: s.strategies.slice(1) });
        // Every trigger significant: the kernels read the significant copy. Only page_view significant: they read every event.
        const viaCopy = scenarioOf({ ...triggerRules, significant: TYPES });
        const viaAll = scenarioOf({ ...triggerRules, significant: ['page_view'] });
        const a = simulateInProcess(cols, viaCopy).partials;
        const b = simulateInProcess(cols, viaAll).partials;
        expect(a.map(jobsOnly)).toEqual(b.map(jobsOnly));
      }),
      { numRuns: 150 },
    );
  });
});

/** Everything a partial holds, staleness in a canonical order. */
function comparable(p: StrategyPartial) {
  return { ...p, jobsPerMinute: [...p.jobsPerMinute], discountedJobsPerMinute: [...p.discountedJobsPerMinute], staleness: [...p.staleness].sort((x, y) => x - y) };
}

/** What does not depend on which events are significant. */
function jobsOnly(p: StrategyPartial) {
  const { scoreJobs, discountedJobs, suppressedByCap, wastedScores } = p;
  return { scoreJobs, discountedJobs, suppressedByCap, wastedScores, jobsPerMinute: [...p.jobsPerMinute] };
}
