/**
 * What a run's report shows, gathered from the workspace: the run and its series, the dataset's
 * hygiene, the sensitivity, a forecast and a sweep computed on the pool with the inputs given. `src/report`
 * renders it; this is the one place that reads the workspace for it (CLI and app alike).
 */
import type { ImportSummary } from '../core/importing/types';
import type { ForecastInputs } from '../core/whatif/forecast';
import type { ScenarioInput } from '../core/scenario';
import { sensitivity } from '../core/whatif/sensitivity';
import type { ReportInput } from '../report/report';
import type { SimPool } from './pool';
import { pricingPresets } from './resources';
import { getRun, getRunSeries } from './runs';
import { seriesPayload } from './series';
import { type SweepPlan, runForecast, runSweep } from './whatif';
import type { Workspace } from './workspace';

/** A forecast's inputs as a report request gives them: the seed and the first month may be left to their defaults. */
export type ReportForecast = Omit<ForecastInputs, 'seed' | 'startMonth'> & Partial<Pick<ForecastInputs, 'seed' | 'startMonth'>>;

export const DEFAULT_REPORT_FORECAST: ReportForecast = { months: 12, growthContacts: 0, growthEvents: 0, priceChange: 0, replicates: 100 };

export interface ReportOptions {
  forecast?: ReportForecast;
  sensitivityDelta?: number;
  /** A sweep to show, planned (and so checked) before the report is started; it runs on the run's dataset. */
  sweep?: SweepPlan;
}

/** The report's content for a stored run, its forecast (and bootstrap intervals) computed on the pool. */
export async function reportInput(ws: Workspace, ref: string | number, options: ReportOptions = {}, pool?: SimPool, signal?: AbortSignal): Promise<ReportInput> {
  const db = ws.db;
  const stored = getRun(db, ref);
  const forecastOptions = options.forecast ?? DEFAULT_REPORT_FORECAST;
  const projection = await runForecast(ws, stored.id, { ...forecastOptions, seed: forecastOptions.seed ?? 1 }, signal ? { signal } : {}, pool);
  const { result, scenarioJson, ...info } = stored;
  const scenario = scenarioJson as unknown as ScenarioInput;
  const importJson = db.prepare('SELECT summary_json FROM imports WHERE dataset_id = ? ORDER BY id DESC').pluck().get(stored.datasetId) as string | undefined;
  const delta = options.sensitivityDelta ?? 0.2;
  const sweep = options.sweep ? await runSweep(ws, stored.datasetId, options.sweep, signal ? { signal } : {}, pool) : undefined;
  return {
    ...(sweep && { sweep }),
    run: { info, result, scenario, series: seriesPayload(getRunSeries(db, stored.id)) },
    importSummary: importJson ? (JSON.parse(importJson) as ImportSummary) : null,
    sensitivity: sensitivity(scenario, result.strategies, result.window.days, delta),
    sensitivityDelta: delta,
    presets: pricingPresets(),
    forecast: projection,
    generatedAt: new Date().toISOString().slice(0, 16).replace('T', ' ') + ' UTC',
  };
}

export function reportFileName(runId: number): string {
  return `scorecast-run-${runId}.html`;
}
