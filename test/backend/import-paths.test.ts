/**
 * CSV rows are read in place on the import's fast path; JSON Lines rows always go through strings.
 * The same rows as CSV and as JSON Lines must therefore store exactly the same data.
 */
import fc from 'fast-check';
import Papa from 'papaparse';
import { afterAll, describe, expect, it } from 'vitest';
import { importFile } from '../../src/backend/import/importer';
import { generateCsv } from '../../src/core/generate';
import { storedDataset as stored, tempWorkspace, writeFile } from '../helpers/workspace';
import type { Workspace } from '../../src/backend/workspace';
import { referenceHmac } from '../../src/worker/keyer';

const open: Workspace[] = [];
afterAll(() => open.forEach((ws) => ws.close()));

/** The same rows as CSV and as JSON Lines. */
function bothFormats(csv: string): { csvFile: string; jsonl: string } {
  const [header, ...rows] = Papa.parse<string[]>(csv.trimEnd(), { delimiter: ',' }).data;
  // JSON Lines cannot hold a row of the wrong width; a line break in a cell would shift the CSV's
  // line numbers against the JSON Lines'. Keep both kinds out of both files.
  const whole = rows.filter((r) => r.length === header!.length && !r.some((cell) => /[\r\n]/.test(cell)));
  return {
    csvFile: Papa.unparse([header!, ...whole], { newline: '\n' }),
    jsonl: whole.map((r) => JSON.stringify(Object.fromEntries(header!.map((h, i) => [h, r[i]])))).join('\n'),
  };
}

describe('CSV fast path', () => {
  it('stores what the string path stores for the same rows (dirty generated data)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 1_000_000 }), fc.constantFrom(0.05, 0.3), async (seed, dirty) => {
        const { csvFile, jsonl } = bothFormats([...generateCsv({ contacts: 25, days: 3, seed, dirty })].join(''));
        const { ws, dir } = tempWorkspace();
        open.push(ws);
        const a = await importFile(ws, writeFile(dir, 'rows.csv', csvFile), { maxRejectShare: 1 });
        const b = await importFile(ws, writeFile(dir, 'rows.jsonl', jsonl), { maxRejectShare: 1 });
        // CSV line n holds JSON Lines line n - 1 (the header).
        expect(stored(ws, a.datasetId, 1)).toEqual(stored(ws, b.datasetId, 0));
        expect(a.rowsImported).toBeGreaterThan(0);
      }),
      { numRuns: 12 },
    );
  });

  it('stores the same from files read in many chunks, rows cut at every chunk boundary', async () => {
    // ~4 MB as CSV and ~9 MB as JSON Lines: the import reads 1 MB at a time.
    const { csvFile, jsonl } = bothFormats([...generateCsv({ contacts: 2500, days: 10, seed: 11, dirty: 0.05 })].join(''));
    expect(csvFile.length).toBeGreaterThan(3 * 1024 * 1024);
    const { ws, dir } = tempWorkspace();
    open.push(ws);
    const a = await importFile(ws, writeFile(dir, 'rows.csv', csvFile), { maxRejectShare: 1 });
    const b = await importFile(ws, writeFile(dir, 'rows.jsonl', jsonl), { maxRejectShare: 1 });
    expect(a.rowsRead).toBe(csvFile.split('\n').length - 1);
    expect(stored(ws, a.datasetId, 1)).toEqual(stored(ws, b.datasetId, 0));
  });

  it('reads non-ASCII cells as text where it counts, whether a row takes the fast path or not', async () => {
    // UTF-8 CSV is split as bytes; ids, types, countries and identity cells must still be read as text.
    const header = ['contact_id', 'email', 'country', 'event_type', 'timestamp', 'event_id'];
    const rows = [
      ['Ünal-1', 'Jose@Exämple.com', 'Österreich', 'Démo demandée', '2026-03-01T10:00:00Z', 'é1'],
      ['Ünal-1', 'Jose@Exämple.com', 'Österreich', 'Démo demandée', '2026-03-01T11:00:00Z', 'é2'], // fast path
      ['\u00a0Ünal-1\u3000', 'Jose@Exämple.com', 'Österreich', 'Démo demandée', '2026-03-01T12:00:00Z', 'é3'], // Unicode blanks trimmed
      ['Zoë', 'zoe@example.com', 'España', 'Démo demandée', '2026-03-01T13:00:00Z', 'é4'],
      ['Zoë', 'zoe@example.com', 'España', 'Démo demandée', '2026-03-01T13:00:00Z', 'é4'], // exact duplicate
      ['Zoë', 'JOSE@exämple.com', 'España', 'Démo demandée', '2026-03-01T14:00:00Z', 'é5'], // Ünal-1's email: merged
    ];
    const csvFile = Papa.unparse([header, ...rows], { newline: '\n' });
    const jsonl = rows.map((r) => JSON.stringify(Object.fromEntries(header.map((h, i) => [h, r[i]])))).join('\n');
    const { ws, dir } = tempWorkspace();
    open.push(ws);
    const a = await importFile(ws, writeFile(dir, 'unicode.csv', csvFile));
    const b = await importFile(ws, writeFile(dir, 'unicode.jsonl', jsonl));
    expect(stored(ws, a.datasetId, 1)).toEqual(stored(ws, b.datasetId, 0));
    expect(a).toMatchObject({ rowsImported: 5, contacts: 1, contactsMerged: 1, duplicateEventsDropped: 1, unknownEventTypes: { demo_demandee: 5 } });
    const contact = ws.db.prepare('SELECT key, email_key, country FROM contacts WHERE dataset_id = ?').get(a.datasetId);
    expect(contact).toEqual({ key: referenceHmac(ws.secret, 'id:Ünal-1'), email_key: referenceHmac(ws.secret, 'email:jose@exämple.com'), country: 'AT' });
    expect(ws.db.prepare('SELECT raw FROM raw_event_types').pluck().all()).toEqual(['Démo demandée']);
  });
});

