/**
 * Column roles and vendor vocabularies, each rule with the header and value spellings of the real
 * exports it serves (HubSpot, Salesforce, Marketo, Account Engagement, Segment).
 */
import { describe, expect, it } from 'vitest';
import { type Field } from '../../src/core/headers';
import { type RoleInference, inferRoles, sourceFingerprint } from '../../src/core/importing/roles';
import { EventTypeMapper, MARKETO_ACTIVITY_TYPES, PARDOT_ACTIVITY_TYPES } from '../../src/core/taxonomy';

/** Rows from columns of values (each column cycled to `n` rows). */
function table(columns: Record<string, readonly string[]>, n = 30): { headers: string[]; rows: string[][] } {
  const headers = Object.keys(columns);
  return { headers, rows: Array.from({ length: n }, (_, r) => headers.map((h) => columns[h]![r % columns[h]!.length]!)) };
}

const byField = (r: RoleInference) => Object.fromEntries(r.roles.map((x) => [x.field, x.column])) as Partial<Record<Field, string>>;
const reasonOf = (r: RoleInference, f: Field) => r.roles.find((x) => x.field === f)?.reason;
const times = Array.from({ length: 30 }, (_, i) => `2026-03-${String(2 + (i % 9)).padStart(2, '0')}T1${i % 10}:0${i % 6}:00Z`);
const ids = (prefix: string, n: number) => Array.from({ length: n }, (_, i) => `${prefix}${1000 + i}`);

describe('the contact and the event id', () => {
  it('HubSpot email events: the unique "id" is the event, the recipient is the contact', () => {
    const { headers, rows } = table({
      id: ids('4f2c1e0a-', 30),
      created: times.map((t) => String(Date.parse(t))),
      type: ['SENT', 'DELIVERED', 'OPEN', 'CLICK', 'BOUNCE'],
      recipient: ['ann@example.com', 'bob@example.com', 'cy@example.org'],
      portalId: ['6221343'],
    });
    const r = inferRoles(headers, rows);
    expect(byField(r)).toMatchObject({ contactId: 'recipient', eventId: 'id', eventType: 'type', timestamp: 'created', email: 'recipient' });
    expect(reasonOf(r, 'eventId')).toBe('unique in every row → event id');
    expect(reasonOf(r, 'contactId')).toMatch(/100% of its values are email addresses → the contact/);
    expect(r.personalColumns.map((c) => headers[c])).toEqual(['recipient']);
  });

  it('a named contact id that repeats is the contact (Marketo lead_id, Salesforce WhoId, Segment userId)', () => {
    for (const name of ['lead_id', 'WhoId', 'userId', 'Prospect ID', 'Record ID', 'contact_id']) {
      const { headers, rows } = table({ [name]: ['L1', 'L2', 'L3'], timestamp: times, event_type: ['page_view', 'email_open'] });
      const r = inferRoles(headers, rows);
      expect(byField(r).contactId).toBe(name);
      expect(reasonOf(r, 'contactId')).toBe('named as a contact id; 3 contacts in 30 rows');
    }
  });

  it('a named contact id unique in every row of an event file is the event’s id, and the email is the contact', () => {
    const { headers, rows } = table({ anonymousId: ids('a-', 30), email: ['x@example.com', 'y@example.com'], event: ['Signed In'], timestamp: times });
    const r = inferRoles(headers, rows);
    expect(byField(r).contactId).toBe('email');
    expect(r.notes).toContain('anonymousId: unique in every row → an event id, not the contact');
  });

  it('a list of records keyed by a bare unique "id" is a snapshot, one row per contact', () => {
    const { headers, rows } = table({ id: ids('00Q1G', 30), email: ['a@example.com'], status: ['Open - Not Contacted', 'Working - Contacted'], created_date: times });
    const r = inferRoles(headers, rows);
    expect(byField(r).contactId).toBe('id');
    expect(r.kind).toBe('snapshot');
  });
});

describe('the time', () => {
  it('prefers a column with times of day over a date-only one (a Salesforce task’s ActivityDate is its due date)', () => {
    const { headers, rows } = table({ WhoId: ['003A', '003B'], Type: ['Call', 'Email'], ActivityDate: times.map((t) => t.slice(0, 10)), CreatedDate: times.map((t) => t.replace('Z', '.000+0000')) });
    const r = inferRoles(headers, rows);
    expect(byField(r).timestamp).toBe('CreatedDate');
    expect(reasonOf(r, 'timestamp')).toMatch(/with times of day \(ActivityDate: dates only\)/);
  });

  it('reads epoch milliseconds as times, and does not take a column of numeric ids for epoch seconds', () => {
    const { headers, rows } = table({ contact_id: ['C1', 'C2'], event_type: ['page_view'], created: times.map((t) => String(Date.parse(t))), hs_object_id: ['1234567890', '1234567891'] });
    expect(byField(inferRoles(headers, rows)).timestamp).toBe('created');
    const noName = table({ contact_id: ['C1', 'C2'], event_type: ['page_view'], when_it_happened: times, record_no: ['1234567890', '1234567899'] });
    expect(byField(inferRoles(noName.headers, noName.rows)).timestamp).toBe('when_it_happened');
    const onlyIds = table({ contact_id: ['C1', 'C2'], event_type: ['page_view'], record_no: ['1234567890', '1234567899'] });
    expect(byField(inferRoles(onlyIds.headers, onlyIds.rows)).timestamp).toBeUndefined();
  });
});

