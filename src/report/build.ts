/** Assembles the report of a stored run from the workspace: one function for the CLI and the app. */
import { seriesPayload } from '../backend/api';
import { pricingPresets } from '../backend/resources';
import { getRun, getRunSeries } from '../backend/runs';
import type { Db } from '../backend/workspace';
import type { ImportSummary } from '../core/importing/types';
import type { ScenarioInput } from '../core/scenario';
import { sensitivity } from '../core/whatif/sensitivity';
import { renderReport } from './report';

export function buildReport(db: Db, ref: string | number): { html: string; name: string } {
  const stored = getRun(db, ref);
  const { result, scenarioJson, ...info } = stored;
  const scenario = scenarioJson as unknown as ScenarioInput;
  const importJson = db.prepare('SELECT summary_json FROM imports WHERE dataset_id = ? ORDER BY id DESC').pluck().get(stored.datasetId) as string | undefined;
  const html = renderReport({
    run: { info, result, scenario, series: seriesPayload(getRunSeries(db, stored.id)) },
    importSummary: importJson ? (JSON.parse(importJson) as ImportSummary) : null,
    sensitivity: sensitivity(scenario, result.strategies, result.window.days),
    presets: pricingPresets(),
    generatedAt: new Date().toISOString().slice(0, 16).replace('T', ' ') + ' UTC',
  });
  return { html, name: `scorecast-run-${stored.id}.html` };
}
