/**
 * Events are stored as the parse runs, under the contacts as numbered so far; merges found later move
 * them and duplicates found later delete them. A file with more rows than the import holds in memory
 * goes through temporary tables: sorted runs merged, kept events written out, the per-contact lookup
 * built range by range. Whatever those limits, an import must store exactly what one in-memory pass stores.
 */
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { contactEventIds } from '../../src/backend/datasets';
import { importFile } from '../../src/backend/import/importer';
import { generateCsv } from '../../src/core/generate';
import { storedDataset, tempWorkspace, writeFile } from '../helpers/workspace';
import type { Workspace } from '../../src/backend/workspace';

const open: Workspace[] = [];
afterAll(() => open.forEach((ws) => ws.close()));

describe('imports larger than memory', () => {
  it('store what an import held in memory stores, merges and duplicates included', async () => {
    let merged = 0;
    let duplicates = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 1_000_000 }),
        fc.record({ runRows: fc.integer({ min: 1, max: 300 }), keptRows: fc.integer({ min: 1, max: 300 }), lookupEvents: fc.integer({ min: 1, max: 300 }) }),
        async (seed, limits) => {
        const { ws, dir } = tempWorkspace();
        open.push(ws);
        const file = writeFile(dir, 'rows.csv', [...generateCsv({ contacts: 60, days: 4, seed, dirty: 0.3 })].join(''));
        const whole = await importFile(ws, file, { name: 'whole', maxRejectShare: 1 });
        const chunked = await importFile(ws, file, { name: 'chunked', maxRejectShare: 1 }, { limits });
        expect(storedDataset(ws, chunked.datasetId)).toEqual(storedDataset(ws, whole.datasetId));
        expect({ ...chunked, datasetId: 0, name: '', seconds: 0 }).toEqual({ ...whole, datasetId: 0, name: '', seconds: 0 });
        expect(ws.db.pragma('foreign_key_check')).toEqual([]);
        // And both hold exactly the kept events: duplicates are gone from the table, as from the replay copy.
        for (const d of [whole, chunked]) {
          expect(ws.db.prepare('SELECT count(*) FROM events e JOIN contacts c ON c.id = e.contact_id WHERE c.dataset_id = ?').pluck().get(d.datasetId)).toBe(d.rowsImported);
          // The per-contact lookup gives each contact's events (merged contacts' included), in time then line order.
          const rows = ws.db
            .prepare('SELECT c.idx, e.id FROM events e JOIN contacts c ON c.id = e.contact_id WHERE c.dataset_id = ? ORDER BY c.idx, e.time_ms, e.line')
            .raw()
            .all(d.datasetId) as [number, number][];
          const looked = Array.from({ length: d.contacts }, (_, idx) => contactEventIds(ws.db, d.datasetId, idx).map((id) => [idx, id]));
          expect(looked.flat()).toEqual(rows);
        }
        // The small limits split the lookup into ranges of contacts (one range when it all fits), and no temporary table is left.
        const ranges = (id: number) => ws.db.prepare('SELECT count(*) FROM contact_event_ranges WHERE dataset_id = ?').pluck().get(id) as number;
        expect(ranges(whole.datasetId)).toBe(1);
        if (chunked.rowsImported > 2 * limits.lookupEvents) expect(ranges(chunked.datasetId)).toBeGreaterThan(1);
        expect(ws.db.prepare("SELECT count(*) FROM temp.sqlite_master WHERE type = 'table'").pluck().get()).toBe(0);
        merged += chunked.contactsMerged;
        duplicates += chunked.duplicateEventsDropped;
        },
      ),
      { numRuns: 15 },
    );
    // The runs exercised what the chunks defer.
    expect(merged).toBeGreaterThan(0);
    expect(duplicates).toBeGreaterThan(0);
  });
});

describe('batches', () => {
  it('keeps every row of a batch that outgrows its room (short rows: a megabyte read holds ~90k)', async () => {
    const { ws, dir } = tempWorkspace();
    open.push(ws);
    const rows = ['c,t,e'];
    // 11-byte rows: one read of the file adds more rows to the pending batch than its room.
    for (let i = 0; i < 200_000; i++) rows.push(`${i % 997},${1_772_409_600 + i},v`);
    const s = await importFile(ws, writeFile(dir, 'short.csv', rows.join('\n')), { map: { contactId: 'c', timestamp: 't', eventType: 'e' } });
    expect(s).toMatchObject({ rowsRead: 200_000, rowsImported: 200_000, rowsRejected: 0, contacts: 997 });
    const lines = ws.db.prepare('SELECT line FROM events e JOIN contacts c ON c.id = e.contact_id WHERE c.dataset_id = ? ORDER BY line').pluck().all(s.datasetId) as number[];
    expect(lines).toEqual(Array.from({ length: 200_000 }, (_, i) => i + 2));
  });
});
