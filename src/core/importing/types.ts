/** Import options, the batches the parse worker hands the store, and the summary users see. */
import type { Field } from '../headers';

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
  /** The accepted rows (numbered in the order the batches carried them) in replay order: by time, ties in row order. */
  replayOrder: Int32Array;
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

/** What the import wizard shows before importing: the split, the detected mapping, masked sample rows. */
export interface FilePreview {
  format: 'csv' | 'jsonl';
  delimiter: string | null;
  headers: string[];
  rows: string[][];
  mapping: Partial<Record<Field, string>>;
  piiColumns: string[];
  totalBytes: number;
}
