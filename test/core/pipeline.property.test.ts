/** Invariants of §7 over random datasets, scenarios and pipelines (fast-check). */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { simulateInProcess } from '../../src/core/sim/simulate';
import { buildContactMajor } from '../../src/core/sim/columns';
import { prepareReplay } from '../../src/core/sim/replay';
import { pipelineJobs, simulateNightlyAllPipelined, simulatePipelined, simulatePipelinedJobs } from '../../src/core/sim/pipeline';
import { simulateShard } from '../../src/core/sim/shard';
import { finalizeStrategy } from '../../src/core/sim/finalize';
import { upperBound } from '../../src/core/sim/columns';
import type { ScenarioInput } from '../../src/core/scenario';
import { columnsOf, type TestEvent } from '../helpers/columns';
import { scenarioOf } from '../helpers/scenario';

const TYPES = ['page_view', 'demo_request', 'pricing_page_visit', 'email_open'];
const T0 = Date.parse('2026-03-01T00:00:00Z');

const eventArb: fc.Arbitrary<TestEvent> = fc.record({
  contact: fc.integer({ min: 0, max: 12 }).map((c) => `c${c}`),
  // Second resolution over three days: ties are common, and so are jobs close enough to queue.
  at: fc.integer({ min: 0, max: 3 * 86_400 - 1 }).map((s) => T0 + s * 1000),
  type: fc.constantFrom(...TYPES),
});

const triggersArb = fc.subarray(['demo_request', 'pricing_page_visit', 'email_open'], { minLength: 1 });
const scopeArb = fc.oneof(fc.constant('all' as const), fc.record({ activeWithinDays: fc.integer({ min: 1, max: 3 }) }));
const strategiesArb = fc.tuple(
  fc.record({ id: fc.constant('nightly'), kind: fc.constant('nightly-batch' as const), at: fc.constantFrom('00:00', '02:00', '23:59'), scope: scopeArb }),
  fc.record({ id: fc.constant('micro'), kind: fc.constant('micro-batch' as const), everyMinutes: fc.constantFrom(1, 15, 240), triggers: triggersArb }),
  fc.record({
    id: fc.constant('events'),
    kind: fc.constant('event-triggered' as const),
    triggers: triggersArb,
    debounceMinutes: fc.constantFrom(0, 5, 120),
    maxScoresPerContactPerDay: fc.option(fc.integer({ min: 1, max: 4 }), { nil: undefined }),
  }),
  fc.record({
    id: fc.constant('hybrid'),
    kind: fc.constant('hybrid' as const),
    eventTriggered: fc.record({ triggers: triggersArb, debounceMinutes: fc.constantFrom(0, 30) }),
    fullRefresh: fc.record({ everyDays: fc.integer({ min: 1, max: 2 }), at: fc.constantFrom('01:00', '12:00'), scope: scopeArb }),
  }),
);

const modeArb = fc.oneof(
  fc.constant({ mode: 'realtime' as const }),
  fc.record({ mode: fc.constant('poll' as const), everyMinutes: fc.constantFrom(1, 5, 60, 600) }),
  fc.record({
    mode: fc.constant('webhook' as const),
    failureRate: fc.constantFrom(0, 0.2, 0.6, 1),
    retryMinutes: fc.array(fc.constantFrom(0, 1, 30, 600), { maxLength: 3 }),
    seed: fc.integer({ min: 0, max: 2 ** 32 - 1 }),
  }),
);
const ingestArb = fc.record({ default: modeArb, byType: fc.option(fc.record({ demo_request: modeArb }), { nil: undefined }) });
const writeBackArb = fc.record({
  recordsPerCall: fc.integer({ min: 1, max: 5 }),
  maxWaitSeconds: fc.constantFrom(0, 30, 3600),
  rateLimit: fc.option(fc.record({ calls: fc.integer({ min: 1, max: 3 }), perSeconds: fc.constantFrom(1, 10, 600) }), { nil: undefined }),
  callsPerDay: fc.option(fc.integer({ min: 1, max: 30 }), { nil: undefined }),
  usdPerThousandCalls: fc.option(fc.constantFrom(0, 0.5, 2), { nil: undefined }),
});
const executorArb = fc.option(fc.record({ workers: fc.integer({ min: 1, max: 3 }), serviceMs: fc.constantFrom(1, 1000, 60_000, 3_600_000) }), { nil: undefined });

