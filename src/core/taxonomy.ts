/** The canonical event taxonomy (ARCHITECTURE §3) and the mapping of raw event names onto it. */
import { detach } from './strings';

/**
 * The canonical taxonomy (ARCHITECTURE §3), grown where vendors' exports draw a distinction that
 * matters for scoring: an email sent or delivered says nothing of the person, an opened or clicked
 * one does; a sales call or email is the company's own touch; a new lead is a first event of its own.
 */
export const CANONICAL_EVENT_TYPES = [
  'page_view',
  'email_sent',
  'email_delivered',
  'email_open',
  'email_click',
  'email_bounce',
  'email_spam_report',
  'unsubscribe',
  'form_submit',
  'demo_request',
  'pricing_page_visit',
  'webinar_registered',
  'webinar_attended',
  'meeting_booked',
  'sales_call',
  'sales_email',
  'support_ticket',
  'trial_signup',
  'sign_in',
  'purchase',
  'contact_created',
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

/**
 * Spellings seen in CRM and marketing-tool exports, keyed by their snake-case form. Vendors' own
 * vocabularies, as their documentation gives them:
 * - HubSpot email events (Email Events API `type`: SENT, DELIVERED, OPEN, CLICK, BOUNCE, SPAMREPORT,
 *   STATUSCHANGE …) and engagements (EMAIL, CALL, MEETING, TASK, NOTE);
 * - Salesforce Task `Type` (Call, Email, Meeting, Other) and `TaskSubtype` (Call, Email, ListEmail,
 *   Cadence, LinkedIn, Task); Event `Type` and `EventSubtype`;
 * - Segment's spec events: e-commerce (Product Viewed, Order Completed …), B2B SaaS (Signed Up,
 *   Signed In, Trial Started, Account Created …) and email (Email Opened, Email Link Clicked …);
 * - Marketo activity names (Visit Webpage, Fill Out Form, Send Email …; ids in MARKETO_ACTIVITY_TYPES);
 * - Account Engagement (Pardot) visitor activity names (Visit, Form Success, Email Open …; codes in
 *   PARDOT_ACTIVITY_TYPES).
 * Names that are not in the taxonomy keep their own snake-case name and are listed after an import.
 */
const SYNONYMS: Record<string, CanonicalEventType> = {
  // Web
  pageview: 'page_view',
  page_viewed: 'page_view',
  page_visit: 'page_view',
  visit_web_page: 'page_view',
  visit_webpage: 'page_view',
  web_visit: 'page_view',
  website_visit: 'page_view',
  viewed_page: 'page_view',
  visit: 'page_view',
  view: 'page_view',
  page: 'page_view',
  product_viewed: 'page_view',
  product_list_viewed: 'page_view',
  landing_page_view: 'page_view',
  // Email, marketing
  sent: 'email_sent',
  send_email: 'email_sent',
  email_send: 'email_sent',
  email_sent: 'email_sent',
  list_email: 'email_sent',
  listemail: 'email_sent',
  delivered: 'email_delivered',
  email_delivered: 'email_delivered',
  delivered_event: 'email_delivered',
  open: 'email_open',
  opened: 'email_open',
  open_email: 'email_open',
  email_opened: 'email_open',
  opened_email: 'email_open',
  email_opens: 'email_open',
  click: 'email_click',
  clicked: 'email_click',
  click_email: 'email_click',
  email_clicked: 'email_click',
  clicked_email: 'email_click',
  email_link_click: 'email_click',
  email_link_clicked: 'email_click',
  bounce: 'email_bounce',
  bounced: 'email_bounce',
  email_bounced: 'email_bounce',
  email_bounced_soft: 'email_bounce',
  hard_bounce: 'email_bounce',
  soft_bounce: 'email_bounce',
  spamreport: 'email_spam_report',
  spam_report: 'email_spam_report',
  spam_complaint: 'email_spam_report',
  email_marked_as_spam: 'email_spam_report',
  unsubscribe_email: 'unsubscribe',
  unsubscribed: 'unsubscribe',
  email_unsubscribe: 'unsubscribe',
  unsubscribe_page: 'unsubscribe',
  opt_out: 'unsubscribe',
  // Forms and intent
  fill_out_form: 'form_submit',
  form_submission: 'form_submit',
  form_submitted: 'form_submit',
  form_fill: 'form_submit',
  submitted_form: 'form_submit',
  form_success: 'form_submit',
  form_handler_success: 'form_submit',
  landing_page_success: 'form_submit',
  success: 'form_submit',
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
  // Events and webinars
  registered_for_webinar: 'webinar_registered',
  webinar_registration: 'webinar_registered',
  register_for_event: 'webinar_registered',
  event_registered: 'webinar_registered',
  attended_webinar: 'webinar_attended',
  webinar_attendance: 'webinar_attended',
  webinar_attend: 'webinar_attended',
  attend_webinar: 'webinar_attended',
  attend_event: 'webinar_attended',
  event_checked_in: 'webinar_attended',
  // Sales touches
  meeting_scheduled: 'meeting_booked',
  book_meeting: 'meeting_booked',
  booked_meeting: 'meeting_booked',
  meeting: 'meeting_booked',
  meeting_booked: 'meeting_booked',
  call: 'sales_call',
  call_logged: 'sales_call',
  logged_call: 'sales_call',
  phone_call: 'sales_call',
  email: 'sales_email',
  logged_email: 'sales_email',
  sales_email: 'sales_email',
  send_sales_email: 'sales_email',
  // Support
  support_case: 'support_ticket',
  case_created: 'support_ticket',
  ticket_created: 'support_ticket',
  support_request: 'support_ticket',
  // Product
  trial_started: 'trial_signup',
  start_trial: 'trial_signup',
  started_trial: 'trial_signup',
  free_trial: 'trial_signup',
  trial_sign_up: 'trial_signup',
  signup: 'trial_signup',
  sign_up: 'trial_signup',
  signed_up: 'trial_signup',
  account_created: 'trial_signup',
  signed_in: 'sign_in',
  sign_in: 'sign_in',
  login: 'sign_in',
  logged_in: 'sign_in',
  purchased: 'purchase',
  order_placed: 'purchase',
  order_completed: 'purchase',
  closed_won: 'purchase',
  opportunity_won: 'purchase',
  // Lists
  new_lead: 'contact_created',
  lead_created: 'contact_created',
  contact_created: 'contact_created',
  created: 'contact_created',
};

/**
 * Marketo's standard activity type ids, for exports whose event column is `activity_type_id`.
 * Ids outside the canonical taxonomy keep Marketo's own activity name.
 */
export const MARKETO_ACTIVITY_TYPES: Record<string, string> = {
  '1': 'page_view',
  '2': 'form_submit',
  '3': 'click_link',
  '6': 'email_sent',
  '7': 'email_delivered',
  '8': 'email_bounce',
  '9': 'unsubscribe',
  '10': 'email_open',
  '11': 'email_click',
  '12': 'contact_created',
  '13': 'change_data_value',
  '22': 'change_score',
  '24': 'add_to_list',
  '27': 'email_bounce',
  '29': 'delete_lead',
  '32': 'merge_leads',
  '46': 'interesting_moment',
};

/**
 * Account Engagement (Pardot) visitor activity `type` codes, for exports that give the code rather
 * than its name (API v3/v4 visitor activity types; 27–34 as the API docs' issue #7 lists them).
 */
export const PARDOT_ACTIVITY_TYPES: Record<string, string> = {
  '1': 'email_click',
  '2': 'page_view',
  '3': 'form_error',
  '4': 'form_submit',
  '5': 'session',
  '6': 'email_sent',
  '7': 'site_search',
  '8': 'new_opportunity',
  '9': 'purchase',
  '10': 'opportunity_lost',
  '11': 'email_open',
  '12': 'unsubscribe',
  '13': 'email_bounce',
  '14': 'email_spam_report',
  '15': 'email_preference_page',
  '16': 'resubscribed',
  '17': 'email_click',
  '20': 'page_view',
  '21': 'page_view',
  '22': 'chat',
  '23': 'webinar_invited',
  '24': 'webinar_attended',
  '25': 'webinar_registered',
  '26': 'social_post_click',
  '27': 'video_view',
  '28': 'webinar_registered',
  '29': 'webinar_attended',
  '30': 'video_conversion',
  '34': 'video_view',
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
