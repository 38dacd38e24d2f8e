/**
 * What-if in the browser: a sweep built in the UI marks the same frontier as `scorecast sweep --json`;
 * the exported report is one offline file with the charts in it.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SweepResult } from '../../src/shared/types';
import { type Served, SCREENSHOTS, launchChromium, serve } from '../helpers/browser';
import { cliJson, crmWorkspace } from '../helpers/cli';
import { tempDir } from '../helpers/workspace';

const dir = tempDir('scorecast-e2e-whatif-');
const db = path.join(dir, 'app.sqlite');
const scenario = path.join(__dirname, '..', '..', 'resources', 'scenarios', 'default.json');
let server: Served;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  crmWorkspace(db, { contacts: 3000, days: 14, seed: 31 });
  server = await serve(db);
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1400, height: 900 }, acceptDownloads: true });
  await page.goto(server.url);
  // As a user would: the dataset is listed (the app has loaded and restored its state) before anything is clicked.
  await page.getByRole('cell', { name: 'crm', exact: true }).waitFor();
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe('What-if in the browser', () => {
  it('marks the frontier of a sweep as `scorecast sweep --json` does', async () => {
    await page.getByRole('tab', { name: 'What-if' }).click();
    await page.getByLabel('Field to sweep').selectOption('strategies.events.debounceMinutes');
    await page.getByLabel('Sweep from').fill('0');
    await page.getByLabel('Sweep to').fill('120');
    await page.getByLabel('Sweep step').fill('30');
    await page.getByRole('button', { name: 'Run sweep' }).click();
    const table = page.getByTestId('sweep-table');
    await table.waitFor({ timeout: 60_000 });
    fs.mkdirSync(SCREENSHOTS, { recursive: true });
    await page.screenshot({ path: path.join(SCREENSHOTS, '10-sweep.png'), fullPage: true });
    const expected = cliJson<SweepResult>(['sweep', 'crm', '--scenario', scenario, '--param', 'strategies.events.debounceMinutes=0:120:30', '--db', db]);
    const shown = await table.locator('tbody tr').evaluateAll((rows) => rows.map((r) => [r.querySelector('td')!.textContent, r.getAttribute('data-frontier')]));
    const wanted = expected.points.map((p, i) => [String(p.values[0]), expected.frontier.some((f) => f.point === i) ? 'yes' : 'no']);
    expect(shown).toEqual(wanted);
    expect(await page.locator('[data-chart="frontier"] circle[data-frontier="yes"]').count()).toBe(expected.frontier.length);
  });

  it('sweeps alternative trigger sets built with checkboxes, as `scorecast sweep` does', async () => {
    await page.getByLabel('Field to sweep').selectOption('strategies.events.triggers');
    const sets = [['demo_request'], ['demo_request', 'pricing_page_visit']];
    for (const [k, set] of sets.entries()) {
      const group = page.getByRole('group', { name: `Set ${k + 1}` });
      for (const box of await group.getByRole('checkbox').all()) {
        const name = (await box.evaluate((el) => el.parentElement!.textContent!.trim())) as string;
        await box.setChecked(set.includes(name));
      }
    }
    await page.getByRole('button', { name: 'Run sweep' }).click();
    const table = page.getByTestId('sweep-table');
    await table.locator('tbody tr td', { hasText: 'demo_request+pricing_page_visit' }).first().waitFor({ timeout: 60_000 });
    await page.screenshot({ path: path.join(SCREENSHOTS, '10b-sweep-trigger-sets.png'), fullPage: true });
    const expected = cliJson<SweepResult>(['sweep', 'crm', '--scenario', scenario, '--param', 'strategies.events.triggers=demo_request|demo_request,pricing_page_visit', '--db', db]);
    const shown = await table.locator('tbody tr').evaluateAll((rows) => rows.map((r) => [r.querySelector('td')!.textContent, (r as HTMLTableRowElement).cells[4]!.textContent]));
    const wanted = expected.points.flatMap((p) => p.strategies.filter((s) => expected.varying.includes(s.id)).map((s) => [(p.values[0] as string[]).join('+'), s.scoreJobs.toLocaleString('en-US')]));
    expect(shown).toEqual(wanted);
    expect(wanted).toHaveLength(2);
  });

  it('states break-even crossovers and forecasts the open run with interval bands', async () => {
    await page.getByRole('button', { name: 'Compute break-even' }).click();
    await page.getByTestId('crossovers').waitFor({ timeout: 60_000 });
    expect(await page.locator('[data-chart="breakeven"] path[data-series]').count()).toBe(4);
    await page.getByRole('tab', { name: 'Results' }).click();
    await page.getByRole('button', { name: 'Run scenario' }).click();
    await page.getByTestId('summary-cards').waitFor({ timeout: 60_000 });
    await page.getByRole('tab', { name: 'What-if' }).click();
    await page.getByLabel('Months').fill('6');
    await page.getByLabel('Bootstrap replicates').fill('20');
    await page.getByRole('button', { name: /^Forecast run/ }).click();
    const rows = page.getByTestId('forecast-table').locator('tbody tr');
    await rows.first().waitFor({ timeout: 60_000 });
    // A row per calendar month, a cell per strategy; the totals are in the table's foot.
    expect(await rows.count()).toBe(6);
    expect(await page.getByTestId('forecast-table').locator('tbody td[data-cost]').count()).toBe(6 * 4);
    expect(await page.locator('[data-chart="forecast"] path[data-band]').count()).toBe(4);
    await page.screenshot({ path: path.join(SCREENSHOTS, '12-forecast.png'), fullPage: true });
  });

  it('exports a report that opens offline with its charts', async () => {
    await page.getByRole('button', { name: 'Sensitivity ±20%' }).click();
    await page.locator('[data-chart="tornado"] rect').first().waitFor();
    const download = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Export report' }).click();
    const file = path.join(dir, 'report.html');
    await (await download).saveAs(file);
    const offline = await browser.newPage();
    const requests: string[] = [];
    await offline.route('**/*', (route) => {
      if (route.request().url().startsWith('file:')) return route.continue();
      requests.push(route.request().url());
      return route.abort();
    });
    await offline.goto(`file://${file}`);
    expect(requests).toEqual([]);
    // Nine charts, and the frontier of the sweep this page ran (the report shows what the screen showed).
    expect(await offline.locator('svg').count()).toBe(10);
    expect(await offline.locator('[data-chart="frontier"] svg').count()).toBe(1);
    expect(await offline.locator('svg path[data-series]').count()).toBeGreaterThan(8);
    expect(await offline.getByText('Sensitivity of monthly cost').count()).toBe(1);
    await offline.screenshot({ path: path.join(SCREENSHOTS, '11-report.png') });
    await offline.close();
  });
});
