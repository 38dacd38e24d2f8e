/**
 * bench/scale: imports and simulations as large as one machine takes. Generated 30-day exports (2%
 * dirty rows) of 1M to 100M rows, each imported by the real CLI (side by side with the sqlite3 shell's
 * `.import` of the same file, the rows/s floor) and simulated with the default scenario; peak RSS of
 * each whole process (all threads) from /usr/bin/time. Prints a table, the memory slopes per row (two
 * files with the same contacts) and per contact (two files with the same rows), and each import's peak
 * against the target of 1 GB + 200 bytes per distinct contact.
 * Usage: npm run bench:scale [-- --sizes 1m/20k,30m/200k] [-- --no-shell] (the default: every size in docs/benchmarks.md)
 * Files are generated into .bench/ once (the 100M-row one is ~15 GB and takes ~10 minutes).
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const sizesArg = process.argv.indexOf('--sizes');
const SIZES = (sizesArg > 0 ? process.argv[sizesArg + 1]! : '1m/20k,10m/20k,10m/200k,30m/200k,10m/600k,30m/1.8m,13.6m/200k,9m/2m,100m/2m').split(',');
const SHELL = !process.argv.includes('--no-shell');
const dir = path.resolve('.bench');
fs.mkdirSync(dir, { recursive: true });
if (!fs.existsSync('/usr/bin/time')) throw new Error('bench:scale needs GNU time (/usr/bin/time, Debian package "time") for peak RSS');

function count(s: string): number {
  const m = /^([\d.]+)([km]?)$/i.exec(s);
  if (!m) throw new Error(`not a size: ${s} (e.g. 10m, 600k)`);
  return Math.round(Number(m[1]) * (m[2]!.toLowerCase() === 'm' ? 1e6 : m[2]!.toLowerCase() === 'k' ? 1e3 : 1));
}

interface Timed {
  seconds: number;
  rssMb: number;
  stdout: string;
}

function timed(cmd: string, args: string[]): Timed {
  const t = performance.now();
  const r = spawnSync('/usr/bin/time', ['-f', '%M', cmd, ...args], { encoding: 'utf8', maxBuffer: 1 << 26 });
  const seconds = (performance.now() - t) / 1000;
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed: ${r.stderr.slice(-2000)}`);
  return { seconds, rssMb: Number(r.stderr.trim().split('\n').pop()) / 1024, stdout: r.stdout };
}

/** The generated file for `rows` rows (about) and `contacts` contacts; made once. */
function generated(rows: number, contacts: number, label: string): string {
  const file = path.join(dir, `scale-${label.replace('/', '-')}.csv`);
  if (fs.existsSync(file)) return file;
  const script = `import fs from 'node:fs'; import { generateCsv } from ${JSON.stringify(path.resolve('src/core/generate.ts'))};
    const out = fs.openSync(${JSON.stringify(`${file}.part`)}, 'w');
    for (const chunk of generateCsv({ contacts: ${contacts}, days: 30, seed: 11, eventsPerContact: ${rows / contacts}, dirty: 0.02 })) fs.writeSync(out, chunk);
    fs.closeSync(out);`;
  console.log(`generating ${file} …`);
  // The generator holds the whole sample: a big heap for 100M rows.
  const r = spawnSync(process.execPath, ['--max-old-space-size=20000', '--import', 'tsx', '--input-type=module', '-e', script], { stdio: 'inherit' });
  if (r.status !== 0) throw new Error('generation failed');
  fs.renameSync(`${file}.part`, file);
  return file;
}

function removeWorkspace(ws: string): void {
  for (const f of [ws, `${ws}-wal`, `${ws}-shm`, `${ws}-journal`, `${ws}.key`]) fs.rmSync(f, { force: true });
}

interface Row {
  label: string;
  rows: number;
  events: number;
  contacts: number;
  importS: number;
  importMb: number;
  shellS: number | null;
  simulateS: number;
  simulateMb: number;
  workspaceMb: number;
}

const results: Row[] = [];
for (const label of SIZES) {
  const [r, c] = label.split('/') as [string, string];
  const file = generated(count(r), count(c), label);
  const rows = Number(spawnSync('wc', ['-l', file], { encoding: 'utf8' }).stdout.trim().split(' ')[0]) - 1;
  let shellS: number | null = null;
  if (SHELL) {
    const bare = path.join(dir, 'scale-sqlite3.db');
    fs.rmSync(bare, { force: true });
    shellS = timed('sqlite3', [bare, '.mode csv', `.import ${file} events`]).seconds;
    fs.rmSync(bare, { force: true });
  }
  const ws = path.join(dir, 'scale.sqlite');
  removeWorkspace(ws);
  const imp = timed(process.execPath, ['bin/scorecast.js', 'import', file, '--db', ws, '--json']);
  const summary = JSON.parse(imp.stdout) as { datasetId: number; rowsImported: number; contacts: number };
  const sim = timed(process.execPath, ['bin/scorecast.js', 'simulate', String(summary.datasetId), '--db', ws, '--scenario', 'resources/scenarios/default.json', '--json']);
  const workspaceMb = fs.statSync(ws).size / 1e6;
  removeWorkspace(ws);
  const row: Row = { label, rows, events: summary.rowsImported, contacts: summary.contacts, importS: imp.seconds, importMb: imp.rssMb, shellS, simulateS: sim.seconds, simulateMb: sim.rssMb, workspaceMb };
  results.push(row);
  console.log(JSON.stringify(row));
}

const fmt = (n: number, digits = 0) => n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
const targetMb = (contacts: number) => 1024 + (200 * contacts) / 2 ** 20;
console.log('\n| file (rows/contacts) | rows | contacts | import s | rows/s | vs sqlite3 shell | import peak RSS | target (1 GB + 200 B/contact) | simulate s | simulate peak RSS | ÷ columns (14 B/event) | workspace |');
console.log('|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
for (const r of results) {
  const columnsMb = (14 * r.events) / 2 ** 20;
  console.log(
    `| ${r.label} | ${fmt(r.rows)} | ${fmt(r.contacts)} | ${fmt(r.importS, 1)} | ${fmt(r.rows / r.importS)} | ${r.shellS === null ? '–' : `${fmt(r.shellS / r.importS, 2)}×`} | ${fmt(r.importMb)} MB | ${fmt(targetMb(r.contacts))} MB ${r.importMb <= targetMb(r.contacts) ? '✓' : '✗'} | ${fmt(r.simulateS, 1)} | ${fmt(r.simulateMb)} MB | ${fmt(r.simulateMb / columnsMb, 2)}× | ${fmt(r.workspaceMb / 1000, 2)} GB |`,
  );
}
// Slopes between two files that differ in one thing: contacts (the same label), or rows (within 5% of
// each other, whatever their labels: the generator caps a contact's sessions, so labels do not say).
for (let i = 0; i < results.length; i++) {
  for (let j = i + 1; j < results.length; j++) {
    const a = results[i]!;
    const b = results[j]!;
    const mb = (b.importMb - a.importMb) * 2 ** 20;
    if (a.label.split('/')[1] === b.label.split('/')[1]) console.log(`per row (${a.label} → ${b.label}): ${fmt(mb / (b.rows - a.rows), 1)} bytes of peak RSS per row`);
    if (Math.abs(a.rows - b.rows) <= 0.05 * a.rows && a.contacts !== b.contacts) console.log(`per contact (${a.label} → ${b.label}, ${fmt(a.rows)} and ${fmt(b.rows)} rows): ${fmt(mb / (b.contacts - a.contacts), 0)} bytes of peak RSS per contact`);
  }
}
