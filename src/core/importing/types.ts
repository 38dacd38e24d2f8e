/** Import options, the batches the parse worker hands the store, and the summary users see. */
import type { Field } from '../headers';
import type { ColumnRole, FileKind, TypeCodes } from './roles';

export interface ImportOptions {
  /** Dataset name; default: the file name without extension. */
  name?: string;
  /** Field → column header overrides. */
  map?: Partial<Record<Field, string>>;
  /** Raw event name → event type. */
  aliases?: Record<string, string>;
  /** IANA zone for timestamps without an offset. Default UTC. */
  timezone?: string;
  /** ISO region for phone numbers without a country code. Default US. */
  phoneRegion?: string;
  /** Abort when more than this share of rows is rejected. Default 0.2. */
  maxRejectShare?: number;
  format?: 'csv' | 'jsonl';
  /** Every row is an event of this type (exports of one kind of event, contact lists); no event-type column is read. */
  eventType?: string;
}

export interface RejectedRow {
  line: number;
  column: string | null;
  reason: string;
}

/** One batch of accepted rows as columns, plus the dictionary entries first seen in it. */
export interface ImportBatch {
  n: number;
  line: Int32Array;
  time: Float64Array;
  /** Contact number, in order of first appearance of its raw id (merges are applied by the store). */
  contact: Int32Array;
  type: Int32Array;
  rawType: Int32Array;
  /** Identity of the row for duplicate detection, beside contact, time and type. */
  dupKey: Float64Array;
  newTypes: { name: string; canonical: boolean }[];
  newRawTypes: string[];
  rejects: RejectedRow[];
  rowsRead: number;
  bytesRead: number;
  /** The parse's last batch: the store can write out what it holds. */
  last: boolean;
}

export interface ParseOutcome {
  format: 'csv' | 'jsonl';
  /** The export's source, by its headers (sourceFingerprint): aliases are remembered per source. */
  source: string;
  /** The event-type aliases the parse applied (saved ones for the source, then the user's). */
  aliases: Record<string, string>;
  kind: FileKind;
  roles: ColumnRole[];
  delimiter: string | null;
  headers: string[];
  mapping: Partial<Record<Field, string>>;
  piiColumns: string[];
  ignoredColumns: string[];
  rowsRead: number;
}

/** Values that were not usable but do not make a row unusable: they are dropped, and counted here. */
export interface DataQuality {
  invalidEmails: number;
  invalidPhones: number;
  unrecognizedCountries: number;
  unrecognizedCompanySizes: number;
  /**
   * Distinct values that were emails or phone numbers in columns kept as text: account ids are keyed,
   * lifecycle stages and source systems dropped. (Event types that are rows are rejected instead.)
   */
  personalValues: { accountId: number; lifecycleStage: number; sourceSystem: number };
}

export interface ImportSummary {
  datasetId: number;
  name: string;
  file: string;
  format: 'csv' | 'jsonl';
  /** What the file was: events of many types, of one type, or a list of contacts imported as one event each. */
  kind?: FileKind;
  /** Event-type aliases applied (remembered for the next import from the same source). */
  aliases?: Record<string, string>;
  /** Why each column was used as it was. */
  roles?: ColumnRole[];
  rowsRead: number;
  rowsImported: number;
  rowsRejected: number;
  rejectReasons: Record<string, number>;
  firstRejects: RejectedRow[];
  contacts: number;
  contactsMerged: number;
  duplicateEventsDropped: number;
  unknownEventTypes: Record<string, number>;
  eventTypes: Record<string, number>;
  piiColumns: string[];
  ignoredColumns: string[];
  mapping: Partial<Record<Field, string>>;
  quality: DataQuality;
  firstEvent: string | null;
  lastEvent: string | null;
  seconds: number;
}

export interface ImportProgress {
  rowsRead: number;
  bytesRead: number;
  totalBytes: number;
  rowsPerSecond: number;
}

/** What the import wizard shows before importing: the split, the detected roles, masked sample rows. */
export interface FilePreview {
  format: 'csv' | 'jsonl';
  delimiter: string | null;
  headers: string[];
  /** The first rows, personal values masked. */
  rows: string[][];
  /** Field → the column chosen for it. */
  mapping: Partial<Record<Field, string>>;
  /** Each chosen column with the reason, and whether to check it. */
  roles: ColumnRole[];
  /** Columns considered and not used, with why. */
  notes: string[];
  kind: FileKind;
  /** Columns of dates (a contact list can be imported at any of them). */
  dateColumns: string[];
  typeCodes: TypeCodes;
  /** Event-type values in the sample, most frequent first (raw names; the taxonomy's reading is EventTypeMapper's). */
  eventTypes: { raw: string; count: number }[];
  /** Rows the roles were inferred from. */
  sampledRows: number;
  piiColumns: string[];
  /** The export's source, by its headers: where saved aliases are found. */
  source: string;
  /** Aliases remembered from earlier imports of this source (filled in by the backend). */
  savedAliases: Record<string, string>;
  totalBytes: number;
}
