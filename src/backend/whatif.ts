/**
 * Parameter sweeps on one loaded replay and one worker pool. What a parameter touches decides the
 * work: a cost input changes no job, so the strategies are simulated once and each point only
 * re-finalized; a strategy's field re-simulates that strategy alone; anything else, every strategy.
 */
import { type Scenario, type ScenarioInput, validateScenario } from '../core/scenario';
import type { StrategyPartial } from '../core/sim/partial';
import type { StrategySummary } from '../core/sim/results';
import { paretoFrontier } from '../core/whatif/frontier';
import { type ParamSpec, applyParam, grid, paramScope } from '../core/whatif/params';
import { resolveDataset } from './datasets';
import { CancelledError, UserError } from './errors';
import { SimPool } from './pool';
import { finalizeAll, loadReplay, simulatePartials } from './runs';
import type { Workspace } from './workspace';

export interface SweepPoint {
  values: number[];
  strategies: StrategySummary[];
}

export interface SweepResult {
  dataset: string;
  scenario: string;
  params: { path: string; values: number[] }[];
  /** Strategies whose figures change across the sweep. */
  varying: string[];
  points: SweepPoint[];
  /** (point, strategy id) pairs on the cost-versus-p90-freshness Pareto frontier of the varying strategies. */
  frontier: { point: number; strategy: string }[];
  simulations: number;
  seconds: number;
}

function validated(input: ScenarioInput, what: string): Scenario {
  const v = validateScenario(input);
  if (!v.ok) throw new UserError(`${what}: ${v.errors.join('; ')}`);
  return v.scenario;
}

export async function runSweep(
  ws: Workspace,
  datasetRef: string | number,
  base: ScenarioInput,
  specs: readonly ParamSpec[],
  hooks: { onProgress?: (share: number) => void; signal?: AbortSignal } = {},
  pool?: SimPool,
): Promise<SweepResult> {
  const started = performance.now();
  if (specs.length === 0) throw new UserError('a sweep needs at least one --param');
  const baseScenario = validated(base, 'the scenario');
  let scopes;
  try {
    scopes = specs.map((s) => paramScope(s.path));
  } catch (err) {
    throw new UserError((err as Error).message);
  }
  const combos = grid(specs);
  const scenarios = combos.map((values) => {
    let input = base;
    try {
      specs.forEach((spec, i) => (input = applyParam(input, spec.path, values[i]!)));
    } catch (err) {
      throw new UserError((err as Error).message);
    }
    return validated(input, `with ${specs.map((s, i) => `${s.path.join('.')}=${values[i]}`).join(', ')} the scenario is invalid`);
  });
  const ids = baseScenario.strategies.map((s) => s.id);
  const allVary = scopes.some((s) => s.kind === 'scenario');
  const swept = new Set(scopes.flatMap((s) => (s.kind === 'strategy' ? [s.id] : [])));
  const resimulated = allVary ? ids.map((_, i) => i) : ids.flatMap((id, i) => (swept.has(id) ? [i] : []));
  const varying = allVary || scopes.some((s) => s.kind === 'cost') ? ids : ids.filter((id) => swept.has(id));

  const dataset = resolveDataset(ws.db, datasetRef);
  const replay = loadReplay(ws.db, dataset.id, baseScenario);
  const ownPool = pool ?? new SimPool();
  const abort = () => void ownPool.cancel();
  hooks.signal?.addEventListener('abort', abort, { once: true });
  const contacts = Math.max(1, replay.order.length);
  const stable = ids.map((_, i) => i).filter((i) => !resimulated.includes(i));
  const totalWork = contacts * (stable.length + combos.length * resimulated.length);
  let doneBase = 0;
  const doneByPoint = new Float64Array(combos.length);
  const report = () => hooks.onProgress?.((doneBase + doneByPoint.reduce((a, b) => a + b, 0)) / totalWork);
  let simulations = 0;
  try {
    // Strategies the sweep does not touch are simulated once and shared by every point.
    const shared = await simulatePartials(ownPool, replay, baseScenario, stable, (n) => {
      doneBase = n;
      report();
    });
    simulations += stable.length;
    const points = await Promise.all(
      scenarios.map(async (scenario, p) => {
        const fresh = await simulatePartials(ownPool, replay, scenario, resimulated, (n) => {
          doneByPoint[p] = n;
          report();
        });
        simulations += resimulated.length;
        const partials: StrategyPartial[] = ids.map((_, i) => (resimulated.includes(i) ? fresh[resimulated.indexOf(i)]! : shared[stable.indexOf(i)]!));
        return { values: combos[p]!, strategies: finalizeAll(replay, scenario, partials).strategies };
      }),
    );
    if (hooks.signal?.aborted) throw new CancelledError('sweep');
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
  } catch (err) {
    if (hooks.signal?.aborted) throw new CancelledError('sweep');
    throw err;
  } finally {
    hooks.signal?.removeEventListener('abort', abort);
    if (!pool) await ownPool.close();
  }
}
