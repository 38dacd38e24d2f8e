/**
 * A scenario that fits a dataset: its significant events and triggers chosen from the event types the
 * dataset holds, high-intent types first, so that every strategy has something to score. The cost
 * model, times and strategy shapes come from a base scenario (the default one).
 */
import type { ScenarioInput } from './scenario';

export interface TypeCount {
  type: string;
  count: number;
}

export interface Proposal {
  scenario: ScenarioInput;
  /** The dataset's types the proposal treats as significant (and triggers on), in order of intent. */
  significant: TypeCount[];
  /** The dataset's other types, by count. */
  others: TypeCount[];
  /** Why, in a sentence. */
  reason: string;
}

/**
 * How strongly an event signals buying intent, 0–10: what a lead-scoring model is re-run for. Types
 * outside the taxonomy count 1: they are something the person did, of unknown weight.
 */
export const INTENT: Readonly<Record<string, number>> = {
  demo_request: 10,
  pricing_page_visit: 9,
  trial_signup: 9,
  meeting_booked: 9,
  purchase: 8,
  form_submit: 8,
  contact_created: 7,
  webinar_attended: 7,
  sales_call: 6,
  webinar_registered: 6,
  email_click: 5,
  sign_in: 5,
  sales_email: 4,
  support_ticket: 4,
  page_view: 3,
  email_open: 2,
  unsubscribe: 1,
  email_delivered: 0,
  email_sent: 0,
  email_bounce: 0,
  email_spam_report: 0,
};

/** Types at or above this intent are significant when the dataset has any. */
const SIGNIFICANT_INTENT = 5;

export function intentOf(type: string): number {
  return Object.hasOwn(INTENT, type) ? INTENT[type]! : 1;
}

/** The significant types for a dataset's type counts, most telling first. */
export function significantTypes(counts: readonly TypeCount[]): TypeCount[] {
  const present = counts.filter((t) => t.count > 0);
  const byIntent = [...present].sort((a, b) => intentOf(b.type) - intentOf(a.type) || b.count - a.count || a.type.localeCompare(b.type));
  const strong = byIntent.filter((t) => intentOf(t.type) >= SIGNIFICANT_INTENT);
  if (strong.length > 0) return strong;
  const some = byIntent.filter((t) => intentOf(t.type) >= 1).slice(0, 2);
  if (some.length > 0) return some;
  // Only mail the company sent: score on the most frequent of it, or nothing would ever be scored.
  return [...present].sort((a, b) => b.count - a.count).slice(0, 1);
}

export function proposeScenario(base: ScenarioInput, dataset: { name: string; eventTypes: Readonly<Record<string, number>> }): Proposal {
  const counts = Object.entries(dataset.eventTypes).map(([type, count]) => ({ type, count }));
  const significant = significantTypes(counts);
  const names = significant.map((t) => t.type);
  const others = counts.filter((t) => t.count > 0 && !names.includes(t.type)).sort((a, b) => b.count - a.count || a.type.localeCompare(b.type));
  const strategies = base.strategies.map((s) => {
    switch (s.kind) {
      case 'micro-batch':
      case 'event-triggered':
        return { ...s, triggers: names };
      case 'hybrid':
        return { ...s, eventTriggered: { ...s.eventTriggered, triggers: names } };
      default:
        return s;
    }
  });
  const strong = significant.some((t) => intentOf(t.type) >= SIGNIFICANT_INTENT);
  const reason = names.length === 0
    ? `“${dataset.name}” holds no events: there is nothing to score.`
    : strong
      ? `Scores on what signals intent in “${dataset.name}”: ${significant.map((t) => `${t.type} (${t.count.toLocaleString('en-US')})`).join(', ')}.`
      : `“${dataset.name}” has no high-intent events (a demo request, a form, a click); scores on its most telling ones: ${significant.map((t) => `${t.type} (${t.count.toLocaleString('en-US')})`).join(', ')}.`;
  return {
    scenario: { ...structuredClone(base), name: `Proposed for ${dataset.name}`, significant: names, strategies },
    significant,
    others,
    reason,
  };
}
