/**
 * bench/simulate: a generated 10,000,000-event dataset, the default scenario's four strategy kinds.
 * Prints kernel events/s per strategy on one thread, the whole run's wall time (loading included) on
 * the worker pool, the kernel against a naive object-per-event implementation of the same rule, and
 * the same run with the pipeline of §7 (a 15-minute sync, 4 workers, HubSpot-like write-back) side by
 * side with the run without it.
 * Usage: npm run bench:simulate [-- --events N]
 */
import fs from 'node:fs';
import path from 'node:path';
import { Workspace } from '../src/backend/workspace';
import { loadReplay, simulateOnPool } from '../src/backend/runs';
import { SimPool } from '../src/backend/pool';
import { defaultScenarioPath, loadScenarioFile } from '../src/backend/resources';
import { simulateShard } from '../src/core/sim/shard';
import { validateScenario } from '../src/core/scenario';
import { loadEventColumns } from '../src/backend/datasets';
import { buildContactMajor } from '../src/core/sim/columns';
import { naiveEventTriggeredJobs } from './naive';
import { median, storeGeneratedDataset } from './synthetic';

const arg = process.argv.indexOf('--events');
const EVENTS = arg > 0 ? Number(process.argv[arg + 1]) : 10_000_000;
const dir = path.resolve('.bench');
fs.mkdirSync(dir, { recursive: true });
const file = path.join(dir, `simulate-${EVENTS}.sqlite`);
for (const f of [file, `${file}-wal`, `${file}-shm`, `${file}.key`]) fs.rmSync(f, { force: true });

const setupWs = Workspace.open(file);
const t0 = performance.now();
const stored = storeGeneratedDataset(setupWs, 'bench', EVENTS, 5);
setupWs.close();
console.log(`dataset: ${stored.events.toLocaleString('en-US')} events, ${stored.contacts.toLocaleString('en-US')} contacts, 30 days (generated in ${((performance.now() - t0) / 1000).toFixed(1)} s, untimed)`);

const scenario = loadScenarioFile(defaultScenarioPath());
const pool = new SimPool();
const rounds = 3;
const walls: number[] = [];
const loads: number[] = [];
for (let r = 0; r < rounds; r++) {
  const start = performance.now();
  const ws = Workspace.open(file);
  const replay = loadReplay(ws.db, stored.datasetId, scenario);
  const loaded = performance.now();
  await simulateOnPool(pool, replay, scenario);
  walls.push((performance.now() - start) / 1000);
  loads.push((loaded - start) / 1000);
  ws.close();
}

// The pipeline row: the same run with §7's delays, rounds interleaved with the plain run's.
const checked = validateScenario({
  ...scenario,
  ingest: { default: { mode: 'poll', everyMinutes: 15 } },
  executor: { ...scenario.executor, workers: 4, serviceMs: 200 },
  writeBack: { recordsPerCall: 100, maxWaitSeconds: 10, rateLimit: { calls: 190, perSeconds: 10 }, callsPerDay: 650_000 },
});
if (!checked.ok) throw new Error(checked.errors.join('; '));
const piped = checked.scenario;
const plainWalls: number[] = [];
const pipedWalls: number[] = [];
let pipedSummary = '';
for (let r = 0; r < rounds; r++) {
  for (const [s, into] of [
    [scenario, plainWalls],
    [piped, pipedWalls],
  ] as const) {
    const start = performance.now();
    const w = Workspace.open(file);
    const rp = loadReplay(w.db, stored.datasetId, s);
    const out = await simulateOnPool(pool, rp, s);
    into.push((performance.now() - start) / 1000);
    w.close();
    if (s === piped) {
      pipedSummary = out.strategies
        .map((x) => `${x.id}: ${x.scoreJobs.toLocaleString('en-US')} jobs, p99 queue wait ${x.pipeline.queue.p99WaitSeconds?.toFixed(1)} s, ${x.pipeline.writeBack.calls.toLocaleString('en-US')} calls (peak ${x.pipeline.writeBack.maxCallsPerDay.toLocaleString('en-US')}/day), ${x.pipeline.writeBack.notWrittenByEnd.toLocaleString('en-US')} not written by the end`)
        .join('\n  ');
    }
  }
}

