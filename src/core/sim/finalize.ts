/** From merged counts to the figures of §4: cost, database load, freshness; plus chart series. */
import { type Scenario, type Strategy, writeBackFor } from '../scenario';
import { toIso } from '../time';
import type { IngestSummary } from './ingest';
import { STALENESS_PARTS, type StrategyPartial, perHour } from './partial';
import type { SimWindow } from './replay';
import type { CostSummary, DbLoadSummary, FreshnessSummary, PipelineSummary, StrategySeries, StrategySummary } from './results';
import { nearestRank } from './percentile';

/** Per-job unit costs in USD. */
export interface UnitCosts {
  compute: number;
  llm: number;
  db: number;
  llmBatchDiscount: number;
  opsPerJob: number;
}

export function unitCosts(scenario: Scenario): UnitCosts {
  const { cost } = scenario;
  const llm = cost.llm;
  return {
    compute: (cost.cpuMsPerScore / 3_600_000) * cost.usdPerVcpuHour,
    llm: llm ? (llm.inputTokens * llm.usdPerMillionInput + llm.outputTokens * llm.usdPerMillionOutput) / 1e6 : 0,
    db: (cost.db.readsPerScore * cost.db.usdPerMillionReads + cost.db.writesPerScore * cost.db.usdPerMillionWrites) / 1e6,
    llmBatchDiscount: llm?.llmBatchDiscount ?? 0,
    opsPerJob: cost.db.readsPerScore + cost.db.writesPerScore,
  };
}

function costOf(units: UnitCosts, jobs: number, discountedJobs: number): { compute: number; llm: number; db: number } {
  return {
    compute: jobs * units.compute,
    llm: (jobs - discountedJobs) * units.llm + discountedJobs * units.llm * (1 - units.llmBatchDiscount),
    db: jobs * units.db,
  };
}

/** USD per write-back API call of a strategy (§7). */
export function usdPerCall(scenario: Scenario, strategy: Strategy): number {
  return (writeBackFor(scenario, strategy)?.usdPerThousandCalls ?? 0) / 1000;
}

export function costSummary(scenario: Scenario, strategy: Strategy, window: SimWindow, p: StrategyPartial): CostSummary {
  const c = costOf(unitCosts(scenario), p.scoreJobs, p.discountedJobs);
  const fixedUsd = strategy.fixedUsdPerDay * window.days;
  const apiUsd = (p.pipeline?.writeBack.calls ?? 0) * usdPerCall(scenario, strategy);
  // Summed as §4 sums it, the API cost added after, so that a run without write-back adds exactly 0.
  const totalUsd = c.compute + c.llm + c.db + fixedUsd + apiUsd;
  return {
    totalUsd,
    computeUsd: c.compute,
    llmUsd: c.llm,
    dbUsd: c.db,
    fixedUsd,
    apiUsd,
    perMonthUsd: window.days > 0 ? (totalUsd / window.days) * 30 : 0,
  };
}

/** §7's queue and write-back figures of §4's ideal pipeline: every job starts when requested, every score is visible when done. */
export function idealPipeline(scoreJobs: number): Pick<PipelineSummary, 'queue' | 'writeBack'> {
  const zero = scoreJobs > 0 ? 0 : null;
  return {
    queue: { meanWaitSeconds: zero, p99WaitSeconds: zero, maxWaitSeconds: zero, maxBacklog: 0, droppedAtWindowEnd: 0 },
    writeBack: { calls: 0, recordsWritten: scoreJobs, notWrittenByEnd: 0, meanDelaySeconds: zero, p99DelaySeconds: zero, maxDelaySeconds: zero, maxCallsPerDay: 0, daysAtQuota: 0 },
  };
}

/** §7's block: ingest from the replay, queue and write-back from the global pass (or, without one, the ideal pipeline's). */
export function pipelineSummary(ingest: IngestSummary, p: StrategyPartial): PipelineSummary {
  const scored = p.staleness.length;
  const { queue, writeBack } = p.pipeline ?? idealPipeline(p.scoreJobs);
  return {
    ingest,
    queue,
    writeBack,
    staleness: scored > 0 ? (Object.fromEntries(STALENESS_PARTS.map((part, k) => [part, p.stalenessParts[k]! / scored / 1000])) as PipelineSummary['staleness']) : null,
  };
}

export function opsPerMinute(scenario: Scenario, eventsPerMinute: Int32Array, jobsPerMinute: Int32Array): Float64Array {
  const opsPerJob = scenario.cost.db.readsPerScore + scenario.cost.db.writesPerScore;
  const perEvent = scenario.cost.db.writesPerEvent;
  const ops = new Float64Array(jobsPerMinute.length);
  for (let m = 0; m < ops.length; m++) ops[m] = (jobsPerMinute[m] as number) * opsPerJob + (eventsPerMinute[m] as number) * perEvent;
  return ops;
}

