/**
 * Parameter sweeps on one loaded replay and one worker pool. What a parameter touches decides the
 * work: a cost input changes no job, so the strategies are simulated once and each point only
 * re-finalized; a strategy's field re-simulates that strategy alone; anything else, every strategy.
 */
import { type Scenario, type ScenarioInput, validateScenario } from '../core/scenario';
import type { StrategyPartial } from '../core/sim/partial';
import { paretoFrontier } from '../core/whatif/frontier';
import { type ParamSpec, type ParamValue, applyParam, formatParamValue, grid, gridSize, paramScope, resolveParamPath } from '../core/whatif/params';
import { resolveDataset } from './datasets';
import { CancelledError, UserError } from './errors';
import { SimPool } from './pool';
import { finalizeAll, getRun, loadReplay, replayFor, simulatePartials } from './runs';
import { DEFAULT_FACTORS, crossovers } from '../core/whatif/breakeven';
import { bootstrapDraw, scaleDraw } from '../core/whatif/resample';
import { type ForecastOptions, eventFactors, forecast, monthAfter } from '../core/whatif/forecast';
import type { Workspace } from './workspace';
import type { BreakevenResult, ForecastInputs, ForecastResult, SweepPoint, SweepResult } from '../shared/types';
export type { BreakevenResult, ForecastResult, SweepPoint, SweepResult };

/**
 * Runs work on the given pool, or on a private one closed afterwards; an abort signal cancels the
 * pool's running tasks and turns the outcome into CancelledError.
 */
async function onPool<T>(pool: SimPool | undefined, signal: AbortSignal | undefined, what: string, work: (pool: SimPool) => Promise<T>): Promise<T> {
  const own = pool ?? new SimPool();
  const abort = () => void own.cancel();
  signal?.addEventListener('abort', abort, { once: true });
  try {
    const result = await work(own);
    if (signal?.aborted) throw new CancelledError(what);
    return result;
  } catch (err) {
    if (signal?.aborted) throw new CancelledError(what);
    throw err;
  } finally {
    signal?.removeEventListener('abort', abort);
    if (!pool) await own.close();
  }
}

function validated(input: ScenarioInput, what: string): Scenario {
  const v = validateScenario(input);
  if (!v.ok) throw new UserError(`${what}: ${v.errors.join('; ')}`);
  return v.scenario;
}

/** The most strategy simulations one sweep may ask for (a 50 × 50 grid over one strategy). */
export const MAX_SIMULATIONS = 2500;

export interface SweepPlan {
  baseScenario: Scenario;
  specs: readonly ParamSpec[];
  combos: ParamValue[][];
  scenarios: Scenario[];
  ids: string[];
  /** Strategy indices each point re-simulates; the others are simulated once and shared. */
  resimulated: number[];
  stable: number[];
  varying: string[];
  /** Strategy simulations the sweep will run. */
  simulations: number;
}

/**
 * Checks a sweep before any work starts: every path names a field of the scenario, every point's
 * scenario is valid, and the number of simulations stays within MAX_SIMULATIONS.
 */
export function planSweep(base: ScenarioInput, specs: readonly ParamSpec[]): SweepPlan {
  if (specs.length === 0) throw new UserError('a sweep needs at least one --param');
  if (specs.length > 2) throw new UserError('a sweep takes one or two parameters');
  const baseScenario = validated(base, 'the scenario');
  let scopes;
  try {
    for (const s of specs) resolveParamPath(base, s.path);
    scopes = specs.map((s) => paramScope(s.path));
  } catch (err) {
    throw new UserError((err as Error).message);
  }
  const ids = baseScenario.strategies.map((s) => s.id);
  const allVary = scopes.some((s) => s.kind === 'scenario');
  const swept = new Set(scopes.flatMap((s) => (s.kind === 'strategy' ? [s.id] : [])));
  const resimulated = allVary ? ids.map((_, i) => i) : ids.flatMap((id, i) => (swept.has(id) ? [i] : []));
  const stable = ids.map((_, i) => i).filter((i) => !resimulated.includes(i));
  const varying = allVary || scopes.some((s) => s.kind === 'cost') ? ids : ids.filter((id) => swept.has(id));
  const points = gridSize(specs);
  const simulations = stable.length + points * resimulated.length;
  if (simulations > MAX_SIMULATIONS) {
    const shape = specs.map((s) => s.values.length.toLocaleString('en-US')).join(' × ');
    throw new UserError(
      `this sweep is a grid of ${shape} = ${points.toLocaleString('en-US')} points, ${simulations.toLocaleString('en-US')} strategy simulations; ` +
        `at most ${MAX_SIMULATIONS.toLocaleString('en-US')} are allowed in one sweep: use a larger step or a narrower range`,
    );
  }
  const combos = grid(specs);
  const scenarios = combos.map((values) => {
    let input = base;
    try {
      specs.forEach((spec, i) => (input = applyParam(input, spec.path, values[i]!)));
    } catch (err) {
      throw new UserError((err as Error).message);
    }
    return validated(input, `with ${specs.map((s, i) => `${s.path.join('.')}=${formatParamValue(values[i]!)}`).join(', ')} the scenario is invalid`);
  });
  return { baseScenario, specs, combos, scenarios, ids, resimulated, stable, varying, simulations };
}

