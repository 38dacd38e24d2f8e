/**
 * Hand-computed cases for every rule of ARCHITECTURE §7 (ingest, the executor queue, write-back,
 * freshness and waste v2). Each expectation is worked out in the comment above it from the rule's
 * text, not from the engine; the webhook draws come from a BigInt transcription of §7's formula.
 */
import { describe, expect, it } from 'vitest';
import { simulateInProcess } from '../../src/core/sim/simulate';
import { buildContactMajor } from '../../src/core/sim/columns';
import { prepareReplay } from '../../src/core/sim/replay';
import { pipelineJobs } from '../../src/core/sim/pipeline';
import { columnsOf, type TestEvent } from '../helpers/columns';
import { scenarioOf } from '../helpers/scenario';
import { WORKED_EVENTS, WORKED_SCENARIO } from '../helpers/worked-example';
import type { ScenarioInput } from '../../src/core/scenario';

type Input = Partial<ScenarioInput> & Pick<ScenarioInput, 'strategies'>;

function run(events: TestEvent[], input: Input) {
  return simulateInProcess(columnsOf(events), scenarioOf(input));
}

const at = (iso: string) => Date.parse(iso);

/** §7's u(i, k), transcribed with BigInt so that no 32-bit trick of the engine's is shared. */
function u(seed: number, i: number, k: number): number {
  const M = 2n ** 32n;
  let h = (BigInt(seed) + BigInt(i) * 0x9e3779b1n + BigInt(k) * 0x85ebca77n) % M;
  h ^= h >> 16n;
  h = (h * 0x85ebca6bn) % M;
  h ^= h >> 13n;
  h = (h * 0xc2b2ae35n) % M;
  h ^= h >> 16n;
  return Number(h) / 2 ** 32;
}

describe('§7 worked example', () => {
  // Contacts a, b, c; poll every 5 min; one event-triggered strategy (demo_request, form_submit; D = 0);
  // 1 worker, 60 s a job; write-back 2 records a call, 120 s max wait, 1 call per 300 s.
  // (test/helpers/worked-example.ts)
  const events = WORKED_EVENTS;
  const input: Input = WORKED_SCENARIO;
  const result = run(events, input);
  const s = result.strategies[0]!;

  it('gives the example’s staleness: b 450 s, a 180 s, c 180 s', () => {
    // Arrivals 01:00, 01:05, 01:10, 01:10 → requests b 01:05, a 01:10, c 01:10 → starts 01:05, 01:10,
    // 01:11 → finishes 01:06, 01:11, 01:12 → calls at 01:08 (b) and 01:13 (a, c).
    expect(s.freshness).toEqual({
      significantEvents: 3,
      scored: 3,
      unscored: 0,
      p50Seconds: 180,
      p90Seconds: 450,
      p99Seconds: 450,
      within5m: 2 / 3,
      within1h: 1,
      within24h: 1,
    });
  });

  it('reports the queue: c waits 60 s, max backlog 1', () => {
    // Waits b 0, a 0, c 60 s: mean 20 s.
    expect(s.pipeline.queue).toEqual({ meanWaitSeconds: 20, p99WaitSeconds: 60, maxWaitSeconds: 60, maxBacklog: 1, droppedAtWindowEnd: 0 });
  });

  it('reports the write-back: two calls, delays 120, 120 and 60 s', () => {
    // b finished 01:06, written 01:08 (120 s); a 01:11 → 01:13 (120 s); c 01:12 → 01:13 (60 s).
    expect(s.pipeline.writeBack).toEqual({
      calls: 2,
      recordsWritten: 3,
      notWrittenByEnd: 0,
      meanDelaySeconds: 100,
      p99DelaySeconds: 120,
      maxDelaySeconds: 120,
      maxCallsPerDay: 2,
      daysAtQuota: 0,
    });
  });

  it('reports ingest delays (a − t): 0, 270, 0, 0 s', () => {
    expect(s.pipeline.ingest).toEqual({ lostEvents: 0, lateEvents: 0, meanDelaySeconds: 67.5, p99DelaySeconds: 270, maxDelaySeconds: 270 });
  });

  it('splits the mean staleness (270 s) into its parts', () => {
    // b: ingest 270 + schedule 0 + queue 0 + service 60 + write-back 120; a: 0 + 0 + 0 + 60 + 120;
    // c: 0 + 0 + 60 + 60 + 60. Means over the three: 90, 0, 20, 60, 100.
    expect(s.pipeline.staleness).toEqual({ ingest: 90, schedule: 0, queue: 20, service: 60, writeBack: 100 });
  });

  it('costs and loads jobs in the minute they start', () => {
    // Starts 01:05, 01:10, 01:11: one job (8 ops) in each of those minutes, plus one write per event
    // in the minute it arrives (01:00, 01:05, 01:10 twice).
    const ops = result.series[0]!.opsPerMinute;
    expect([ops[60], ops[65], ops[70], ops[71]]).toEqual([1, 9, 10, 8]);
    expect(s.scoreJobs).toBe(3);
    expect(s.cost.apiUsd).toBe(0);
  });
});