export function dbLoadSummary(scenario: Scenario, window: SimWindow, ops: Float64Array): DbLoadSummary {
  const capacity = scenario.cost.db.capacityOpsPerMinute;
  if (ops.length === 0) return { peakOpsPerMinute: 0, peakMinute: null, p99OpsPerMinute: null, meanOpsPerMinute: null, minutesOverCapacity: 0 };
  let peak = -Infinity;
  let peakAt = 0;
  let sum = 0;
  let over = 0;
  for (let m = 0; m < ops.length; m++) {
    const v = ops[m] as number;
    if (v > peak) {
      peak = v;
      peakAt = m;
    }
    sum += v;
    if (capacity !== undefined && v > capacity) over++;
  }
  const sorted = Float64Array.from(ops).sort();
  return {
    peakOpsPerMinute: peak,
    peakMinute: toIso(window.start + peakAt * 60_000),
    p99OpsPerMinute: nearestRank(sorted, 99),
    meanOpsPerMinute: sum / ops.length,
    minutesOverCapacity: over,
  };
}

export function freshnessSummary(p: StrategyPartial): FreshnessSummary {
  const sorted = Float64Array.from(p.staleness).sort();
  const n = p.significantEvents;
  const share = (limitMs: number): number | null => {
    if (n === 0) return null;
    let within = 0;
    for (let i = 0; i < sorted.length && (sorted[i] as number) <= limitMs; i++) within++;
    return within / n;
  };
  const seconds = (q: number): number | null => {
    const v = nearestRank(sorted, q);
    return v === null ? null : v / 1000;
  };
  return {
    significantEvents: n,
    scored: sorted.length,
    unscored: p.unscored,
    p50Seconds: seconds(50),
    p90Seconds: seconds(90),
    p99Seconds: seconds(99),
    within5m: share(300_000),
    within1h: share(3_600_000),
    within24h: share(86_400_000),
  };
}

export const STALENESS_EDGES_SECONDS = [1, 10, 60, 300, 900, 1800, 3600, 7200, 14_400, 28_800, 43_200, 86_400, 172_800, 604_800, Infinity];

function stalenessHistogram(staleness: Float64Array): number[] {
  const counts = new Array<number>(STALENESS_EDGES_SECONDS.length).fill(0);
  for (let i = 0; i < staleness.length; i++) {
    const s = (staleness[i] as number) / 1000;
    let b = 0;
    while (s > (STALENESS_EDGES_SECONDS[b] as number)) b++;
    counts[b]!++;
  }
  return counts;
}

export interface FinalInput {
  scenario: Scenario;
  strategyIndex: number;
  window: SimWindow;
  eventsPerMinute: Int32Array;
  ingest: IngestSummary;
  partial: StrategyPartial;
}

export function finalizeStrategy({ scenario, strategyIndex, window, eventsPerMinute, ingest, partial }: FinalInput): { summary: StrategySummary; series: StrategySeries } {
  const strategy = scenario.strategies[strategyIndex]!;
  const ops = opsPerMinute(scenario, eventsPerMinute, partial.jobsPerMinute);
  const units = unitCosts(scenario);
  const jobsPerHour = perHour(partial.jobsPerMinute, window.hours);
  const discountedPerHour = perHour(partial.discountedJobsPerMinute, window.hours);
  const costPerHour = new Float64Array(window.hours);
  for (let h = 0; h < window.hours; h++) {
    const c = costOf(units, jobsPerHour[h]!, discountedPerHour[h]!);
    costPerHour[h] = c.compute + c.llm + c.db;
  }
  // API calls are charged in the hour they are made.
  const calls = partial.pipeline?.callsPerMinute;
  const perCall = usdPerCall(scenario, strategy);
  if (calls && perCall > 0) for (let m = 0; m < calls.length; m++) if (calls[m]! > 0) costPerHour[(m / 60) | 0]! += calls[m]! * perCall;
  // Fixed capacity is charged at the start of each local day.
  for (let d = 0; d < window.days; d++) {
    const h = Math.floor(((window.dayStarts[d] as number) - window.start) / 3_600_000);
    costPerHour[h] = (costPerHour[h] as number) + strategy.fixedUsdPerDay;
  }
  return {
    summary: {
      id: strategy.id,
      kind: strategy.kind,
      scoreJobs: partial.scoreJobs,
      discountedJobs: partial.discountedJobs,
      suppressedByCap: partial.suppressedByCap,
      wastedScores: partial.wastedScores,
      cost: costSummary(scenario, strategy, window, partial),
      db: dbLoadSummary(scenario, window, ops),
      freshness: freshnessSummary(partial),
      pipeline: pipelineSummary(ingest, partial),
    },
    series: {
      id: strategy.id,
      opsPerMinute: ops,
      jobsPerHour,
      costPerHour,
      stalenessEdgesSeconds: STALENESS_EDGES_SECONDS,
      stalenessCounts: stalenessHistogram(partial.staleness),
      backlogPerMinute: partial.pipeline?.backlogPerMinute ?? null,
      callsPerDay: partial.pipeline?.callsPerDay ?? null,
    },
  };
}
