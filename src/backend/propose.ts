/** The scenario proposed for a dataset, from its event types' counts (as its import counted them). */
import fs from 'node:fs';
import { type Proposal, proposeScenario } from '../core/propose';
import type { ImportSummary } from '../core/importing/types';
import type { ScenarioInput } from '../core/scenario';
import { loadEventColumns, resolveDataset } from './datasets';
import { defaultScenarioPath } from './resources';
import type { Db } from './workspace';

/** Each event type's count in a dataset: from its import summary, or counted from its columns. */
export function eventTypeCounts(db: Db, datasetId: number): Record<string, number> {
  const json = db.prepare('SELECT summary_json FROM imports WHERE dataset_id = ? ORDER BY id DESC').pluck().get(datasetId) as string | undefined;
  const summary = json ? (JSON.parse(json) as Partial<ImportSummary>) : null;
  if (summary?.eventTypes && Object.keys(summary.eventTypes).length > 0) return summary.eventTypes;
  const cols = loadEventColumns(db, datasetId);
  const counts = new Array<number>(cols.typeNames.length).fill(0);
  for (let i = 0; i < cols.type.length; i++) counts[cols.type[i]!]!++;
  return Object.fromEntries(cols.typeNames.map((t, i) => [t, counts[i]!]));
}

export function proposalFor(db: Db, datasetRef: string | number, base?: ScenarioInput): Proposal {
  const dataset = resolveDataset(db, datasetRef);
  const scenario = base ?? (JSON.parse(fs.readFileSync(defaultScenarioPath(), 'utf8')) as ScenarioInput);
  return proposeScenario(scenario, { name: dataset.name, eventTypes: eventTypeCounts(db, dataset.id) });
}