describe('ingest', () => {
  const strategy = { id: 'events', kind: 'event-triggered' as const, triggers: ['demo_request'], debounceMinutes: 0 };

  it('polls at whole periods from the window start: an event on a boundary arrives at it, one after waits for the next, one in the last period is late', () => {
    // Hourly poll. 01:00:00 → 01:00 (on the boundary); 01:00:00.001 → 02:00; 23:30 → 24:00 = the end: late.
    const r = run(
      [
        { contact: 'a', at: '2026-03-01T01:00:00.000Z', type: 'demo_request' },
        { contact: 'b', at: '2026-03-01T01:00:00.001Z', type: 'demo_request' },
        { contact: 'c', at: '2026-03-01T23:30:00.000Z', type: 'demo_request' },
      ],
      { ingest: { default: { mode: 'poll', everyMinutes: 60 } }, strategies: [strategy] },
    );
    const s = r.strategies[0]!;
    expect(s.pipeline.ingest).toEqual({ lostEvents: 0, lateEvents: 1, meanDelaySeconds: 3599.999 / 2, p99DelaySeconds: 3599.999, maxDelaySeconds: 3599.999 });
    // a is scored at once (0 s), b at 02:00 (3,599.999 s); c's event is never seen: unscored.
    expect(s.freshness).toMatchObject({ significantEvents: 3, scored: 2, unscored: 1, p50Seconds: 0, p90Seconds: 3599.999 });
    expect(s.scoreJobs).toBe(2);
    // The late event writes nothing in the window; the others write in the minute they arrive.
    expect(r.series[0]!.opsPerMinute[60]).toBe(1 + 8);
    expect(r.series[0]!.opsPerMinute[120]).toBe(1 + 8);
    expect(r.series[0]!.opsPerMinute.reduce((x, y) => x + y, 0)).toBe(2 + 16);
  });

  it('applies a mode per event type: page views by poll, demo requests in real time', () => {
    // a's page_view at 01:01 is polled to 01:15 (840 s); its demo_request at 01:02 arrives at once
    // and is scored at once.
    const r = run(
      [
        { contact: 'a', at: '2026-03-01T01:01:00Z', type: 'page_view' },
        { contact: 'a', at: '2026-03-01T01:02:00Z', type: 'demo_request' },
      ],
      { ingest: { default: { mode: 'poll', everyMinutes: 15 }, byType: { demo_request: { mode: 'realtime' } } }, strategies: [strategy] },
    );
    expect(r.strategies[0]!.pipeline.ingest).toEqual({ lostEvents: 0, lateEvents: 0, meanDelaySeconds: 14 * 60 / 2, p99DelaySeconds: 14 * 60, maxDelaySeconds: 14 * 60 });
    expect(r.strategies[0]!.freshness.p50Seconds).toBe(0);
  });

  it('delivers webhooks at the first attempt that succeeds, and loses an event whose every attempt fails', () => {
    // Failure rate 0.5, retries after 1 and 10 minutes; window indices 0, 1, 2 by time. The arrival
    // §7 gives each: the first attempt k with u(i, k) ≥ p, at t + (r1 + … + rk) minutes. The seed is
    // the first whose draws give a first-try delivery, a retried one and a lost one.
    const p = 0.5;
    const times = ['2026-03-01T01:00:00Z', '2026-03-01T02:00:00Z', '2026-03-01T03:00:00Z'];
    const offsets = [0, 1, 11];
    const attemptOf = (seed: number, i: number) => [0, 1, 2].find((attempt) => u(seed, i, attempt) >= p);
    const seed = [...Array(10_000).keys()].find((sd) => {
      const ks = [0, 1, 2].map((i) => attemptOf(sd, i));
      return ks.includes(0) && ks.some((k) => k !== undefined && k > 0) && ks.includes(undefined);
    })!;
    const expected = times.map((t, i) => {
      const k = attemptOf(seed, i);
      return k === undefined ? null : at(t) + offsets[k]! * 60_000;
    });
    const r = run(
      times.map((t, i) => ({ contact: `c${i}`, at: t, type: 'demo_request' })),
      { ingest: { default: { mode: 'webhook', failureRate: p, retryMinutes: [1, 10], seed } }, strategies: [strategy] },
    );
    const s = r.strategies[0]!;
    const lost = expected.filter((a) => a === null).length;
    const delays = expected.flatMap((a, i) => (a === null ? [] : [(a - at(times[i]!)) / 1000]));
    expect(s.pipeline.ingest.lostEvents).toBe(lost);
    expect(s.pipeline.ingest.maxDelaySeconds).toBe(delays.length ? Math.max(...delays) : null);
    expect(s.pipeline.ingest.meanDelaySeconds).toBeCloseTo(delays.reduce((x, y) => x + y, 0) / delays.length, 9);
    expect(s.freshness.unscored).toBe(lost);
    expect(lost).toBe(1);
  });

  it('counts an event whose retry crosses the window’s end as late, not lost', () => {
    // An event at 23:50 whose first attempt fails and whose retry 20 minutes later succeeds arrives
    // at 00:10 the next day: past the one-day window. Find a seed whose draws do that for index 0.
    const seed = [...Array(1000).keys()].find((s) => u(s, 0, 0) < 0.5 && u(s, 0, 1) >= 0.5)!;
    const r = run([{ contact: 'a', at: '2026-03-01T23:50:00Z', type: 'demo_request' }], {
      ingest: { default: { mode: 'webhook', failureRate: 0.5, retryMinutes: [20], seed } },
      strategies: [strategy],
    });
    expect(r.strategies[0]!.pipeline.ingest).toEqual({ lostEvents: 0, lateEvents: 1, meanDelaySeconds: null, p99DelaySeconds: null, maxDelaySeconds: null });
    expect(r.strategies[0]!.freshness).toMatchObject({ significantEvents: 1, scored: 0, unscored: 1 });
    expect(r.strategies[0]!.scoreJobs).toBe(0);
  });

  it('orders the scorer’s view by arrival: contact order and activeWithinDays follow what was seen', () => {
    // b happens first (01:00) but is polled to 02:00; a happens at 01:30 and arrives at once, so a is
    // first in contact order: the 03:00 nightly run scores a at +0 ms and b at +20 ms.
    const r = run(
      [
        { contact: 'b', at: '2026-03-01T01:00:00Z', type: 'demo_request' },
        { contact: 'a', at: '2026-03-01T01:30:00Z', type: 'page_view' },
      ],
      {
        ingest: { default: { mode: 'realtime' }, byType: { demo_request: { mode: 'poll', everyMinutes: 120 } } },
        strategies: [{ id: 'nightly', kind: 'nightly-batch', at: '03:00', scope: 'all' }],
      },
    );
    // b's demo_request (01:00) is scored by the job at 03:00:00.020: 7,200.02 s.
    expect(r.strategies[0]!.freshness.p50Seconds).toBe(7200.02);
  });
});

