/**
 * Seeded sample CRM exports: diurnal and weekly cycles, heavy-tailed activity per contact, campaign
 * bursts and funnel sequences; with `dirty`, the mess of real exports (mixed phone and timestamp
 * formats, country spellings, duplicate contacts under other ids, malformed and duplicated rows).
 * Names, emails and phones are synthetic. Same options → byte-identical output.
 */
import { rfc4180 } from './csv';
import { grown } from './grown';
import { stableOrderByTime } from './sim/sort';
import { DAY_MS, HOUR_MS, MINUTE_MS } from './units';

export interface GenerateOptions {
  contacts: number;
  days: number;
  seed: number;
  /** Share of contacts and rows made dirty, 0..1. */
  dirty?: number;
  /** First day, YYYY-MM-DD (UTC). */
  start?: string;
  /** Mean events per contact (heavy-tailed around it). */
  eventsPerContact?: number;
}

/** mulberry32: tiny, fast and good enough for synthetic data; seeded through a 32-bit mix of the seed. */
export function rng(seed: number): () => number {
  let a = (Math.imul(seed ^ 0x9e3779b9, 0x85ebca6b) ^ 0xc2b2ae35) >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const FIRST = ['Ann', 'Bob', 'Chen', 'Dana', 'Emil', 'Fatima', 'Goran', 'Hana', 'Ivan', 'Julia', 'Kofi', 'Lena', 'Marco', 'Nia', 'Omar', 'Priya', 'Quinn', 'Rosa', 'Sven', 'Tara', 'Uma', 'Victor', 'Wen', 'Yusuf', 'Zoe'];
const LAST = ['Smith', 'Garcia', 'Müller', 'Nakamura', 'Okafor', 'Rossi', 'Novak', 'Silva', 'Kowalski', 'Dubois', 'Jensen', 'Kim', 'Patel', 'Haddad', 'Larsen', "O'Brien"];
const DOMAINS = ['example.com', 'example.org', 'example.net', 'acme.example', 'globex.example', 'initech.example'];
const COUNTRIES: [string, number, string[]][] = [
  ['US', 30, ['United States', 'USA', 'U.S.', 'United States of America', 'us']],
  ['GB', 12, ['United Kingdom', 'UK', 'England', 'Great Britain']],
  ['DE', 10, ['Germany', 'Deutschland', 'DEU']],
  ['FR', 6, ['France', 'FRA']],
  ['NL', 5, ['Netherlands', 'Holland', 'The Netherlands']],
  ['IN', 8, ['India', 'IND']],
  ['BR', 5, ['Brazil', 'Brasil']],
  ['CA', 6, ['Canada', 'CAN']],
  ['ES', 4, ['Spain', 'España']],
  ['JP', 4, ['Japan', 'JPN']],
  ['AU', 5, ['Australia', 'AUS']],
  ['SE', 5, ['Sweden', 'Sverige']],
];
const SIZES = ['1-10', '11-50', '51-200', '201-500', '501-1000', '1001-5000', '5001-10000', '10001+'];
const SIZE_DIRTY = ['7', '35', '120', '350', '800', '2,500', '7500', '10,000+'];
const STAGES = ['subscriber', 'lead', 'marketingqualifiedlead', 'salesqualifiedlead', 'opportunity', 'customer'];
const DIAL: Record<string, string> = { US: '+1', GB: '+44', DE: '+49', FR: '+33', NL: '+31', IN: '+91', BR: '+55', CA: '+1', ES: '+34', JP: '+81', AU: '+61', SE: '+46' };
/** A plausible national significant number per country (area prefix + subscriber digits of the right length). */
const NATIONAL: Record<string, [string, number]> = { US: ['415', 7], CA: ['604', 7], GB: ['20', 8], DE: ['30', 8], FR: ['1', 8], NL: ['20', 7], IN: ['98', 8], BR: ['11', 9], ES: ['91', 7], JP: ['3', 8], AU: ['2', 8], SE: ['8', 7] };

export const GENERATED_TYPES = [
  'page_view', 'email_open', 'email_click', 'form_submit', 'demo_request', 'pricing_page_visit', 'webinar_attended', 'meeting_booked', 'support_ticket', 'trial_signup', 'purchase', 'unsubscribe', 'webinar_registered',
] as const;
type TypeIndex = number;
const T = Object.fromEntries(GENERATED_TYPES.map((name, i) => [name, i])) as Record<(typeof GENERATED_TYPES)[number], TypeIndex>;
const RAW_VARIANTS: Record<string, string[]> = {
  page_view: ['Page View', 'pageView', 'Visit Web Page'],
  email_open: ['Email Opened', 'Open Email'],
  email_click: ['Email Clicked', 'Click Email'],
  form_submit: ['Form Submission', 'Fill Out Form'],
  demo_request: ['Demo Requested', 'Request Demo'],
  pricing_page_visit: ['Pricing Page View', 'Viewed Pricing'],
  webinar_attended: ['Attended Webinar'],
  meeting_booked: ['Meeting Scheduled'],
  support_ticket: ['Case Created'],
  trial_signup: ['Trial Started'],
  purchase: ['Closed Won'],
  unsubscribe: ['Unsubscribed'],
  webinar_registered: ['Webinar Registered'],
};

/** Hour-of-day weights (UTC): business hours in Europe and the Americas overlap mid-day. */
const HOURLY = [2, 1, 1, 1, 1, 2, 3, 5, 8, 10, 11, 11, 10, 11, 12, 12, 11, 9, 7, 6, 5, 4, 3, 2];
const WEEKDAY = [0.35, 1, 1.05, 1.05, 1, 0.85, 0.3]; // Sunday..Saturday

function cumulative(weights: readonly number[]): Float64Array {
  const c = new Float64Array(weights.length);
  let s = 0;
  weights.forEach((w, i) => (c[i] = s += w));
  for (let i = 0; i < c.length; i++) c[i]! /= s;
  return c;
}
function pickIndex(cum: Float64Array, u: number): number {
  let i = 0;
  while (i < cum.length - 1 && u > cum[i]!) i++;
  return i;
}

interface Contact {
  id: string;
  email: string;
  phone: string;
  first: string;
  last: string;
  country: number;
  size: number;
  stage: number;
  /** A second id the same person appears under (dirty data), or null. */
  alias: string | null;
}

interface Events {
  n: number;
  time: Float64Array;
  contact: Int32Array;
  type: Uint8Array;
}

function pushEvent(e: Events, t: number, c: number, type: number): void {
  if (e.n === e.time.length) {
    e.time = grown(e.time, e.n * 2);
    e.contact = grown(e.contact, e.n * 2);
    e.type = grown(e.type, e.n * 2);
  }
  e.time[e.n] = t;
  e.contact[e.n] = c;
  e.type[e.n] = type;
  e.n++;
}

export const CSV_HEADER = ['contact_id', 'email', 'phone', 'first_name', 'last_name', 'country', 'company_size', 'lifecycle_stage', 'event_type', 'timestamp', 'event_id'];

export interface GeneratedSample {
  people: Contact[];
  /** Events sorted by time (ties in generation order), inside the requested days. */
  time: Float64Array;
  contact: Int32Array;
  type: Uint8Array;
  rand: () => number;
}

/** The sample as columns: what both the CSV writer and the benchmarks start from. */
export function generateSample(options: GenerateOptions): GeneratedSample {
  const { contacts: n, days, seed } = options;
  const dirty = options.dirty ?? 0;
  const rand = rng(seed);
  const start = Date.parse(`${options.start ?? '2026-03-02'}T00:00:00Z`);
  if (!Number.isFinite(start)) throw new Error(`--start ${options.start}: expected YYYY-MM-DD`);
  const mean = options.eventsPerContact ?? 15;
  const countryCum = cumulative(COUNTRIES.map((c) => c[1]));
  const hourCum = cumulative(HOURLY);
  const dayCum = cumulative(Array.from({ length: days }, (_, d) => WEEKDAY[new Date(start + d * DAY_MS).getUTCDay()]!));

  const people: Contact[] = [];
  for (let c = 0; c < n; c++) {
    const first = FIRST[Math.floor(rand() * FIRST.length)]!;
    const last = LAST[Math.floor(rand() * LAST.length)]!;
    const country = pickIndex(countryCum, rand());
    const code = COUNTRIES[country]![0];
    const [area, digits] = NATIONAL[code]!;
    const subscriber = String(Math.floor(rand() * 10 ** digits)).padStart(digits, '5').replace(/^[01]/, '5');
    people.push({
      id: `C${String(c + 1).padStart(7, '0')}`,
      email: `${first}.${last}.${c + 1}@${DOMAINS[c % DOMAINS.length]}`.toLowerCase().replace(/[^a-z0-9.@]/g, ''),
      phone: `${DIAL[code]} ${area} ${subscriber}`,
      first,
      last,
      country,
      size: Math.floor(rand() * SIZES.length),
      stage: Math.floor(rand() * STAGES.length),
      alias: rand() < dirty * 0.5 ? `L-${String(c + 1).padStart(6, '0')}` : null,
    });
  }

  const ev: Events = { n: 0, time: new Float64Array(1 << 16), contact: new Int32Array(1 << 16), type: new Uint8Array(1 << 16) };
  const at = (day: number): number => start + day * DAY_MS + pickIndex(hourCum, rand()) * HOUR_MS + Math.floor(rand() * HOUR_MS);
  // Heavy-tailed activity: log-normal sessions per contact, a few contacts very busy.
  const sigma = 1.1;
  const mu = Math.log(mean / 2.4) - (sigma * sigma) / 2;
  for (let c = 0; c < n; c++) {
    const z = Math.sqrt(-2 * Math.log(1 - rand())) * Math.cos(2 * Math.PI * rand());
    const sessions = Math.min(400, Math.max(1, Math.round(Math.exp(mu + sigma * z))));
    for (let s = 0; s < sessions; s++) {
      const day = pickIndex(dayCum, rand());
      let t = at(day);
      const views = 1 + Math.floor(rand() * 3);
      for (let v = 0; v < views; v++, t += MINUTE_MS * (1 + Math.floor(rand() * 4))) pushEvent(ev, t, c, T.page_view);
      // The funnel: pricing → demo → meeting, each step less likely.
      if (rand() < 0.18) {
        t += MINUTE_MS * (1 + Math.floor(rand() * 5));
        pushEvent(ev, t, c, T.pricing_page_visit);
        if (rand() < 0.25) {
          t += MINUTE_MS * (1 + Math.floor(rand() * 10));
          pushEvent(ev, t, c, rand() < 0.7 ? T.demo_request : T.form_submit);
          if (rand() < 0.35) pushEvent(ev, t + HOUR_MS * (2 + Math.floor(rand() * 48)), c, T.meeting_booked);
        }
      }
      if (rand() < 0.03) pushEvent(ev, t + MINUTE_MS * 7, c, T.trial_signup);
      if (rand() < 0.02) pushEvent(ev, t + MINUTE_MS * 11, c, T.support_ticket);
      if (rand() < 0.004) pushEvent(ev, t + HOUR_MS * 30, c, T.purchase);
    }
  }
  // Campaign bursts: a send every Tuesday 09:00 UTC; opens and clicks cluster in the hours after it.
  for (let d = 0; d < days; d++) {
    const day = start + d * DAY_MS;
    if (new Date(day).getUTCDay() !== 2) continue;
    const send = day + 9 * HOUR_MS;
    for (let c = 0; c < n; c++) {
      if (rand() >= 0.3) continue;
      const open = send + Math.floor(-Math.log(1 - rand()) * 2 * HOUR_MS);
      pushEvent(ev, open, c, T.email_open);
      if (rand() < 0.25) pushEvent(ev, open + MINUTE_MS * (1 + Math.floor(rand() * 20)), c, T.email_click);
      if (rand() < 0.01) pushEvent(ev, open + MINUTE_MS * 3, c, T.unsubscribe);
      if (rand() < 0.04) {
        pushEvent(ev, open + MINUTE_MS * 5, c, T.webinar_registered);
        if (rand() < 0.5) pushEvent(ev, send + 2 * DAY_MS + 7 * HOUR_MS, c, T.webinar_attended);
      }
    }
  }
  // Keep the export inside its days: follow-ups that would spill past the last day are cut.
  const end = start + days * DAY_MS;
  const order = stableOrderByTime(ev.time, ev.n);
  let kept = 0;
  for (let k = 0; k < ev.n; k++) if (ev.time[order[k]!]! < end) kept++;
  const time = new Float64Array(kept);
  const contact = new Int32Array(kept);
  const type = new Uint8Array(kept);
  for (let k = 0, j = 0; k < ev.n; k++) {
    const i = order[k]!;
    if (ev.time[i]! >= end) continue;
    time[j] = ev.time[i]!;
    contact[j] = ev.contact[i]!;
    type[j++] = ev.type[i]!;
  }
  return { people, time, contact, type, rand };
}

export function* generateCsv(options: GenerateOptions): Generator<string> {
  const dirty = options.dirty ?? 0;
  const { people, time, contact, type: types, rand } = generateSample(options);
  yield CSV_HEADER.join(',') + '\n';
  let out = '';
  let eventNo = 0;
  for (let i = 0; i < time.length; i++) {
    const t = time[i]!;
    const p = people[contact[i]!]!;
    const type = GENERATED_TYPES[types[i]!]!;
    const eventId = `E${++eventNo}`;
    const messy = dirty > 0 && rand() < dirty;
    let row: string[];
    if (!messy) {
      row = [p.id, p.email, p.phone, p.first, p.last, COUNTRIES[p.country]![0], SIZES[p.size]!, STAGES[p.stage]!, type, new Date(t).toISOString(), eventId];
    } else {
      row = messyRow(rand, p, type, t, eventId);
    }
    out += row.map(rfc4180).join(',') + '\n';
    // Exact duplicate rows, as double-exports produce.
    if (messy && rand() < 0.1) out += row.map(rfc4180).join(',') + '\n';
    if (out.length > 1 << 16) {
      yield out;
      out = '';
    }
  }
  if (out) yield out;
}

function messyRow(rand: () => number, p: Contact, type: string, t: number, eventId: string): string[] {
  const pick = <X>(xs: readonly X[]): X => xs[Math.floor(rand() * xs.length)]!;
  const [code, , variants] = COUNTRIES[p.country]!;
  const country = rand() < 0.7 ? pick(variants) : code;
  const digits = p.phone.replace(/\D/g, '');
  const national = digits.slice(DIAL[code]!.length - 1);
  // Written without a country code only where the default region (US) reads it right.
  const local = code === 'US' ? [`(${national.slice(0, 3)}) ${national.slice(3, 6)}-${national.slice(6)}`, `${national.slice(0, 3)}.${national.slice(3, 6)}.${national.slice(6)}`] : [];
  const phone = pick([p.phone, `${DIAL[code]}${national}`, `00${digits}`, `${DIAL[code]}-${national.slice(0, 2)}-${national.slice(2)}`, ...local]);
  const email = rand() < 0.5 ? ` ${p.email.toUpperCase()} ` : p.email;
  const d = new Date(t);
  const pad = (v: number) => String(v).padStart(2, '0');
  const timestamp = pick([
    d.toISOString(),
    String(t),
    `${pad(d.getUTCMonth() + 1)}/${pad(d.getUTCDate())}/${d.getUTCFullYear()} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`,
    new Date(t + 3_600_000).toISOString().replace('Z', '+01:00'),
  ]);
  const rawType = rand() < 0.6 ? pick(RAW_VARIANTS[type]!) : type;
  const id = p.alias !== null && rand() < 0.5 ? p.alias : p.id;
  const row = [id, email, phone, p.first, p.last, country, SIZE_DIRTY[p.size]!, STAGES[p.stage]!, rawType, timestamp, eventId];
  // A few rows are broken outright.
  const u = rand();
  if (u < 0.04) row[9] = pick(['not a date', '31/31/2026', '']);
  else if (u < 0.06) row[0] = '';
  else if (u < 0.07) row.pop();
  return row;
}
