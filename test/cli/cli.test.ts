/** The `scorecast` command line, run as a user runs it: the real binary, real files, a real workspace. */
import fs from 'node:fs';
import path from 'node:path';
import Papa from 'papaparse';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ImportSummary } from '../../src/core/importing/types';
import type { SimulationResult } from '../../src/core/sim/results';
import { cli, cliJson } from '../helpers/cli';
import { tempDir } from '../helpers/workspace';

const dir = tempDir('scorecast-cli-');
const db = path.join(dir, 'ws.sqlite');
const sample = path.join(dir, 'sample.csv');

beforeAll(() => {
  const r = cli(['generate', '--contacts', '800', '--days', '7', '--seed', '11', '--dirty', '0.05', '--out', sample]);
  expect(r.code).toBe(0);
});

describe('generate', () => {
  it('writes byte-identical files for the same seed, different ones for another', () => {
    const again = path.join(dir, 'again.csv');
    const other = path.join(dir, 'other.csv');
    cli(['generate', '--contacts', '800', '--days', '7', '--seed', '11', '--dirty', '0.05', '--out', again]);
    cli(['generate', '--contacts', '800', '--days', '7', '--seed', '12', '--dirty', '0.05', '--out', other]);
    expect(fs.readFileSync(again).equals(fs.readFileSync(sample))).toBe(true);
    expect(fs.readFileSync(other).equals(fs.readFileSync(sample))).toBe(false);
  });

  it('writes phone numbers as a CRM exports them (a leading +, not neutralized like our own CSVs), so that they key contacts', () => {
    const rows = Papa.parse<Record<string, string>>(fs.readFileSync(sample, 'utf8'), { header: true, skipEmptyLines: true }).data;
    const phones = rows.map((r) => r.phone ?? '').filter((p) => p !== '');
    expect(phones.filter((p) => p.startsWith('+')).length).toBeGreaterThan(phones.length / 2);
    expect(phones.filter((p) => p.startsWith("'")).length).toBe(0);
  });
});