describe('the event type', () => {
  it('takes the named column whose values read best as events (Salesforce Type over TaskSubtype)', () => {
    const { headers, rows } = table({ WhoId: ['003A', '003B'], CreatedDate: times, Type: ['Call', 'Email', 'Meeting', 'Other'], TaskSubtype: ['Call', 'ListEmail', 'Task', 'Task', 'Cadence'] });
    const r = inferRoles(headers, rows);
    expect(byField(r).eventType).toBe('Type');
    expect(r.notes.some((n) => n.startsWith('TaskSubtype: also names event types, fewer known'))).toBe(true);
  });

  it('knows Marketo activity ids by their column and Account Engagement codes beside a prospect id', () => {
    const marketo = table({ activity_date: ['2020-04-30 08:05:11.000'], activity_type_id: ['11', '10'], id: ids('588', 30), lead_id: ['1124755', '1124756'] });
    const m = inferRoles(marketo.headers, marketo.rows);
    expect(m.typeCodes).toBe('marketo');
    expect(reasonOf(m, 'eventType')).toBe("holds Marketo's activity ids; 100% of its values are known event types");
    const pardot = table({ prospect_id: ['55', '56'], type: ['2', '4', '11', '6'], type_name: ['Visit', 'Form', 'Email', 'Email'], created_at: times });
    expect(inferRoles(pardot.headers, pardot.rows).typeCodes).toBe('pardot');
  });

  it('a file without an event-type column is of one kind (form submissions), and says so', () => {
    const { headers, rows } = table({ 'Conversion Date': times, Email: ['a@example.org', 'b@example.org', 'c@example.org'], 'First Name': ['Ann'], 'Page URL': ['https://example.com/demo'] });
    const r = inferRoles(headers, rows);
    expect(r.kind).toBe('single-type');
    expect(byField(r)).toMatchObject({ contactId: 'Email', timestamp: 'Conversion Date' });
    expect(byField(r).eventType).toBeUndefined();
    const chosen = inferRoles(headers, rows, {}, 'form_submit');
    expect(chosen.roles.find((x) => x.field === 'eventType')?.reason).toBe('every row is a form_submit (chosen by you)');
  });
});

describe('attributes and personal data', () => {
  it('takes a status as the lifecycle stage only if its values are stages', () => {
    const task = table({ WhoId: ['003A'], Type: ['Call'], CreatedDate: times, Status: ['Completed', 'Not Started', 'In Progress'] });
    const r = inferRoles(task.headers, task.rows);
    expect(byField(r).lifecycleStage).toBeUndefined();
    expect(r.notes).toContain('Status: its values are not lifecycle stages (Completed, Not Started, In Progress); not used');
    const lead = table({ lead_id: ['1', '2'], activity_type: ['Visit Webpage'], activity_date: times, status: ['Open - Not Contacted', 'Working - Contacted', 'Nurturing', 'Qualified'] });
    expect(byField(inferRoles(lead.headers, lead.rows)).lifecycleStage).toBe('status');
    const hubspot = table({ 'Record ID': ['1', '2'], 'Event Type': ['page_view'], 'Event Timestamp': times, 'Lifecycle Stage': ['Marketing Qualified Lead', 'Customer'] });
    expect(reasonOf(inferRoles(hubspot.headers, hubspot.rows), 'lifecycleStage')).toBe('named as the lifecycle stage');
  });

  it('never takes ids or yes/no flags for personal data; takes names by header and emails or phones by value', () => {
    const { headers, rows } = table({
      WhoId: ['003A', '003B'],
      Type: ['Call'],
      CreatedDate: times,
      'Campaign ID': ['7012001', '7012002'],
      'Do Not Email': ['N', 'N', 'Y'],
      'Email Template Name': ['Spring webinar invite'],
      'Campaign Name': ['Q1 launch'],
      Notes: ['call ann@example.com', 'left a message', 'no answer'],
      Contact: ['Ann Lee', 'Bob Roe'],
      'Full Name': ['Ann Lee'],
      'Alt Contact': ['+1 415 555 2671', '+44 20 7946 0958'],
    });
    const r = inferRoles(headers, rows);
    expect(r.personalColumns.map((c) => headers[c]).sort()).toEqual(['Alt Contact', 'Full Name']);
  });

  it('lets the user’s choices win, "" choosing no column', () => {
    const { headers, rows } = table({ who: ['a', 'b'], when: times, what: ['page_view'], status: ['lead', 'customer'] });
    const r = inferRoles(headers, rows, { contactId: 'who', timestamp: 'when', eventType: 'what', lifecycleStage: '' });
    expect(byField(r)).toEqual({ contactId: 'who', timestamp: 'when', eventType: 'what' });
    expect(reasonOf(r, 'contactId')).toBe('chosen by you');
    expect(() => inferRoles(headers, rows, { contactId: 'nope' })).toThrow(/no column "nope"/);
  });

  it('decides by names alone on a header without rows', () => {
    const r = inferRoles(['id', 'account_id', 'activity_date', 'activity_date_time', 'type', 'who_id', 'event_subtype'], []);
    expect(r.mapping).toMatchObject({ contactId: 5, eventType: 4, accountId: 1 });
  });
});

