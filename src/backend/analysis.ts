/**
 * Looking inside a stored run: one contact explained (scorecast explain, the app's contact view) and
 * the cost attributed to what drives it (scorecast attribute, the app's chart). Both re-run the run's
 * scenario on its dataset (the engine is deterministic) with every request listed, and check that
 * they find the run's stored figures.
 */
import { type ScenarioInput, validateScenario } from '../core/scenario';
import { type AttributeBy, type Attribution, attribute } from '../core/sim/attribution';
import { type Explanation, type StrategyExplanation, explainEvents, explainStrategy } from '../core/sim/explain';
import { type PipelineJobs, pipelineJobs } from '../core/sim/pipeline';
import type { Replay } from '../core/sim/replay';
import { localHour } from '../core/time';
import { UserError } from './errors';
import { getRun, loadReplay, type StoredRun } from './runs';
import type { Db, Workspace } from './workspace';

export type { Explanation };

interface Rerun {
  run: StoredRun;
  scenario: ReturnType<typeof validated>;
  replay: Replay;
  jobs: (i: number) => PipelineJobs;
}

function validated(input: unknown) {
  const v = validateScenario(input as ScenarioInput);
  if (!v.ok) throw new UserError(`the run's stored scenario no longer validates: ${v.errors.join('; ')}`);
  return v.scenario;
}

function rerun(ws: Workspace, runRef: string | number): Rerun {
  const run = getRun(ws.db, runRef);
  const scenario = validated(run.scenarioJson);
  const replay = loadReplay(ws.db, run.datasetId, scenario);
  const cache = new Map<number, PipelineJobs>();
  return {
    run,
    scenario,
    replay,
    jobs: (i) => {
      if (!cache.has(i)) cache.set(i, pipelineJobs(replay, scenario, i));
      return cache.get(i)!;
    },
  };
}

function agrees(r: Rerun, i: number): boolean {
  const stored = r.run.result.strategies[i];
  const jobs = r.jobs(i);
  return stored !== undefined && stored.scoreJobs === jobs.queue.executed && stored.pipeline.writeBack.calls === jobs.writeBack.summary.calls;
}

export function contactIndexOf(db: Db, datasetId: number, key: string): number {
  const idx = db.prepare('SELECT idx FROM contacts WHERE dataset_id = ? AND key = ?').pluck().get(datasetId, key) as number | undefined;
  if (idx === undefined) throw new UserError(`no contact "${key}" in this run's dataset; contact keys are in \`scorecast export DATASET --what contacts\``);
  return idx;
}

/** One contact of a run, strategy by strategy (or one strategy). */
export function explainContact(ws: Workspace, runRef: string | number, key: string, strategyId?: string): Explanation {
  const r = rerun(ws, runRef);
  const contactIndex = contactIndexOf(ws.db, r.run.datasetId, key);
  const rank = r.replay.order.indexOf(contactIndex);
  const events = explainEvents(r.replay, r.scenario, contactIndex);
  const indices = strategyIndices(r, strategyId);
  const strategies: StrategyExplanation[] = indices.map((i) =>
    rank < 0
      ? { id: r.scenario.strategies[i]!.id, kind: r.scenario.strategies[i]!.kind, requests: [], triggers: [], staleness: events.filter((e) => e.significant).map((e) => ({ at: e.at, type: e.type, seconds: null, why: 'the scorer never saw this contact' })) }
      : explainStrategy(r.replay, r.scenario, i, r.jobs(i), rank, events),
  );
  return { run: r.run.id, contact: key, events, strategies, agrees: indices.every((i) => agrees(r, i)) };
}

function strategyIndices(r: Rerun, strategyId?: string): number[] {
  if (strategyId === undefined) return r.scenario.strategies.map((_, i) => i);
  const i = r.scenario.strategies.findIndex((s) => s.id === strategyId);
  if (i < 0) throw new UserError(`--strategy ${strategyId}: the run has no such strategy (${r.scenario.strategies.map((s) => s.id).join(', ')})`);
  return [i];
}

const COLUMN: Record<Exclude<AttributeBy, 'trigger' | 'hour'>, string> = { country: 'country', 'company-size': 'company_size', source: 'source_system' };

/** Jobs and cost of a run's strategies, attributed by trigger, hour of day or a contact attribute. */
export function attributeRun(ws: Workspace, runRef: string | number, by: AttributeBy, strategyId?: string): (Attribution & { agrees: boolean })[] {
  const r = rerun(ws, runRef);
  const { start, hours } = r.replay.window;
  const localHourOfWindowHour = Int32Array.from({ length: hours }, (_, h) => localHour(start + h * 3_600_000, r.scenario.timezone));
  let contactValues: (string | null)[] | undefined;
  if (by !== 'trigger' && by !== 'hour') {
    contactValues = new Array<string | null>(r.replay.columns.contactCount).fill(null);
    const rows = ws.db.prepare(`SELECT idx, ${COLUMN[by]} AS v FROM contacts WHERE dataset_id = ?`).all(r.run.datasetId) as { idx: number; v: string | null }[];
    for (const row of rows) contactValues[row.idx] = row.v;
  }
  return strategyIndices(r, strategyId).map((i) => ({
    ...attribute({ replay: r.replay, scenario: r.scenario, strategyIndex: i, jobs: r.jobs(i), by, localHourOfWindowHour, ...(contactValues && { contactValues }) }),
    agrees: agrees(r, i),
  }));
}

/** Contacts of a run's dataset worth explaining: the busiest, or those whose key starts with `prefix`. */
export function runContacts(db: Db, runRef: string | number, prefix?: string): { key: string; events: number; country: string | null; companySize: string | null }[] {
  const run = getRun(db, runRef);
  const where = prefix ? 'AND key >= ? AND key < ?' : '';
  const args: unknown[] = prefix ? [run.datasetId, prefix, `${prefix}\uffff`] : [run.datasetId];
  return db
    .prepare(`SELECT key, event_count AS events, country, company_size AS companySize FROM contacts WHERE dataset_id = ? ${where} ORDER BY event_count DESC, idx LIMIT 50`)
    .all(...args) as { key: string; events: number; country: string | null; companySize: string | null }[];
}
