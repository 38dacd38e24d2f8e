/** Assembles the report of a stored run from the workspace: one function for the CLI and the app. */
import { seriesPayload } from '../backend/api';
import { pricingPresets } from '../backend/resources';
import { getRun, getRunSeries } from '../backend/runs';
import type { Workspace } from '../backend/workspace';
import type { SimPool } from '../backend/pool';
import { runForecast } from '../backend/whatif';
import type { ImportSummary } from '../core/importing/types';
import type { ScenarioInput } from '../core/scenario';
import { sensitivity } from '../core/whatif/sensitivity';
import { renderReport } from './report';

export interface ReportForecast {
  months: number;
  growthContacts: number;
  growthEvents: number;
  priceChange: number;
  population?: number;
  sampleFraction?: number;
  replicates: number;
}

export const DEFAULT_REPORT_FORECAST: ReportForecast = { months: 12, growthContacts: 0, growthEvents: 0, priceChange: 0, replicates: 100 };

/** The report of a stored run, with a forecast (and its bootstrap intervals) computed on the pool. */
export async function buildReport(ws: Workspace, ref: string | number, forecastOptions: ReportForecast = DEFAULT_REPORT_FORECAST, pool?: SimPool): Promise<{ html: string; name: string }> {
  const db = ws.db;
  const stored = getRun(db, ref);
  const projection = await runForecast(ws, stored.id, { ...forecastOptions, seed: 1 }, {}, pool);
  const { result, scenarioJson, ...info } = stored;
  const scenario = scenarioJson as unknown as ScenarioInput;
  const importJson = db.prepare('SELECT summary_json FROM imports WHERE dataset_id = ? ORDER BY id DESC').pluck().get(stored.datasetId) as string | undefined;
  const html = renderReport({
    run: { info, result, scenario, series: seriesPayload(getRunSeries(db, stored.id)) },
    importSummary: importJson ? (JSON.parse(importJson) as ImportSummary) : null,
    sensitivity: sensitivity(scenario, result.strategies, result.window.days),
    presets: pricingPresets(),
    forecast: projection,
    generatedAt: new Date().toISOString().slice(0, 16).replace('T', ' ') + ' UTC',
  });
  return { html, name: `scorecast-run-${stored.id}.html` };
}
