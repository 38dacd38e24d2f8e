/** Invariants of §4 over random datasets and scenarios (fast-check). */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { simulateInProcess } from '../../src/core/sim/simulate';
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
});
