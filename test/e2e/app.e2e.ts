/**
 * The whole path a planner takes, in Debian's Chromium against the real `scorecast serve`: import a
 * dirty export, check the hygiene report against the CLI, run the default scenario, check the cards
 * against `scorecast simulate --json`, read the charts, export them; cancel a run; a broken file.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ImportSummary } from '../../src/core/importing/types';
import type { SimulationResult } from '../../src/core/sim/results';
import { count, duration, percent, usd } from '../../src/renderer/charts/format';
import { type Served, SCREENSHOTS, launchChromium, serve } from '../helpers/browser';
import { cli, cliJson } from '../helpers/cli';
import { tempDir } from '../helpers/workspace';

const dir = tempDir('scorecast-e2e-');
const csv = path.join(dir, 'crm-export.csv');
const db = path.join(dir, 'app.sqlite');
let server: Served;
let browser: Browser;
let page: Page;

async function shot(name: string): Promise<void> {
  fs.mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`), fullPage: true });
}

const number = (text: string | null) => Number((text ?? '').replace(/[^0-9.-]/g, ''));

beforeAll(async () => {
  expect(cli(['generate', '--contacts', '6000', '--days', '21', '--seed', '21', '--dirty', '0.05', '--out', csv]).code).toBe(0);
  server = await serve(db);
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1400, height: 900 }, acceptDownloads: true });
  const problems: string[] = [];
  page.on('pageerror', (e) => problems.push(String(e)));
  await page.goto(server.url);
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe('Scorecast in the browser', () => {
  it('refuses the page and the API without the token', async () => {
    const origin = new URL(server.url).origin;
    expect((await fetch(`${origin}/`)).status).toBe(401);
    expect((await fetch(`${origin}/api/call/datasets.list`, { method: 'POST', body: '{}' })).status).toBe(401);
    const token = new URL(server.url).searchParams.get('token');
    const bad = await fetch(`${origin}/api/call/runs.get`, { method: 'POST', headers: { authorization: `Bearer ${token}` }, body: JSON.stringify({ id: 'x' }) });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: string }).error).toMatch(/runs\.get: id/);
  });

  it('imports a dirty export and reports the same hygiene as the CLI', async () => {
    await expect(page.getByText('No datasets yet')).toBeTruthy();
    await shot('01-empty');
    await page.getByTestId('file-input').setInputFiles(csv);
    await page.getByTestId('roles').waitFor();
    await page.getByText('The first rows (personal values masked)').click();
    await page.getByTestId('preview').waitFor();
    // Personal columns are masked in the preview.
    expect(await page.getByTestId('preview').innerText()).not.toMatch(/@example\.(com|org|net)/);
    await shot('02-preview');
    await page.getByRole('button', { name: 'Import', exact: true }).click();
    const report = page.getByTestId('import-result').getByTestId('hygiene-report');
    await report.waitFor({ timeout: 60_000 });
    await shot('03-imported');
    const reference = cliJson<ImportSummary>(['import', csv, '--db', path.join(dir, 'reference.sqlite')]);
    for (const key of ['rowsRead', 'rowsImported', 'rowsRejected', 'duplicateEventsDropped', 'contacts', 'contactsMerged'] as const) {
      expect(number(await report.locator(`[data-stat="${key}"]`).textContent()), key).toBe(reference[key]);
    }
    expect(reference.rowsRejected).toBeGreaterThan(0);
    const download = page.waitForEvent('download');
    await report.getByRole('button', { name: /Export rejected rows/ }).click();
    const rejects = fs.readFileSync((await (await download).path())!, 'utf8').trim().split('\n');
    expect(rejects[0]).toBe('line,column,reason');
    expect(rejects.length - 1).toBe(reference.rowsRejected);
  });

  it('runs the default scenario and shows the figures `scorecast simulate --json` computes', async () => {
    await page.getByRole('tab', { name: 'Scenario' }).click();
    await page.getByText('Strategies').waitFor();
    await shot('04-scenario');
    await page.getByRole('tab', { name: 'Results' }).click();
    await page.getByRole('button', { name: 'Run scenario' }).click();
    await page.getByTestId('summary-cards').waitFor({ timeout: 60_000 });
    await shot('05-results');
    const scenario = path.join(__dirname, '..', '..', 'resources', 'scenarios', 'default.json');
    const expected = cliJson<SimulationResult>(['simulate', 'crm-export', '--scenario', scenario, '--db', db]);
    expect(expected.strategies).toHaveLength(4);
    for (const s of expected.strategies) {
      const card = page.locator(`[data-testid="summary-cards"] [data-strategy="${s.id}"]`);
      expect(await card.locator('[data-field="perMonthUsd"]').textContent()).toBe(usd(s.cost.perMonthUsd));
      expect(await card.locator('[data-field="peakOpsPerMinute"]').textContent()).toBe(count(s.db.peakOpsPerMinute));
      expect(await card.locator('[data-field="p90Seconds"]').textContent()).toBe(duration(s.freshness.p90Seconds));
      expect(await card.locator('[data-field="within1h"]').textContent()).toBe(percent(s.freshness.within1h));
      expect(await card.locator('[data-field="wastedScores"]').textContent()).toBe(count(s.wastedScores));
    }
  });

  it('draws every chart with real marks', async () => {
    for (const id of ['cumulative-cost', 'db-ops', 'staleness-cdf']) {
      const paths = page.locator(`[data-chart="${id}"] svg path[data-series]`);
      expect(await paths.count(), id).toBe(4);
      for (const d of await paths.evaluateAll((els) => els.map((e) => e.getAttribute('d') ?? ''))) expect(d.length, id).toBeGreaterThan(20);
    }
    expect(await page.locator('[data-chart="db-ops"] [data-capacity="30000"]').count()).toBe(1);
    expect(await page.locator('[data-chart="hour-of-week"] rect[data-value]').count()).toBe(168);
    // Four strategies × five parts (compute, LLM, database, fixed, API).
    expect(await page.locator('[data-chart="cost-breakdown"] g[data-series] rect').count()).toBe(20);
  });

  it('zooms the load chart with the brush', async () => {
    const chart = page.locator('[data-chart="db-ops"] svg');
    const before = await chart.locator('text').allTextContents();
    const box = (await chart.boundingBox())!;
    await page.mouse.move(box.x + box.width * 0.3, box.y + box.height * 0.5);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width * 0.35, box.y + box.height * 0.5, { steps: 5 });
    await page.mouse.up();
    await expect.poll(async () => (await chart.locator('text').allTextContents()).join()).not.toBe(before.join());
    // A zoomed span of ~a day is labelled in hours.
    expect((await chart.locator('text').allTextContents()).some((t) => /^\d\d:\d\d$/.test(t))).toBe(true);
  });

  it('exports a chart as SVG and PNG and its data as CSV', async () => {
    const frame = page.locator('[data-chart="cumulative-cost"]');
    const svgDownload = page.waitForEvent('download');
    await frame.getByRole('button', { name: /as SVG/ }).click();
    const svg = fs.readFileSync((await (await svgDownload).path())!, 'utf8');
    expect(svg).toMatch(/^<svg[^>]+xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
    expect((svg.match(/<path[^>]+data-series/g) ?? []).length).toBe(4);
    const pngDownload = page.waitForEvent('download');
    await frame.getByRole('button', { name: /as PNG/ }).click();
    const png = fs.readFileSync((await (await pngDownload).path())!);
    expect(png.subarray(1, 4).toString()).toBe('PNG');
    expect(png.length).toBeGreaterThan(5000);
    const csvDownload = page.waitForEvent('download');
    await frame.getByRole('button', { name: /data .* as CSV/ }).click();
    const rows = fs.readFileSync((await (await csvDownload).path())!, 'utf8').trim().split('\n');
    expect(rows[0]).toBe('hour_start_utc,nightly_cumulative_usd,micro-15m_cumulative_usd,events_cumulative_usd,hybrid_cumulative_usd');
    expect(rows.length).toBe(21 * 24 + 2);
  });

  it('cancels a run mid-way and stores nothing', async () => {
    // The engine runs a small dataset in well under a second: cancel a run that lasts a few seconds,
    // 120 strategies over 650,000 events imported beside the app by the CLI.
    const big = path.join(dir, 'big.csv');
    expect(cli(['generate', '--contacts', '40000', '--days', '30', '--seed', '22', '--out', big]).code).toBe(0);
    expect(cli(['import', big, '--db', db, '--name', 'big']).code).toBe(0);
    const runsBefore = cliJson<unknown[]>(['runs', '--db', db]).length;
    const heavy = JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', 'resources', 'scenarios', 'default.json'), 'utf8')) as { name: string; strategies: { id: string }[] };
    heavy.name = 'heavy';
    heavy.strategies = Array.from({ length: 120 }, (_, i) => ({ ...heavy.strategies[i % 4]!, id: `s${i}` }));
    const file = path.join(dir, 'heavy.json');
    fs.writeFileSync(file, JSON.stringify(heavy));
    await page.reload();
    await page.getByRole('tab', { name: 'Scenario' }).click();
    await page.getByText('Strategies').waitFor();
    await page.locator('input[type=file][accept*="json"]').setInputFiles(file);
    await page.locator('[data-strategy="s119"]').waitFor();
    await page.getByRole('tab', { name: 'Results' }).click();
    await page.getByLabel('Dataset').selectOption({ label: 'big' });
    await page.getByRole('button', { name: 'Run scenario' }).click();
    const progress = page.getByRole('status').filter({ hasText: 'Simulating' });
    await progress.waitFor();
    await shot('06-running');
    await progress.getByRole('button', { name: 'Cancel' }).click();
    // A cancel the user asked for reads as cancelled, not as a failure.
    await page.getByRole('status').filter({ hasText: 'Run cancelled; nothing was stored.' }).waitFor();
    expect(await page.getByTestId('run-error').count()).toBe(0);
    await shot('07-cancelled');
    expect(cliJson<unknown[]>(['runs', '--db', db]).length).toBe(runsBefore);
  });

  it('shows a clear error for a file that is not an export', async () => {
    await page.getByRole('tab', { name: 'Datasets' }).click();
    const button = page.getByRole('button', { name: 'Import another' });
    if (await button.count()) await button.click();
    const broken = path.join(dir, 'photo.csv');
    fs.writeFileSync(broken, Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 73, 72, 68, 82]));
    await page.getByTestId('file-input').setInputFiles(broken);
    await page.getByTestId('import-error').waitFor();
    expect(await page.getByTestId('import-error').textContent()).toMatch(/binary file, not CSV or JSON Lines/);
    expect(await page.getByRole('alert').textContent()).toMatch(/Nothing was stored/);
    await shot('08-broken-file');
  });

  it('has a dark theme', async () => {
    await page.getByRole('button', { name: /toggle light and dark theme/ }).click();
    expect(await page.evaluate(() => document.documentElement.dataset.theme)).toBe('dark');
    await page.getByRole('tab', { name: 'Results' }).click();
    await shot('09-dark');
  });
});
