/** A small run payload with hand-picked numbers, as the backend returns it. */
import type { RunPayload } from '../../src/shared/contract';
import { idealPipeline } from '../../src/core/sim/finalize';
import { realtimeSummary } from '../../src/core/sim/ingest';

const hours = 48;
export const RUN: RunPayload = {
  info: { id: 7, name: 'two strategies', pricingPreset: null, integrationPreset: null, datasetId: 1, dataset: 'fixture', scenario: 'two strategies', createdAt: '2026-03-03T00:00:00.000Z', seconds: 0.1, engineVersion: '1.0.0' },
  scenario: { name: 'two strategies', cost: { cpuMsPerScore: 40, usdPerVcpuHour: 0.05, db: { readsPerScore: 6, writesPerScore: 2, writesPerEvent: 1, usdPerMillionReads: 0.2, usdPerMillionWrites: 0.2, capacityOpsPerMinute: 400 } }, strategies: [] },
  result: {
    dataset: 'fixture',
    datasetId: 1,
    scenario: 'two strategies',
    window: { start: '2026-03-02T00:00:00.000Z', end: '2026-03-04T00:00:00.000Z', days: 2, timezone: 'UTC' },
    events: 100,
    contacts: 10,
    engineVersion: '1.0.0',
    warnings: [],
    strategies: (['nightly', 'events'] as const).map((id, i) => ({
      id,
      kind: i === 0 ? ('nightly-batch' as const) : ('event-triggered' as const),
      scoreJobs: 20 - i * 8,
      discountedJobs: i === 0 ? 20 : 0,
      suppressedByCap: 0,
      wastedScores: 10 - i * 10,
      cost: { totalUsd: 4 - i * 2.5, computeUsd: 1, llmUsd: 2.5 - i * 2.5, dbUsd: 0.5, fixedUsd: 0, apiUsd: 0, perMonthUsd: 60 - i * 37.5 },
      db: { peakOpsPerMinute: 500 - i * 400, peakMinute: '2026-03-02T02:00:00.000Z', p99OpsPerMinute: 8, meanOpsPerMinute: 0.2, minutesOverCapacity: 1 - i },
      freshness: { significantEvents: 10, scored: 10 - i, unscored: i, p50Seconds: i === 0 ? 36_000 : 0, p90Seconds: i === 0 ? 80_000 : 600, p99Seconds: 80_000, within5m: i * 0.8, within1h: i * 0.9, within24h: 1 - i * 0.1 },
      pipeline: { ingest: realtimeSummary(100), ...idealPipeline(20 - i * 8), staleness: null },
    })),
  },
  series: ['nightly', 'events'].map((id, i) => ({
    id,
    opsPerMinute: Array.from({ length: hours * 60 }, (_, m) => (i === 0 ? (m % 1440 === 120 ? 500 : 1) : m % 97 === 0 ? 100 : 2)),
    jobsPerHour: Array.from({ length: hours }, (_, h) => (i === 0 ? (h % 24 === 2 ? 10 : 0) : h % 3)),
    costPerHour: Array.from({ length: hours }, (_, h) => (i === 0 ? (h % 24 === 2 ? 2 : 0) : 1.5 / hours)),
    stalenessEdgesSeconds: [1, 60, 3600, 86_400, null],
    stalenessCounts: i === 0 ? [0, 0, 0, 10, 0] : [7, 1, 1, 0, 0],
    backlogPerMinute: null,
    callsPerDay: null,
  })),
};
