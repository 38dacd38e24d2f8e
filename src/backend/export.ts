/** CSV exports of a dataset: contacts (keys and normalized attributes only), events, rejected rows. */
import fs from 'node:fs';
import { csvLine } from '../core/csv';
import { contactEventIds, eventIdRange, resolveDataset } from './datasets';
import { UserError } from './errors';
import type { Db } from './workspace';

export const EXPORT_KINDS = ['contacts', 'events', 'rejects'] as const;
export type ExportKind = (typeof EXPORT_KINDS)[number];

const EVENT_COLUMNS = `SELECT c.key, e.time_ms, t.name, r.raw, e.line FROM events e CROSS JOIN contacts c ON c.id = e.contact_id
          JOIN event_types t ON t.id = e.type_id JOIN raw_event_types r ON r.id = e.raw_type_id`;

/** `params` binds the query for a dataset. */
const QUERIES: Record<ExportKind, { header: string[]; sql: string; params?: (db: Db, datasetId: number) => number[]; row: (r: Record<string, unknown>) => unknown[] }> = {
  contacts: {
    header: ['contact_key', 'country', 'company_size', 'lifecycle_stage', 'account_id', 'source_system', 'events', 'first_seen', 'last_seen', 'merged_from'],
    sql: `SELECT key, country, company_size, lifecycle_stage, account_id, source_system, event_count, first_seen_ms, last_seen_ms, merged_count
          FROM contacts WHERE dataset_id = ? ORDER BY idx`,
    row: (r) => [r.key, r.country, r.company_size, r.lifecycle_stage, r.account_id, r.source_system, r.event_count, iso(r.first_seen_ms), iso(r.last_seen_ms), r.merged_count],
  },
  events: {
    header: ['contact_key', 'time', 'event_type', 'raw_event_type', 'source_line'],
    // The dataset's id range, read in order, each event's contact found by its id (CROSS JOIN keeps that order of loops).
    sql: `${EVENT_COLUMNS} WHERE e.id >= ? AND e.id < ? ORDER BY e.time_ms, e.line`,
    params: (db, datasetId) => {
      const { from, to } = eventIdRange(db, datasetId);
      return [from, to];
    },
    row: (r) => [r.key, iso(r.time_ms), r.name, r.raw, r.line],
  },
  rejects: {
    header: ['line', 'column', 'reason'],
    sql: `SELECT j.line, j.column_name, j.reason FROM rejected_rows j JOIN imports i ON i.id = j.import_id WHERE i.dataset_id = ? ORDER BY j.line`,
    row: (r) => [r.line, r.column_name, r.reason],
  },
};

function iso(ms: unknown): string {
  return typeof ms === 'number' ? new Date(ms).toISOString() : '';
}

/** One contact's events (the contact by its key), through the dataset's per-contact lookup. */
function contactEvents(db: Db, datasetId: number, datasetName: string, key: string): Record<string, unknown>[] {
  const idx = db.prepare('SELECT idx FROM contacts WHERE dataset_id = ? AND key = ?').pluck().get(datasetId, key) as number | undefined;
  if (idx === undefined) throw new UserError(`--contact ${key}: no contact with that key in dataset "${datasetName}"; the keys are in its contacts export (--what contacts)`);
  const event = db.prepare(`${EVENT_COLUMNS} WHERE e.id = ?`);
  return contactEventIds(db, datasetId, idx).map((id) => event.get(id) as Record<string, unknown>);
}

/**
 * Writes the export to `out` (via a temporary file, so a failed export leaves no half file). Returns rows
 * written. `contact`: only that contact's events (its key, as the contacts export gives it).
 */
export async function exportDataset(db: Db, datasetRef: string, kind: string, out: string, options: { contact?: string } = {}): Promise<number> {
  if (!(EXPORT_KINDS as readonly string[]).includes(kind)) throw new UserError(`--what ${kind}: choose one of ${EXPORT_KINDS.join(', ')}`);
  if (options.contact !== undefined && kind !== 'events') throw new UserError(`--contact goes with --what events, not --what ${kind}`);
  const dataset = resolveDataset(db, datasetRef);
  const q = QUERIES[kind as ExportKind];
  const source =
    options.contact !== undefined
      ? contactEvents(db, dataset.id, dataset.name, options.contact)
      : (db.prepare(q.sql).iterate(...(q.params?.(db, dataset.id) ?? [dataset.id])) as Iterable<Record<string, unknown>>);
  const tmp = `${out}.partial`;
  let stream: fs.WriteStream;
  try {
    stream = fs.createWriteStream(tmp);
    await new Promise<void>((resolve, reject) => stream.once('open', () => resolve()).once('error', reject));
  } catch (err) {
    throw new UserError(`${out}: cannot write (${(err as Error).message})`);
  }
  let rows = 0;
  let buf = csvLine(q.header);
  for (const r of source) {
    buf += csvLine(q.row(r) as (string | number | null)[]);
    rows++;
    if (buf.length > 1 << 16) {
      if (!stream.write(buf)) await new Promise<void>((resolve) => stream.once('drain', () => resolve()));
      buf = '';
    }
  }
  await new Promise<void>((resolve, reject) => stream.end(buf, () => resolve()).once('error', reject));
  fs.renameSync(tmp, out);
  return rows;
}