export async function runSweep(
  ws: Workspace,
  datasetRef: string | number,
  plan: SweepPlan,
  hooks: { onProgress?: (share: number) => void; signal?: AbortSignal } = {},
  pool?: SimPool,
): Promise<SweepResult> {
  const started = performance.now();
  const { baseScenario, specs, combos, scenarios, ids, resimulated, stable, varying } = plan;
  const dataset = resolveDataset(ws.db, datasetRef);
  const replay = loadReplay(ws.db, dataset.id, baseScenario);
  const contacts = Math.max(1, replay.order.length);
  const totalWork = contacts * (stable.length + combos.length * resimulated.length);
  let doneBase = 0;
  const doneByPoint = new Float64Array(combos.length);
  const report = () => hooks.onProgress?.((doneBase + doneByPoint.reduce((a, b) => a + b, 0)) / totalWork);
  let simulations = 0;
  return onPool(pool, hooks.signal, 'sweep', async (ownPool) => {
    // Strategies the sweep does not touch are simulated once and shared by every point.
    const shared = await simulatePartials(ownPool, replay, baseScenario, stable, (n) => {
      doneBase = n;
      report();
    });
    simulations += stable.length;
    // A sweep of ingest changes the events the scorer sees: each point has a replay of its own.
    const ownReplay = specs.some((s) => s.path[0] === 'ingest');
    const points = await Promise.all(
      scenarios.map(async (scenario, p) => {
        const seen = ownReplay ? replayFor(replay, scenario) : replay;
        const fresh = await simulatePartials(ownPool, seen, scenario, resimulated, (n) => {
          doneByPoint[p] = n;
          report();
        });
        simulations += resimulated.length;
        const partials: StrategyPartial[] = ids.map((_, i) => (resimulated.includes(i) ? fresh[resimulated.indexOf(i)]! : shared[stable.indexOf(i)]!));
        return { values: combos[p]!, strategies: finalizeAll(seen, scenario, partials).strategies };
      }),
    );
    const candidates = points.flatMap((pt, point) => pt.strategies.filter((s) => varying.includes(s.id)).map((s) => ({ point, strategy: s.id, monthlyUsd: s.cost.perMonthUsd, p90Seconds: s.freshness.p90Seconds })));
    return {
      dataset: dataset.name,
      scenario: baseScenario.name,
      params: specs.map((s) => ({ path: s.path.join('.'), values: s.values })),
      varying,
      points,
      frontier: paretoFrontier(candidates).map((i) => ({ point: candidates[i]!.point, strategy: candidates[i]!.strategy })),
      simulations,
      seconds: (performance.now() - started) / 1000,
    };
  });
}

/** The scenario pinned to the replay's window, so resampled datasets are normalized over the same days. */
function pinnedWindow(scenario: Scenario, replay: { window: { start: number; end: number } }): Scenario {
  return { ...scenario, window: { start: new Date(replay.window.start).toISOString(), end: new Date(replay.window.end).toISOString() } };
}

