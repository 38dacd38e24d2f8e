/**
 * Numbers finance can sign, in Debian's Chromium against the real `scorecast serve`: a sweep that
 * fails shows why; growth typed as a percentage is the CLI's rate; the report holds the forecast the
 * screen shows; runs are named and compared; a reload keeps the draft and finds a running job again.
 * Every screen passes an automated accessibility check (axe-core: no serious or critical violation)
 * and is saved as a screenshot at 1280×720 and at 1920×1080.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ForecastResult } from '../../src/shared/types';
import { type Served, SCREENSHOTS, checkScreen, launchChromium, serve } from '../helpers/browser';
import { cli, cliJson, crmWorkspace } from '../helpers/cli';
import { tempDir } from '../helpers/workspace';

const dir = tempDir('scorecast-e2e-finance-');
const db = path.join(dir, 'app.sqlite');
let server: Served;
let browser: Browser;
let page: Page;
const checked: string[] = [];

/** Screenshots at both sizes, and the accessibility check, of what is on screen now. */
async function screen(name: string): Promise<void> {
  const { violations, overflow } = await checkScreen(page, name);
  expect(violations, `accessibility of ${name}`).toEqual([]);
  expect(overflow).toEqual([]);
  checked.push(name);
}

const cellCosts = (table: string) =>
  page.locator(`[data-testid="${table}"] td[data-cost]`).evaluateAll((cells) => cells.map((c) => `${c.closest('tr')!.getAttribute('data-month') ?? c.closest('tr')!.getAttribute('data-total')}|${c.getAttribute('data-strategy')}|${c.getAttribute('data-cost')}`));

