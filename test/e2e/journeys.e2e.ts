/**
 * A planner's own exports, from the file dropped on the Datasets view to a Results page where every
 * strategy scores something and has a freshness figure, in Debian's Chromium against the real
 * `scorecast serve`: HubSpot email events, HubSpot form submissions (no type column), a Salesforce
 * tasks export, Segment tracks, Marketo's activity export and a contact list. Each checks the roles
 * the wizard found and the scenario it proposed, and counts the clicks from drop to results. Then
 * the same files through the command line give the same datasets.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Field } from '../../src/core/headers';
import { type Served, SCREENSHOTS, launchChromium, serve } from '../helpers/browser';
import { cli } from '../helpers/cli';
import { fixture, tempDir } from '../helpers/workspace';

const dir = tempDir('scorecast-journeys-');
const db = path.join(dir, 'journeys.sqlite');
let server: Served;
let browser: Browser;
let page: Page;
let clicks = 0;
const clickCounts: Record<string, number> = {};

/** Every click and choice the user makes goes through these, so the journey can count them. */
async function click(target: Locator): Promise<void> {
  clicks++;
  await target.click();
}
async function choose(target: Locator, value: string): Promise<void> {
  clicks++;
  await target.selectOption(value);
}

/** Drops a file on the dropzone as a user does: a drop event carrying the file (not a click). */
async function drop(file: string): Promise<void> {
  const bytes = [...fs.readFileSync(file)];
  const name = path.basename(file);
  const transfer = await page.evaluateHandle(
    ({ bytes, name }) => {
      const dt = new DataTransfer();
      dt.items.add(new File([new Uint8Array(bytes)], name));
      return dt;
    },
    { bytes, name },
  );
  await page.getByTestId('dropzone').dispatchEvent('drop', { dataTransfer: transfer });
}

