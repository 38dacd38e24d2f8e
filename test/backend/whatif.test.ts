/** Sweeps on the worker pool agree point by point with simulating each scenario from scratch. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importFile } from '../../src/backend/import/importer';
import { loadEventColumns } from '../../src/backend/datasets';
import { SimPool } from '../../src/backend/pool';
import { runBreakeven, runForecast, planSweep, runSweep } from '../../src/backend/whatif';
import { runSimulation } from '../../src/backend/runs';
import { defaultScenarioPath } from '../../src/backend/resources';
import { generateCsv } from '../../src/core/generate';
import { simulateInProcess } from '../../src/core/sim/simulate';
import { type ParamValue, applyParam, parseParamSpec } from '../../src/core/whatif/params';
import { type ScenarioInput, validateScenario } from '../../src/core/scenario';
import type { Workspace } from '../../src/backend/workspace';
import fs from 'node:fs';
import { tempWorkspace, writeFile } from '../helpers/workspace';

let ws: Workspace;
let datasetId: number;
const pool = new SimPool(2);
const base = JSON.parse(fs.readFileSync(defaultScenarioPath(), 'utf8')) as ScenarioInput;

beforeAll(async () => {
  const t = tempWorkspace();
  ws = t.ws;
  datasetId = (await importFile(ws, writeFile(t.dir, 's.csv', [...generateCsv({ contacts: 800, days: 7, seed: 8 })].join('')))).datasetId;
});
afterAll(async () => {
  await pool.close();
  ws.close();
});

function reference(values: ParamValue[], specs: ReturnType<typeof parseParamSpec>[]) {
  let input = base;
  specs.forEach((s, i) => (input = applyParam(input, s.path, values[i]!)));
  const v = validateScenario(input);
  if (!v.ok) throw new Error(v.errors.join());
  return simulateInProcess(loadEventColumns(ws.db, datasetId), v.scenario).strategies;
}

describe('sweeps', () => {
  it('re-simulates only the swept strategy and matches fresh simulations', async () => {
    const specs = [parseParamSpec('strategies.events.debounceMinutes=0:120:40')];
    const r = await runSweep(ws, datasetId, planSweep(base, specs), {}, pool);
    expect(r.points.map((p) => p.values)).toEqual([[0], [40], [80], [120]]);
    expect(r.varying).toEqual(['events']);
    expect(r.simulations).toBe(3 + 4);
    for (const p of r.points) expect(p.strategies).toEqual(reference(p.values, specs));
    // Longer debounce: fewer jobs, never more.
    const jobs = r.points.map((p) => p.strategies.find((s) => s.id === 'events')!.scoreJobs);
    expect([...jobs].sort((a, b) => b - a)).toEqual(jobs);
    expect(r.frontier.every((f) => f.strategy === 'events')).toBe(true);
    expect(r.frontier.length).toBeGreaterThan(0);
  });

  it('re-finalizes cost sweeps without re-simulating, across a two-parameter grid', async () => {
    const specs = [parseParamSpec('cost.cpuMsPerScore=20:60:20'), parseParamSpec('cost.llm.inputTokens=500:1500:1000')];
    const r = await runSweep(ws, datasetId, planSweep(base, specs), {}, pool);
    expect(r.points).toHaveLength(6);
    expect(r.simulations).toBe(4);
    for (const p of r.points) expect(p.strategies).toEqual(reference(p.values, specs));
  });

  it('names an invalid path or an invalid point before any work starts', () => {
    expect(() => planSweep(base, [parseParamSpec('strategies.nope.debounceMinutes=0:10:5')])).toThrow(/no strategy "nope"/);
    expect(() => planSweep(base, [parseParamSpec('strategies.events.debounceMinutes=-10:0:10')])).toThrow(/debounceMinutes=-10 the scenario is invalid: strategies\[2\]\.debounceMinutes/);
    expect(() => planSweep(base, [parseParamSpec('timezone=0:1:1')])).toThrow(/cannot be swept/);
  });

  it('refuses a grid of more simulations than it allows, naming its size', () => {
    const wide = [parseParamSpec('cost.cpuMsPerScore=1:1000:1'), parseParamSpec('strategies.events.debounceMinutes=0:999:1')];
    expect(() => planSweep(base, wide)).toThrow(/grid of 1,000 × 1,000 = 1,000,000 points, 1,000,003 strategy simulations; at most 2,500 are allowed in one sweep: use a larger step or a narrower range/);
    // The three strategies the sweep leaves alone are simulated once; the swept one once per point.
    expect(planSweep(base, [parseParamSpec('strategies.events.debounceMinutes=0:49:1'), parseParamSpec('strategies.events.maxScoresPerContactPerDay=1:49:1')]).simulations).toBe(3 + 50 * 49);
    expect(() => planSweep(base, [parseParamSpec('strategies.events.debounceMinutes=0:50:1'), parseParamSpec('strategies.events.maxScoresPerContactPerDay=1:50:1')])).toThrow(/at most 2,500/);
  });
});

describe('break-even and forecast', () => {
  it('reproduces the run at ×1 and scales independent scoring linearly', async () => {
    const scenario = validateScenario(base);
    if (!scenario.ok) throw new Error();
    const run = await runSimulation(ws, datasetId, scenario.scenario, {}, pool);
    const r = await runBreakeven(ws, datasetId, base, { factors: [1, 2] }, {}, pool);
    r.strategies.forEach((s, i) => {
      expect(s.monthlyUsd[0]).toBeCloseTo(run.result.strategies[i]!.cost.perMonthUsd, 9);
      expect(s.scoreJobs[0]).toBe(run.result.strategies[i]!.scoreJobs);
    });
    const events = r.strategies.find((s) => s.id === 'events')!;
    expect(events.scoreJobs[1]).toBe(2 * events.scoreJobs[0]!);
  });

  it('gives identical intervals for the same seed, and holds every estimate inside its interval', async () => {
    const scenario = validateScenario(base);
    if (!scenario.ok) throw new Error();
    const run = await runSimulation(ws, datasetId, scenario.scenario, {}, pool);
    const options = { months: 3, growthContacts: 0.01, growthEvents: 0.03, priceChange: 0, population: 8000, replicates: 24, seed: 5 };
    const a = await runForecast(ws, run.runId, options, {}, pool);
    const b = await runForecast(ws, run.runId, options, {}, pool);
    expect(b.rows).toEqual(a.rows);
    expect(a.rows).toHaveLength(3 * 4);
    for (const row of a.rows) {
      expect(row.costLowUsd).toBeLessThanOrEqual(row.costUsd);
      expect(row.costHighUsd).toBeGreaterThanOrEqual(row.costUsd);
      expect(row.costHighUsd).toBeGreaterThan(row.costLowUsd);
    }
    const other = await runForecast(ws, run.runId, { ...options, seed: 6 }, {}, pool);
    expect(other.rows.map((r) => r.costLowUsd)).not.toEqual(a.rows.map((r) => r.costLowUsd));
  });
});