describe('import → simulate', () => {
  let summary: ImportSummary;
  beforeAll(() => {
    summary = cliJson<ImportSummary>(['import', sample, '--db', db, '--name', 'cli-sample']);
  });

  it('prints the import summary with every field', () => {
    expect(Object.keys(summary)).toEqual(
      expect.arrayContaining(['datasetId', 'name', 'rowsRead', 'rowsImported', 'rowsRejected', 'rejectReasons', 'contacts', 'contactsMerged', 'duplicateEventsDropped', 'unknownEventTypes', 'piiColumns', 'seconds']),
    );
    expect(summary.rowsImported + summary.rowsRejected + summary.duplicateEventsDropped).toBe(summary.rowsRead);
    expect(summary.contactsMerged).toBeGreaterThan(0);
    expect(summary.piiColumns).toEqual(['email', 'phone', 'first_name', 'last_name']);
  });

  it('agrees with a naive reference computed from the exported events', () => {
    const eventsCsv = path.join(dir, 'events.csv');
    expect(cli(['export', 'cli-sample', '--what', 'events', '--out', eventsCsv, '--db', db]).code).toBe(0);
    const events = Papa.parse<Record<string, string>>(fs.readFileSync(eventsCsv, 'utf8'), { header: true, skipEmptyLines: true }).data.map((e) => ({
      contact: e.contact_key!,
      t: Date.parse(e.time!),
      type: e.event_type!,
    }));
    expect(events.length).toBe(summary.rowsImported);

    const scenarioFile = path.join(dir, 'scenario.json');
    fs.writeFileSync(
      scenarioFile,
      JSON.stringify({
        name: 'reference',
        significant: ['demo_request'],
        executor: { batchScoresPerSecond: 1000 },
        cost: { cpuMsPerScore: 3600, usdPerVcpuHour: 1, db: { readsPerScore: 6, writesPerScore: 2, writesPerEvent: 1, usdPerMillionReads: 1, usdPerMillionWrites: 1 } },
        strategies: [
          { id: 'nightly', kind: 'nightly-batch', at: '02:00', scope: 'all' },
          { id: 'every-demo', kind: 'event-triggered', triggers: ['demo_request'], debounceMinutes: 0 },
          { id: 'hourly', kind: 'micro-batch', everyMinutes: 60, triggers: ['demo_request'] },
        ],
      }),
    );
    const result = cliJson<SimulationResult>(['simulate', 'cli-sample', '--scenario', scenarioFile, '--db', db]);
    const [nightly, everyDemo, hourly] = result.strategies;

    // The naive reference: one object per event, written for clarity, not speed.
    const DAY = 86_400_000;
    const start = Math.floor(Math.min(...events.map((e) => e.t)) / DAY) * DAY;
    const end = Math.floor(Math.max(...events.map((e) => e.t)) / DAY) * DAY + DAY;
    let nightlyJobs = 0;
    for (let day = start; day < end; day += DAY) {
      const run = day + 2 * 3_600_000;
      nightlyJobs += new Set(events.filter((e) => e.t <= run).map((e) => e.contact)).size;
    }
    const demos = events.filter((e) => e.type === 'demo_request');
    const demoInstants = new Set(demos.map((e) => `${e.contact}@${e.t}`));
    let hourlyJobs = 0;
    for (let h = start; h + 3_600_000 < end; h += 3_600_000) hourlyJobs += new Set(demos.filter((e) => e.t >= h && e.t < h + 3_600_000).map((e) => e.contact)).size;

    expect(result.events).toBe(events.length);
    expect(result.window.days).toBe((end - start) / DAY);
    expect(nightly!.scoreJobs).toBe(nightlyJobs);
    expect(everyDemo!.scoreJobs).toBe(demoInstants.size);
    expect(hourly!.scoreJobs).toBe(hourlyJobs);
    // Every demo is scored at once under D = 0: zero staleness, all within 5 minutes.
    expect(everyDemo!.freshness).toMatchObject({ significantEvents: demos.length, scored: demos.length, p50Seconds: 0, p99Seconds: 0, within5m: 1 });
    // $0.001 compute + $0.000008 database per job, no LLM block.
    expect(everyDemo!.cost.totalUsd).toBeCloseTo(demoInstants.size * 0.001008, 9);
    expect(nightly!.cost.llmUsd).toBe(0);
  });

  it('lists, shows and compares stored runs', () => {
    const runs = cliJson<{ id: number }[]>(['runs', '--db', db]);
    expect(runs.length).toBeGreaterThan(0);
    const shown = cliJson<SimulationResult & { runId: number }>(['show', String(runs[0]!.id), '--db', db]);
    expect(shown.runId).toBe(runs[0]!.id);
    const table = cli(['compare', String(runs[0]!.id), String(runs[0]!.id), '--db', db]);
    expect(table.code).toBe(0);
    expect(table.stdout).toContain('every-demo');
  });

  it('exports contacts and rejects without personal data', () => {
    const contacts = path.join(dir, 'contacts.csv');
    const rejects = path.join(dir, 'rejects.csv');
    expect(cli(['export', 'cli-sample', '--what', 'contacts', '--out', contacts, '--db', db]).code).toBe(0);
    expect(cli(['export', 'cli-sample', '--what', 'rejects', '--out', rejects, '--db', db]).code).toBe(0);
    const rejectRows = Papa.parse<string[]>(fs.readFileSync(rejects, 'utf8').trim()).data;
    expect(rejectRows[0]).toEqual(['line', 'column', 'reason']);
    expect(rejectRows.length - 1).toBe(summary.rowsRejected);
    const exported = fs.readFileSync(contacts, 'utf8') + fs.readFileSync(rejects, 'utf8') + fs.readFileSync(db);
    const source = fs.readFileSync(sample, 'utf8');
    const emails = [...new Set(source.match(/[a-z0-9.]+@[a-z.]+/g))].slice(0, 200);
    expect(emails.length).toBeGreaterThan(50);
    for (const email of emails) expect(exported).not.toContain(email);
  });
});