async function shot(name: string): Promise<void> {
  fs.mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`), fullPage: true });
}

async function rolesShown(): Promise<Partial<Record<Field, string>>> {
  const rows = page.getByTestId('roles').locator('tbody tr');
  const out: Partial<Record<Field, string>> = {};
  for (let i = 0; i < (await rows.count()); i++) {
    const row = rows.nth(i);
    const value = await row.locator('select').inputValue();
    if (value) out[(await row.getAttribute('data-field')) as Field] = value;
  }
  return out;
}

interface Journey {
  name: string;
  file: string;
  kind: 'events' | 'single-type' | 'snapshot';
  roles: Partial<Record<Field, string>>;
  /** Roles the wizard must not take (a status that is not a stage …). */
  notRoles?: Field[];
  /** What "Every row is a" proposes for a file of one kind. */
  everyRow?: string;
  significant: string[];
  /** Choices the user makes on the way (they count as clicks). */
  steps?: () => Promise<void>;
  /** The CLI options that import the same file as the app did. */
  cli: string[];
}

const JOURNEYS: Journey[] = [
  {
    name: 'hubspot-email-events',
    file: fixture('exports', 'hubspot-email-events.csv'),
    kind: 'events',
    roles: { contactId: 'recipient', timestamp: 'created', eventType: 'type', eventId: 'id', email: 'recipient' },
    significant: ['email_click'],
    // PROCESSED is outside the taxonomy: the user says it is a sent email (remembered for the source).
    steps: async () => {
      await choose(page.getByTestId('event-types').locator('tr[data-raw="PROCESSED"] select'), 'email_sent');
    },
    cli: [],
  },
  {
    name: 'hubspot-form-submissions',
    file: fixture('exports', 'hubspot-form-submissions.csv'),
    kind: 'single-type',
    roles: { contactId: 'Email', timestamp: 'Conversion Date', email: 'Email', phone: 'Phone number', firstName: 'First Name', lastName: 'Last Name' },
    everyRow: 'form_submit',
    significant: ['form_submit'],
    cli: ['--event-type', 'form_submit'],
  },
  {
    name: 'salesforce-tasks',
    file: fixture('exports', 'salesforce-tasks.csv'),
    kind: 'events',
    roles: { contactId: 'WhoId', timestamp: 'CreatedDate', eventType: 'Type', eventId: 'Id', accountId: 'AccountId', sourceSystem: 'LeadSource' },
    notRoles: ['lifecycleStage'],
    significant: ['meeting_booked', 'sales_call'],
    cli: [],
  },
  {
    name: 'segment-tracks',
    file: fixture('exports', 'segment-tracks.jsonl'),
    kind: 'events',
    roles: { contactId: 'userId', timestamp: 'timestamp', eventType: 'event', eventId: 'messageId' },
    significant: ['demo_request', 'trial_signup', 'purchase', 'email_click', 'sign_in'],
    cli: [],
  },
  {
    name: 'marketo_activity_click_email_data',
    file: fixture('marketo', 'marketo_activity_click_email_data.csv'),
    kind: 'events',
    roles: { contactId: 'lead_id', timestamp: 'activity_date', eventType: 'activity_type_id', eventId: 'id' },
    significant: ['email_click'],
    cli: [],
  },
  {
    name: 'lead-list-snapshot',
    file: fixture('exports', 'lead-list-snapshot.csv'),
    kind: 'snapshot',
    roles: { contactId: 'Prospect ID', timestamp: 'Created Date', email: 'Email', country: 'Country', sourceSystem: 'Source' },
    everyRow: 'contact_created',
    significant: ['contact_created'],
    cli: ['--event-type', 'contact_created', '--map', 'timestamp=Created Date'],
  },
];

beforeAll(async () => {
  server = await serve(db);
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1280, height: 720 } });
  await page.goto(server.url);
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  console.warn(`clicks from drop to results: ${Object.entries(clickCounts).map(([k, v]) => `${k} ${v}`).join(', ')}`);
});

describe('from a dropped export to results', () => {
  it.each(JOURNEYS)('$name', async (j) => {
    await page.getByRole('tab', { name: 'Datasets' }).click();
    const again = page.getByRole('button', { name: 'Import another' });
    if (await again.count()) await again.click();
    clicks = 0;
    await drop(j.file);
    await page.getByTestId('roles').waitFor();
    expect(await page.getByTestId('file-kind').getAttribute('data-kind')).toBe(j.kind);
    expect(await rolesShown()).toMatchObject(j.roles);
    for (const f of j.notRoles ?? []) expect((await rolesShown())[f]).toBeUndefined();
    if (j.everyRow) expect(await page.getByTestId('every-row').inputValue()).toBe(j.everyRow);
    await j.steps?.();
    await shot(`journey-${j.name}-1-wizard`);
    await click(page.getByRole('button', { name: 'Import', exact: true }));
    const proposal = page.getByTestId('proposal');
    await proposal.waitFor({ timeout: 60_000 });
    const text = await proposal.innerText();
    for (const t of j.significant) expect(text).toContain(t);
    await shot(`journey-${j.name}-2-imported`);
    await click(proposal.getByRole('button', { name: 'Run the proposed scenario' }));
    const cards = page.getByTestId('summary-cards');
    await cards.waitFor({ timeout: 60_000 });
    await page.getByTestId('run-title').filter({ hasText: j.name }).waitFor();
    const strategies = cards.locator('[data-strategy]');
    expect(await strategies.count()).toBe(4);
    for (let i = 0; i < 4; i++) {
      const card = strategies.nth(i);
      const id = await card.getAttribute('data-strategy');
      expect(Number((await card.locator('[data-field="scoreJobs"]').textContent())!.replace(/,/g, '')), `${j.name} ${id} jobs`).toBeGreaterThan(0);
      expect(await card.locator('[data-field="p90Seconds"]').textContent(), `${j.name} ${id} p90`).not.toBe('—');
    }
    expect(await page.getByTestId('run-warning').count()).toBe(0);
    await shot(`journey-${j.name}-3-results`);
    clickCounts[j.name] = clicks;
    expect(clicks, 'clicks from drop to results').toBeLessThanOrEqual(6);
  });
});

describe('the same files through the command line', () => {
  it.each(JOURNEYS)('$name gives the dataset the app gave', (j) => {
    const name = `${j.name}-cli`;
    const r = cli(['import', j.file, '--db', db, '--name', name, ...j.cli, '--json']);
    expect(r.code, r.stderr).toBe(0);
    const events = (dataset: string) => {
      const out = path.join(dir, `${dataset}.events.csv`);
      expect(cli(['export', dataset, '--what', 'events', '--out', out, '--db', db]).code).toBe(0);
      return fs.readFileSync(out, 'utf8');
    };
    const contacts = (dataset: string) => {
      const out = path.join(dir, `${dataset}.contacts.csv`);
      expect(cli(['export', dataset, '--what', 'contacts', '--out', out, '--db', db]).code).toBe(0);
      return fs.readFileSync(out, 'utf8');
    };
    // Same keys, times, types and source lines: the app's PROCESSED → email_sent came back from the saved aliases.
    expect(events(name)).toBe(events(j.name));
    expect(contacts(name)).toBe(contacts(j.name));
  });
});
