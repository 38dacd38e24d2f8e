/**
 * bench/responsiveness: how long a request waits while heavy work runs, on a generated 5,000,000-row
 * export. A probe asks `datasets.list` every 20 ms and records each answer's time while the server
 * imports the file, simulates the default scenario, sweeps 25 points and renders a report (forecast
 * with 50 replicates). Side by side in one run:
 * - `scorecast serve`, whose jobs run in their own thread (the product);
 * - the same jobs run on the thread that answers requests (the baseline: how serve worked before).
 * The longest answer bounds the longest block of the server's event loop. Target: under 100 ms.
 * Usage: npm run bench:responsiveness [-- --rows N]
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { writeGenerated } from '../src/backend/sample';
import { defaultScenarioPath } from '../src/backend/resources';

const arg = process.argv.indexOf('--rows');
const ROWS = arg > 0 ? Number(process.argv[arg + 1]) : 5_000_000;
const dir = path.resolve('.bench');
fs.mkdirSync(dir, { recursive: true });
const csv = path.join(dir, `responsiveness-${ROWS}.csv`);
const scenario = JSON.parse(fs.readFileSync(defaultScenarioPath(), 'utf8')) as unknown;

interface Server {
  base: string;
  headers: Record<string, string>;
  child: ChildProcess;
  /** Starts an import of the bench file; resolves to its job id. */
  importFile(): Promise<string>;
}

function started(child: ChildProcess, pattern: RegExp): Promise<RegExpExecArray> {
  return new Promise((resolve, reject) => {
    let out = '';
    const on = (d: Buffer) => {
      out += d.toString();
      const m = pattern.exec(out);
      if (m) resolve(m);
    };
    child.stdout!.on('data', on);
    child.stderr!.on('data', on);
    child.once('exit', (code) => reject(new Error(`server exited (${code}): ${out}`)));
  });
}