const scenarioArb = fc.record({
  timezone: fc.constantFrom('UTC', 'America/New_York', 'Europe/Berlin'),
  batchScoresPerSecond: fc.constantFrom(0.05, 1, 50),
  strategies: strategiesArb,
  ingest: fc.option(ingestArb, { nil: undefined }),
  executor: executorArb,
  writeBack: fc.option(writeBackArb, { nil: undefined }),
});

type Drawn = typeof scenarioArb extends fc.Arbitrary<infer T> ? T : never;

function input(s: Drawn, keep: { ingest?: boolean; executor?: boolean; writeBack?: boolean } = { ingest: true, executor: true, writeBack: true }): Partial<ScenarioInput> & Pick<ScenarioInput, 'strategies'> {
  return {
    timezone: s.timezone,
    executor: { batchScoresPerSecond: s.batchScoresPerSecond, ...(keep.executor && s.executor) },
    ...(keep.ingest && s.ingest && { ingest: s.ingest }),
    ...(keep.writeBack && s.writeBack && { writeBack: s.writeBack }),
    strategies: [...s.strategies] as ScenarioInput['strategies'],
  };
}

describe('pipeline invariants', () => {
  it('realtime ingest, and no executor or write-back keys, give §4’s figures exactly', () => {
    fc.assert(
      fc.property(fc.array(eventArb, { maxLength: 60 }), scenarioArb, (events, s) => {
        const cols = columnsOf(events);
        const plain = simulateInProcess(cols, scenarioOf(input(s, {})));
        const realtime = simulateInProcess(cols, scenarioOf({ ...input(s, {}), ingest: { default: { mode: 'realtime' }, byType: { demo_request: { mode: 'realtime' } } } }));
        expect(JSON.stringify(realtime.strategies)).toBe(JSON.stringify(plain.strategies));
        // §4's figures carry an API cost of exactly 0 and the ideal pipeline's block.
        for (const x of plain.strategies) {
          expect(x.cost.apiUsd).toBe(0);
          expect(x.pipeline.queue.maxBacklog).toBe(0);
          expect(x.pipeline.writeBack.recordsWritten).toBe(x.scoreJobs);
        }
      }),
      { numRuns: 120 },
    );
  });

  it('the global pass with no queue and no write-back reproduces the per-contact kernels, closed form included, whatever the ingest', () => {
    fc.assert(
      fc.property(fc.array(eventArb, { maxLength: 60 }), scenarioArb, (events, s) => {
        const cols = columnsOf(events);
        const scenario = scenarioOf(input(s, { ingest: true }));
        const replay = prepareReplay(cols, buildContactMajor(cols), scenario);
        scenario.strategies.forEach((_, strategyIndex) => {
          const spec = { strategyIndex, rankFrom: 0, rankTo: replay.order.length };
          const final = (partial: ReturnType<typeof simulateShard>) =>
            finalizeStrategy({ scenario, strategyIndex, window: replay.window, eventsPerMinute: replay.eventsPerMinute, ingest: replay.ingest, partial });
          const kernel = final(simulateShard(replay, scenario, spec));
          const global = final(simulatePipelined(replay, scenario, spec));
          expect(JSON.stringify(global.summary)).toBe(JSON.stringify(kernel.summary));
          expect([...global.series.opsPerMinute]).toEqual([...kernel.series.opsPerMinute]);
        });
      }),
      { numRuns: 150 },
    );
  });

  it('a single realtime or poll mode, which keeps events in order, gives what the general ingest view gives', () => {
    const pollArb = fc.oneof(fc.constant({ mode: 'realtime' as const }), fc.record({ mode: fc.constant('poll' as const), everyMinutes: fc.constantFrom(1, 7, 60, 600) }));
    fc.assert(
      fc.property(fc.array(eventArb, { maxLength: 60 }), scenarioArb, pollArb, (events, s, mode) => {
        const cols = columnsOf(events);
        const scenario = scenarioOf({ ...input(s), ingest: { default: mode } });
        const fast = prepareReplay(cols, buildContactMajor(cols), scenario);
        const general = prepareReplay(cols, buildContactMajor(cols), scenario, undefined, { generalIngest: true });
        expect(fast.ingest).toEqual(general.ingest);
        expect([...fast.order]).toEqual([...general.order]);
        scenario.strategies.forEach((_, strategyIndex) => {
          const summary = (replay: typeof fast) =>
            finalizeStrategy({ scenario, strategyIndex, window: replay.window, eventsPerMinute: replay.eventsPerMinute, ingest: replay.ingest, partial: simulateShard(replay, scenario, { strategyIndex, rankFrom: 0, rankTo: replay.order.length }) }).summary;
          expect(JSON.stringify(summary(fast))).toBe(JSON.stringify(summary(general)));
        });
      }),
      { numRuns: 150 },
    );
  });

  it('nightly "all" with a queue and a write-back, run after run without listing requests, matches the general pass', () => {
    const nearRun = fc.record({
      contact: fc.integer({ min: 0, max: 8 }).map((c) => `c${c}`),
      at: fc.tuple(fc.integer({ min: 0, max: 2 }), fc.oneof(fc.integer({ min: 7190, max: 7210 }), fc.integer({ min: 0, max: 86_399 }))).map(([d, sec]) => T0 + (d * 86_400 + sec) * 1000),
      type: fc.constantFrom(...TYPES),
    });
    let closedForms = 0;
    fc.assert(
      fc.property(fc.array(nearRun, { maxLength: 60 }), scenarioArb, fc.constantFrom('02:00', '23:59', '00:00'), fc.constantFrom(0.01, 0.5, 50, 5000), writeBackArb, (events, s, at, rate, writeBack) => {
        const cols = columnsOf(events);
        const scenario = scenarioOf({ ...input(s), executor: { batchScoresPerSecond: rate, ...s.executor }, writeBack, strategies: [{ id: 'n', kind: 'nightly-batch', at, scope: 'all' }] });
        const replay = prepareReplay(cols, buildContactMajor(cols), scenario);
        const spec = { strategyIndex: 0, rankFrom: 0, rankTo: replay.order.length };
        const closed = simulateNightlyAllPipelined(replay, scenario, 0);
        if (!closed) return;
        closedForms++;
        const general = simulatePipelinedJobs(replay, scenario, spec);
        const final = (partial: typeof general) => finalizeStrategy({ scenario, strategyIndex: 0, window: replay.window, eventsPerMinute: replay.eventsPerMinute, ingest: replay.ingest, partial });
        expect(JSON.stringify(final(closed).summary)).toBe(JSON.stringify(final(general).summary));
        expect(final(closed).series).toEqual(final(general).series);
      }),
      { numRuns: 300 },
    );
    expect(closedForms).toBeGreaterThan(100);
  });

  it('more workers never make any job start later', () => {
    fc.assert(
      fc.property(fc.array(eventArb, { maxLength: 60 }), scenarioArb, fc.integer({ min: 1, max: 3 }), fc.integer({ min: 1, max: 3 }), fc.constantFrom(1000, 60_000, 3_600_000), (events, s, w, more, serviceMs) => {
        const cols = columnsOf(events);
        const fewer = scenarioOf({ ...input(s), executor: { batchScoresPerSecond: s.batchScoresPerSecond, workers: w, serviceMs } });
        const moreWorkers = scenarioOf({ ...input(s), executor: { batchScoresPerSecond: s.batchScoresPerSecond, workers: w + more, serviceMs } });
        const replay = prepareReplay(cols, buildContactMajor(cols), fewer);
        fewer.strategies.forEach((_, i) => {
          const a = pipelineJobs(replay, fewer, i);
          const b = pipelineJobs(replay, moreWorkers, i);
          expect(b.requests.n).toBe(a.requests.n);
          for (let j = 0; j < a.requests.n; j++) expect(b.timing[2 * j]!).toBeLessThanOrEqual(a.timing[2 * j]!);
          const x = simulateInProcess(cols, fewer).strategies[i]!.pipeline.queue;
          const y = simulateInProcess(cols, moreWorkers).strategies[i]!.pipeline.queue;
          expect(y.maxWaitSeconds ?? 0).toBeLessThanOrEqual(x.maxWaitSeconds ?? 0);
          expect(y.maxBacklog).toBeLessThanOrEqual(x.maxBacklog);
          expect(y.droppedAtWindowEnd).toBeLessThanOrEqual(x.droppedAtWindowEnd);
        });
      }),
      { numRuns: 100 },
    );
  });

  it('no sliding window of P seconds holds more than C calls, no local day more than Q, and each executed job is written at most once, in finish order', () => {
    fc.assert(
      fc.property(fc.array(eventArb, { maxLength: 80 }), scenarioArb, writeBackArb, (events, s, writeBack) => {
        const cols = columnsOf(events);
        const scenario = scenarioOf({ ...input(s), writeBack });
        const replay = prepareReplay(cols, buildContactMajor(cols), scenario);
        const { dayStarts } = replay.window;
        scenario.strategies.forEach((_, i) => {
          const { queue, writeBack: wb, serviceMs } = pipelineJobs(replay, scenario, i);
          const calls = [...wb.callTimes];
          for (let c = 1; c < calls.length; c++) expect(calls[c]!).toBeGreaterThanOrEqual(calls[c - 1]!);
          if (writeBack.rateLimit) {
            const { calls: C, perSeconds: P } = writeBack.rateLimit;
            calls.forEach((x) => expect(calls.filter((y) => y > x - P * 1000 && y <= x).length).toBeLessThanOrEqual(C));
          }
          if (writeBack.callsPerDay !== undefined) {
            const perDay = new Map<number, number>();
            for (const x of calls) perDay.set(upperBound(dayStarts, x), (perDay.get(upperBound(dayStarts, x)) ?? 0) + 1);
            for (const n of perDay.values()) expect(n).toBeLessThanOrEqual(writeBack.callsPerDay);
          }
          // In finish order (queue order), visibility never goes back, and never precedes the finish.
          let last = -Infinity;
          let written = 0;
          for (let q = 0; q < queue.executed; q++) {
            const v = wb.visible[q]!;
            if (v === Infinity) {
              last = Infinity;
              continue;
            }
            expect(last).not.toBe(Infinity);
            expect(v).toBeGreaterThanOrEqual(last);
            expect(v).toBeGreaterThanOrEqual(queue.started[q]! + serviceMs);
            expect(calls).toContain(v);
            last = v;
            written++;
          }
          // Each call carries at most N records.
          const perCall = new Map<number, number>();
          for (let q = 0; q < queue.executed; q++) if (wb.visible[q] !== Infinity) perCall.set(wb.visible[q]!, (perCall.get(wb.visible[q]!) ?? 0) + 1);
          for (const [x, records] of perCall) expect(records).toBeLessThanOrEqual(calls.filter((c) => c === x).length * writeBack.recordsPerCall);
          expect(written).toBe(wb.summary.recordsWritten);
          expect(wb.summary.recordsWritten + wb.summary.notWrittenByEnd).toBe(queue.executed);
        });
      }),
      { numRuns: 150 },
    );
  });

  it('loses no event and counts none twice: lost + late + seen = the window’s events, and freshness counts every significant one', () => {
    fc.assert(
      fc.property(fc.array(eventArb, { maxLength: 80 }), scenarioArb, (events, s) => {
        const cols = columnsOf(events);
        const scenario = scenarioOf(input(s));
        const r = simulateInProcess(cols, scenario);
        const { ingest } = r.replay;
        expect(ingest.lostEvents + ingest.lateEvents + r.replay.columns.time.length).toBe(r.replay.sourceEvents);
        const significant = events.filter((e) => scenario.significant.includes(e.type)).length;
        for (const x of r.strategies) {
          expect(x.freshness.significantEvents).toBe(significant);
          expect(x.freshness.scored + x.freshness.unscored).toBe(significant);
          expect(x.pipeline.ingest).toEqual(ingest);
        }
      }),
      { numRuns: 150 },
    );
  });

  it('is deterministic: the same inputs and seeds give byte-identical results', () => {
    fc.assert(
      fc.property(fc.array(eventArb, { maxLength: 60 }), scenarioArb, (events, s) => {
        const scenario = scenarioOf(input(s));
        const a = simulateInProcess(columnsOf(events), scenario);
        const b = simulateInProcess(columnsOf(events), scenario, { shards: 3 });
        expect(JSON.stringify(b.strategies)).toBe(JSON.stringify(a.strategies));
      }),
      { numRuns: 60 },
    );
  });
});