describe('executor queue', () => {
  it('serves first come first served on the worker that frees first', () => {
    // Three contacts' demo requests at 01:00:00, 01:00:10, 01:00:20; 2 workers of 30 s. Starts:
    // 01:00:00 (w1), 01:00:10 (w2), 01:00:30 (w1 frees at 01:00:30): waits 0, 0, 10 s. Backlog: at
    // the third request, 3 − 2 started = 1.
    const r = run(
      ['01:00:00', '01:00:10', '01:00:20'].map((t, i) => ({ contact: `c${i}`, at: `2026-03-01T${t}Z`, type: 'demo_request' })),
      { executor: { batchScoresPerSecond: 50, workers: 2, serviceMs: 30_000 }, strategies: [{ id: 'e', kind: 'event-triggered', triggers: ['demo_request'], debounceMinutes: 0 }] },
    );
    const s = r.strategies[0]!;
    expect(s.pipeline.queue).toEqual({ meanWaitSeconds: 10 / 3, p99WaitSeconds: 10, maxWaitSeconds: 10, maxBacklog: 1, droppedAtWindowEnd: 0 });
    // Visible when done (no write-back): 30 s, 30 s and 40 s after each event.
    expect([s.freshness.p50Seconds, s.freshness.p99Seconds]).toEqual([30, 40]);
    expect(s.pipeline.staleness).toEqual({ ingest: 0, schedule: 0, queue: 10 / 3, service: 30, writeBack: 0 });
  });

  it('breaks ties in request time by contact order', () => {
    // a and b request at 01:00 together; a is first in contact order (its first event is earlier),
    // so a starts at 01:00 and b waits the 60 s job out: b's demo_request is scored 120 s after it.
    const r = run(
      [
        { contact: 'a', at: '2026-03-01T00:30:00Z', type: 'page_view' },
        { contact: 'b', at: '2026-03-01T01:00:00Z', type: 'demo_request' },
        { contact: 'a', at: '2026-03-01T01:00:00Z', type: 'pricing_page_visit' },
      ],
      {
        significant: ['demo_request'],
        executor: { batchScoresPerSecond: 50, workers: 1, serviceMs: 60_000 },
        strategies: [{ id: 'e', kind: 'event-triggered', triggers: ['demo_request', 'pricing_page_visit'], debounceMinutes: 0 }],
      },
    );
    expect(r.strategies[0]!.freshness.p50Seconds).toBe(120);
  });

  it('queues a hybrid’s event-triggered request before its batch request at the same instant, and drops the job that would start at the end', () => {
    // Contact a: page_view 01:00, demo_request 23:59. The full refresh runs at 23:59 and requests a's
    // job at 23:59:00.000, the same instant as the trigger. One worker, 60 s a job: the event-triggered
    // job starts at 23:59, the batch job would start at 24:00 = the end: dropped. So the one job run
    // is not discounted: compute 0.001 + LLM 0.0045 (full price) + database 0.000008.
    const r = run(
      [
        { contact: 'a', at: '2026-03-01T01:00:00Z', type: 'page_view' },
        { contact: 'a', at: '2026-03-01T23:59:00Z', type: 'demo_request' },
      ],
      {
        executor: { batchScoresPerSecond: 50, workers: 1, serviceMs: 60_000 },
        strategies: [
          {
            id: 'h',
            kind: 'hybrid',
            eventTriggered: { triggers: ['demo_request'], debounceMinutes: 0 },
            fullRefresh: { everyDays: 1, at: '23:59', scope: 'all' },
          },
        ],
      },
    );
    const s = r.strategies[0]!;
    expect(s.scoreJobs).toBe(1);
    expect(s.discountedJobs).toBe(0);
    expect(s.pipeline.queue.droppedAtWindowEnd).toBe(1);
    expect(s.cost.totalUsd).toBeCloseTo(0.001 + 0.0045 + 0.000008, 12);
    // It finishes at 24:00: not visible within the window, so the demo request is unscored.
    expect(s.freshness).toMatchObject({ scored: 0, unscored: 1 });
    expect(s.pipeline.writeBack).toMatchObject({ recordsWritten: 0, notWrittenByEnd: 1 });
  });

  it('counts wasted scores between starts (v2): a job with no event arriving since the previous one started', () => {
    // b's three demo requests at 01:00:00, 01:00:01, 01:00:02 each request a job (D = 0); one worker of
    // 60 s starts them at 01:00, 01:01, 01:02. Events arrived in (01:00, 01:01]: 01:00:01 and 01:00:02,
    // so the second is not wasted; none in (01:01, 01:02], so the third is. (§4 would waste none.)
    const r = run(
      ['01:00:00', '01:00:01', '01:00:02'].map((t) => ({ contact: 'b', at: `2026-03-01T${t}Z`, type: 'demo_request' })),
      { executor: { batchScoresPerSecond: 50, workers: 1, serviceMs: 60_000 }, strategies: [{ id: 'e', kind: 'event-triggered', triggers: ['demo_request'], debounceMinutes: 0 }] },
    );
    expect(r.strategies[0]!.wastedScores).toBe(1);
  });
});

