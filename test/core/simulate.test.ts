/**
 * Hand-computed cases for every rule of ARCHITECTURE §4. Each expectation is worked out in the
 * comment above it from the rule's text, not from the engine.
 */
import { describe, expect, it } from 'vitest';
import { simulateInProcess } from '../../src/core/sim/simulate';
import { columnsOf, type TestEvent } from '../helpers/columns';
import { scenarioOf } from '../helpers/scenario';
import type { ScenarioInput } from '../../src/core/scenario';

function run(events: TestEvent[], input: Partial<ScenarioInput> & Pick<ScenarioInput, 'strategies'>) {
  return simulateInProcess(columnsOf(events), scenarioOf(input));
}

describe('nightly-batch', () => {
  // a is first seen 01:00 on day 1, b at 03:00 (after day 1's 02:00 run).
  const events: TestEvent[] = [
    { contact: 'a', at: '2026-03-01T01:00:00Z', type: 'page_view' },
    { contact: 'b', at: '2026-03-01T03:00:00Z', type: 'demo_request' },
    { contact: 'a', at: '2026-03-02T05:00:00Z', type: 'pricing_page_visit' },
  ];
  const result = run(events, { strategies: [{ id: 'nightly', kind: 'nightly-batch', at: '02:00', scope: 'all' }] });
  const s = result.strategies[0]!;

  it('windows from the first local midnight to the midnight after the last event', () => {
    expect(result.replay.window.start).toBe(Date.parse('2026-03-01T00:00:00Z'));
    expect(result.replay.window.end).toBe(Date.parse('2026-03-03T00:00:00Z'));
    expect(result.replay.window.days).toBe(2);
  });

  it('scores only contacts known at each run, in contact order at 50/s', () => {
    // Day 1 02:00: a only. Day 2 02:00: a at +0 ms, b at +20 ms.
    expect(s.scoreJobs).toBe(3);
    // a's day-2 job follows its day-1 job with no event of a in between.
    expect(s.wastedScores).toBe(1);
  });

  it('measures freshness to the first later job of the same contact', () => {
    // b's demo_request at 03-01 03:00 is scored at 03-02 02:00:00.020: 82,800.02 s.
    // a's pricing_page_visit at 03-02 05:00 has no later job: unscored.
    expect(s.freshness).toEqual({
      significantEvents: 2,
      scored: 1,
      unscored: 1,
      p50Seconds: 82_800.02,
      p90Seconds: 82_800.02,
      p99Seconds: 82_800.02,
      within5m: 0,
      within1h: 0,
      within24h: 0.5,
    });
  });

  it('costs batch jobs with the LLM batch discount', () => {
    // compute 3 × 0.001; llm 3 × 0.0045 × 0.5; db 3 × 0.000008.
    expect(s.cost.computeUsd).toBeCloseTo(0.003, 12);
    expect(s.cost.llmUsd).toBeCloseTo(0.00675, 12);
    expect(s.cost.dbUsd).toBeCloseTo(0.000024, 12);
    expect(s.cost.fixedUsd).toBe(0);
    expect(s.cost.totalUsd).toBeCloseTo(0.009774, 12);
    expect(s.cost.perMonthUsd).toBeCloseTo((0.009774 / 2) * 30, 12);
  });

  it('counts database ops per minute, zeros included', () => {
    // Minute 1560 (03-02 02:00) has two jobs × 8 ops; minute 120 one job; three minutes one event each.
    expect(s.db.peakOpsPerMinute).toBe(16);
    expect(s.db.peakMinute).toBe('2026-03-02T02:00:00.000Z');
    expect(s.db.meanOpsPerMinute).toBeCloseTo(27 / 2880, 12);
    // 2,875 of 2,880 minutes are zero, so the 2,852nd smallest is 0.
    expect(s.db.p99OpsPerMinute).toBe(0);
    expect(s.db.minutesOverCapacity).toBe(1);
    expect(result.series[0]!.opsPerMinute[120]).toBe(8);
    expect(result.series[0]!.opsPerMinute[60]).toBe(1);
  });

  it('drops jobs that would execute at or after the window end', () => {
    // 100 contacts known before 23:59; at 1 score/s only positions 0..59 execute before midnight.
    const many = Array.from({ length: 100 }, (_, i) => ({ contact: `c${i}`, at: Date.parse('2026-03-01T10:00:00Z') + i, type: 'page_view' }));
    const r = run(many, { executor: { batchScoresPerSecond: 1 }, strategies: [{ id: 'n', kind: 'nightly-batch', at: '23:59', scope: 'all' }] });
    expect(r.strategies[0]!.scoreJobs).toBe(60);
  });

  it('scopes activeWithinDays to contacts with an event in (run − N days, run]', () => {
    // Runs at 02:00 on 03-01..03-04. a active 03-01 01:00: in (02-28 02:00, 03-01 02:00] and not after.
    // b's event at exactly 03-03 02:00 counts for that run (closed end) and for no other.
    const r = run(
      [
        { contact: 'a', at: '2026-03-01T01:00:00Z', type: 'page_view' },
        { contact: 'b', at: '2026-03-03T02:00:00Z', type: 'page_view' },
        { contact: 'c', at: '2026-03-04T12:00:00Z', type: 'page_view' },
      ],
      { strategies: [{ id: 'n', kind: 'nightly-batch', at: '02:00', scope: { activeWithinDays: 1 } }] },
    );
    // Jobs: a at 03-01 02:00; b at 03-03 02:00 (b first in that run's order). c's event follows the last run.
    expect(r.strategies[0]!.scoreJobs).toBe(2);
    expect(r.strategies[0]!.wastedScores).toBe(0);
  });

  it('drops a contact whose only recent event lies exactly N days before the run (open start)', () => {
    // Runs at 00:00 on 03-01, 03-02, 03-03. a's event is at 03-01 00:00, the window's first instant.
    // 03-01 run: (02-28 00:00, 03-01 00:00] holds it → job. 03-02 run: (03-01 00:00, 03-02 00:00] does
    // not (open start) → none. 03-03 run: nothing in (03-02, 03-03] → none. a's next event follows the last run.
    const r = run(
      [
        { contact: 'a', at: '2026-03-01T00:00:00Z', type: 'page_view' },
        { contact: 'a', at: '2026-03-03T01:00:00Z', type: 'page_view' },
      ],
      { strategies: [{ id: 'n', kind: 'nightly-batch', at: '00:00', scope: { activeWithinDays: 1 } }] },
    );
    expect(r.strategies[0]!.scoreJobs).toBe(1);
  });
});

