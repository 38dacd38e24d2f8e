/** Result shapes (ARCHITECTURE §6), shared by the CLI, the backend, the app and reports. */
import type { StrategyKind } from '../scenario';
import type { IngestSummary } from './ingest';
import type { QueueSummary, StalenessPart, WriteBackSummary } from './partial';

export type { IngestSummary, QueueSummary, WriteBackSummary };

export interface CostSummary {
  totalUsd: number;
  computeUsd: number;
  llmUsd: number;
  dbUsd: number;
  fixedUsd: number;
  /** Write-back API calls (§7); 0 without a write-back. Included in totalUsd. */
  apiUsd: number;
  perMonthUsd: number;
}

export interface DbLoadSummary {
  peakOpsPerMinute: number;
  /** Start of the first peak minute; null when the window has no minutes. */
  peakMinute: string | null;
  p99OpsPerMinute: number | null;
  meanOpsPerMinute: number | null;
  minutesOverCapacity: number;
}

export interface FreshnessSummary {
  significantEvents: number;
  scored: number;
  unscored: number;
  p50Seconds: number | null;
  p90Seconds: number | null;
  p99Seconds: number | null;
  within5m: number | null;
  within1h: number | null;
  within24h: number | null;
}

/** §7's figures for one strategy: what ingest, the queue and the write-back did. */
export interface PipelineSummary {
  ingest: IngestSummary;
  queue: QueueSummary;
  writeBack: WriteBackSummary;
  /** Mean seconds of each part of a scored significant event's staleness (they add up to the mean staleness); null when none was scored. */
  staleness: Record<StalenessPart, number> | null;
}

export interface StrategySummary {
  id: string;
  kind: StrategyKind;
  scoreJobs: number;
  /** Jobs of nightly batches and hybrid full refreshes: the ones the LLM batch discount applies to. */
  discountedJobs: number;
  suppressedByCap: number;
  wastedScores: number;
  cost: CostSummary;
  db: DbLoadSummary;
  freshness: FreshnessSummary;
  pipeline: PipelineSummary;
}

/** Series for charts. Minute m and hour h count from the window start. */
export interface StrategySeries {
  id: string;
  opsPerMinute: Float64Array;
  jobsPerHour: Int32Array;
  costPerHour: Float64Array;
  /** Upper bin edges in seconds (the last is Infinity); counts of scored significant events per bin. */
  stalenessEdgesSeconds: number[];
  stalenessCounts: number[];
  /** §7: requests waiting in the queue (the most within each minute) and write-back calls per local day; null without a queue or write-back. */
  backlogPerMinute: Int32Array | null;
  callsPerDay: Int32Array | null;
}

export interface SimulationResult {
  dataset: string;
  datasetId: number;
  scenario: string;
  window: { start: string | null; end: string | null; days: number; timezone: string };
  events: number;
  contacts: number;
  engineVersion: string;
  strategies: StrategySummary[];
  warnings: string[];
}

/** Bumped whenever a change to the engine can change a figure: stored runs record it. */
export const ENGINE_VERSION = '2.0.0';
