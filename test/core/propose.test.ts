/** The scenario proposed for a dataset, the warnings a scenario gets on one, and which strategies are badged. */
import { idealPipeline } from '../../src/core/sim/finalize';
import { realtimeSummary } from '../../src/core/sim/ingest';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { intentOf, proposeScenario, significantTypes } from '../../src/core/propose';
import { type ScenarioInput, validateScenario } from '../../src/core/scenario';
import { badges } from '../../src/core/sim/badges';
import type { StrategySummary } from '../../src/core/sim/results';
import { scenarioWarnings } from '../../src/core/sim/simulate';
import { forApp } from '../../src/shared/app-wording';

const BASE = JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', 'resources', 'scenarios', 'default.json'), 'utf8')) as ScenarioInput;
const valid = (s: ScenarioInput) => {
  const v = validateScenario(s);
  if (!v.ok) throw new Error(v.errors.join('; '));
  return v.scenario;
};

describe('the proposed scenario', () => {
  it('scores an email-events export on its clicks, not on the mail the company sent', () => {
    const p = proposeScenario(BASE, { name: 'hubspot', eventTypes: { email_sent: 52, email_delivered: 23, email_open: 14, email_click: 6, email_bounce: 4, email_spam_report: 1 } });
    expect(p.significant).toEqual([{ type: 'email_click', count: 6 }]);
    expect(p.scenario.significant).toEqual(['email_click']);
    const s = valid(p.scenario);
    for (const st of s.strategies) {
      if (st.kind === 'micro-batch' || st.kind === 'event-triggered') expect(st.triggers).toEqual(['email_click']);
      if (st.kind === 'hybrid') expect(st.eventTriggered.triggers).toEqual(['email_click']);
    }
    expect(p.others.map((t) => t.type)).toEqual(['email_sent', 'email_delivered', 'email_open', 'email_bounce', 'email_spam_report']);
    expect(p.reason).toBe('Scores on what signals intent in “hubspot”: email_click (6).');
  });

  it('orders high-intent types first, then by count', () => {
    expect(significantTypes([{ type: 'page_view', count: 900 }, { type: 'sign_in', count: 25 }, { type: 'demo_request', count: 6 }, { type: 'trial_signup', count: 14 }, { type: 'invite_sent', count: 5 }]).map((t) => t.type)).toEqual([
      'demo_request',
      'trial_signup',
      'sign_in',
    ]);
  });

  it('falls back to the most telling types when none signals intent, and to the most frequent when only sent mail is there', () => {
    expect(significantTypes([{ type: 'page_view', count: 90 }, { type: 'email_open', count: 300 }, { type: 'email_sent', count: 900 }]).map((t) => t.type)).toEqual(['page_view', 'email_open']);
    expect(significantTypes([{ type: 'email_sent', count: 90 }, { type: 'email_delivered', count: 80 }]).map((t) => t.type)).toEqual(['email_sent']);
    expect(intentOf('webinar_poll_answered')).toBe(1);
  });

  it('keeps the base scenario’s cost model, strategies and times', () => {
    const p = proposeScenario(BASE, { name: 'x', eventTypes: { form_submit: 3 } });
    expect(p.scenario.cost).toEqual(BASE.cost);
    expect(p.scenario.strategies.map((s) => [s.id, s.kind])).toEqual(BASE.strategies.map((s) => [s.id, s.kind]));
    expect(p.scenario.name).toBe('Proposed for x');
  });
});

describe('warnings on a scenario for a dataset', () => {
  it('groups missing event types into one message with where each is named and what to do', () => {
    const w = scenarioWarnings(valid(BASE), ['email_sent', 'email_open', 'email_click']);
    expect(w).toHaveLength(3);
    expect(w[0]).toMatch(/^Event types the scenario names do not occur in the dataset: demo_request \(significant; triggers of micro-15m; triggers of events; triggers of hybrid\), pricing_page_visit \(/);
    expect(w[0]).toMatch(/start from the scenario proposed for it\.$/);
    expect(w[1]).toBe('Strategies micro-15m, events have no trigger that occurs in the dataset, so they score nothing and are not ranked.');
    expect(w[2]).toBe('No significant event occurs in the dataset, so no freshness can be measured: choose significant events the dataset holds.');
  });

  it('says nothing of a scenario that fits', () => {
    const p = proposeScenario(BASE, { name: 'x', eventTypes: { email_click: 3, email_open: 9 } });
    expect(scenarioWarnings(valid(p.scenario), ['email_click', 'email_open'])).toEqual([]);
  });
});

function summary(id: string, jobs: number, monthly: number, within1h: number | null, p90: number | null, scored = jobs > 0 ? 5 : 0): StrategySummary {
  return {
    id,
    kind: 'event-triggered',
    scoreJobs: jobs,
    discountedJobs: 0,
    suppressedByCap: 0,
    wastedScores: 0,
    cost: { totalUsd: monthly, computeUsd: 0, llmUsd: 0, dbUsd: 0, fixedUsd: 0, apiUsd: 0, perMonthUsd: monthly },
    db: { peakOpsPerMinute: 0, peakMinute: null, p99OpsPerMinute: null, meanOpsPerMinute: null, minutesOverCapacity: 0 },
    freshness: { significantEvents: 10, scored, unscored: 10 - scored, p50Seconds: p90, p90Seconds: p90, p99Seconds: p90, within5m: within1h, within1h, within24h: within1h },
    pipeline: { ingest: realtimeSummary(10), ...idealPipeline(jobs), staleness: null },
  };
}

describe('badges', () => {
  it('never marks a strategy that scores nothing, however cheap', () => {
    expect(badges([summary('idle', 0, 0, 0, null), summary('a', 10, 5, 0.5, 600)])).toEqual({ cheapest: 'a', freshest: 'a' });
  });

  it('ranks freshest on the share of all significant events within 1 h, not on p90 over the scored few', () => {
    // "third" scores a third of the events within seconds; "all" scores every one within 40 minutes.
    const third = summary('third', 3, 10, 0.3, 5, 3);
    const all = summary('all', 10, 20, 1, 2400, 10);
    expect(badges([third, all]).freshest).toBe('all');
  });
});

describe('messages in the app’s words', () => {
  it.each([
    'x.csv: no column for the event type among the headers (a, b); choose its column (--map eventType=COLUMN), or say what every row is (--event-type TYPE, e.g. form_submit)',
    'x.csv: no column for the event type among the headers (a, b): this looks like a list of contacts, one row each, not events. Import each row as one event at one of its dates (--event-type contact_created --map timestamp=COLUMN), or export the contacts\' activity instead',
    'no column for the contact among the headers (a); choose them with --map, e.g. --map contactId=COLUMN',
    'x.csv: 9 of 10 rows rejected (90.0%, more than --max-reject-share 0.2); the column mapping is probably wrong (check --map and --tz). Nothing was imported.',
    '--tz Mars/Olympus: not an IANA time zone (e.g. Europe/Berlin)',
    'a dataset named "x" exists already; choose another --name',
    '--map contactId=nope: the file has no column "nope" (columns: a, b)',
  ])('%s', (m) => {
    expect(forApp(m)).not.toMatch(/--[a-z]/);
  });
});
