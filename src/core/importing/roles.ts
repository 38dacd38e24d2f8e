/**
 * Column roles from names and values: which column of an export holds the contact, the time, the
 * event type and the rest, with the reason for each choice in words a planner reads ("unique in
 * every row → event id"), and where the choice is unsure. Names propose (headers.ts); a sample of
 * the file's rows decides: a column unique in every row is an event id, not a contact; a column of
 * email addresses is the contact where nothing else names one; a status is a lifecycle stage only if
 * its values are stages; ids and yes/no flags are not personal data.
 */
import { FIELDS, type Field, type FieldMapping, NAME_CANDIDATES, foldHeader } from '../headers';
import { personalKind } from '../normalize/personal';
import { parseTimestamp } from '../normalize/timestamp';
import { EventTypeMapper, MARKETO_ACTIVITY_TYPES, PARDOT_ACTIVITY_TYPES, isCanonicalEventType } from '../taxonomy';

/** What a whole file is: events with a type each, events of one kind, or one row per contact. */
export type FileKind = 'events' | 'single-type' | 'snapshot';

/** Which vendor's numeric event codes the event-type column holds, if any. */
export type TypeCodes = 'marketo' | 'pardot' | null;

export interface ColumnRole {
  field: Field;
  column: string;
  /** Why this column, in a planner's words. */
  reason: string;
  /** The choice could be wrong: the wizard asks. */
  unsure: boolean;
}

export interface RoleInference {
  mapping: FieldMapping;
  roles: ColumnRole[];
  /** Columns considered and not used, with why (a status whose values are not stages …). */
  notes: string[];
  /** Columns holding personal data (keyed or dropped on import, masked in the preview). */
  personalColumns: number[];
  kind: FileKind;
  /** Columns whose values are dates: a snapshot can be imported at any of them. */
  dateColumns: string[];
  typeCodes: TypeCodes;
}

/** What a sample of a column's values shows. */
interface ColumnStats {
  nonEmpty: number;
  distinct: number;
  /** Every sampled row has a value, and no two are alike. */
  unique: boolean;
  emails: number;
  phones: number;
  times: number;
  /** Times with a time of day (not dates alone). */
  clockTimes: number;
  flags: number;
  digits: number;
  stages: number;
  /** Values that are event names of the taxonomy (as the mapper reads them). */
  events: number;
  examples: string[];
}

const FLAG = /^(y|n|yes|no|true|false|t|f|0|1|x|)$/i;
/** Lifecycle stages and lead statuses as HubSpot, Salesforce, Marketo and Pardot spell them. */
const STAGE_WORDS = new Set(
  [
    'subscriber', 'lead', 'marketingqualifiedlead', 'mql', 'salesqualifiedlead', 'sql', 'opportunity', 'customer', 'evangelist', 'other',
    'new', 'open', 'opennotcontacted', 'workingcontacted', 'working', 'nurturing', 'nurture', 'qualified', 'unqualified', 'disqualified',
    'closedconverted', 'closednotconverted', 'converted', 'prospect', 'engaged', 'recycled', 'contacted', 'attemptingtocontact', 'connected',
    'inprogress', 'badtiming', 'known', 'anonymous', 'suspect', 'mal', 'sal', 'won', 'lost', 'closedwon', 'closedlost',
  ],
);
/** Rows a sample needs before a column unique in every row tells anything. */
const UNIQUE_SAMPLE = 10;
/** Sensible years for event times: numbers outside them are ids, not epoch seconds. */
const MIN_TIME = Date.UTC(1995, 0, 1);
const MAX_TIME = Date.UTC(2100, 0, 1);

function statsOf(rows: readonly (readonly string[])[], column: number, mapper: EventTypeMapper): ColumnStats {
  const seen = new Set<string>();
  const s: ColumnStats = { nonEmpty: 0, distinct: 0, unique: false, emails: 0, phones: 0, times: 0, clockTimes: 0, flags: 0, digits: 0, stages: 0, events: 0, examples: [] };
  for (const row of rows) {
    const v = (row[column] ?? '').trim();
    if (v === '') continue;
    s.nonEmpty++;
    if (!seen.has(v)) {
      seen.add(v);
      if (s.examples.length < 3) s.examples.push(v);
    }
    const kind = personalKind(v);
    if (kind === 'email') s.emails++;
    else if (kind === 'phone') s.phones++;
    if (FLAG.test(v)) s.flags++;
    if (/^\d+$/.test(v)) s.digits++;
    const t = parseTimestamp(v);
    if (!Number.isNaN(t) && t >= MIN_TIME && t < MAX_TIME && !/^\d{1,9}$/.test(v)) {
      s.times++;
      if (t % 86_400_000 !== 0) s.clockTimes++;
    }
    if (STAGE_WORDS.has(foldHeader(v))) s.stages++;
    const mapped = mapper.map(v);
    if (mapped && isCanonicalEventType(mapped.name)) s.events++;
  }
  s.distinct = seen.size;
  // Uniqueness means something only over enough rows: two rows are often unlike by chance.
  s.unique = rows.length >= UNIQUE_SAMPLE && s.nonEmpty === rows.length && s.distinct === rows.length;
  return s;
}

