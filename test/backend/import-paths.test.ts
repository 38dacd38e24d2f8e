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

const open: Workspace[] = [];
afterAll(() => open.forEach((ws) => ws.close()));

describe('CSV fast path', () => {
  it('stores what the string path stores for the same rows (dirty generated data)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 1_000_000 }), fc.constantFrom(0.05, 0.3), async (seed, dirty) => {
        const csv = [...generateCsv({ contacts: 25, days: 3, seed, dirty })].join('');
        const [header, ...rows] = Papa.parse<string[]>(csv.trimEnd(), { delimiter: ',' }).data;
        // JSON Lines cannot hold a row of the wrong width: keep those out of both files.
        const whole = rows.filter((r) => r.length === header!.length);
        const csvFile = Papa.unparse([header!, ...whole], { newline: '\n' });
        const jsonl = whole.map((r) => JSON.stringify(Object.fromEntries(header!.map((h, i) => [h, r[i]])))).join('\n');
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
});