describe('event-triggered', () => {
  const base = '2026-03-01T';
  const trig = (hhmm: string, contact = 'a', type = 'demo_request'): TestEvent => ({ contact, at: `${base}${hhmm}:00Z`, type });
  const strategy = { id: 'ev', kind: 'event-triggered' as const, triggers: ['demo_request', 'pricing_page_visit'], debounceMinutes: 30 };

  it('debounces with a trailing edge', () => {
    // 10:00 runs; 10:10 → pending 10:30; 10:20 folds; at 10:50 the pending 10:30 runs, then pending 11:00;
    // at 12:00 the pending 11:00 runs, and 12:00 (60 min after) runs at once. Jobs 10:00, 10:30, 11:00, 12:00.
    const r = run(['10:00', '10:10', '10:20', '10:50', '12:00'].map((t) => trig(t)), { significant: ['demo_request'], strategies: [strategy] });
    const s = r.strategies[0]!;
    expect(s.scoreJobs).toBe(4);
    expect(s.wastedScores).toBe(0);
    // Staleness: 0, 20 min, 10 min, 10 min, 0 → sorted [0, 0, 600, 600, 1200] s.
    expect(s.freshness.p50Seconds).toBe(600);
    expect(s.freshness.p90Seconds).toBe(1200);
    expect(s.freshness.within5m).toBe(0.4);
    expect(s.freshness.within1h).toBe(1);
    // Not batch jobs: no LLM discount. 4 × (0.001 + 0.0045 + 0.000008).
    expect(s.cost.totalUsd).toBeCloseTo(4 * 0.005508, 12);
  });

  it('scores every trigger with D = 0, sharing one job per instant', () => {
    const r = run([trig('10:00'), trig('10:00'), trig('10:01'), trig('10:00', 'b')], { strategies: [{ ...strategy, debounceMinutes: 0 }] });
    expect(r.strategies[0]!.scoreJobs).toBe(3);
    // a's 10:00 second trigger shares the job; no event-free gap between jobs.
    expect(r.strategies[0]!.wastedScores).toBe(0);
  });

  it('ignores events that are not triggers', () => {
    const r = run([trig('10:00', 'a', 'page_view'), trig('11:00', 'a', 'email_open')], { strategies: [strategy] });
    expect(r.strategies[0]!.scoreJobs).toBe(0);
  });

  it('drops a pending job that would run at or after the window end', () => {
    // 23:30 runs; 23:40 → pending 00:30 next day = after end: dropped, so the 23:40 demo is unscored.
    const r = run([trig('23:30'), trig('23:40')], { significant: ['demo_request'], strategies: [{ ...strategy, debounceMinutes: 60 }] });
    const s = r.strategies[0]!;
    expect(s.scoreJobs).toBe(1);
    expect(s.freshness.unscored).toBe(1);
    expect(s.freshness.scored).toBe(1);
  });

  it('caps jobs per local day, across local midnight', () => {
    // Europe/Berlin is UTC+1 in January: 22:00..22:20Z are 23:00..23:20 on the 10th, 23:05..23:15Z are 00:05..00:15 on the 11th.
    const at = ['22:00', '22:10', '22:20', '23:05', '23:10', '23:15'].map((t) => ({ contact: 'a', at: `2026-01-10T${t}:00Z`, type: 'demo_request' }));
    const capped = { ...strategy, debounceMinutes: 0, maxScoresPerContactPerDay: 2 };
    const berlin = run(at, { timezone: 'Europe/Berlin', strategies: [capped] }).strategies[0]!;
    expect(berlin.scoreJobs).toBe(4);
    expect(berlin.suppressedByCap).toBe(2);
    // In UTC all six fall on one day: two run, four are suppressed.
    const utc = run(at, { strategies: [capped] }).strategies[0]!;
    expect(utc.scoreJobs).toBe(2);
    expect(utc.suppressedByCap).toBe(4);
  });

  it('suppresses a capped pending job without moving L', () => {
    // Cap 1, D 30: 10:00 runs; 10:10 → pending 10:30, which would be the 2nd job of the day: suppressed.
    // 11:00: L is still 10:00, 60 min ago → would run at once, 3rd attempt, suppressed again.
    const r = run([trig('10:00'), trig('10:10'), trig('11:00')], { strategies: [{ ...strategy, maxScoresPerContactPerDay: 1 }] });
    expect(r.strategies[0]!.scoreJobs).toBe(1);
    expect(r.strategies[0]!.suppressedByCap).toBe(2);
  });
});