async function call(s: Server, method: string, body: unknown): Promise<unknown> {
  const res = await fetch(`${s.base}/api/call/${method}`, { method: 'POST', headers: { ...s.headers, 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const json = (await res.json()) as { ok: boolean; result?: unknown; error?: string };
  if (!json.ok) throw new Error(`${method}: ${json.error}`);
  return json.result;
}

async function startServe(db: string): Promise<Server> {
  const child = spawn(process.execPath, ['bin/scorecast.js', 'serve', '--db', db, '--abandon-after', '3600'], { stdio: ['ignore', 'pipe', 'pipe'] });
  const m = await started(child, /open (http:\/\/127\.0\.0\.1:\d+)\/\?token=([a-f0-9]+)/);
  const s: Server = {
    base: m[1]!,
    headers: { authorization: `Bearer ${m[2]}` },
    child,
    async importFile() {
      const size = fs.statSync(csv).size;
      const res = await fetch(`${s.base}/api/upload?name=bench.csv&size=${size}`, { method: 'POST', headers: s.headers });
      const ref = ((await res.json()) as { result: unknown }).result as { id: string };
      const { jobId } = (await call(s, 'import.start', { file: ref, options: { name: 'bench' } })) as { jobId: string };
      // The browser streams the file; here, the same from disk.
      void fetch(`${s.base}/api/upload/${ref.id}`, { method: 'POST', headers: s.headers, body: fs.createReadStream(csv) as unknown as BodyInit, duplex: 'half' } as RequestInit);
      return jobId;
    },
  };
  return s;
}

async function startInline(db: string): Promise<Server> {
  // tsx reads JSX settings from the Node side's tsconfig (the root one names none).
  const child = spawn(process.execPath, ['--import', 'tsx', 'bench/inline-server.ts', db], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, TSX_TSCONFIG_PATH: 'tsconfig.node.json' } });
  const m = await started(child, /listening (http:\/\/127\.0\.0\.1:\d+)/);
  const s: Server = {
    base: m[1]!,
    headers: {},
    child,
    async importFile() {
      return ((await call(s, 'import.path', { path: csv })) as { jobId: string }).jobId;
    },
  };
  return s;
}

interface Probe {
  answers: number[];
  stop(): Promise<void>;
}

/** Asks datasets.list every 20 ms (one at a time) and records how long each answer took. */
function probe(s: Server): Probe {
  const answers: number[] = [];
  let running = true;
  const loop = (async () => {
    while (running) {
      const t = performance.now();
      await call(s, 'datasets.list', {});
      answers.push(performance.now() - t);
      await new Promise((r) => setTimeout(r, 20));
    }
  })();
  return {
    answers,
    async stop() {
      running = false;
      await loop;
    },
  };
}

async function finished(s: Server, jobId: string): Promise<void> {
  for (;;) {
    const jobs = (await call(s, 'jobs.list', {})) as { jobId: string; state: string; outcome?: { error?: string } }[];
    const job = jobs.find((j) => j.jobId === jobId);
    if (job && job.state !== 'queued' && job.state !== 'running') {
      if (job.state !== 'done') throw new Error(`job ${jobId}: ${job.state} ${job.outcome?.error ?? ''}`);
      return;
    }
    await new Promise((r) => setTimeout(r, 200));
  }
}

interface Phase {
  name: string;
  seconds: number;
  answers: number;
  maxMs: number;
  p99Ms: number;
}

async function measure(name: string, s: Server, work: () => Promise<void>): Promise<Phase> {
  const p = probe(s);
  const t = performance.now();
  await work();
  const seconds = (performance.now() - t) / 1000;
  await p.stop();
  const sorted = [...p.answers].sort((a, b) => a - b);
  return { name, seconds, answers: sorted.length, maxMs: sorted[sorted.length - 1] ?? 0, p99Ms: sorted[Math.max(0, Math.ceil(0.99 * sorted.length) - 1)] ?? 0 };
}

async function phases(s: Server): Promise<Phase[]> {
  const out: Phase[] = [];
  out.push(await measure('import', s, async () => finished(s, await s.importFile())));
  const datasetId = ((await call(s, 'datasets.list', {})) as { id: number }[])[0]!.id;
  let runId = 0;
  out.push(
    await measure('run', s, async () => {
      const { jobId } = (await call(s, 'runs.start', { datasetId, scenario })) as { jobId: string };
      await finished(s, jobId);
      runId = ((await call(s, 'runs.list', {})) as { id: number }[]).at(-1)!.id;
    }),
  );
  out.push(
    await measure('sweep (25 points)', s, async () => {
      const { jobId } = (await call(s, 'whatif.sweep', { datasetId, scenario, params: [{ path: 'strategies.events.debounceMinutes', from: 0, to: 240, step: 10 }] })) as { jobId: string };
      await finished(s, jobId);
    }),
  );
  out.push(
    await measure('report (forecast, 50 replicates)', s, async () => {
      await call(s, 'runs.report', { id: runId, forecast: { months: 12, growthContacts: 0.02, growthEvents: 0.03, priceChange: 0, replicates: 50 } });
    }),
  );
  return out;
}

async function main(): Promise<void> {
  if (!fs.existsSync(csv)) {
    console.log(`generating ${ROWS.toLocaleString('en-US')} rows (untimed)…`);
    await writeGenerated(csv, { contacts: Math.round(ROWS / 16.4), days: 30, seed: 21, dirty: 0.02, start: '2026-03-02' });
  }
  console.log(`bench file: ${csv} (${(fs.statSync(csv).size / 1e6).toFixed(0)} MB)\n`);
  const results: Record<string, Phase[]> = {};
  for (const [label, start] of [
    ['scorecast serve (jobs thread)', startServe],
    ['baseline: jobs on the request thread', startInline],
  ] as const) {
    const db = path.join(dir, `responsiveness-${label.startsWith('scorecast') ? 'serve' : 'inline'}.sqlite`);
    for (const f of [db, `${db}-wal`, `${db}-shm`, `${db}.key`, `${db}-journal`]) fs.rmSync(f, { force: true });
    const s = await start(db);
    try {
      results[label] = await phases(s);
    } finally {
      s.child.kill('SIGTERM');
    }
  }
  const [ours, base] = Object.values(results) as [Phase[], Phase[]];
  console.log('| job | seconds (serve / baseline) | answers during it | longest answer, serve | longest answer, baseline | p99, serve | p99, baseline |');
  console.log('|---|---:|---:|---:|---:|---:|---:|');
  ours.forEach((p, i) => {
    const b = base[i]!;
    console.log(`| ${p.name} | ${p.seconds.toFixed(1)} / ${b.seconds.toFixed(1)} | ${p.answers} / ${b.answers} | **${p.maxMs.toFixed(0)} ms** | ${b.maxMs.toFixed(0)} ms | ${p.p99Ms.toFixed(0)} ms | ${b.p99Ms.toFixed(0)} ms |`);
  });
  const worst = Math.max(...ours.map((p) => p.maxMs));
  console.log(`\nlongest answer while jobs ran: ${worst.toFixed(0)} ms (target < 100 ms) ${worst < 100 ? '✔' : '✘'}`);
}

void main();
