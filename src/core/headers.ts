/** Header auto-mapping: which column of an export holds which field, from common CRM spellings. */

export const FIELDS = [
  'contactId',
  'timestamp',
  'eventType',
  'eventId',
  'email',
  'phone',
  'firstName',
  'lastName',
  'fullName',
  'country',
  'companySize',
  'accountId',
  'sourceSystem',
  'lifecycleStage',
] as const;
export type Field = (typeof FIELDS)[number];
export type FieldMapping = Partial<Record<Field, number>>;

export const REQUIRED_FIELDS: readonly Field[] = ['contactId', 'timestamp', 'eventType'];
export const PII_FIELDS: readonly Field[] = ['email', 'phone', 'firstName', 'lastName', 'fullName'];

/** Lower-case alphanumerics only: "Email Address" and "email_address" meet as "emailaddress". */
export function foldHeader(header: string): string {
  return header.replace(/^\uFEFF/, '').toLowerCase().replace(/[^a-z0-9]/g, '');
}

/** Candidate spellings per field, most specific first (HubSpot, Marketo, Salesforce and generic). */
const SPELLINGS: Record<Field, string[]> = {
  contactId: ['contactid', 'leadid', 'whoid', 'personid', 'recordid', 'hsobjectid', 'vid', 'customerid', 'userid', 'contact', 'lead', 'subscriberid'],
  timestamp: ['timestamp', 'eventtimestamp', 'eventtime', 'occurredat', 'activitydatetime', 'activitydate', 'eventdate', 'datetime', 'time', 'date', 'createdat', 'createddate', 'ts'],
  eventType: ['eventtype', 'activitytype', 'activitytypename', 'activitytypeid', 'eventname', 'event', 'type', 'action', 'interactiontype', 'tasksubtype', 'eventsubtype'],
  eventId: ['eventid', 'activityid', 'id'],
  email: ['email', 'emailaddress', 'email1', 'primaryemail', 'workemail', 'businessemail', 'mail'],
  phone: ['phone', 'phonenumber', 'mobilephone', 'mobile', 'mobilephonenumber', 'telephone', 'tel', 'workphone'],
  firstName: ['firstname', 'givenname', 'fname'],
  lastName: ['lastname', 'surname', 'familyname', 'lname'],
  fullName: ['name', 'fullname', 'contactname', 'leadname', 'displayname'],
  country: ['country', 'countryregion', 'countrycode', 'mailingcountry', 'billingcountry', 'ipcountry', 'countryname'],
  companySize: ['companysize', 'numberofemployees', 'employees', 'numemployees', 'employeecount', 'companyheadcount', 'headcount', 'employeerange'],
  accountId: ['accountid', 'companyid', 'account', 'orgid'],
  sourceSystem: ['sourcesystem', 'source', 'leadsource', 'originalsource', 'origin'],
  lifecycleStage: ['lifecyclestage', 'leadstatus', 'lifecycle', 'stage', 'status'],
};

/** Field names that `--map` accepts, with their snake-case spellings too. */
export function parseFieldName(name: string): Field | null {
  const folded = foldHeader(name);
  return FIELDS.find((f) => f.toLowerCase() === folded) ?? null;
}

export interface HeaderMapping {
  mapping: FieldMapping;
  /** Columns holding personal data, by header, mapped or not: all of them are keyed or dropped. */
  piiColumns: string[];
  ignoredColumns: string[];
}

const PII_HEADER = /e-?mail|phone|mobile|fax|name|street|address|birth/i;

/** Maps headers to fields; `overrides` (field → header) win over auto-detection. Throws on an unknown override header. */
export function mapHeaders(headers: readonly string[], overrides: Partial<Record<Field, string>> = {}): HeaderMapping {
  const folded = headers.map(foldHeader);
  const mapping: FieldMapping = {};
  const taken = new Set<number>();
  for (const [field, header] of Object.entries(overrides) as [Field, string][]) {
    let index = headers.indexOf(header);
    if (index < 0) index = folded.indexOf(foldHeader(header));
    if (index < 0) throw new Error(`--map ${field}=${header}: the file has no column "${header}" (columns: ${headers.join(', ')})`);
    mapping[field] = index;
    taken.add(index);
  }
  for (const field of FIELDS) {
    if (mapping[field] !== undefined) continue;
    for (const spelling of SPELLINGS[field]) {
      const index = folded.indexOf(spelling);
      if (index >= 0 && !taken.has(index)) {
        mapping[field] = index;
        taken.add(index);
        break;
      }
    }
  }
  // A contacts-style export keys people by a bare "id"; an activity export's "id" is the activity.
  if (mapping.contactId === undefined && mapping.eventId !== undefined && folded[mapping.eventId] === 'id' && overrides.eventId === undefined) {
    mapping.contactId = mapping.eventId;
    delete mapping.eventId;
  }
  // An export with emails and no contact id identifies contacts by email.
  if (mapping.contactId === undefined && mapping.email !== undefined) mapping.contactId = mapping.email;
  const mapped = new Set(Object.values(mapping));
  const piiColumns = headers.filter((h, i) => PII_HEADER.test(h) || [mapping.email, mapping.phone, mapping.firstName, mapping.lastName, mapping.fullName].includes(i));
  const ignoredColumns = headers.filter((_, i) => !mapped.has(i));
  return { mapping, piiColumns, ignoredColumns };
}
