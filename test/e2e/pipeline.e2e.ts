/**
 * The pipeline (ARCHITECTURE §7) in Debian's Chromium against the real `scorecast serve`: an
 * integration preset applied in the scenario editor with its sources shown, a queue added, the run
 * showing where the wait goes and the API calls against the quota with the same figures the CLI
 * gives for that run, the cost attributed as `scorecast attribute` attributes it, and one contact
 * explained as `scorecast explain` explains it. Screens pass the accessibility check and are saved
 * at 1280×720 and 1920×1080.
 */
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SimulationResult } from '../../src/core/sim/results';
import type { Attribution } from '../../src/core/sim/attribution';
import type { Explanation } from '../../src/core/sim/explain';
import type { RunInfo } from '../../src/shared/types';
import { usd } from '../../src/renderer/charts/format';
import { type Served, checkScreen, launchChromium, serve } from '../helpers/browser';
import { cliJson, crmWorkspace } from '../helpers/cli';
import { tempDir } from '../helpers/workspace';

const dir = tempDir('scorecast-e2e-pipeline-');
const db = path.join(dir, 'app.sqlite');
let server: Served;
let browser: Browser;
let page: Page;
let runId: number;

async function screen(name: string): Promise<void> {
  const { violations, overflow } = await checkScreen(page, name);
  expect(violations, `accessibility of ${name}`).toEqual([]);
  // Nothing runs off the side of the page: wide tables scroll in their own box.
  expect(overflow).toEqual([]);
}

beforeAll(async () => {
  crmWorkspace(db, { contacts: 1500, days: 7, seed: 41 });
  server = await serve(db);
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1280, height: 720 }, bypassCSP: true });
  await page.goto(server.url);
  await page.getByTestId('datasets-table').waitFor();
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe('the pipeline in the browser', () => {
  it('applies an integration preset with its sources, and adds a queue', async () => {
    await page.getByRole('tab', { name: 'Scenario' }).click();
    await page.getByLabel('Apply an integration preset').selectOption('marketo');
    const pipeline = page.getByTestId('pipeline');
    expect(await pipeline.getByLabel('Records per call').inputValue()).toBe('300');
    expect(await pipeline.getByLabel('Calls per day (quota)').inputValue()).toBe('50000');
    expect(await pipeline.getByLabel('Sync every (minutes)').inputValue()).toBe('5');
    await pipeline.getByText('Sources and caveats').click();
    expect(await page.getByTestId('preset-sources').textContent()).toContain('100 calls per 20 seconds per instance');
    await pipeline.getByLabel('A queue: jobs wait for a free worker').check();
    await pipeline.getByLabel('Workers').fill('2');
    await pipeline.getByLabel('Time per job (ms)').fill('30000');
    expect(await page.getByTestId('scenario-errors').count()).toBe(0);
    await screen('scenario-pipeline');
  });

  it('runs it, and shows the queue, the calls against the quota and the lost events as the CLI does for that run', async () => {
    await page.getByRole('tab', { name: 'Results' }).click();
    await page.getByRole('button', { name: 'Run scenario' }).click();
    await page.getByTestId('pipeline-charts').waitFor({ timeout: 120_000 });
    runId = Number(/Run (\d+)/.exec((await page.getByTestId('run-title').textContent())!)![1]);
    const runs = cliJson<RunInfo[]>(['runs', '--db', db, '--json']);
    expect(runs.find((r) => r.id === runId)!.integrationPreset).toBe('marketo');
    const fromCli = cliJson<SimulationResult>(['show', String(runId), '--json', '--db', db]);
    const rows = page.getByTestId('pipeline-table').locator('tbody tr');
    for (const s of fromCli.strategies) {
      const cells = await rows.filter({ has: page.locator(`td:text-is("${s.id}")`) }).locator('td').allTextContents();
      expect(cells[7]).toBe(s.pipeline.writeBack.calls.toLocaleString('en-US'));
      expect(cells[8]).toBe(s.pipeline.writeBack.maxCallsPerDay.toLocaleString('en-US'));
      expect(cells[5]).toBe(s.pipeline.queue.maxBacklog.toLocaleString('en-US'));
    }
    // A 30-second job on two workers makes the nightly run queue: its chart is drawn.
    expect(fromCli.strategies.find((s) => s.id === 'nightly')!.pipeline.queue.maxBacklog).toBeGreaterThan(0);
    expect(await page.locator('[data-chart="queue-backlog"] path[data-series]').count()).toBeGreaterThan(0);
    expect(await page.locator('[data-chart="staleness-parts"] rect[data-part="queue"]').count()).toBeGreaterThan(0);
    expect(await page.getByTestId('runs-table').locator('tr', { hasText: 'marketo' }).count()).toBeGreaterThan(0);
    await screen('results-pipeline');
  });

  it('attributes the cost as scorecast attribute does', async () => {
    const section = page.getByTestId('what-drives-cost');
    await section.getByLabel('Attribute the cost by').selectOption('trigger');
    await section.getByTestId('attribution-table').waitFor({ timeout: 120_000 });
    await section.getByLabel('Strategy to attribute').selectOption({ label: 'hybrid' });
    const fromCli = cliJson<Attribution[]>(['attribute', String(runId), '--by', 'trigger', '--strategy', 'hybrid', '--db', db])[0]!;
    const shown = await section.locator('[data-testid="attribution-table"] tbody tr').evaluateAll((trs) => trs.map((tr) => [tr.getAttribute('data-key'), tr.querySelector('[data-usd]')!.textContent]));
    expect(shown).toEqual(fromCli.rows.map((r) => [r.key, usd(r.perMonthUsd)]));
    expect(shown.map((r) => r[0])).toContain('full refresh (batch run)');
  });

  it('explains a contact as scorecast explain does', async () => {
    const view = page.getByTestId('contact-view');
    const first = view.getByRole('button', { name: /^Explain contact/ }).first();
    const key = (await first.getAttribute('aria-label'))!.replace('Explain contact ', '');
    await first.click();
    await page.getByTestId('explanation').waitFor({ timeout: 120_000 });
    const fromCli = cliJson<Explanation>(['explain', String(runId), '--contact', key, '--db', db]);
    expect(fromCli.agrees).toBe(true);
    expect(await page.getByTestId('explained-events').locator('tbody tr').count()).toBe(fromCli.events.length);
    const events = fromCli.strategies.find((s) => s.id === 'events')!;
    const summary = await view.locator('details[data-strategy="events"] summary').textContent();
    expect(summary).toContain(`${events.requests.length.toLocaleString('en-US')} job requests`);
    // A 5-minute sync: what the screen says each event was seen at is within 5 minutes.
    for (const e of fromCli.events) expect(e.arrival! - e.at).toBeLessThan(300_000);
    await screen('results-contact');
  });
});