describe('export --contact', () => {
  it("exports one contact's events through the per-contact lookup, as the full export lists them", () => {
    const contactsCsv = path.join(dir, 'contacts-for-lookup.csv');
    const allCsv = path.join(dir, 'events-all.csv');
    expect(cli(['export', 'cli-sample', '--what', 'contacts', '--out', contactsCsv, '--db', db]).code).toBe(0);
    expect(cli(['export', 'cli-sample', '--what', 'events', '--out', allCsv, '--db', db]).code).toBe(0);
    const contacts = Papa.parse<Record<string, string>>(fs.readFileSync(contactsCsv, 'utf8'), { header: true, skipEmptyLines: true }).data;
    const all = fs.readFileSync(allCsv, 'utf8').trim().split('\n');
    // A contact others were merged into (its events include theirs), and the busiest contact.
    const merged = contacts.find((c) => Number(c.merged_from) > 0)!;
    const busiest = contacts.reduce((a, b) => (Number(b.events) > Number(a.events) ? b : a));
    for (const c of [merged, busiest]) {
      const one = path.join(dir, `events-${c.contact_key}.csv`);
      const r = cli(['export', 'cli-sample', '--what', 'events', '--contact', c.contact_key!, '--out', one, '--db', db]);
      expect(r.code).toBe(0);
      expect(r.stdout).toContain(`wrote ${c.events} events rows`);
      const lines = fs.readFileSync(one, 'utf8').trim().split('\n');
      expect(lines).toEqual([all[0], ...all.slice(1).filter((l) => l.startsWith(`${c.contact_key},`))]);
      expect(lines.length - 1).toBe(Number(c.events));
    }
  });

  it('exits 1 for a key the dataset does not have, or with another --what', () => {
    const out = path.join(dir, 'never.csv');
    const unknown = cli(['export', 'cli-sample', '--what', 'events', '--contact', 'f'.repeat(32), '--out', out, '--db', db]);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('no contact with that key in dataset "cli-sample"');
    const wrongKind = cli(['export', 'cli-sample', '--what', 'contacts', '--contact', 'f'.repeat(32), '--out', out, '--db', db]);
    expect(wrongKind.code).toBe(1);
    expect(wrongKind.stderr).toContain('--contact goes with --what events');
    expect(fs.existsSync(out) || fs.existsSync(`${out}.partial`)).toBe(false);
  });
});

