/**
 * Import invariants over random files: an import either lands whole or leaves the workspace exactly as
 * it was, and no event is lost or counted twice.
 */
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { importFile } from '../../src/backend/import/importer';
import { loadEventColumns } from '../../src/backend/datasets';
import { UserError } from '../../src/backend/errors';
import { dumpWorkspace, tempWorkspace, writeFile } from '../helpers/workspace';
import { referenceHmac } from '../../src/worker/keyer';

const T0 = Date.parse('2026-03-01T00:00:00Z');
const TYPES = ['page_view', 'Demo Requested', 'pricing_page_visit', 'Webinar Registered'];

interface Row {
  contact: number;
  minute: number;
  type: number;
  eventId: number;
  broken: 'none' | 'time' | 'contact' | 'width';
}

const rowArb: fc.Arbitrary<Row> = fc.record({
  contact: fc.integer({ min: 0, max: 8 }),
  minute: fc.integer({ min: 0, max: 3 * 1440 }),
  type: fc.integer({ min: 0, max: TYPES.length - 1 }),
  eventId: fc.integer({ min: 0, max: 30 }),
  broken: fc.constantFrom('none', 'none', 'none', 'none', 'time', 'contact', 'width'),
});

function csvOf(rows: Row[]): string {
  const lines = ['contact_id,event_type,timestamp,event_id'];
  for (const r of rows) {
    const contact = r.broken === 'contact' ? '' : `C${r.contact}`;
    const time = r.broken === 'time' ? 'soon' : new Date(T0 + r.minute * 60_000).toISOString();
    lines.push(r.broken === 'width' ? `${contact},${TYPES[r.type]}` : `${contact},"${TYPES[r.type]}",${time},E${r.eventId}`);
  }
  return lines.join('\n') + '\n';
}

/** The events a correct import keeps, as (keyed contact, time): valid rows minus exact repeats of (contact, time, type, event id). */
function expectedEvents(rows: Row[], secret: Buffer): string[] {
  const kept = new Set<string>();
  for (const r of rows) if (r.broken === 'none') kept.add(`${r.contact}|${T0 + r.minute * 60_000}|${r.type}|${r.eventId}`);
  return [...kept].map((k) => {
    const [contact, time] = k.split('|');
    return `${referenceHmac(secret, `id:C${contact}`)}|${time}`;
  }).sort();
}

const { ws, dir } = tempWorkspace();
afterAll(() => ws.close());

describe('import invariants', () => {
  it('lands whole or not at all, and keeps every valid event exactly once', async () => {
    let n = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(rowArb, { minLength: 1, maxLength: 40 }), fc.constantFrom(0, 0.1, 0.3, 1), async (rows, maxRejectShare) => {
        const file = writeFile(dir, `p${n++}.csv`, csvOf(rows));
        const before = dumpWorkspace(ws);
        const rejected = rows.filter((r) => r.broken !== 'none').length;
        let summary;
        try {
          summary = await importFile(ws, file, { maxRejectShare });
        } catch (err) {
          expect(err).toBeInstanceOf(UserError);
          expect(rejected / rows.length).toBeGreaterThan(maxRejectShare);
          expect(dumpWorkspace(ws)).toEqual(before);
          return;
        }
        expect(rejected / rows.length).toBeLessThanOrEqual(maxRejectShare);
        expect(summary.rowsRead).toBe(rows.length);
        expect(summary.rowsImported + summary.rowsRejected + summary.duplicateEventsDropped).toBe(rows.length);
        // Every kept event, once: from the events table and from the columnar copy alike.
        const stored = (
          ws.db.prepare('SELECT c.key, e.time_ms, c.idx FROM events e JOIN contacts c ON c.id = e.contact_id WHERE c.dataset_id = ?').raw().all(summary.datasetId) as [string, number, number][]
        );
        const keyOf = new Map<number, string>();
        for (const [key, , idx] of stored) keyOf.set(idx, key);
        const cols = loadEventColumns(ws.db, summary.datasetId);
        const fromColumns = [...cols.time].map((t, i) => `${keyOf.get(cols.contact[i]!)}|${t}`).sort();
        const fromTable = stored.map(([key, t]) => `${key}|${t}`).sort();
        expect(fromColumns).toEqual(fromTable);
        expect(fromTable).toEqual(expectedEvents(rows, ws.secret));
        expect(ws.db.pragma('foreign_key_check')).toEqual([]);
      }),
      { numRuns: 40 },
    );
  });
});
