/** Records that cross from the backend to every face (CLI, app, reports). */

export interface DatasetInfo {
  id: number;
  name: string;
  sourceFile: string;
  format: string;
  importedAt: string;
  events: number;
  contacts: number;
  firstEvent: string | null;
  lastEvent: string | null;
}

export interface RunInfo {
  id: number;
  /** The scenario's name and what changed since the run before, unless the user named it. */
  name: string;
  /** The pricing preset laid over the scenario's cost, if any. */
  pricingPreset: string | null;
  /** The integration preset whose ingest and write-back the scenario took, if any (§7). */
  integrationPreset: string | null;
  datasetId: number;
  dataset: string;
  scenario: string;
  createdAt: string;
  seconds: number;
  engineVersion: string;
}

/** Where one value of an integration preset comes from: a vendor's page and what it says, or an assumption to replace. */
export type PresetSource = { url: string; says: string } | { assumed: string };

/** How events reach the scorer and scores reach the CRM, for one CRM or tool (resources/integrations/presets.json). */
export interface IntegrationPreset {
  id: string;
  name: string;
  asOf: string;
  ingest?: unknown;
  writeBack?: unknown;
  /** Per value, by its path in the scenario (e.g. "writeBack.rateLimit"). */
  sources: Record<string, PresetSource>;
  caveats: string[];
}

export interface PricingPreset {
  id: string;
  name: string;
  asOf: string;
  sources: string[];
  cost: Record<string, unknown>;
}

import type { StrategySummary } from '../core/sim/results';
import type { Crossover } from '../core/whatif/breakeven';

export interface SweepPoint {
  /** Numbers, or sets of event types (for list fields such as triggers). */
  values: (number | string[])[];
  strategies: StrategySummary[];
}

export interface SweepResult {
  dataset: string;
  scenario: string;
  params: { path: string; values: (number | string[])[] }[];
  /** Strategies whose figures change across the sweep. */
  varying: string[];
  points: SweepPoint[];
  /** (point, strategy id) pairs on the cost-versus-p90-freshness Pareto frontier of the varying strategies. */
  frontier: { point: number; strategy: string }[];
  simulations: number;
  seconds: number;
}

export interface BreakevenResult {
  dataset: string;
  scenario: string;
  factors: number[];
  strategies: { id: string; kind: string; monthlyUsd: number[]; scoreJobs: number[]; peakOpsPerMinute: number[] }[];
  crossovers: Crossover[];
}

export type { ForecastInputs, ForecastResult } from '../core/whatif/forecast';
