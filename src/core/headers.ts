/** The fields an export's columns can hold, and the header spellings that propose them (roles.ts decides). */
import { personalKind } from './normalize/personal';

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

/**
 * Candidate header spellings per field, most specific first (HubSpot, Marketo, Salesforce, Account
 * Engagement, Segment and generic). Names only propose: roles.ts checks each against its values.
 */
export const NAME_CANDIDATES: Record<Field, string[]> = {
  contactId: ['contactid', 'leadid', 'whoid', 'personid', 'prospectid', 'recordid', 'hsobjectid', 'vid', 'customerid', 'userid', 'contact', 'lead', 'subscriberid', 'visitorid', 'anonymousid'],
  timestamp: [
    'timestamp', 'eventtimestamp', 'eventtime', 'occurredat', 'activitydatetime', 'activitydate', 'eventdate', 'datetime', 'time', 'date', 'created', 'createdat',
    'createddate', 'createdate', 'conversiondate', 'submittedat', 'submissiondate', 'starttime', 'meetingstarttime', 'originaltimestamp', 'receivedat', 'sentat',
    'lastactivitydate', 'lastactivityat', 'ts',
  ],
  eventType: ['eventtype', 'activitytype', 'activitytypename', 'activitytypeid', 'eventname', 'event', 'type', 'typename', 'action', 'interactiontype', 'engagementtype', 'tasksubtype', 'eventsubtype'],
  eventId: ['eventid', 'activityid', 'messageid', 'engagementid', 'id'],
  email: ['email', 'emailaddress', 'recipient', 'recipientemail', 'email1', 'primaryemail', 'workemail', 'businessemail', 'mail'],
  phone: ['phone', 'phonenumber', 'mobilephone', 'mobile', 'mobilephonenumber', 'telephone', 'tel', 'workphone'],
  firstName: ['firstname', 'givenname', 'fname'],
  lastName: ['lastname', 'surname', 'familyname', 'lname'],
  fullName: ['name', 'fullname', 'contactname', 'leadname', 'prospectname', 'displayname'],
  country: ['country', 'countryregion', 'countrycode', 'mailingcountry', 'billingcountry', 'ipcountry', 'countryname'],
  companySize: ['companysize', 'numberofemployees', 'employees', 'numemployees', 'employeecount', 'companyheadcount', 'headcount', 'employeerange'],
  accountId: ['accountid', 'companyid', 'account', 'orgid'],
  sourceSystem: ['sourcesystem', 'source', 'leadsource', 'originalsource', 'origin'],
  lifecycleStage: ['lifecyclestage', 'hslifecyclestage', 'lifecycle', 'leadstatus', 'stage', 'status'],
};

/** Field names that `--map` accepts, with their snake-case spellings too. */
export function parseFieldName(name: string): Field | null {
  const folded = foldHeader(name);
  return FIELDS.find((f) => f.toLowerCase() === folded) ?? null;
}

/**
 * Headers as they are kept (they are stored with the import's summary): trimmed; a blank one, or one
 * that is itself an email address or phone number, becomes "column N".
 */
export function cleanHeaders(headers: readonly string[]): string[] {
  return headers.map((h, i) => (h.trim() === '' || personalKind(h) !== null ? `column ${i + 1}` : h.trim()));
}
