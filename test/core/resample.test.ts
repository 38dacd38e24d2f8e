import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bootstrapDraw, resampledColumns, scaleDraw } from '../../src/core/whatif/resample';
import { crossovers } from '../../src/core/whatif/breakeven';
import { calendarMonth, forecast, monthAfter, projectedPeaks } from '../../src/core/whatif/forecast';
import type { StrategyPartial } from '../../src/core/sim/partial';
import { buildContactMajor } from '../../src/core/sim/columns';
import { simulateInProcess } from '../../src/core/sim/simulate';
import type { StrategySummary } from '../../src/core/sim/results';
import { columnsOf, type TestEvent } from '../helpers/columns';
import { scenarioOf } from '../helpers/scenario';

const T0 = Date.parse('2026-03-01T00:00:00Z');
const eventArb: fc.Arbitrary<TestEvent> = fc.record({
  contact: fc.integer({ min: 0, max: 9 }).map((c) => `c${c}`),
  at: fc.integer({ min: 0, max: 3 * 1440 - 1 }).map((m) => T0 + m * 60_000),
  type: fc.constantFrom('page_view', 'demo_request'),
});
const scenario = scenarioOf({
  significant: ['demo_request'],
  strategies: [
    { id: 'nightly', kind: 'nightly-batch', at: '02:00', scope: 'all' },
    { id: 'events', kind: 'event-triggered', triggers: ['demo_request'], debounceMinutes: 30 },
  ],
});

describe('resampling contacts', () => {
  it('takes whole copies and a seeded subset for the fraction', () => {
    expect([...scaleDraw(5, 1, 7)]).toEqual([0, 1, 2, 3, 4]);
    const d = [...scaleDraw(4, 2.5, 7)];
    expect(d.slice(0, 8)).toEqual([0, 1, 2, 3, 0, 1, 2, 3]);
    expect(new Set(d.slice(8)).size).toBe(2);
    expect([...scaleDraw(4, 2.5, 7)]).toEqual(d);
  });

  it('reproduces the original dataset’s results exactly at ×1', () => {
    fc.assert(
      fc.property(fc.array(eventArb, { minLength: 1, maxLength: 60 }), (events) => {
        const cols = columnsOf(events);
        const again = resampledColumns(cols, buildContactMajor(cols), scaleDraw(cols.contactCount, 1, 1));
        expect(simulateInProcess(again, scenario).strategies).toEqual(simulateInProcess(cols, scenario).strategies);
      }),
      { numRuns: 60 },
    );
  });

  it('doubles jobs of a strategy that scores each contact independently at ×2', () => {
    fc.assert(
      fc.property(fc.array(eventArb, { minLength: 1, maxLength: 60 }), (events) => {
        const cols = columnsOf(events);
        const twice = resampledColumns(cols, buildContactMajor(cols), scaleDraw(cols.contactCount, 2, 1));
        const [, ev1] = simulateInProcess(cols, scenario).strategies;
        const [, ev2] = simulateInProcess(twice, scenario).strategies;
        expect(ev2!.scoreJobs).toBe(2 * ev1!.scoreJobs);
      }),
      { numRuns: 40 },
    );
  });

  it('centres bootstrap totals on the original total', () => {
    const events: TestEvent[] = Array.from({ length: 400 }, (_, i) => ({ contact: `c${i % 40}`, at: T0 + ((i * 7919) % (3 * 1440)) * 60_000, type: i % 5 === 0 ? 'demo_request' : 'page_view' }));
    const cols = columnsOf(events);
    const major = buildContactMajor(cols);
    const original = cols.time.length;
    const totals = Array.from({ length: 300 }, (_, r) => resampledColumns(cols, major, bootstrapDraw(cols.contactCount, r + 1)).time.length);
    const mean = totals.reduce((a, b) => a + b, 0) / totals.length;
    expect(Math.abs(mean - original) / original).toBeLessThan(0.03);
  });
});

describe('break-even', () => {
  it('finds where one cost curve crosses another, in log volume', () => {
    // d = a − b = [−1, −0.5, 4]: crosses between ×2 and ×4 at 2 × 2^(0.5/4.5) = ×2.16.
    const [c] = crossovers([1, 2, 4], { a: [1, 3, 9], b: [2, 3.5, 5] }, { a: 'event-triggered', b: 'nightly-batch' });
    expect(c!.factor).toBeCloseTo(2 * 2 ** (1 / 9), 12);
    expect(c!.statement).toBe("a (event-triggered) costs more than b (nightly-batch) above ×2.2 of today's volume");
    expect(crossovers([1, 2], { a: [1, 2], b: [3, 4] })).toEqual([]);
  });
});