describe('micro-batch', () => {
  it('picks up trigger events of each interval at the interval end, in contact order', () => {
    // Contact order: c (00:01), a (00:05), b (00:10). Run 1 at 00:15 takes a (00:05, 00:12) and b (00:10):
    // a at 00:15:00.000, b at 00:15:00.020. a's 23:50 demo falls in the interval ending at 24:00 = window end: no run.
    const events: TestEvent[] = [
      { contact: 'c', at: '2026-03-01T00:01:00Z', type: 'page_view' },
      { contact: 'a', at: '2026-03-01T00:05:00Z', type: 'demo_request' },
      { contact: 'b', at: '2026-03-01T00:10:00Z', type: 'demo_request' },
      { contact: 'a', at: '2026-03-01T00:12:00Z', type: 'demo_request' },
      { contact: 'a', at: '2026-03-01T23:50:00Z', type: 'demo_request' },
    ];
    const r = run(events, { significant: ['demo_request'], strategies: [{ id: 'mb', kind: 'micro-batch', everyMinutes: 15, triggers: ['demo_request'] }] });
    const s = r.strategies[0]!;
    expect(s.scoreJobs).toBe(2);
    // Staleness 600 s, 300.02 s, 180 s; one unscored. Sorted [180, 300.02, 600].
    expect(s.freshness).toMatchObject({ significantEvents: 4, scored: 3, unscored: 1, p50Seconds: 300.02, p90Seconds: 600, within5m: 0.25 });
    // No batch discount for micro-batch: 2 × 0.005508.
    expect(s.cost.totalUsd).toBeCloseTo(2 * 0.005508, 12);
  });
});

describe('hybrid', () => {
  it('unites event-triggered jobs with full refreshes every N days', () => {
    // Window 03-01..03-04 (3 days). Refresh on days 0 and 2 at 02:00; a demo at 03-01 01:00 runs at once.
    // Jobs: 03-01 01:00 (event), 03-01 02:00 (refresh), 03-03 02:00 (refresh). Both refreshes are wasted.
    const r = run(
      [
        { contact: 'a', at: '2026-03-01T01:00:00Z', type: 'demo_request' },
        { contact: 'a', at: '2026-03-03T10:00:00Z', type: 'page_view' },
      ],
      {
        strategies: [
          {
            id: 'hy',
            kind: 'hybrid',
            fixedUsdPerDay: 2,
            eventTriggered: { triggers: ['demo_request'], debounceMinutes: 0 },
            fullRefresh: { everyDays: 2, at: '02:00', scope: 'all' },
          },
        ],
      },
    );
    const s = r.strategies[0]!;
    expect(s.scoreJobs).toBe(3);
    expect(s.wastedScores).toBe(2);
    // LLM: 1 × 0.0045 + 2 × 0.0045 × 0.5; fixed 2 × 3 days.
    expect(s.cost.llmUsd).toBeCloseTo(0.009, 12);
    expect(s.cost.fixedUsd).toBe(6);
    expect(s.cost.totalUsd).toBeCloseTo(3 * 0.001 + 0.009 + 3 * 0.000008 + 6, 12);
  });
});

