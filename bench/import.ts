/**
 * bench/import: a generated ~1,000,000-row dirty CSV imported with full hygiene and privacy by the
 * real CLI, side by side in the same run with the sqlite3 shell's `.import` of the same file into a
 * bare table (the floor: it only splits CSV). Rounds alternate; medians are reported with peak RSS.
 * Usage: npm run bench:import [-- --rows N] [-- --rounds R]
 * This machine's speed drifts by ±10% from minute to minute, so each round's ratio (shell and
 * Scorecast one after the other) is reported too: their median and range say more than one figure.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { generateCsv } from '../src/core/generate';
import { median } from './synthetic';

const arg = process.argv.indexOf('--rows');
const ROWS = arg > 0 ? Number(process.argv[arg + 1]) : 1_000_000;
const roundsArg = process.argv.indexOf('--rounds');
const ROUNDS = roundsArg > 0 ? Number(process.argv[roundsArg + 1]) : 5;
const dir = path.resolve('.bench');
fs.mkdirSync(dir, { recursive: true });
const csv = path.join(dir, `import-${ROWS}.csv`);
if (!fs.existsSync(csv)) {
  const out = fs.openSync(csv, 'w');
  for (const chunk of generateCsv({ contacts: Math.round(ROWS / 16.4), days: 30, seed: 7, dirty: 0.02 })) fs.writeSync(out, chunk);
  fs.closeSync(out);
}
const rows = fs.readFileSync(csv, 'utf8').split('\n').length - 2;
const mb = fs.statSync(csv).size / 1e6;
console.log(`file: ${csv}, ${rows.toLocaleString('en-US')} data rows, ${mb.toFixed(0)} MB`);

const hasTime = fs.existsSync('/usr/bin/time');
/** Wall seconds, and with /usr/bin/time the peak RSS and the CPU seconds of all threads together. */
function timed(cmd: string, args: string[]): { seconds: number; rssMb: number | null; cpuSeconds: number | null; stdout: string } {
  const t = performance.now();
  const r = hasTime ? spawnSync('/usr/bin/time', ['-f', '%M %U %S', cmd, ...args], { encoding: 'utf8', maxBuffer: 1 << 26 }) : spawnSync(cmd, args, { encoding: 'utf8', maxBuffer: 1 << 26 });
  const seconds = (performance.now() - t) / 1000;
  if (r.status !== 0) throw new Error(`${cmd} failed: ${r.stderr.slice(-2000)}`);
  const [rss, user, sys] = hasTime ? r.stderr.trim().split('\n').pop()!.split(' ').map(Number) : [];
  return { seconds, rssMb: rss === undefined ? null : rss / 1024, cpuSeconds: user === undefined ? null : user + sys!, stdout: r.stdout };
}

const shell: ReturnType<typeof timed>[] = [];
const ours: ReturnType<typeof timed>[] = [];
let imported = 0;
for (let round = 0; round < ROUNDS; round++) {
  const bare = path.join(dir, 'sqlite3-import.db');
  fs.rmSync(bare, { force: true });
  shell.push(timed('sqlite3', [bare, '.mode csv', `.import ${csv} events`]));
  const ws = path.join(dir, 'scorecast-import.sqlite');
  for (const f of [ws, `${ws}-wal`, `${ws}-shm`, `${ws}-journal`, `${ws}.key`]) fs.rmSync(f, { force: true });
  const r = timed(process.execPath, ['bin/scorecast.js', 'import', csv, '--db', ws, '--json']);
  imported = (JSON.parse(r.stdout) as { rowsImported: number }).rowsImported;
  ours.push(r);
}
const s = median(shell.map((x) => x.seconds));
const o = median(ours.map((x) => x.seconds));
const fmt = (n: number) => Math.round(n).toLocaleString('en-US');
// CPU seconds over both cores: the work done, whatever the overlap (two cores give at most 2 CPU-s a second).
const cpu = (runs: ReturnType<typeof timed>[]) => (hasTime ? `  CPU ${median(runs.map((x) => x.cpuSeconds ?? 0)).toFixed(2)} s` : '');
console.log(`\n(median of ${ROUNDS} alternating rounds, whole processes)`);
console.log(`sqlite3 shell .import (split only):         ${s.toFixed(2)} s  ${fmt(rows / s).padStart(9)} rows/s  peak RSS ${fmt(median(shell.map((x) => x.rssMb ?? 0)))} MB${cpu(shell)}`);
console.log(`scorecast import (full hygiene, keyed PII):  ${o.toFixed(2)} s  ${fmt(rows / o).padStart(9)} rows/s  peak RSS ${fmt(median(ours.map((x) => x.rssMb ?? 0)))} MB${cpu(ours)}  (${fmt(imported)} events kept)`);
console.log(`ratio scorecast / sqlite3 rows/s: ${(s / o).toFixed(2)}× (target ≥ 1.0×); target ≥ 500,000 rows/s`);
const ratios = shell.map((x, i) => x.seconds / ours[i]!.seconds);
console.log(`ratio round by round: median ${median(ratios).toFixed(2)}×, ${Math.min(...ratios).toFixed(2)}–${Math.max(...ratios).toFixed(2)}× (${ratios.map((r) => r.toFixed(2)).join(', ')})`);
