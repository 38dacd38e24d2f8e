/**
 * Runs: load a dataset's columns once into shared memory, fan strategies (and shards of them) out to
 * the worker pool, merge, finalize and store. Nothing is stored unless every shard finished.
 */
import { proxy } from 'comlink';
import { type Scenario, isPipelined } from '../core/scenario';
import { buildContactMajor } from '../core/sim/columns';
import { finalizeStrategy } from '../core/sim/finalize';
import { mergePartials, type StrategyPartial } from '../core/sim/partial';
import { type Replay, prepareReplay } from '../core/sim/replay';
import { ENGINE_VERSION, type SimulationResult, type StrategySeries, type StrategySummary } from '../core/sim/results';
import { scenarioWarnings, shardBounds } from '../core/sim/simulate';
import { upgradeResult } from '../core/sim/upgrade';
import { toIso } from '../core/time';
import { runName, scenarioDiff } from '../core/scenario-diff';
import { loadEventColumns, resolveDataset } from './datasets';
import { CancelledError, UserError } from './errors';
import { SimPool } from './pool';
import type { Db, Workspace } from './workspace';
import type { RunInfo } from '../shared/types';

export interface RunProgress {
  /** 0..1 */
  share: number;
  eventsPerSecond: number;
  phase: 'loading' | 'simulating' | 'saving';
}

export interface RunHooks {
  onProgress?: (p: RunProgress) => void;
  signal?: AbortSignal;
  /** The run's name; default: the scenario's, and what changed since the run before. */
  name?: string;
  /** The pricing preset laid over the scenario's cost, recorded with the run. */
  pricingPreset?: string;
  /** The integration preset whose ingest and write-back the scenario took, recorded with the run. */
  integrationPreset?: string;
}

export interface RunOutcome {
  runId: number;
  seconds: number;
  result: SimulationResult;
  series: StrategySeries[];
}

const sharedAlloc = (bytes: number) => new SharedArrayBuffer(bytes);

/** Loads a dataset and prepares it for a scenario, with every large array in shared memory. */
export function loadReplay(db: Db, datasetId: number, scenario: Scenario): Replay {
  const columns = loadEventColumns(db, datasetId, sharedAlloc);
  return prepareReplay(columns, buildContactMajor(columns, sharedAlloc), scenario, sharedAlloc);
}

/** The same dataset prepared for another scenario whose ingest differs (what the scorer sees changes). */
export function replayFor(replay: Replay, scenario: Scenario): Replay {
  return prepareReplay(replay.source.columns, replay.source.byContact, scenario, sharedAlloc);
}

/**
 * Simulates the given strategies of a scenario on a replay across the pool, each split into enough
 * shards to keep every worker busy; returns one merged partial per strategy (in `indices` order).
 */
export async function simulatePartials(
  pool: SimPool,
  replay: Replay,
  scenario: Scenario,
  indices: readonly number[] = scenario.strategies.map((_, i) => i),
  onDone: (contactsDone: number) => void = () => {},
): Promise<StrategyPartial[]> {
  const contacts = replay.order.length;
  // Batch shards need their run offsets counted first, so split only when workers would idle.
  const shards = Math.max(1, Math.ceil(pool.size / Math.max(1, indices.length)));
  const done = new Float64Array(indices.length * shards);
  const report = () => onDone(done.reduce((a, b) => a + b, 0));
  return Promise.all(
    indices.map(async (s, slot) => {
      // A strategy with a queue or a write-back is one pass over all its jobs: one shard.
      const bounds = shardBounds(contacts, isPipelined(scenario, scenario.strategies[s]!) ? 1 : shards);
      const offsets: Int32Array[] = [];
      if (bounds.length > 2) {
        const counts = await Promise.all(bounds.slice(0, -2).map((from, j) => pool.run((api) => api.countMembers(replay, scenario, s, from, bounds[j + 1]!))));
        let running = new Int32Array(counts[0]?.length ?? 0);
        offsets.push(running);
        for (const c of counts) {
          running = running.map((v, r) => v + c[r]!);
          offsets.push(running);
        }
      }
      const parts = await Promise.all(
        bounds.slice(0, -1).map((from, j) =>
          pool.run((api) =>
            api.simulate(
              replay,
              scenario,
              { strategyIndex: s, rankFrom: from, rankTo: bounds[j + 1]!, runOffsets: offsets[j] },
              proxy((n: number) => {
                done[slot * shards + j] = n;
                report();
              }),
            ),
          ),
        ),
      );
      return mergePartials(replay.window, parts);
    }),
  );
}