describe('errors and exit codes', () => {
  it('exits 1 with the file named for bad input', () => {
    const r = cli(['import', path.join(dir, 'nope.csv'), '--db', db]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('nope.csv: no such file');
  });

  it('refuses a JSON Lines value nested 50,000 deep with exit 1 and the line, not a stack overflow', () => {
    const file = path.join(dir, 'deep.jsonl');
    const deep = '{"a":'.repeat(50_000) + '1' + '}'.repeat(50_000);
    fs.writeFileSync(file, `{"contact_id":"C1","event_type":"page_view","timestamp":"2026-03-01T10:00:00Z","x":1}\n{"contact_id":"C2","event_type":"page_view","timestamp":"2026-03-01T10:00:00Z","x":${deep}}\n`);
    const r = cli(['import', file, '--db', path.join(dir, 'deep.sqlite')]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('First: line 2: a value nests more than 64 levels deep; flatten the export');
    expect(r.stderr).not.toMatch(/internal error|call stack/);
  });

  it('ends an import that stops before importing, though its threads were started ahead', () => {
    // The launcher starts an import's threads before the command line loads; unused, they must not hold the process.
    expect(cli(['import']).code).toBe(2);
    const r = cli(['import', sample, '--db', path.join(sample, 'not-a-dir', 'ws.sqlite')]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('cannot open workspace');
  });

  it.skipIf(!fs.existsSync('/proc/self'))('refuses a --db whose folder cannot be made under /proc (Node alone would retry for ever)', () => {
    const r = cli(['datasets', '--db', '/proc/scorecast-no-such/sub/ws.sqlite']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('cannot open workspace /proc/scorecast-no-such/sub/ws.sqlite: its folder /proc/scorecast-no-such/sub cannot be made');
  });

  it('exits 1 naming the JSON path of an invalid scenario', () => {
    const bad = path.join(dir, 'bad.json');
    fs.writeFileSync(bad, JSON.stringify({ name: 'x', cost: {}, strategies: [{ id: 'n', kind: 'nightly-batch', at: '25:00', scope: 'all', extra: 1 }] }));
    const r = cli(['simulate', 'cli-sample', '--scenario', bad, '--db', db]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/strategies\[0\]\.at: must be a time of day/);
    expect(r.stderr).toMatch(/strategies\[0\]: Unrecognized key.*"extra"/);
    expect(r.stderr).toMatch(/cost\.cpuMsPerScore/);
  });

  it('names line and column of a scenario that is not JSON', () => {
    const bad = path.join(dir, 'broken.json');
    fs.writeFileSync(bad, '{\n  "name": "x",\n  oops\n}');
    const r = cli(['simulate', 'cli-sample', '--scenario', bad, '--db', db]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/line 3, column 3: invalid JSON/);
  });

  it('exits 2 for usage errors', () => {
    expect(cli(['import', sample, '--map', 'nonsense', '--db', db]).code).toBe(2);
    expect(cli(['import', sample, '--map', 'colour=x', '--db', db]).stderr).toContain('unknown field "colour"');
    expect(cli(['frobnicate']).code).toBe(2);
    expect(cli(['generate', '--contacts', '-3', '--out', 'x.csv']).code).toBe(2);
  });

  it.each(['generate', 'import', 'datasets', 'export', 'simulate', 'runs', 'show', 'compare', 'demo', 'serve'])('%s --help', (command) => {
    const r = cli([command, '--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`Usage: scorecast ${command}`);
  });
});

describe('Ctrl-C', () => {
  it('cancels an import with exit 130 and leaves the workspace as it was', async () => {
    const { spawn } = await import('node:child_process');
    const big = path.join(dir, 'interrupt.csv');
    expect(cli(['generate', '--contacts', '50000', '--days', '30', '--seed', '3', '--out', big]).code).toBe(0);
    const target = path.join(dir, 'interrupt.sqlite');
    const child = spawn(process.execPath, [path.join(__dirname, '..', '..', 'bin', 'scorecast.js'), 'import', big, '--db', target], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    // The workspace's key file is written as the command opens the workspace, just before it starts
    // listening for Ctrl-C and importing: interrupt a moment after it appears, well inside the import.
    for (let i = 0; i < 500 && !fs.existsSync(`${target}.key`); i++) await new Promise((r) => setTimeout(r, 10));
    await new Promise((r) => setTimeout(r, 400));
    child.kill('SIGINT');
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    expect(code).toBe(130);
    expect(stderr).toContain('import cancelled; nothing was stored');
    expect(cli(['datasets', '--db', target, '--json']).stdout.trim()).toBe('[]');
  });

  it('a killed import leaves the workspace as it was, and in WAL, once it is opened again', async () => {
    const { spawn } = await import('node:child_process');
    const Database = (await import('better-sqlite3')).default;
    const big = path.join(dir, 'killed.csv');
    expect(cli(['generate', '--contacts', '50000', '--days', '30', '--seed', '4', '--out', big]).code).toBe(0);
    const target = path.join(dir, 'killed.sqlite');
    expect(cli(['import', sample, '--db', target, '--name', 'kept']).code).toBe(0);
    const child = spawn(process.execPath, [path.join(__dirname, '..', '..', 'bin', 'scorecast.js'), 'import', big, '--db', target], { stdio: ['ignore', 'pipe', 'pipe'] });
    const exited = new Promise<NodeJS.Signals | null>((resolve) => child.on('exit', (_code, signal) => resolve(signal)));
    // Killed while rows are being stored: the import writes through a rollback journal, which is then hot.
    for (let i = 0; i < 1000 && !fs.existsSync(`${target}-journal`); i++) await new Promise((r) => setTimeout(r, 10));
    await new Promise((r) => setTimeout(r, 300));
    child.kill('SIGKILL');
    expect(await exited).toBe('SIGKILL');
    expect(fs.existsSync(`${target}-journal`)).toBe(true);
    const listed = cliJson<{ name: string; events: number }[]>(['datasets', '--db', target]);
    expect(listed.map((d) => d.name)).toEqual(['kept']);
    const db = new Database(target, { readonly: true });
    try {
      expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
      expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
      expect(db.prepare('SELECT count(*) FROM events').pluck().get()).toBe(listed[0]!.events);
    } finally {
      db.close();
    }
  });
});
