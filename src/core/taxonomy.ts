/** The canonical event taxonomy (ARCHITECTURE §3) and the mapping of raw event names onto it. */
import { detach } from './strings';

export const CANONICAL_EVENT_TYPES = [
  'page_view',
  'email_open',
  'email_click',
  'form_submit',
  'demo_request',
  'pricing_page_visit',
  'webinar_attended',
  'meeting_booked',
  'support_ticket',
  'trial_signup',
  'purchase',
  'unsubscribe',
] as const;

export type CanonicalEventType = (typeof CANONICAL_EVENT_TYPES)[number];

const CANONICAL = new Set<string>(CANONICAL_EVENT_TYPES);

export function isCanonicalEventType(name: string): name is CanonicalEventType {
  return CANONICAL.has(name);
}

/** "Product Viewed" → "product_viewed", "pageView" → "page_view", "Form-Submit " → "form_submit". */
export function toSnakeCase(raw: string): string {
  return raw
    .trim()
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '');
}

/** Spellings seen in CRM and marketing-tool exports, keyed by their snake-case form. */
const SYNONYMS: Record<string, CanonicalEventType> = {
  pageview: 'page_view',
  page_viewed: 'page_view',
  page_visit: 'page_view',
  visit_web_page: 'page_view',
  visit_webpage: 'page_view',
  web_visit: 'page_view',
  website_visit: 'page_view',
  viewed_page: 'page_view',
  open_email: 'email_open',
  email_opened: 'email_open',
  opened_email: 'email_open',
  email_opens: 'email_open',
  click_email: 'email_click',
  email_clicked: 'email_click',
  clicked_email: 'email_click',
  email_link_click: 'email_click',
  fill_out_form: 'form_submit',
  form_submission: 'form_submit',
  form_submitted: 'form_submit',
  form_fill: 'form_submit',
  submitted_form: 'form_submit',
  request_demo: 'demo_request',
  demo_requested: 'demo_request',
  requested_demo: 'demo_request',
  demo: 'demo_request',
  pricing_view: 'pricing_page_visit',
  pricing_page_view: 'pricing_page_visit',
  pricing_page_viewed: 'pricing_page_visit',
  viewed_pricing: 'pricing_page_visit',
  viewed_pricing_page: 'pricing_page_visit',
  visited_pricing_page: 'pricing_page_visit',
  pricing_visit: 'pricing_page_visit',
  attended_webinar: 'webinar_attended',
  webinar_attendance: 'webinar_attended',
  webinar_attend: 'webinar_attended',
  attend_webinar: 'webinar_attended',
  meeting_scheduled: 'meeting_booked',
  book_meeting: 'meeting_booked',
  booked_meeting: 'meeting_booked',
  meeting: 'meeting_booked',
  support_case: 'support_ticket',
  case_created: 'support_ticket',
  ticket_created: 'support_ticket',
  support_request: 'support_ticket',
  trial_started: 'trial_signup',
  start_trial: 'trial_signup',
  started_trial: 'trial_signup',
  free_trial: 'trial_signup',
  trial_sign_up: 'trial_signup',
  signup: 'trial_signup',
  purchased: 'purchase',
  order_placed: 'purchase',
  order_completed: 'purchase',
  closed_won: 'purchase',
  opportunity_won: 'purchase',
  unsubscribe_email: 'unsubscribe',
  unsubscribed: 'unsubscribe',
  email_unsubscribe: 'unsubscribe',
  opt_out: 'unsubscribe',
};

/**
 * Marketo's standard activity type ids, for exports whose event column is `activity_type_id`.
 * Ids outside the canonical taxonomy keep Marketo's own activity name.
 */
export const MARKETO_ACTIVITY_TYPES: Record<string, string> = {
  '1': 'page_view',
  '2': 'form_submit',
  '3': 'click_link',
  '6': 'send_email',
  '7': 'email_delivered',
  '8': 'email_bounced',
  '9': 'unsubscribe',
  '10': 'email_open',
  '11': 'email_click',
  '12': 'new_lead',
  '13': 'change_data_value',
  '29': 'delete_lead',
  '32': 'merge_leads',
};

const SYNONYM_MAP: ReadonlyMap<string, string> = new Map(Object.entries(SYNONYMS));

export interface MappedEventType {
  name: string;
  canonical: boolean;
}

/**
 * Maps raw event names to the taxonomy: user aliases first, then built-in synonyms, then the
 * canonical names themselves; anything else keeps its snake-case name. Results are memoised per raw
 * string because exports repeat a handful of names millions of times.
 */
export class EventTypeMapper {
  private readonly aliases = new Map<string, string>();
  private readonly memo = new Map<string, MappedEventType | null>();
  // Maps, not the object literals: a raw name is whatever an export holds ("constructor" included).
  private readonly valueTable: ReadonlyMap<string, string> | undefined;

  constructor(aliases: Readonly<Record<string, string>> = {}, valueTable?: Readonly<Record<string, string>>) {
    for (const [raw, target] of Object.entries(aliases)) this.aliases.set(toSnakeCase(raw), toSnakeCase(target));
    this.valueTable = valueTable ? new Map(Object.entries(valueTable)) : undefined;
  }

  /** Null when the raw value is empty. */
  map(raw: string): MappedEventType | null {
    let hit = this.memo.get(raw);
    if (hit !== undefined) return hit;
    hit = this.resolve(raw);
    this.memo.set(detach(raw), hit);
    return hit;
  }

  private resolve(raw: string): MappedEventType | null {
    const trimmed = raw.trim();
    const fromTable = this.valueTable?.get(trimmed);
    const snake = toSnakeCase(fromTable ?? trimmed);
    if (snake === '') return null;
    const name = this.aliases.get(snake) ?? this.aliases.get(toSnakeCase(trimmed)) ?? SYNONYM_MAP.get(snake) ?? snake;
    return { name, canonical: isCanonicalEventType(name) };
  }
}
