/**
 * bench/sweep: a 25-point sweep (strategies.events.debounceMinutes = 0..240 step 10) on a generated
 * 5,000,000-event dataset, in one process on the worker pool, against 25 separate `scorecast simulate`
 * processes over the same 25 scenario files (the baseline). Same machine, same run.
 * Usage: npm run bench:sweep [-- --events N]
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { Workspace } from '../src/backend/workspace';
import { defaultScenarioPath } from '../src/backend/resources';
import { applyParam, parseParamSpec } from '../src/core/whatif/params';
import type { ScenarioInput } from '../src/core/scenario';
import { storeGeneratedDataset } from './synthetic';

const arg = process.argv.indexOf('--events');
const EVENTS = arg > 0 ? Number(process.argv[arg + 1]) : 5_000_000;
const dir = path.resolve('.bench');
fs.mkdirSync(dir, { recursive: true });
const db = path.join(dir, `sweep-${EVENTS}.sqlite`);
for (const f of [db, `${db}-wal`, `${db}-shm`, `${db}.key`]) fs.rmSync(f, { force: true });
const ws = Workspace.open(db);
const stored = storeGeneratedDataset(ws, 'bench', EVENTS, 11);
ws.close();
console.log(`dataset: ${stored.events.toLocaleString('en-US')} events, ${stored.contacts.toLocaleString('en-US')} contacts (untimed setup)`);

const spec = 'strategies.events.debounceMinutes=0:240:10';
const base = JSON.parse(fs.readFileSync(defaultScenarioPath(), 'utf8')) as ScenarioInput;
const { path: p, values } = parseParamSpec(spec);
const files = values.map((v) => {
  const f = path.join(dir, `sweep-point-${v}.json`);
  fs.writeFileSync(f, JSON.stringify(applyParam(base, p, v)));
  return f;
});
const run = (args: string[]) => {
  const r = spawnSync(process.execPath, ['bin/scorecast.js', ...args, '--db', db, '--json'], { encoding: 'utf8', maxBuffer: 1 << 28 });
  if (r.status !== 0) throw new Error(r.stderr);
  return r.stdout;
};

let t = performance.now();
const sweep = JSON.parse(run(['sweep', 'bench', '--scenario', defaultScenarioPath(), '--param', spec])) as { points: { strategies: { id: string; scoreJobs: number }[] }[] };
const sweepSeconds = (performance.now() - t) / 1000;

t = performance.now();
const separate = files.map((f) => JSON.parse(run(['simulate', 'bench', '--scenario', f])) as { strategies: { id: string; scoreJobs: number }[] });
const baselineSeconds = (performance.now() - t) / 1000;

// Same answers both ways, or the comparison means nothing.
separate.forEach((s, i) => {
  const a = s.strategies.find((x) => x.id === 'events')!.scoreJobs;
  const b = sweep.points[i]!.strategies.find((x) => x.id === 'events')!.scoreJobs;
  if (a !== b) throw new Error(`point ${i}: sweep ${b} jobs, simulate ${a}`);
});
console.log(`\n25-point sweep, one process:       ${sweepSeconds.toFixed(2)} s  (${(25 / sweepSeconds).toFixed(2)} simulations/s)`);
console.log(`25 separate simulate processes:     ${baselineSeconds.toFixed(2)} s  (${(25 / baselineSeconds).toFixed(2)} simulations/s)`);
console.log(`speed-up: ${(baselineSeconds / sweepSeconds).toFixed(1)}× (target ≥ 5×)`);