export function finalizeAll(replay: Replay, scenario: Scenario, partials: readonly StrategyPartial[]): { strategies: StrategySummary[]; series: StrategySeries[] } {
  const finals = partials.map((partial, strategyIndex) =>
    finalizeStrategy({ scenario, strategyIndex, window: replay.window, eventsPerMinute: replay.eventsPerMinute, ingest: replay.ingest, partial }),
  );
  return { strategies: finals.map((f) => f.summary), series: finals.map((f) => f.series) };
}

/** Runs every strategy of a scenario on a replay across the pool; returns per-strategy summaries and series. */
export async function simulateOnPool(
  pool: SimPool,
  replay: Replay,
  scenario: Scenario,
  onShare: (share: number) => void = () => {},
): Promise<{ strategies: StrategySummary[]; series: StrategySeries[] }> {
  const total = Math.max(1, replay.order.length * scenario.strategies.length);
  const partials = await simulatePartials(pool, replay, scenario, undefined, (n) => onShare(n / total));
  return finalizeAll(replay, scenario, partials);
}

export async function runSimulation(ws: Workspace, datasetRef: string | number, scenario: Scenario, hooks: RunHooks = {}, pool?: SimPool): Promise<RunOutcome> {
  const started = performance.now();
  const dataset = resolveDataset(ws.db, datasetRef);
  hooks.onProgress?.({ share: 0, eventsPerSecond: 0, phase: 'loading' });
  const replay = loadReplay(ws.db, dataset.id, scenario);
  const ownPool = pool ?? new SimPool();
  const abort = () => void ownPool.cancel();
  if (hooks.signal?.aborted) throw new CancelledError('simulation');
  hooks.signal?.addEventListener('abort', abort, { once: true });
  const events = replay.sourceEvents;
  let simulated: Awaited<ReturnType<typeof simulateOnPool>>;
  try {
    simulated = await simulateOnPool(ownPool, replay, scenario, (share) => {
      const elapsed = (performance.now() - started) / 1000;
      hooks.onProgress?.({ share, eventsPerSecond: elapsed > 0 ? (share * events * scenario.strategies.length) / elapsed : 0, phase: 'simulating' });
    });
  } finally {
    hooks.signal?.removeEventListener('abort', abort);
    if (!pool) await ownPool.close();
  }
  if (hooks.signal?.aborted) throw new CancelledError('simulation');
  hooks.onProgress?.({ share: 1, eventsPerSecond: 0, phase: 'saving' });
  const result: SimulationResult = {
    dataset: dataset.name,
    datasetId: dataset.id,
    scenario: scenario.name,
    window: {
      start: replay.window.days > 0 ? toIso(replay.window.start) : null,
      end: replay.window.days > 0 ? toIso(replay.window.end) : null,
      days: replay.window.days,
      timezone: scenario.timezone,
    },
    events,
    contacts: replay.sourceContacts,
    engineVersion: ENGINE_VERSION,
    strategies: simulated.strategies,
    warnings: scenarioWarnings(scenario, replay.columns.typeNames),
  };
  const seconds = (performance.now() - started) / 1000;
  const runId = saveRun(ws.db, dataset.id, scenario, result, simulated.series, seconds, hooks.name ?? defaultRunName(ws.db, dataset.id, scenario), hooks.pricingPreset ?? null, hooks.integrationPreset ?? null);
  return { runId, seconds, result, series: simulated.series };
}

function blob(a: Float64Array | Int32Array): Buffer {
  return Buffer.from(a.buffer, a.byteOffset, a.byteLength);
}

/** The scenario's name and what changed since the last run (on another dataset, that too). */
export function defaultRunName(db: Db, datasetId: number, scenario: Scenario): string {
  const last = db.prepare('SELECT r.scenario_json, r.dataset_id, d.name FROM runs r JOIN datasets d ON d.id = r.dataset_id ORDER BY r.id DESC LIMIT 1').get() as
    | { scenario_json: string; dataset_id: number; name: string }
    | undefined;
  if (!last) return scenario.name;
  const dataset = last.dataset_id !== datasetId ? (db.prepare('SELECT name FROM datasets WHERE id = ?').pluck().get(datasetId) as string) : undefined;
  return runName(scenario.name, scenarioDiff(JSON.parse(last.scenario_json), scenario), dataset);
}