describe('write-back', () => {
  const strategy = { id: 'e', kind: 'event-triggered' as const, triggers: ['demo_request'], debounceMinutes: 0 };

  it('flushes at the max wait, or at once when N records wait', () => {
    // N = 3, X = 60 s. Records finishing 01:00:00 and 01:00:10 (then nothing): one call at 01:01:00
    // carrying both. Records at 02:00:00, :01, :02: the third makes N, the call is at 02:00:02.
    const times = ['01:00:00', '01:00:10', '02:00:00', '02:00:01', '02:00:02'];
    const r = run(
      times.map((t, i) => ({ contact: `c${i}`, at: `2026-03-01T${t}Z`, type: 'demo_request' })),
      { writeBack: { recordsPerCall: 3, maxWaitSeconds: 60 }, strategies: [strategy] },
    );
    const s = r.strategies[0]!;
    expect(s.pipeline.writeBack).toMatchObject({ calls: 2, recordsWritten: 5, maxDelaySeconds: 60 });
    // Staleness: 60, 50, 2, 1, 0 s.
    expect(s.freshness).toMatchObject({ p50Seconds: 2, p99Seconds: 60 });
    expect(s.pipeline.writeBack.meanDelaySeconds).toBeCloseTo((60 + 50 + 2 + 1 + 0) / 5, 12);
  });

  it('delays calls by the daily quota to the next local midnight, across a DST change', () => {
    // Europe/Berlin; 2026-03-29 is 23 hours long (clocks go from 02:00 to 03:00). One call a day, one
    // record a call. Demo requests at 28th 23:00, 28th 23:30 and 29th 01:00 local (CET, UTC+1).
    //  - 28th 23:00 local = 22:00Z: called at once (0 s).
    //  - 28th 23:30 local: the 28th's quota is spent → 29th 00:00 local = 28th 23:00Z (30 min).
    //  - 29th 01:00 local = 29th 00:00Z: the 29th's quota is spent → 30th 00:00 local (CEST) =
    //    29th 22:00Z: 22 h.
    const r = run(
      [
        { contact: 'a', at: '2026-03-28T22:00:00Z', type: 'demo_request' },
        { contact: 'b', at: '2026-03-28T22:30:00Z', type: 'demo_request' },
        { contact: 'c', at: '2026-03-29T00:00:00Z', type: 'demo_request' },
      ],
      { timezone: 'Europe/Berlin', window: { start: '2026-03-28', end: '2026-03-31' }, writeBack: { recordsPerCall: 1, maxWaitSeconds: 0, callsPerDay: 1 }, strategies: [strategy] },
    );
    const s = r.strategies[0]!;
    expect(s.freshness).toMatchObject({ scored: 3, p50Seconds: 1800, p99Seconds: 22 * 3600 });
    expect(s.pipeline.writeBack).toMatchObject({ calls: 3, maxCallsPerDay: 1, daysAtQuota: 3 });
    expect(r.series[0]!.callsPerDay).toEqual(new Int32Array([1, 1, 1]));
  });

  it('holds every record that is due on a day whose quota is spent, even one due before the last call (found by the property test)', () => {
    // Two calls a day, one record a call. Records finish on Mar 1 at 00:00:00, :20, :40 and 00:01:00.
    // Calls at 00:00:00 and 00:00:20 spend Mar 1's quota; the third goes at Mar 2 00:00. The fourth is
    // due at Mar 1 00:01, before that call, on the spent day: it too goes at Mar 2 00:00.
    const r = run(
      [
        ...['00:00:00', '00:00:20', '00:00:40', '00:01:00'].map((t, i) => ({ contact: `c${i}`, at: `2026-03-01T${t}Z`, type: 'demo_request' })),
        { contact: 'c0', at: '2026-03-02T12:00:00Z', type: 'page_view' },
      ],
      { writeBack: { recordsPerCall: 1, maxWaitSeconds: 0, callsPerDay: 2 }, strategies: [strategy] },
    );
    expect(r.series[0]!.callsPerDay).toEqual(new Int32Array([2, 2]));
    // Staleness 0, 0, 86,360 and 86,340 s.
    expect(r.strategies[0]!.freshness).toMatchObject({ scored: 4, p50Seconds: 0, p99Seconds: 86_360 });
    expect(r.strategies[0]!.pipeline.writeBack).toMatchObject({ calls: 4, maxCallsPerDay: 2, daysAtQuota: 2 });
  });

  it('holds a call back until fewer than C calls lie in the last P seconds', () => {
    // 2 calls per 60 s, one record a call: records at 01:00:00, :01, :02, :03 are called at 01:00:00,
    // 01:00:01, then 01:01:00 (the 2nd most recent call, 01:00:00, + 60 s), 01:01:01.
    const r = run(
      ['01:00:00', '01:00:01', '01:00:02', '01:00:03'].map((t, i) => ({ contact: `c${i}`, at: `2026-03-01T${t}Z`, type: 'demo_request' })),
      { writeBack: { recordsPerCall: 1, maxWaitSeconds: 0, rateLimit: { calls: 2, perSeconds: 60 } }, strategies: [strategy] },
    );
    // Delays 0, 0, 58, 58 s.
    expect(r.strategies[0]!.pipeline.writeBack).toMatchObject({ calls: 4, meanDelaySeconds: 29, maxDelaySeconds: 58 });
  });

  it('leaves the records of a call due at or after the end, and all later ones, not written by end', () => {
    // One call a day in a one-day window: the second record's call would be at the next midnight, the end.
    const r = run(
      [
        { contact: 'a', at: '2026-03-01T10:00:00Z', type: 'demo_request' },
        { contact: 'b', at: '2026-03-01T11:00:00Z', type: 'demo_request' },
      ],
      { writeBack: { recordsPerCall: 1, maxWaitSeconds: 0, callsPerDay: 1 }, strategies: [strategy] },
    );
    expect(r.strategies[0]!.pipeline.writeBack).toMatchObject({ calls: 1, recordsWritten: 1, notWrittenByEnd: 1 });
    expect(r.strategies[0]!.freshness).toMatchObject({ scored: 1, unscored: 1 });
  });

  it('lets a strategy’s own write-back replace the scenario’s, and charges API calls', () => {
    // Four demo requests a minute apart. The scenario's write-back: one record a call at $1 per
    // thousand calls → 4 calls, $0.004. Strategy "batched": 10 records a call, 1 hour max wait, $2
    // per thousand → 1 call at 01:00 + 1 h, $0.002.
    const events = [0, 1, 2, 3].map((m) => ({ contact: `c${m}`, at: Date.parse('2026-03-01T01:00:00Z') + m * 60_000, type: 'demo_request' }));
    const r = run(events, {
      writeBack: { recordsPerCall: 1, maxWaitSeconds: 0, usdPerThousandCalls: 1 },
      strategies: [
        { ...strategy, id: 'plain' },
        { ...strategy, id: 'batched', writeBack: { recordsPerCall: 10, maxWaitSeconds: 3600, usdPerThousandCalls: 2 } },
      ],
    });
    const [plain, batched] = r.strategies;
    expect(plain!.pipeline.writeBack.calls).toBe(4);
    expect(plain!.cost.apiUsd).toBeCloseTo(0.004, 12);
    expect(batched!.pipeline.writeBack.calls).toBe(1);
    expect(batched!.cost.apiUsd).toBeCloseTo(0.002, 12);
    // The API cost is in the total and in the hour the call is made.
    expect(batched!.cost.totalUsd).toBeCloseTo(4 * (0.001 + 0.0045 + 0.000008) + 0.002, 12);
    expect(r.series[1]!.costPerHour[2]).toBeCloseTo(0.002, 12);
    // Staleness of the first record: from 01:00 to the call at 02:00.
    expect(batched!.freshness.p99Seconds).toBe(3600);
  });
});

describe('the pipeline’s per-request outcome', () => {
  it('matches the figures: starts, finishes and visibility of each request of the worked example', () => {
    const events = WORKED_EVENTS;
    const scenario = scenarioOf(WORKED_SCENARIO);
    const columns = columnsOf(events);
    const replay = prepareReplay(columns, buildContactMajor(columns), scenario);
    const jobs = pipelineJobs(replay, scenario, 0);
    // Requests in contact order: a (01:10), b (01:05), c (01:10).
    const iso = (xs: ArrayLike<number>) => Array.from(xs, (x) => new Date(x).toISOString().slice(11, 16));
    expect(iso(jobs.requests.time.subarray(0, 3))).toEqual(['01:10', '01:05', '01:10']);
    expect(iso(jobs.timing.filter((_, i) => i % 2 === 0))).toEqual(['01:10', '01:05', '01:11']);
    expect(iso(jobs.timing.filter((_, i) => i % 2 === 1))).toEqual(['01:13', '01:08', '01:13']);
    // In queue order: b, a, c.
    expect([...jobs.queue.order]).toEqual([1, 0, 2]);
    expect(iso(jobs.writeBack.callTimes)).toEqual(['01:08', '01:13']);
  });
});