describe('forecast', () => {
  // 100 jobs over 10 days, 40 of them batch jobs; unit costs as in the test scenario (compute $0.001,
  // database $0.000008, LLM $0.0045 with half off for batch jobs).
  const s = { id: 'nightly', scoreJobs: 100, discountedJobs: 40 } as StrategySummary;
  // April (30 days) then May (31).
  const base = { months: 2, growthContacts: 0.1, growthEvents: 0.2, priceChange: 0, scale: 1, windowDays: 10, startMonth: '2026-04' };
  const one = (x: StrategySummary) => ({ strategies: [x], peaks: [[0, 0]] });

  it('scales batch jobs with contacts and the rest with events, then prices them', () => {
    const { rows } = forecast(scenario, one(s), [], { ...base, growthContacts: 0, growthEvents: 0 });
    // April without growth: 30 days of a 10-day window, 300 jobs; 300 × 0.001008 + 0.0045 × (180 + 120 × 0.5) = $1.3824.
    expect(rows[0]).toMatchObject({ monthStart: '2026-04', days: 30 });
    expect(rows[0]!.jobs).toBeCloseTo(300, 9);
    expect(rows[0]!.costUsd).toBeCloseTo(1.3824, 12);
    const grown = forecast(scenario, one(s), [], base).rows;
    // May has 31 days: batch 40 × 1.21 × 3.1 = 150.04, other 60 × 1.44 × 3.1 = 267.84 → 417.88 jobs;
    // 417.88 × 0.001008 + 0.0045 × (267.84 + 75.02) = $1.96409304.
    expect(grown[1]).toMatchObject({ monthStart: '2026-05', days: 31 });
    expect(grown[1]!.jobs).toBeCloseTo(417.88, 9);
    expect(grown[1]!.costUsd).toBeCloseTo(1.96409304, 12);
    // Prices falling 10% a month: month 2 costs 0.81 of it.
    expect(forecast(scenario, one(s), [], { ...base, priceChange: -0.1 }).rows[1]!.costUsd).toBeCloseTo(1.96409304 * 0.81, 12);
  });

  it('counts calendar months from the month after the window, each with its days, and totals each year and the horizon', () => {
    expect(monthAfter(Date.UTC(2026, 2, 24))).toBe('2026-04');
    expect(monthAfter(Date.UTC(2026, 3, 1))).toBe('2026-04');
    expect(calendarMonth('2027-11', 3)).toEqual({ label: '2028-02', days: 29 });
    const { rows, totals } = forecast(scenario, one(s), [], { ...base, months: 4, startMonth: '2027-11', growthContacts: 0, growthEvents: 0 });
    expect(rows.map((r) => `${r.monthStart}:${r.days}`)).toEqual(['2027-11:30', '2027-12:31', '2028-01:31', '2028-02:29']);
    // Without growth, cost is per day: $1.3824 for 30 days.
    const perDay = 1.3824 / 30;
    expect(totals.map((t) => [t.period, t.months])).toEqual([['2027', 2], ['2028', 2], ['total', 4]]);
    expect(totals[0]!.costUsd).toBeCloseTo(perDay * 61, 12);
    expect(totals[1]!.costUsd).toBeCloseTo(perDay * 60, 12);
    expect(totals[2]!.costUsd).toBeCloseTo(perDay * 121, 12);
  });

  it('keeps paced batch load and scales the rest of the per-minute load with events', () => {
    // Minute 0: 3 batch jobs (24 ops) and 1 event (1 op); minute 1: 2 other jobs (16 ops) and 2 events.
    const partial = { jobsPerMinute: Int32Array.from([3, 2]), discountedJobsPerMinute: Int32Array.from([3, 0]) } as StrategyPartial;
    const events = Int32Array.from([1, 2]);
    // ×1: max(24 + 1, 0 + 18) = 25. ×2: max(24 + 2, 36) = 36. ×0.5: max(24.5, 9) = 24.5.
    expect(projectedPeaks(scenario, events, partial, [1, 2, 0.5])).toEqual([25, 36, 24.5]);
  });

  it('always places the estimate inside its interval', () => {
    const summary = fc.record({ scoreJobs: fc.integer({ min: 0, max: 1000 }), discountedJobs: fc.integer({ min: 0, max: 1000 }) }).map((x) => ({ ...s, ...x, discountedJobs: Math.min(x.discountedJobs, x.scoreJobs) }) as StrategySummary);
    fc.assert(
      fc.property(summary, fc.array(summary, { maxLength: 30 }), (b, reps) => {
        for (const row of forecast(scenario, one(b), reps.map((r) => one(r)), base).rows) {
          expect(row.costLowUsd).toBeLessThanOrEqual(row.costUsd);
          expect(row.costHighUsd).toBeGreaterThanOrEqual(row.costUsd);
          expect(row.jobsLow).toBeLessThanOrEqual(row.jobs);
        }
      }),
    );
  });
});