function saveRun(db: Db, datasetId: number, scenario: Scenario, result: SimulationResult, series: StrategySeries[], seconds: number, name: string, pricingPreset: string | null, integrationPreset: string | null): number {
  return db.transaction(() => {
    const runId = Number(
      db
        .prepare('INSERT INTO runs (dataset_id, scenario_name, scenario_json, engine_version, created_at, seconds, result_json, name, pricing_preset, integration_preset) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)')
        .run(datasetId, scenario.name, JSON.stringify(scenario), ENGINE_VERSION, new Date().toISOString(), seconds, JSON.stringify(result), name, pricingPreset, integrationPreset).lastInsertRowid,
    );
    const insert = db.prepare(
      'INSERT INTO run_series (run_id, idx, strategy_id, ops_per_minute, jobs_per_hour, cost_per_hour, staleness_json, backlog_per_minute, calls_per_day) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
    );
    for (const [idx, s] of series.entries()) {
      const staleness = JSON.stringify({ edgesSeconds: s.stalenessEdgesSeconds.map(String), counts: s.stalenessCounts });
      insert.run(runId, idx, s.id, blob(s.opsPerMinute), blob(s.jobsPerHour), blob(s.costPerHour), staleness, s.backlogPerMinute && blob(s.backlogPerMinute), s.callsPerDay && blob(s.callsPerDay));
    }
    return runId;
  })();
}

export type { RunInfo };

export function listRuns(db: Db): RunInfo[] {
  return (
    db
      .prepare(
        `SELECT r.id, r.name, r.pricing_preset AS pricingPreset, r.integration_preset AS integrationPreset, r.dataset_id AS datasetId, d.name AS dataset, r.scenario_name AS scenario, r.created_at AS createdAt, r.seconds, r.engine_version AS engineVersion
         FROM runs r JOIN datasets d ON d.id = r.dataset_id ORDER BY r.id`,
      )
      .all() as RunInfo[]
  );
}

export interface StoredRun extends RunInfo {
  result: SimulationResult;
  scenarioJson: Scenario;
}

export function getRun(db: Db, ref: string | number): StoredRun {
  if (!/^\d+$/.test(String(ref))) throw new UserError(`run "${ref}" is not a run id; list runs with \`scorecast runs\``);
  const row = db
    .prepare(
      `SELECT r.id, r.name, r.pricing_preset AS pricingPreset, r.integration_preset AS integrationPreset, r.dataset_id AS datasetId, d.name AS dataset, r.scenario_name AS scenario, r.created_at AS createdAt, r.seconds, r.engine_version AS engineVersion,
        r.result_json, r.scenario_json FROM runs r JOIN datasets d ON d.id = r.dataset_id WHERE r.id = ?`,
    )
    .get(Number(ref)) as (RunInfo & { result_json: string; scenario_json: string }) | undefined;
  if (!row) throw new UserError(`no run ${ref} in this workspace; list runs with \`scorecast runs\``);
  const { result_json, scenario_json, ...info } = row;
  return { ...info, result: upgradeResult(JSON.parse(result_json) as SimulationResult), scenarioJson: JSON.parse(scenario_json) as Scenario };
}

export function getRunSeries(db: Db, runId: number): StrategySeries[] {
  const rows = db.prepare('SELECT * FROM run_series WHERE run_id = ? ORDER BY idx').all(runId) as {
    strategy_id: string;
    ops_per_minute: Buffer;
    jobs_per_hour: Buffer;
    cost_per_hour: Buffer;
    staleness_json: string;
    backlog_per_minute: Buffer | null;
    calls_per_day: Buffer | null;
  }[];
  const f64 = (b: Buffer) => new Float64Array(b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength));
  const i32 = (b: Buffer) => new Int32Array(b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength));
  return rows.map((r) => {
    const st = JSON.parse(r.staleness_json) as { edgesSeconds: string[]; counts: number[] };
    return {
      id: r.strategy_id,
      opsPerMinute: f64(r.ops_per_minute),
      jobsPerHour: i32(r.jobs_per_hour),
      costPerHour: f64(r.cost_per_hour),
      stalenessEdgesSeconds: st.edgesSeconds.map(Number),
      stalenessCounts: st.counts,
      backlogPerMinute: r.backlog_per_minute && i32(r.backlog_per_minute),
      callsPerDay: r.calls_per_day && i32(r.calls_per_day),
    };
  });
}