describe('sources', () => {
  it('fingerprints a source by its headers, whatever their order or spelling of case', () => {
    expect(sourceFingerprint(['id', 'created', 'type', 'recipient'])).toBe(sourceFingerprint(['Recipient', 'TYPE', 'created', 'ID']));
    expect(sourceFingerprint(['id', 'created', 'type', 'recipient'])).not.toBe(sourceFingerprint(['id', 'created', 'type', 'email']));
  });
});

describe('vendor vocabularies', () => {
  const m = new EventTypeMapper();
  it.each([
    // HubSpot email events (Email Events API type) and engagements
    ['SENT', 'email_sent'], ['DELIVERED', 'email_delivered'], ['OPEN', 'email_open'], ['CLICK', 'email_click'], ['BOUNCE', 'email_bounce'], ['SPAMREPORT', 'email_spam_report'],
    ['CALL', 'sales_call'], ['MEETING', 'meeting_booked'], ['EMAIL', 'sales_email'],
    // Salesforce Task Type and TaskSubtype
    ['Call', 'sales_call'], ['Email', 'sales_email'], ['Meeting', 'meeting_booked'], ['ListEmail', 'email_sent'],
    // Segment spec events
    ['Product Viewed', 'page_view'], ['Signed Up', 'trial_signup'], ['Signed In', 'sign_in'], ['Trial Started', 'trial_signup'], ['Demo Requested', 'demo_request'], ['Order Completed', 'purchase'],
    ['Email Opened', 'email_open'], ['Email Link Clicked', 'email_click'], ['Email Marked as Spam', 'email_spam_report'], ['Unsubscribed', 'unsubscribe'], ['Account Created', 'trial_signup'],
    // Marketo activity names
    ['Visit Webpage', 'page_view'], ['Fill Out Form', 'form_submit'], ['Send Email', 'email_sent'], ['Email Bounced Soft', 'email_bounce'], ['New Lead', 'contact_created'],
    // Account Engagement (Pardot) visitor activity names
    ['Visit', 'page_view'], ['Form Success', 'form_submit'], ['Landing Page Success', 'form_submit'], ['Registered for Webinar', 'webinar_registered'], ['Attended Webinar', 'webinar_attended'],
    ['Spam Complaint', 'email_spam_report'], ['Unsubscribe Page', 'unsubscribe'],
  ])('%s → %s', (raw, type) => {
    expect(m.map(raw)).toEqual({ name: type, canonical: true });
  });

  it('keeps what it does not know under its own name (PROCESSED, Cadence, Invite Sent)', () => {
    expect(m.map('PROCESSED')).toEqual({ name: 'processed', canonical: false });
    expect(m.map('Cadence')).toEqual({ name: 'cadence', canonical: false });
    expect(m.map('Invite Sent')).toEqual({ name: 'invite_sent', canonical: false });
  });

  it('reads Marketo activity ids and Account Engagement codes through their tables', () => {
    const marketo = new EventTypeMapper({}, MARKETO_ACTIVITY_TYPES);
    expect(['1', '2', '6', '7', '8', '9', '10', '11', '12'].map((id) => marketo.map(id)!.name)).toEqual(['page_view', 'form_submit', 'email_sent', 'email_delivered', 'email_bounce', 'unsubscribe', 'email_open', 'email_click', 'contact_created']);
    const pardot = new EventTypeMapper({}, PARDOT_ACTIVITY_TYPES);
    expect(['2', '4', '6', '11', '13', '24', '25'].map((id) => pardot.map(id)!.name)).toEqual(['page_view', 'form_submit', 'email_sent', 'email_open', 'email_bounce', 'webinar_attended', 'webinar_registered']);
  });
});