beforeAll(async () => {
  crmWorkspace(db, { contacts: 3000, days: 14, seed: 31 });
  server = await serve(db);
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1280, height: 720 }, acceptDownloads: true, bypassCSP: true });
  await page.goto(server.url);
  await page.getByTestId('datasets-table').waitFor();
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe('finance in the browser', () => {
  it('passes the accessibility check on the datasets and scenario screens', async () => {
    await screen('datasets');
    await page.getByRole('tab', { name: 'Scenario' }).click();
    await page.getByText('Strategies').waitFor();
    await screen('scenario');
  });

  it('moves between the tabs with the arrow keys (WAI-ARIA tabs)', async () => {
    await page.getByRole('tab', { name: 'Scenario' }).click();
    await page.keyboard.press('ArrowRight');
    expect(await page.getByRole('tab', { name: 'Results' }).getAttribute('aria-selected')).toBe('true');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('tab-results');
    await page.keyboard.press('Home');
    expect(await page.getByRole('tab', { name: 'Datasets' }).getAttribute('aria-selected')).toBe('true');
  });

  it('runs the scenario, and names the next run by what changed', async () => {
    await page.getByRole('tab', { name: 'Results' }).click();
    await page.getByRole('button', { name: 'Run scenario' }).click();
    await page.getByTestId('summary-cards').waitFor({ timeout: 60_000 });
    await screen('results');
    await page.getByRole('tab', { name: 'Scenario' }).click();
    const debounce = page.locator('[data-strategy="events"]').getByLabel('Debounce minutes');
    await debounce.fill('45');
    await page.getByRole('tab', { name: 'Results' }).click();
    await page.getByRole('button', { name: 'Run scenario' }).click();
    await page.getByTestId('run-title').filter({ hasText: 'Run 2' }).waitFor({ timeout: 60_000 });
    expect(await page.getByTestId('run-title').textContent()).toContain('events.debounceMinutes 30 → 45');
    const runs = cliJson<{ id: number; name: string }[]>(['runs', '--db', db]);
    expect(runs.map((r) => r.name)).toEqual(['Nightly vs event-triggered vs micro-batch vs hybrid', 'Nightly vs event-triggered vs micro-batch vs hybrid — events.debounceMinutes 30 → 45']);
  });

  it('compares two runs figure by figure, with the inputs that differ and the costs overlaid', async () => {
    await page.getByTestId('runs-table').locator('tr', { hasText: 'events.debounceMinutes' }).getByRole('button', { name: 'Open' }).click();
    await page.getByTestId('run-title').filter({ hasText: 'Run 2' }).waitFor();
    await page.getByTestId('runs-table').locator('tbody tr').first().getByRole('button', { name: 'Compare' }).click();
    const compare = page.getByTestId('compare');
    await compare.waitFor();
    expect(await page.getByTestId('compare-changes').textContent()).toBe('Inputs that differ: strategies.events.debounceMinutes 45 → 30.');
    const cost = compare.locator('tr[data-strategy="events"][data-figure="Monthly cost"] td').nth(3);
    expect(await cost.textContent()).toMatch(/^\$[\d,.]+ (\+|−|=)/);
    expect(await compare.locator('[data-chart="compare-cost"] path[data-series]').count()).toBe(8);
    await screen('compare');
  });

  it('shows the error of a sweep that fails at once, and starts from a valid range', async () => {
    await page.getByRole('tab', { name: 'What-if' }).click();
    await page.getByLabel('Field to sweep').selectOption('strategies.micro-15m.everyMinutes');
    // The default range starts where the field may (every 0 minutes means nothing).
    expect(Number(await page.getByLabel('Sweep from').inputValue())).toBeGreaterThanOrEqual(1);
    await page.getByLabel('Sweep from').fill('0');
    await page.getByLabel('Sweep to').fill('30');
    await page.getByLabel('Sweep step').fill('15');
    await page.getByRole('button', { name: 'Run sweep' }).click();
    await page.getByTestId('whatif-error').waitFor({ timeout: 30_000 });
    expect(await page.getByTestId('whatif-error').textContent()).toMatch(/everyMinutes=0 the scenario is invalid: strategies\[1\]\.everyMinutes/);
    expect(await page.getByRole('status').filter({ hasText: 'Computing' }).count()).toBe(0);
    await page.getByLabel('Field to sweep').selectOption('strategies.events.debounceMinutes');
    await page.getByLabel('Field to sweep').selectOption('strategies.micro-15m.everyMinutes');
    await page.getByRole('button', { name: 'Run sweep' }).click();
    await page.getByTestId('sweep-table').waitFor({ timeout: 60_000 });
    await screen('whatif-sweep');
  });

  it('asks for a second look at growth above 10% a month', async () => {
    await page.getByLabel('Contacts growth, % a month').fill('15');
    const forecast = page.getByRole('button', { name: /^Forecast run/ });
    expect(await forecast.isDisabled()).toBe(true);
    expect(await page.getByTestId('confirm-growth').textContent()).toContain('Contacts growth 15% a month is ×5.4 a year');
    await page.getByLabel('Contacts growth, % a month').fill('500');
    expect(await page.getByRole('alert').filter({ hasText: 'between −100% and +100% a month' }).count()).toBe(1);
  });

  it('forecasts 5% a month as the CLI forecasts 0.05, in calendar months, and the report holds the same figures', async () => {
    await page.getByLabel('Months ahead').fill('14');
    await page.getByLabel('Contacts growth, % a month').fill('5');
    await page.getByLabel('Events growth, % a month').fill('3');
    await page.getByLabel(/^Contacts in the CRM/).fill('250000');
    await page.getByLabel('Bootstrap replicates').fill('30');
    await page.getByRole('button', { name: /^Forecast run/ }).click();
    await page.getByTestId('forecast-table').waitFor({ timeout: 120_000 });
    const runId = Number(/Forecast run (\d+)/.exec((await page.getByRole('button', { name: /^Forecast run/ }).textContent())!)![1]);
    const cliForecast = cliJson<ForecastResult>(['forecast', String(runId), '--months', '14', '--growth-contacts', '0.05', '--growth-events', '0.03', '--population', '250000', '--replicates', '30', '--db', db]);
    const fromCli = cliForecast.rows.map((r) => `${r.monthStart}|${r.strategy}|${r.costUsd.toFixed(2)}`);
    const onScreen = await cellCosts('forecast-table');
    const monthly = onScreen.filter((c) => !c.startsWith('Total') && !/^\d{4} /.test(c));
    const label = (m: string) => `${['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'][Number(m.slice(5, 7)) - 1]} ${m.slice(0, 4)}`;
    expect(monthly).toEqual(fromCli.map((r) => r.replace(/^(\d{4}-\d{2})/, (m) => label(m))));
    // The dataset ends in March 2026: the forecast starts in April, and a 14-month horizon has two years' totals.
    expect(monthly[0]).toMatch(/^Apr 2026\|/);
    expect(onScreen.some((c) => c.startsWith('2026 (9 months)|'))).toBe(true);
    expect(onScreen.some((c) => c.startsWith('Total, 14 months|'))).toBe(true);
    expect(await page.getByTestId('forecast-inputs').textContent()).toContain('contacts +5% a month, events +3% a month');
    await screen('whatif-forecast');

    await page.getByRole('button', { name: /Sensitivity/ }).click();
    await page.locator('[data-chart="tornado"] rect').first().waitFor();
    const tornado = await page.locator('[data-chart="tornado"] text').allTextContents();
    expect(tornado).toContain('LLM batch discount');
    expect(tornado.some((t) => t.startsWith('cost.'))).toBe(false);
    const download = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Export report' }).click();
    const file = path.join(dir, 'report.html');
    await (await download).saveAs(file);
    const report = await browser.newPage();
    await report.goto(`file://${file}`);
    const inReport = await report.locator('[data-testid="report-forecast-table"] td[data-cost]').evaluateAll((cells) =>
      cells.map((c) => `${c.closest('tr')!.getAttribute('data-month') ?? c.closest('tr')!.getAttribute('data-total')}|${c.getAttribute('data-strategy')}|${c.getAttribute('data-cost')}`),
    );
    expect(inReport).toEqual(onScreen);
    expect(await report.getByTestId('report-forecast-inputs').textContent()).toBe(await page.getByTestId('forecast-inputs').textContent());
    // The sweep on screen is in the report, run again, row for row.
    const rows = (p: Page, id: string) => p.locator(`[data-testid="${id}"] tbody tr`).evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent).join('|')));
    const sweepOnScreen = await rows(page, 'sweep-table');
    expect(sweepOnScreen.length).toBeGreaterThan(0);
    expect(await rows(report, 'report-sweep-table')).toEqual(sweepOnScreen);
    expect(await report.getByTestId('report-sweep-inputs').textContent()).toContain('strategies.micro-15m.everyMinutes over');
    await report.close();
  });

  it('keeps the scenario draft across a reload, and finds a running job again', async () => {
    const big = path.join(dir, 'big.csv');
    expect(cli(['generate', '--contacts', '30000', '--days', '30', '--seed', '22', '--out', big]).code).toBe(0);
    expect(cli(['import', big, '--db', db, '--name', 'big']).code).toBe(0);
    await page.getByRole('tab', { name: 'Scenario' }).click();
    await page.locator('[data-strategy="events"]').getByLabel('Debounce minutes').fill('75');
    // The draft is kept as it is edited.
    await page.waitForTimeout(800);
    await page.reload();
    await page.getByRole('tab', { name: 'Scenario', selected: true }).waitFor();
    expect(await page.locator('[data-strategy="events"]').getByLabel('Debounce minutes').inputValue()).toBe('75');
    // A long run (about ten seconds here): 480 strategies over the big dataset.
    const heavy = JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', 'resources', 'scenarios', 'default.json'), 'utf8')) as { name: string; strategies: { id: string }[] };
    heavy.name = 'heavy';
    heavy.strategies = Array.from({ length: 480 }, (_, i) => ({ ...heavy.strategies[i % 4]!, id: `s${i}` }));
    const token = new URL(server.url).searchParams.get('token')!;
    const datasets = (await (await fetch(`${new URL(server.url).origin}/api/call/datasets.list`, { method: 'POST', headers: { authorization: `Bearer ${token}` }, body: '{}' })).json()) as { result: { id: number; name: string }[] };
    const bigId = datasets.result.find((d) => d.name === 'big')!.id;
    await page.getByRole('tab', { name: 'Results' }).click();
    await page.getByLabel('Dataset').selectOption({ label: 'big' });
    await page.evaluate(
      async ({ scenario, datasetId, token }) => {
        await fetch('/api/call/runs.start', { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify({ datasetId, scenario }) });
      },
      { scenario: heavy, datasetId: bigId, token },
    );
    await page.reload();
    const progress = page.getByRole('status').filter({ hasText: 'Simulating' });
    await progress.waitFor({ timeout: 30_000 });
    await page.screenshot({ path: path.join(SCREENSHOTS, 'screen-results-running-1280x720.png') });
    await progress.getByRole('button', { name: 'Cancel' }).click();
    await page.getByRole('status').filter({ hasText: 'Run cancelled; nothing was stored.' }).waitFor();
    await screen('results-cancelled');
  });

  it('passes the accessibility check in the dark theme and on the import wizard', async () => {
    await page.getByRole('button', { name: /toggle light and dark theme/ }).click();
    await page.getByRole('tab', { name: 'Results' }).click();
    await screen('results-dark');
    await page.getByRole('button', { name: /toggle light and dark theme/ }).click();
    await page.getByRole('tab', { name: 'Datasets' }).click();
    await page.getByTestId('file-input').setInputFiles(path.join(__dirname, '..', 'fixtures', 'exports', 'salesforce-tasks.csv'));
    await page.getByTestId('roles').waitFor();
    await screen('import-wizard');
    expect(checked).toEqual(['datasets', 'scenario', 'results', 'compare', 'whatif-sweep', 'whatif-forecast', 'results-cancelled', 'results-dark', 'import-wizard']);
  });
});