// Loading alone: the columnar copy from disk into typed arrays, then the contact-major copy.
const loadTimes: number[] = [];
const majorTimes: number[] = [];
for (let r = 0; r < rounds; r++) {
  const w = Workspace.open(file);
  const t = performance.now();
  const cols = loadEventColumns(w.db, stored.datasetId, (b) => new SharedArrayBuffer(b));
  const t1 = performance.now();
  buildContactMajor(cols, (b) => new SharedArrayBuffer(b));
  majorTimes.push((performance.now() - t1) / 1000);
  loadTimes.push((t1 - t) / 1000);
  w.close();
}

// Per strategy, one thread: the kernel alone over every contact.
const ws = Workspace.open(file);
const replay = loadReplay(ws.db, stored.datasetId, scenario);
const events = replay.lastEvent - replay.firstEvent;
const perStrategy = scenario.strategies.map((s, strategyIndex) => {
  const times: number[] = [];
  let jobs = 0;
  for (let r = 0; r < rounds; r++) {
    const t = performance.now();
    jobs = simulateShard(replay, scenario, { strategyIndex, rankFrom: 0, rankTo: replay.order.length }).scoreJobs;
    times.push((performance.now() - t) / 1000);
  }
  return { id: s.id, kind: s.kind, seconds: median(times), jobs };
});

const ev = scenario.strategies.findIndex((s) => s.kind === 'event-triggered');
const rule = scenario.strategies[ev] as Extract<(typeof scenario.strategies)[number], { kind: 'event-triggered' }>;
// The naive baseline has no daily cap; compare against the kernel on the same rule without it.
const uncapped = { ...scenario, strategies: [{ ...rule, maxScoresPerContactPerDay: undefined }] };
const kernelTimes: number[] = [];
let kernelJobs = 0;
for (let r = 0; r < rounds; r++) {
  const t = performance.now();
  kernelJobs = simulateShard(replay, uncapped, { strategyIndex: 0, rankFrom: 0, rankTo: replay.order.length }).scoreJobs;
  kernelTimes.push((performance.now() - t) / 1000);
}
const naiveTimes: number[] = [];
let naiveJobs = 0;
for (let r = 0; r < 2; r++) {
  const t = performance.now();
  naiveJobs = naiveEventTriggeredJobs(replay.columns, rule.triggers, rule.debounceMinutes, replay.window.start, replay.window.end);
  naiveTimes.push((performance.now() - t) / 1000);
}
if (naiveJobs !== kernelJobs) throw new Error(`baseline disagrees: naive ${naiveJobs} jobs, kernel ${kernelJobs}`);
await pool.close();
ws.close();

const fmt = (n: number) => Math.round(n).toLocaleString('en-US');
console.log(`\nkernel, one thread, ${fmt(events)} events (median of ${rounds}):`);
console.log('strategy    kind              seconds   events/s      jobs');
for (const s of perStrategy) console.log(`${s.id.padEnd(11)} ${s.kind.padEnd(16)} ${s.seconds.toFixed(3).padStart(8)}  ${fmt(events / s.seconds).padStart(12)}  ${fmt(s.jobs).padStart(9)}`);
console.log(`\nloading ${fmt(stored.events)} events from the workspace into typed-array columns: ${median(loadTimes).toFixed(3)} s (${fmt(stored.events / median(loadTimes))} events/s); contact-major copy ${median(majorTimes).toFixed(3)} s`);
console.log(`whole run, ${pool.size} workers, loading included (median of ${rounds}): ${median(walls).toFixed(2)} s wall (loading ${median(loads).toFixed(2)} s); target < 3 s`);
console.log(
  `pipeline (15-min sync, 4 workers × 200 ms, write-back 100 records a call, 190 calls/10 s, 650,000/day) vs none, whole run, interleaved (median of ${rounds}): ${median(pipedWalls).toFixed(2)} s vs ${median(plainWalls).toFixed(2)} s → ${(median(pipedWalls) / median(plainWalls)).toFixed(2)}× (target ≤ 2×)\n  ${pipedSummary}`,
);
const k = median(kernelTimes);
const nv = median(naiveTimes);
console.log(`event-triggered rule vs naive object-per-event baseline: kernel ${k.toFixed(3)} s, naive ${nv.toFixed(3)} s → ${(nv / k).toFixed(1)}× (target ≥ 10×; both ${fmt(kernelJobs)} jobs)`);
