/** sweep, sensitivity and report through the real binary. */
import fs from 'node:fs';
import path from 'node:path';
import Papa from 'papaparse';
import { beforeAll, describe, expect, it } from 'vitest';
import type { SimulationResult } from '../../src/core/sim/results';
import type { SweepResult } from '../../src/backend/whatif';
import type { SensitivityRow } from '../../src/core/whatif/sensitivity';
import { usd } from '../../src/renderer/charts/format';
import { cli, cliJson } from '../helpers/cli';
import { tempDir } from '../helpers/workspace';

const dir = tempDir('scorecast-whatif-');
const db = path.join(dir, 'ws.sqlite');
const scenario = path.join(__dirname, '..', '..', 'resources', 'scenarios', 'default.json');
let run: SimulationResult & { runId: number };

beforeAll(() => {
  const csv = path.join(dir, 'd.csv');
  expect(cli(['generate', '--contacts', '700', '--days', '7', '--seed', '5', '--out', csv]).code).toBe(0);
  expect(cli(['import', csv, '--db', db, '--name', 'd']).code).toBe(0);
  run = cliJson(['simulate', 'd', '--scenario', scenario, '--db', db]);
});

describe('scorecast sweep', () => {
  it('reproduces simulate at the scenario’s own value, and marks a frontier', () => {
    const sweep = cliJson<SweepResult>(['sweep', 'd', '--scenario', scenario, '--param', 'strategies.events.debounceMinutes=0:60:30', '--db', db]);
    const at30 = sweep.points.find((p) => p.values[0] === 30)!;
    expect(at30.strategies).toEqual(run.strategies);
    expect(sweep.frontier.length).toBeGreaterThan(0);
    const csv = cli(['sweep', 'd', '--scenario', scenario, '--param', 'strategies.events.debounceMinutes=0:60:30', '--db', db, '--csv']);
    const rows = Papa.parse<Record<string, string>>(csv.stdout.trim(), { header: true }).data;
    expect(rows.map((r) => r['strategies.events.debounceMinutes'])).toEqual(['0', '30', '60']);
    expect(Number(rows[1]!.monthly_usd)).toBeCloseTo(run.strategies.find((s) => s.id === 'events')!.cost.perMonthUsd, 9);
  });

  it('gives usage errors for bad parameters', () => {
    const r = cli(['sweep', 'd', '--scenario', scenario, '--param', 'nonsense', '--db', db]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('expected PATH=FROM:TO:STEP');
    const missing = cli(['sweep', 'd', '--scenario', scenario, '--param', 'strategies.x.debounceMinutes=0:1:1', '--db', db]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('no strategy "x"');
  });
});

describe('scorecast sensitivity', () => {
  it('moves each cost input ±20% around the run’s own monthly cost', () => {
    const rows = cliJson<SensitivityRow[]>(['sensitivity', String(run.runId), '--db', db]);
    for (const s of run.strategies) {
      const mine = rows.filter((r) => r.strategy === s.id);
      expect(mine.length).toBe(11);
      for (const r of mine) expect(r.baseMonthlyUsd).toBeCloseTo(s.cost.perMonthUsd, 9);
    }
    expect(rows[0]!.swingUsd).toBeGreaterThanOrEqual(rows.at(-1)!.swingUsd);
  });
});

describe('scorecast report', () => {
  it('writes one self-contained HTML file with the figures and the charts inline', () => {
    const out = path.join(dir, 'report.html');
    expect(cli(['report', String(run.runId), '--out', out, '--db', db, '--replicates', '20']).code).toBe(0);
    const html = fs.readFileSync(out, 'utf8');
    expect(html).toMatch(/^<!doctype html>/);
    expect(html).toMatch(/default-src (&#x27;|')none/);
    expect(html).not.toMatch(/(src|href)="https?:/);
    // Cumulative cost, load, staleness, breakdown, forecast, and one heatmap per strategy.
    expect((html.match(/<svg/g) ?? []).length).toBe(5 + run.strategies.length);
    // Twelve calendar months × the strategies, each cost with its interval, then the horizon's total.
    expect((html.match(/<td class="num" data-strategy="[^"]+" data-cost="[\d.]+">\$[\d,.]+ \(\$[\d,.]+ – \$[\d,.]+\)<\/td>/g) ?? []).length).toBe(12 * run.strategies.length);
    expect((html.match(/<tr data-total="Total, 12 months">/g) ?? []).length).toBe(1);
    expect(html).toMatch(/12 months, [A-Z][a-z]{2} 20\d\d to [A-Z][a-z]{2} 20\d\d, from run \d+/);
    for (const s of run.strategies) expect(html).toContain(`>${s.id} <span`);
    expect(html).toContain('Sensitivity of monthly cost');
    expect(html).not.toMatch(/@example\.(com|org|net)/);
    expect(html).not.toContain('report-sweep-table');
  });

  it('includes a sweep of the run’s scenario with the figures scorecast sweep gives, and the forecast inputs it was given', () => {
    const out = path.join(dir, 'report-sweep.html');
    const param = 'strategies.events.debounceMinutes=0:60:30';
    const r = cli(['report', String(run.runId), '--out', out, '--db', db, '--replicates', '20', '--growth-contacts', '5%', '--price-change', '-1%', '--param', param]);
    expect(r.code, r.stderr).toBe(0);
    const html = fs.readFileSync(out, 'utf8');
    const sweep = cliJson<SweepResult>(['sweep', 'd', '--scenario', scenario, '--param', param, '--db', db]);
    const table = html.slice(html.indexOf('data-testid="report-sweep-table"'));
    const cells = [...table.slice(0, table.indexOf('</table>')).matchAll(/<td[^>]*>([^<]*)<\/td>/g)].map((m) => m[1]);
    const rows = sweep.points.flatMap((p) => p.strategies.filter((s) => sweep.varying.includes(s.id)).map((s) => [String(p.values[0]), s.id, usd(s.cost.perMonthUsd)]));
    expect(rows.length).toBeGreaterThan(0);
    // Each row: the value, the strategy, cost, p90, jobs, the frontier mark.
    expect(cells.length).toBe(rows.length * 6);
    rows.forEach((row, i) => expect(cells.slice(i * 6, i * 6 + 3)).toEqual(row));
    expect(html).toContain('contacts +5% a month, events +0% a month, unit prices −1% a month');
    const bad = cli(['report', String(run.runId), '--out', out, '--db', db, '--param', 'strategies.nope.debounceMinutes=0:1:1']);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('no strategy "nope"');
  });
});

describe('sweeps over sets and scopes', () => {
  it('sweeps trigger sets and the nightly scope through the CLI', () => {
    const sets = cliJson<SweepResult>(['sweep', 'd', '--scenario', scenario, '--param', 'strategies.events.triggers=demo_request|demo_request,pricing_page_visit,form_submit,trial_signup', '--db', db]);
    const jobs = sets.points.map((p) => p.strategies.find((s) => s.id === 'events')!.scoreJobs);
    // More triggers, more jobs; the default scenario's own set reproduces simulate.
    expect(jobs[0]!).toBeLessThan(jobs[1]!);
    expect(jobs[1]).toBe(run.strategies.find((s) => s.id === 'events')!.scoreJobs);
    const scope = cliJson<SweepResult>(['sweep', 'd', '--scenario', scenario, '--param', 'strategies.nightly.scope.activeWithinDays=1:7:3', '--db', db]);
    const nightly = scope.points.map((p) => p.strategies.find((s) => s.id === 'nightly')!.scoreJobs);
    expect(nightly).toEqual([...nightly].sort((a, b) => a - b));
    expect(nightly[2]!).toBeLessThanOrEqual(run.strategies.find((s) => s.id === 'nightly')!.scoreJobs);
  });
});