export async function runBreakeven(
  ws: Workspace,
  datasetRef: string | number,
  input: ScenarioInput,
  options: { factors?: number[]; seed?: number } = {},
  hooks: { onProgress?: (share: number) => void; signal?: AbortSignal } = {},
  pool?: SimPool,
): Promise<BreakevenResult> {
  const scenario = validated(input, 'the scenario');
  const factors = options.factors ?? DEFAULT_FACTORS;
  const dataset = resolveDataset(ws.db, datasetRef);
  const replay = loadReplay(ws.db, dataset.id, scenario);
  const pinned = pinnedWindow(scenario, replay);
  let done = 0;
  return onPool(pool, hooks.signal, 'break-even', async (ownPool) => {
    const results = await Promise.all(
      factors.map((f, i) =>
        ownPool.run(async (api) => {
          const r = await api.simulateResampled(replay, pinned, scaleDraw(replay.columns.contactCount, f, (options.seed ?? 1) + i));
          hooks.onProgress?.(++done / factors.length);
          return r;
        }),
      ),
    );
    const strategies = scenario.strategies.map((s, i) => ({
      id: s.id,
      kind: s.kind,
      monthlyUsd: results.map((r) => r[i]!.cost.perMonthUsd),
      scoreJobs: results.map((r) => r[i]!.scoreJobs),
      peakOpsPerMinute: results.map((r) => r[i]!.db.peakOpsPerMinute),
    }));
    const costs = Object.fromEntries(strategies.map((s) => [s.id, s.monthlyUsd]));
    return { dataset: dataset.name, scenario: scenario.name, factors, strategies, crossovers: crossovers(factors, costs, Object.fromEntries(strategies.map((s) => [s.id, s.kind]))) };
  });
}

export async function runForecast(
  ws: Workspace,
  runRef: string | number,
  options: Omit<ForecastOptions, 'scale' | 'windowDays' | 'startMonth'> & { population?: number; sampleFraction?: number; replicates?: number; seed?: number; startMonth?: string },
  hooks: { onProgress?: (share: number) => void; signal?: AbortSignal } = {},
  pool?: SimPool,
): Promise<ForecastResult> {
  const run = getRun(ws.db, runRef);
  const scenario = validated(run.scenarioJson as unknown as ScenarioInput, 'the stored scenario');
  if (options.population !== undefined && options.sampleFraction !== undefined) throw new UserError('give --population or --sample-fraction, not both');
  const contacts = run.result.contacts;
  const scale = options.population !== undefined ? options.population / Math.max(1, contacts) : options.sampleFraction !== undefined ? 1 / options.sampleFraction : 1;
  if (!(scale > 0) || !Number.isFinite(scale)) throw new UserError('--population and --sample-fraction must be above 0');
  const replay = loadReplay(ws.db, run.datasetId, scenario);
  const pinned = pinnedWindow(scenario, replay);
  const count = options.replicates ?? 200;
  const seed = options.seed ?? 1;
  const factors = eventFactors({ months: options.months, scale, growthEvents: options.growthEvents });
  // Calendar months from the one after the dataset's window, unless one is chosen.
  const startMonth = options.startMonth ?? monthAfter(replay.window.end);
  if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(startMonth)) throw new UserError(`--start-month ${startMonth}: a month as YYYY-MM, e.g. 2026-04`);
  let done = 0;
  return onPool(pool, hooks.signal, 'forecast', async (ownPool) => {
    const identity = Int32Array.from({ length: replay.columns.contactCount }, (_, i) => i);
    const base = ownPool.run((api) => api.forecastSample(replay, pinned, identity, factors));
    const replicates = await Promise.all(
      Array.from({ length: count }, (_, r) =>
        ownPool.run(async (api) => {
          const s = await api.forecastSample(replay, pinned, bootstrapDraw(replay.columns.contactCount, seed * 100_003 + r), factors);
          hooks.onProgress?.(++done / count);
          return s;
        }),
      ),
    );
    const { rows, totals } = forecast(scenario, await base, replicates, { ...options, scale, windowDays: run.result.window.days, startMonth });
    const inputs: ForecastInputs = {
      months: options.months,
      growthContacts: options.growthContacts,
      growthEvents: options.growthEvents,
      priceChange: options.priceChange,
      ...(options.population !== undefined && { population: options.population }),
      ...(options.sampleFraction !== undefined && { sampleFraction: options.sampleFraction }),
      replicates: count,
      seed,
      startMonth,
    };
    return { run: run.id, scenario: scenario.name, dataset: run.dataset, scale, replicates: count, seed, inputs, startMonth, rows, totals };
  });
}
