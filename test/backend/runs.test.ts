/** Runs on the real worker pool: same figures as the single-thread reference, cancellation, failures. */
import { proxy } from 'comlink';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importFile } from '../../src/backend/import/importer';
import { getRun, getRunSeries, listRuns, loadReplay, runSimulation } from '../../src/backend/runs';
import { SimPool } from '../../src/backend/pool';
import { loadEventColumns } from '../../src/backend/datasets';
import { defaultScenarioPath, loadScenarioFile } from '../../src/backend/resources';
import { simulateInProcess } from '../../src/core/sim/simulate';
import { generateCsv } from '../../src/core/generate';
import type { Workspace } from '../../src/backend/workspace';
import { dumpWorkspace, tempWorkspace, writeFile } from '../helpers/workspace';

let ws: Workspace;
let datasetId: number;
const scenario = loadScenarioFile(defaultScenarioPath());

beforeAll(async () => {
  const t = tempWorkspace();
  ws = t.ws;
  const csv = [...generateCsv({ contacts: 1500, days: 10, seed: 3, dirty: 0.05 })].join('');
  datasetId = (await importFile(ws, writeFile(t.dir, 'sample.csv', csv))).datasetId;
});
afterAll(() => ws.close());

describe('runs', () => {
  it('gives the single-thread reference figures from the worker pool, and stores them', async () => {
    const pool = new SimPool(2);
    try {
      const run = await runSimulation(ws, datasetId, scenario, {}, pool);
      const reference = simulateInProcess(loadEventColumns(ws.db, datasetId), scenario);
      expect(run.result.strategies).toEqual(reference.strategies);
      expect(run.result.events).toBe(reference.replay.lastEvent - reference.replay.firstEvent);
      const stored = getRun(ws.db, run.runId);
      expect(stored.result).toEqual(run.result);
      const series = getRunSeries(ws.db, run.runId);
      expect(series.map((s) => s.id)).toEqual(scenario.strategies.map((s) => s.id));
      expect([...series[0]!.opsPerMinute]).toEqual([...reference.series[0]!.opsPerMinute]);
    } finally {
      await pool.close();
    }
  });

  it('spreads tasks started together over the workers (a pool once handed them all to its first)', async () => {
    const pool = new SimPool(2);
    try {
      const replay = loadReplay(ws.db, datasetId, scenario);
      const threads = await Promise.all(
        [0, 1].map((i) =>
          pool.run(async (api, thread) => {
            await api.simulate(replay, scenario, { strategyIndex: i, rankFrom: 0, rankTo: replay.order.length }, proxy(() => {}));
            return thread.threadId;
          }),
        ),
      );
      expect(new Set(threads).size).toBe(2);
    } finally {
      await pool.close();
    }
  });

  it('runs a scenario with the pipeline of §7 on the pool with the single-thread reference figures', async () => {
    const piped = loadScenarioFile(defaultScenarioPath());
    const withPipeline = {
      ...piped,
      ingest: { default: { mode: 'webhook' as const, failureRate: 0.1, retryMinutes: [1, 30], seed: 9 } },
      executor: { ...piped.executor, workers: 2, serviceMs: 500 },
      writeBack: { recordsPerCall: 10, maxWaitSeconds: 30, rateLimit: { calls: 5, perSeconds: 10 }, callsPerDay: 2000, usdPerThousandCalls: 0.5 },
    };
    const pool = new SimPool(2);
    try {
      const run = await runSimulation(ws, datasetId, withPipeline, {}, pool);
      expect(run.result.strategies).toEqual(simulateInProcess(loadEventColumns(ws.db, datasetId), withPipeline).strategies);
      expect(run.result.strategies.every((s) => s.pipeline.ingest.lostEvents > 0 && s.pipeline.writeBack.calls > 0)).toBe(true);
      const series = getRunSeries(ws.db, run.runId);
      expect(series[0]!.callsPerDay!.reduce((a, b) => a + b, 0)).toBe(run.result.strategies[0]!.pipeline.writeBack.calls);
    } finally {
      await pool.close();
    }
  });

  it('shards one strategy across workers with identical results', async () => {
    const one = { ...scenario, strategies: [scenario.strategies[0]!] };
    const pool = new SimPool(3);
    try {
      const run = await runSimulation(ws, datasetId, one, {}, pool);
      expect(run.result.strategies).toEqual(simulateInProcess(loadEventColumns(ws.db, datasetId), one).strategies);
    } finally {
      await pool.close();
    }
  });

  it('is deterministic: two runs give byte-identical results', async () => {
    const a = await runSimulation(ws, datasetId, scenario);
    const b = await runSimulation(ws, datasetId, scenario);
    expect(JSON.stringify(a.result)).toBe(JSON.stringify(b.result));
  });

  it('stores nothing when cancelled, and the pool works afterwards', async () => {
    const pool = new SimPool(2);
    try {
      const before = dumpWorkspace(ws);
      const controller = new AbortController();
      const run = runSimulation(ws, datasetId, scenario, { signal: controller.signal, onProgress: (p) => p.phase === 'simulating' && controller.abort() }, pool);
      await expect(run).rejects.toThrow(/simulation cancelled; nothing was stored/);
      expect(dumpWorkspace(ws)).toEqual(before);
      const again = await runSimulation(ws, datasetId, scenario, {}, pool);
      expect(again.result.strategies).toHaveLength(scenario.strategies.length);
    } finally {
      await pool.close();
    }
  });

  it('fails a task whose worker thread dies, with a clear message, and carries on', async () => {
    const pool = new SimPool(1);
    try {
      // The pool's own worker thread dies in the middle of a task: that task fails, the slot is replaced.
      const replay = loadReplay(ws.db, datasetId, scenario);
      await expect(
        pool.run(async (api, thread) => {
          const pending = api.simulate(replay, scenario, { strategyIndex: 0, rankFrom: 0, rankTo: replay.order.length }, proxy(() => {}));
          await thread.terminate();
          return pending;
        }),
      ).rejects.toThrow(/simulation worker failed: worker thread exited/);
      const counts = await pool.run((api) => api.countMembers(replay, scenario, 0, 0, replay.order.length));
      expect(counts.length).toBe(replay.window.days);
    } finally {
      await pool.close();
    }
  });

  it('lists runs', () => {
    expect(listRuns(ws.db).length).toBeGreaterThanOrEqual(3);
  });
});