describe('time zones and DST', () => {
  it('shifts a nightly time in the spring-forward gap by the gap', () => {
    // New York, 2026-03-08: 02:00 EST jumps to 03:00 EDT. 02:30 does not exist → 03:30 EDT = 07:30Z.
    // The local day runs 05:00Z..04:00Z (23 h = 1,380 minutes).
    const r = run([{ contact: 'a', at: '2026-03-08T06:00:00Z', type: 'demo_request' }], {
      timezone: 'America/New_York',
      significant: ['demo_request'],
      strategies: [{ id: 'n', kind: 'nightly-batch', at: '02:30', scope: 'all' }],
    });
    expect(r.replay.window.start).toBe(Date.parse('2026-03-08T05:00:00Z'));
    expect(r.replay.window.minutes).toBe(1380);
    expect(r.strategies[0]!.freshness.p50Seconds).toBe(5400);
    expect(r.strategies[0]!.db.peakMinute).toBe('2026-03-08T07:30:00.000Z');
  });

  it('takes the earlier instant of a repeated fall-back time', () => {
    // New York, 2026-11-01: 02:00 EDT falls back to 01:00 EST. 01:30 first occurs at 05:30Z (EDT).
    // The local day runs 04:00Z..05:00Z next day (25 h).
    const r = run([{ contact: 'a', at: '2026-11-01T04:30:00Z', type: 'demo_request' }], {
      timezone: 'America/New_York',
      significant: ['demo_request'],
      strategies: [{ id: 'n', kind: 'nightly-batch', at: '01:30', scope: 'all' }],
    });
    expect(r.replay.window.minutes).toBe(1500);
    expect(r.strategies[0]!.freshness.p50Seconds).toBe(3600);
  });
});

describe('edges', () => {
  it('reports nulls, not NaN, for an empty dataset', () => {
    const r = run([], { strategies: [{ id: 'n', kind: 'nightly-batch', at: '02:00', scope: 'all' }] });
    const s = r.strategies[0]!;
    expect(s.scoreJobs).toBe(0);
    expect(s.cost.perMonthUsd).toBe(0);
    expect(s.db).toEqual({ peakOpsPerMinute: 0, peakMinute: null, p99OpsPerMinute: null, meanOpsPerMinute: null, minutesOverCapacity: 0 });
    expect(s.freshness).toMatchObject({ significantEvents: 0, p50Seconds: null, within1h: null });
  });

  it('reports null freshness when the scenario has no significant events', () => {
    const r = run([{ contact: 'a', at: '2026-03-01T01:00:00Z', type: 'demo_request' }], {
      significant: [],
      strategies: [{ id: 'ev', kind: 'event-triggered', triggers: ['demo_request'], debounceMinutes: 0 }],
    });
    expect(r.strategies[0]!.scoreJobs).toBe(1);
    expect(r.strategies[0]!.freshness).toMatchObject({ significantEvents: 0, p90Seconds: null, within5m: null, within24h: null });
  });

  it('ignores events outside an explicit window and counts its days', () => {
    const r = run(
      [
        { contact: 'a', at: '2026-02-28T23:00:00Z', type: 'demo_request' },
        { contact: 'b', at: '2026-03-01T09:00:00Z', type: 'demo_request' },
      ],
      { window: { start: '2026-03-01', end: '2026-03-03' }, strategies: [{ id: 'n', kind: 'nightly-batch', at: '02:00', scope: 'all' }] },
    );
    // a is never known inside the window; b is known for day 2's run only.
    expect(r.replay.window.days).toBe(2);
    expect(r.strategies[0]!.scoreJobs).toBe(1);
  });

  it('warns about trigger names that match no event type', () => {
    const r = run([{ contact: 'a', at: '2026-03-01T01:00:00Z', type: 'demo_request' }], {
      significant: ['demo_request'],
      strategies: [{ id: 'ev', kind: 'event-triggered', triggers: ['demo_requests'], debounceMinutes: 0 }],
    });
    expect(r.warnings).toEqual([
      "Event types the scenario names do not occur in the dataset: demo_requests (triggers of ev). Pick the significant events and triggers from the dataset's own types (Scenario), or start from the scenario proposed for it.",
      'Strategy ev has no trigger that occurs in the dataset, so it scores nothing and is not ranked.',
    ]);
  });
});