const share = (n: number, of: number) => (of === 0 ? 0 : n / of);
const percent = (n: number, of: number) => `${Math.round(100 * share(n, of))}%`;

/** Headers of person names: personal whatever their values (names cannot be told from values). */
const NAME_HEADERS = new Set(['name', 'fullname', 'firstname', 'lastname', 'givenname', 'surname', 'familyname', 'fname', 'lname', 'contactname', 'leadname', 'prospectname', 'displayname', 'recipientname']);

/**
 * Roles for an export's columns from its headers and a sample of its rows. `overrides` (field →
 * header, or '' for "none") are the user's choices and always win; `eventType` set means every row is
 * an event of that type (no event-type column is looked for).
 */
export function inferRoles(headers: readonly string[], rows: readonly (readonly string[])[], overrides: Partial<Record<Field, string>> = {}, eventType?: string): RoleInference {
  const folded = headers.map(foldHeader);
  const plainMapper = new EventTypeMapper();
  const stats = headers.map((_, i) => statsOf(rows, i, plainMapper));
  const mapping: FieldMapping = {};
  const roles: ColumnRole[] = [];
  const notes: string[] = [];
  const taken = new Set<number>();
  const set = (field: Field, column: number, reason: string, unsure = false) => {
    mapping[field] = column;
    taken.add(column);
    roles.push({ field, column: headers[column]!, reason, unsure });
  };
  const byName = (field: Field): number[] => {
    const out: number[] = [];
    for (const spelling of NAME_CANDIDATES[field]) for (let i = 0; i < folded.length; i++) if (folded[i] === spelling && !out.includes(i)) out.push(i);
    return out;
  };
  const free = (columns: number[]) => columns.filter((c) => !taken.has(c));
  const sampleSize = rows.length;

  // The user's choices first.
  for (const [field, header] of Object.entries(overrides) as [Field, string | undefined][]) {
    if (header === undefined) continue;
    if (header === '') continue;
    let index = headers.indexOf(header);
    if (index < 0) index = folded.indexOf(foldHeader(header));
    if (index < 0) throw new Error(`--map ${field}=${header}: the file has no column "${header}" (columns: ${headers.join(', ')})`);
    set(field, index, 'chosen by you');
  }
  const open = (field: Field) => mapping[field] === undefined && overrides[field] === undefined;

  // The time: a named column whose values are dates; else any column of dates.
  const dateColumns = headers.map((_, i) => i).filter((i) => share(stats[i]!.times, stats[i]!.nonEmpty) >= 0.8 && stats[i]!.nonEmpty > 0);
  if (open('timestamp')) {
    const named = free(byName('timestamp'));
    const dated = named.filter((c) => dateColumns.includes(c));
    // A time of day orders a day's events: a date-time column over a date-only one (a task's due date).
    const clocked = dated.filter((c) => share(stats[c]!.clockTimes, stats[c]!.times) >= 0.5);
    // Numbers alone are ids (they can read as epoch seconds), unless a header names them a time.
    const byValue = free(dateColumns).filter((c) => stats[c]!.digits < stats[c]!.nonEmpty);
    const pick = clocked[0] ?? dated[0] ?? byValue[0];
    if (pick !== undefined) {
      const others = free(dateColumns).filter((c) => c !== pick);
      let how = named.includes(pick) ? `named as a time, and ${percent(stats[pick]!.times, stats[pick]!.nonEmpty)} of its values are dates` : `its values are dates (${percent(stats[pick]!.times, stats[pick]!.nonEmpty)})`;
      const dateOnly = dated.filter((c) => c !== pick && !clocked.includes(c));
      if (clocked[0] === pick && dateOnly.length > 0) how += `, with times of day (${dateOnly.map((c) => headers[c]).join(', ')}: dates only)`;
      const alsoDates = others.slice(0, 3).map((c) => headers[c]).join(', ') + (others.length > 3 ? `, and ${others.length - 3} more` : '');
      set('timestamp', pick, others.length > 0 ? `${how}; also dates: ${alsoDates}` : how, others.length > 0 && !named.includes(pick));
    } else if (named.length > 0) set('timestamp', named[0]!, 'named as a time, but its values do not read as dates: check the format', true);
  }

  // The event type: the named column whose values read best as events (vendor codes included).
  let typeCodes: TypeCodes = null;
  if (eventType !== undefined) {
    roles.push({ field: 'eventType', column: '', reason: `every row is a ${eventType} (chosen by you)`, unsure: false });
  } else if (open('eventType')) {
    // Without a sample (a header alone), names decide.
    const candidates = free(byName('eventType')).filter((c) => sampleSize === 0 || (stats[c]!.nonEmpty > 0 && !stats[c]!.unique));
    const codesOf = (c: number): TypeCodes => {
      if (folded[c] === 'activitytypeid') return 'marketo';
      if ((folded.includes('prospectid') || folded.includes('visitorid')) && share(stats[c]!.digits, stats[c]!.nonEmpty) >= 0.9) return 'pardot';
      return null;
    };
    const score = (c: number): number => {
      const codes = codesOf(c);
      if (codes === null) return share(stats[c]!.events, stats[c]!.nonEmpty);
      const mapper = new EventTypeMapper({}, codes === 'marketo' ? MARKETO_ACTIVITY_TYPES : PARDOT_ACTIVITY_TYPES);
      return share(rows.filter((r) => isCanonicalEventType(mapper.map(r[c] ?? '')?.name ?? '')).length, stats[c]!.nonEmpty);
    };
    const ranked = candidates.map((c, order) => ({ c, order, score: score(c) })).sort((a, b) => b.score - a.score || a.order - b.order);
    const best = ranked[0];
    if (best) {
      typeCodes = codesOf(best.c);
      const known = `${percent(best.score * stats[best.c]!.nonEmpty, stats[best.c]!.nonEmpty)} of its values are known event types`;
      const what = typeCodes === 'marketo' ? "Marketo's activity ids" : typeCodes === 'pardot' ? 'Account Engagement (Pardot) activity codes' : null;
      set('eventType', best.c, what ? `holds ${what}; ${known}` : `named as an event type; ${known}`, best.score < 0.5);
      for (const other of ranked.slice(1)) notes.push(`${headers[other.c]}: also names event types, fewer known (${Math.round(other.score * 100)}%); not used`);
    }
  }

  // The contact: a named id column that repeats (a column unique in every row of an event file is
  // the event's own id); else the email column (an email-events export's recipient); else a bare id.
  const typed = mapping.eventType !== undefined || eventType !== undefined;
  // Event ids: named so, or (in a file of events) a bare "id" unique in every row.
  if (open('eventId')) {
    const named = free(byName('eventId')).filter((c) => folded[c] !== 'id' || (typed && stats[c]!.unique));
    if (named[0] !== undefined) set('eventId', named[0], stats[named[0]]!.unique ? `unique in every row → event id` : 'named as an event id');
  }
  if (open('contactId')) {
    const named = free(byName('contactId'));
    // Only a file with an event-type column repeats its contacts by nature: a list imported as one
    // event per row (a type chosen for it) has one row per contact.
    const byColumn = mapping.eventType !== undefined;
    const repeating = named.filter((c) => !(byColumn && stats[c]!.unique));
    const emailColumn = free(byName('email'))[0] ?? free(headers.map((_, i) => i)).find((i) => share(stats[i]!.emails, stats[i]!.nonEmpty) >= 0.8 && stats[i]!.nonEmpty > 0);
    const bareId = free([folded.indexOf('id')]).filter((c) => c >= 0)[0];
    if (repeating[0] !== undefined) {
      const c = repeating[0];
      set('contactId', c, stats[c]!.unique ? 'named as a contact id; unique in every row: one row per contact' : `named as a contact id; ${stats[c]!.distinct} contacts in ${sampleSize} rows`);
    } else if (!byColumn && bareId !== undefined && stats[bareId]!.unique) {
      // A list of records (leads, contacts) keys each row by its own id.
      set('contactId', bareId, 'a bare “id”, unique in every row: one row per record');
    } else if (emailColumn !== undefined) {
      set('contactId', emailColumn, `${percent(stats[emailColumn]!.emails, stats[emailColumn]!.nonEmpty)} of its values are email addresses → the contact (keyed, never stored)`);
      if (open('email')) {
        mapping.email = emailColumn;
        roles.push({ field: 'email', column: headers[emailColumn]!, reason: 'the contact is keyed by this email', unsure: false });
      }
    } else if (bareId !== undefined && !(byColumn && stats[bareId]!.unique)) {
      set('contactId', bareId, `a bare “id” that repeats: ${stats[bareId]!.distinct} contacts in ${sampleSize} rows`, true);
    } else if (named[0] !== undefined) {
      set('contactId', named[0], 'named as a contact id, but unique in every row of this sample: each row a different contact?', true);
    } else if (bareId !== undefined) {
      set('contactId', bareId, 'a bare “id”, unique in every row: it may be the event’s own id — choose the contact column if there is one', true);
    }
    for (const c of named.filter((c) => !repeating.includes(c) && c !== mapping.contactId)) notes.push(`${headers[c]}: unique in every row → an event id, not the contact`);
  }
  if (open('eventId') && mapping.contactId !== folded.indexOf('id')) {
    const id = folded.indexOf('id');
    if (id >= 0 && !taken.has(id) && stats[id]!.unique) set('eventId', id, 'unique in every row → event id');
  }

  // Personal fields: by name, or (email, phone) by values.
  for (const field of ['email', 'phone'] as const) {
    if (!open(field)) continue;
    const named = free(byName(field)).filter((c) => stats[c]!.flags < stats[c]!.nonEmpty || stats[c]!.nonEmpty === 0);
    const key = field === 'email' ? 'emails' : 'phones';
    const byValue = free(headers.map((_, i) => i)).find((i) => stats[i]!.nonEmpty > 0 && share(stats[i]![key], stats[i]!.nonEmpty) >= 0.8 && foldHeader(headers[i]!) !== 'id');
    const pick = named[0] ?? byValue;
    if (pick !== undefined) set(field, pick, named[0] !== undefined ? `named as ${field === 'email' ? 'an email' : 'a phone'} column` : `${percent(stats[pick]![key], stats[pick]!.nonEmpty)} of its values are ${field === 'email' ? 'email addresses' : 'phone numbers'}`);
  }
  for (const field of ['firstName', 'lastName', 'fullName'] as const) {
    if (!open(field)) continue;
    const named = free(byName(field));
    if (named[0] !== undefined) set(field, named[0], 'a person’s name: dropped on import');
  }

  // Attributes: by name, each checked against its values.
  if (open('lifecycleStage')) {
    for (const c of free(byName('lifecycleStage'))) {
      const st = stats[c]!;
      const explicit = ['lifecyclestage', 'lifecycle', 'hslifecyclestage'].includes(folded[c]!);
      if (st.nonEmpty === 0) continue;
      if (explicit || share(st.stages, st.nonEmpty) >= 0.5) {
        set('lifecycleStage', c, explicit ? 'named as the lifecycle stage' : `its values are lifecycle stages (${st.examples.join(', ')})`);
        break;
      }
      notes.push(`${headers[c]}: its values are not lifecycle stages (${st.examples.join(', ')}); not used`);
    }
  }
  for (const field of ['country', 'companySize', 'accountId', 'sourceSystem'] as const) {
    if (!open(field)) continue;
    const named = free(byName(field)).filter((c) => stats[c]!.nonEmpty === 0 || stats[c]!.flags < stats[c]!.nonEmpty);
    if (named[0] !== undefined) set(field, named[0], `named as the ${({ country: 'country', companySize: 'company size', accountId: 'account', sourceSystem: 'source system' } as const)[field]}`);
  }

  // What kind of file this is.
  let kind: FileKind = 'events';
  if (eventType !== undefined || mapping.eventType === undefined) {
    const contact = mapping.contactId;
    kind = contact !== undefined && stats[contact]!.unique ? 'snapshot' : 'single-type';
  }

  // Personal columns: the fields that are personal, names by header, emails and phones by value; never ids or flags.
  const personal = new Set<number>();
  for (const f of ['email', 'phone', 'firstName', 'lastName', 'fullName'] as const) if (mapping[f] !== undefined) personal.add(mapping[f]!);
  headers.forEach((_, i) => {
    const st = stats[i]!;
    if (st.nonEmpty > 0 && (st.flags === st.nonEmpty || st.digits === st.nonEmpty)) return;
    if (NAME_HEADERS.has(folded[i]!) || (st.nonEmpty > 0 && share(st.emails + st.phones, st.nonEmpty) >= 0.5)) personal.add(i);
  });
  if (mapping.contactId !== undefined && share(stats[mapping.contactId]!.emails, stats[mapping.contactId]!.nonEmpty) >= 0.5) personal.add(mapping.contactId);

  // Fields in the order of FIELDS, for a stable display.
  roles.sort((a, b) => FIELDS.indexOf(a.field) - FIELDS.indexOf(b.field));
  return { mapping, roles, notes, personalColumns: [...personal].sort((a, b) => a - b), kind, dateColumns: dateColumns.map((c) => headers[c]!), typeCodes };
}

/** A short, stable name for an export's source: its headers, folded and sorted (HubSpot's email events export has the same ones every time). */
export function sourceFingerprint(headers: readonly string[]): string {
  const text = [...new Set(headers.map(foldHeader))].sort().join(',');
  let a = 0x811c9dc5;
  let b = 0x01000193;
  for (let i = 0; i < text.length; i++) {
    a = Math.imul(a ^ text.charCodeAt(i), 0x01000193) >>> 0;
    b = Math.imul(b ^ text.charCodeAt(i), 0x5bd1e995) >>> 0;
  }
  return `${a.toString(16).padStart(8, '0')}${b.toString(16).padStart(8, '0')}`;
}
