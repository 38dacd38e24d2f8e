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
  datasetId: number;
  dataset: string;
  scenario: string;
  createdAt: string;
  seconds: number;
  engineVersion: string;
}

export interface PricingPreset {
  id: string;
  name: string;
  asOf: string;
  sources: string[];
  cost: Record<string, unknown>;
}
