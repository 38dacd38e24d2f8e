/**
 * The pipeline through the real binary: integration presets (each value sourced, each preset valid),
 * a run that records its preset, explain and attribute agreeing with the run they look into.
 */
import fs from 'node:fs';
import path from 'node:path';
import Papa from 'papaparse';
import { beforeAll, describe, expect, it } from 'vitest';
import type { SimulationResult } from '../../src/core/sim/results';
import type { Attribution } from '../../src/core/sim/attribution';
import type { Explanation } from '../../src/core/sim/explain';
import { ingestSchema, writeBackSchema } from '../../src/core/scenario';
import type { IntegrationPreset, RunInfo } from '../../src/shared/types';
import { cli, cliJson } from '../helpers/cli';
import { tempDir } from '../helpers/workspace';

const dir = tempDir('scorecast-analysis-');
const db = path.join(dir, 'ws.sqlite');
const scenario = path.join(__dirname, '..', '..', 'resources', 'scenarios', 'default.json');
const presets = (JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', 'resources', 'integrations', 'presets.json'), 'utf8')) as { presets: IntegrationPreset[] }).presets;
let run: SimulationResult & { runId: number };

beforeAll(() => {
  const csv = path.join(dir, 'd.csv');
  expect(cli(['generate', '--contacts', '600', '--days', '7', '--seed', '8', '--dirty', '0.02', '--out', csv]).code).toBe(0);
  expect(cli(['import', csv, '--db', db, '--name', 'd']).code).toBe(0);
  run = cliJson(['simulate', 'd', '--scenario', scenario, '--integration', 'marketo', '--db', db]);
});

/** Every leaf value under an object, by its dotted path. */
function leaves(value: unknown, prefix: string): string[] {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return [prefix];
  return Object.entries(value).flatMap(([k, v]) => leaves(v, `${prefix}.${k}`));
}

describe('integration presets', () => {
  it.each(presets.map((p) => [p.id, p] as const))('%s is a valid ingest and write-back, every value with its source or marked assumed', (_, p) => {
    expect(p.asOf).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    if (p.ingest !== undefined) expect(ingestSchema.safeParse(p.ingest).success).toBe(true);
    if (p.writeBack !== undefined) expect(writeBackSchema.safeParse(p.writeBack).success).toBe(true);
    const values = [...(p.ingest ? leaves(p.ingest, 'ingest') : []), ...(p.writeBack ? leaves(p.writeBack, 'writeBack') : [])].filter((v) => !/\.(mode|seed)$/.test(v));
    for (const v of values) {
      const source = Object.entries(p.sources).find(([key]) => v === key || v.startsWith(`${key}.`));
      expect(source, `${p.id}: ${v} has no source`).toBeDefined();
      const s = source![1];
      expect('url' in s ? /^https:\/\//.test(s.url) && s.says.length > 10 : s.assumed.length > 5, `${p.id}: ${v}`).toBe(true);
    }
  });

  it('applies a preset to a run, which records it and reports its pipeline', () => {
    const runs = cliJson<RunInfo[]>(['runs', '--db', db, '--json']);
    expect(runs.find((r) => r.id === run.runId)!.integrationPreset).toBe('marketo');
    // Marketo: a 5-minute sync, 300 records a call, 100 calls per 20 s, 50,000 a day.
    for (const s of run.strategies) {
      expect(s.pipeline.ingest.maxDelaySeconds).toBeLessThan(300);
      expect(s.pipeline.ingest.maxDelaySeconds).toBeGreaterThan(0);
      expect(s.pipeline.writeBack.maxCallsPerDay).toBeLessThanOrEqual(50_000);
    }
    const table = cli(['show', String(run.runId), '--db', db]).stdout;
    expect(table).toMatch(/p99 queue\s+calls\/day peak\s+lost events\s+not written/);
    const bad = cli(['simulate', 'd', '--scenario', scenario, '--integration', 'hubspot-basic', '--db', db]);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('--integration hubspot-basic: no such preset (presets: hubspot-professional');
  });
});

describe('scorecast attribute', () => {
  it.each(['trigger', 'hour', 'country', 'company-size', 'source'])('by %s adds up to the run’s jobs and cost, strategy by strategy', (by) => {
    const result = cliJson<(Attribution & { agrees: boolean })[]>(['attribute', String(run.runId), '--by', by, '--db', db]);
    expect(result.map((a) => a.strategy)).toEqual(run.strategies.map((s) => s.id));
    result.forEach((a, i) => {
      expect(a.agrees).toBe(true);
      expect(a.rows.reduce((n, r) => n + r.jobs, 0)).toBe(run.strategies[i]!.scoreJobs);
      expect(a.rows.reduce((n, r) => n + r.costUsd, 0)).toBeCloseTo(run.strategies[i]!.cost.totalUsd, 6);
    });
    if (by === 'hour') for (const a of result) for (const r of a.rows) expect(r.key).toMatch(/^([01]\d|2[0-3]):00$/);
  });

  it('puts batch runs on a line of their own, and writes CSV with units in the header', () => {
    const byTrigger = cliJson<Attribution[]>(['attribute', String(run.runId), '--by', 'trigger', '--db', db]);
    expect(byTrigger.find((a) => a.strategy === 'nightly')!.rows.map((r) => r.key)).toEqual(['nightly run (batch run)']);
    const hybrid = byTrigger.find((a) => a.strategy === 'hybrid')!.rows.map((r) => r.key);
    expect(hybrid).toContain('full refresh (batch run)');
    expect(hybrid.some((k) => ['demo_request', 'pricing_page_visit', 'form_submit', 'trial_signup'].includes(k))).toBe(true);
    const csv = Papa.parse<Record<string, string>>(cli(['attribute', String(run.runId), '--by', 'trigger', '--csv', '--db', db]).stdout.trim(), { header: true }).data;
    expect(Object.keys(csv[0]!)).toEqual(['strategy', 'trigger', 'jobs', 'cost_usd', 'per_month_usd', 'share']);
    const bad = cli(['attribute', String(run.runId), '--by', 'weekday', '--db', db]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('expected one of trigger, hour, country, company-size, source');
  });
});

describe('scorecast explain', () => {
  it('explains a contact, agreeing with the run', () => {
    const contacts = path.join(dir, 'contacts.csv');
    expect(cli(['export', 'd', '--what', 'contacts', '--out', contacts, '--db', db]).code).toBe(0);
    const rows = Papa.parse<Record<string, string>>(fs.readFileSync(contacts, 'utf8'), { header: true, skipEmptyLines: true }).data;
    const busiest = rows.sort((a, b) => Number(b.events) - Number(a.events))[0]!;
    const x = cliJson<Explanation>(['explain', String(run.runId), '--contact', busiest.contact_key!, '--db', db]);
    expect(x.agrees).toBe(true);
    expect(x.events.length).toBe(Number(busiest.events));
    expect(x.strategies.map((s) => s.id)).toEqual(run.strategies.map((s) => s.id));
    // A 5-minute sync: every event seen within 5 minutes of happening.
    for (const e of x.events) expect(e.arrival! - e.at).toBeLessThan(300_000);
    const nightly = x.strategies.find((s) => s.id === 'nightly')!;
    expect(nightly.requests.every((r) => /^nightly run at \d{4}-\d{2}-\d{2}T02:00:00Z, in contact order$/.test(r.reason))).toBe(true);
    const text = cli(['explain', String(run.runId), '--contact', busiest.contact_key!, '--strategy', 'events', '--db', db]).stdout;
    expect(text).toContain(`Contact ${busiest.contact_key} in run ${run.runId}`);
    expect(text).toContain('The re-run agrees with the run’s stored job and call counts.');
    expect(text).not.toMatch(/@example\.(com|net|org)/);
    const missing = cli(['explain', String(run.runId), '--contact', 'nobody', '--db', db]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('no contact "nobody" in this run\'s dataset');
  });
});
