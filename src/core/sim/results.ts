/** Result shapes (ARCHITECTURE §6), shared by the CLI, the backend, the app and reports. */
import type { StrategyKind } from '../scenario';

export interface CostSummary {
  totalUsd: number;
  computeUsd: number;
  llmUsd: number;
  dbUsd: number;
  fixedUsd: number;
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
export const ENGINE_VERSION = '1.0.0';
