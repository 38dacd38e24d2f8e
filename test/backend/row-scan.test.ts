/**
 * UTF-8 CSV goes through the WebAssembly row scanner; SCORECAST_ROW_SCAN=js sends it through the
 * TypeScript splitter and fast path instead, as every other file goes. Both must store exactly the
 * same, whatever the quoting: the scanner hands rows with papaparse's finer points to the splitter.
 */
import fc from 'fast-check';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { importFile } from '../../src/backend/import/importer';
import type { ImportOptions } from '../../src/core/importing/types';
import { generateCsv } from '../../src/core/generate';
import type { Workspace } from '../../src/backend/workspace';
import { storedDataset as stored, tempDir, tempWorkspace, writeFile } from '../helpers/workspace';

const open: Workspace[] = [];
afterAll(() => open.forEach((ws) => ws.close()));

/** Imports `file` through the TypeScript path (`js`) or the scanner. */
async function importVia(path: 'js' | 'scan', ws: Workspace, file: string, options: ImportOptions = {}) {
  const before = process.env.SCORECAST_ROW_SCAN;
  if (path === 'js') process.env.SCORECAST_ROW_SCAN = 'js';
  else delete process.env.SCORECAST_ROW_SCAN;
  try {
    return await importFile(ws, file, { maxRejectShare: 1, ...options });
  } finally {
    if (before === undefined) delete process.env.SCORECAST_ROW_SCAN;
    else process.env.SCORECAST_ROW_SCAN = before;
  }
}

/** Both paths on one file, in one workspace (one keying secret): their datasets and summaries. */
async function bothPaths(text: string, name = 'rows.csv') {
  const { ws, dir } = tempWorkspace();
  open.push(ws);
  const file = writeFile(dir, name, text);
  const viaJs = await importVia('js', ws, file).catch((err: Error) => err);
  const viaScan = await importVia('scan', ws, file).catch((err: Error) => err);
  return { ws, viaJs, viaScan };
}

function expectSame({ ws, viaJs, viaScan }: Awaited<ReturnType<typeof bothPaths>>): void {
  if (viaJs instanceof Error || viaScan instanceof Error) {
    expect(viaScan instanceof Error ? viaScan.message : 'imported').toBe(viaJs instanceof Error ? viaJs.message : 'imported');
    return;
  }
  const { seconds: _a, datasetId: idJs, name: _n1, ...summaryJs } = viaJs;
  const { seconds: _b, datasetId: idScan, name: _n2, ...summaryScan } = viaScan;
  expect(summaryScan).toEqual(summaryJs);
  expect(stored(ws, idScan)).toEqual(stored(ws, idJs));
}

const HEADER = 'contact_id,email,phone,country,event_type,timestamp,event_id';

/** Cell values that keep a row on the scanner's fast path, and values that send it elsewhere. */
const plainCell = fc.constantFrom('C1', 'C2', 'C3', 'x@example.org', 'X@Example.org ', '+1 415 555 0100', 'US', 'U.S.', 'page_view', 'demo_request', '2026-03-02T10:00:00Z', '2026-03-02T10:00:00.123Z', '2026-03-02 10:00', 'E1', 'E2', '');
const oddCell = fc.constantFrom(' C1', 'C1 ', 'C1\u00a0', 'Cé', 'a,b', 'say "hi"', 'two\nlines', 'cr\rhere', '0099-01-01T00:00:00Z', '2026-02-30T10:00:00Z', '2026-03-02T24:00:00Z');

/** A cell as a CSV writer (or a careless one) might write it. */
const writtenCell = fc.oneof(
  { weight: 6, arbitrary: plainCell },
  { weight: 2, arbitrary: fc.oneof(plainCell, oddCell).map((v) => `"${v.replaceAll('"', '""')}"`) },
  { weight: 1, arbitrary: fc.oneof(plainCell, oddCell) }, // raw: may break the row apart
  { weight: 1, arbitrary: plainCell.map((v) => `"${v}" `) }, // a blank after the closing quote
  { weight: 1, arbitrary: plainCell.map((v) => `${v}"x`) }, // a quote inside an unquoted cell
  { weight: 1, arbitrary: plainCell.map((v) => `"${v}"x`) }, // a stray quote
);

const csvText = fc
  .record({
    rows: fc.array(fc.array(writtenCell, { minLength: 5, maxLength: 8 }), { minLength: 1, maxLength: 40 }),
    crlf: fc.boolean(),
    delimiter: fc.constantFrom(',', ',', ';', '\t', '|'),
    endsWithBreak: fc.boolean(),
    unclosedTail: fc.boolean(),
  })
  .map(({ rows, crlf, delimiter, endsWithBreak, unclosedTail }) => {
    const lb = crlf ? '\r\n' : '\n';
    let text = [HEADER.replaceAll(',', delimiter), ...rows.map((r) => r.join(delimiter))].join(lb) + (endsWithBreak ? lb : '');
    if (unclosedTail) text += `C9${delimiter}"never closed${lb}C1${delimiter}x@example.org`;
    return text;
  });

describe('the WebAssembly row scanner', () => {
  it('stores what the TypeScript path stores, whatever the quoting, delimiter and line breaks', async () => {
    await fc.assert(
      fc.asyncProperty(csvText, async (text) => expectSame(await bothPaths(text))),
      { numRuns: 25 },
    );
  }, 120_000);

  it('stores the same for dirty generated exports read in many chunks', async () => {
    // ~4 MB: read 1 MB at a time, rows cut at every chunk boundary.
    const csv = [...generateCsv({ contacts: 2500, days: 10, seed: 7, dirty: 0.3 })].join('');
    expect(csv.length).toBeGreaterThan(3 * 1024 * 1024);
    expectSame(await bothPaths(csv));
  });

  it('stores the same when rows with quoted line breaks and stray quotes straddle chunk boundaries', async () => {
    const lines = [HEADER];
    for (let i = 0; i < 40_000; i++) {
      const id = `C${i % 997}`;
      const cells =
        i % 53 === 0
          ? [id, `"line one\nline two, ""quoted"""`, '+1 415 555 0100', 'US', 'page_view', '2026-03-02T10:00:00Z', `E${i}`]
          : i % 101 === 0
            ? [id, '"spaced" ', '+1 415 555 0100', 'US', 'demo_request', '2026-03-02T10:00:01Z', `E${i}`]
            : i % 211 === 0
              ? [id, 'x"y', '"a"b', 'US', 'page_view', '2026-03-02T10:00:02Z', `E${i}`]
              : [id, `p${i % 997}@example.org`, '+1 415 555 0100', 'US', i % 2 ? 'page_view' : 'email_open', `2026-03-0${1 + (i % 9)}T10:00:00.${String(i % 1000).padStart(3, '0')}Z`, `E${i}`];
      lines.push(cells.join(','));
    }
    for (const lb of ['\n', '\r\n']) expectSame(await bothPaths(lines.join(lb) + lb));
  });

  it('keys contact ids of every length, those a table entry holds and longer, tens of thousands of them (the tables grow)', async () => {
    const lines = [HEADER];
    for (let i = 0; i < 60_000; i++) {
      // 2-6 bytes, then either side of the 12 a table entry holds inline, then 21 (kept apart).
      const n = i % 20_000;
      const id = [`C${n}`, `K${String(n).padStart(11, '0')}`, `L${String(n).padStart(12, '0')}`, `0033x000${String(n).padStart(10, '0')}AAB`][i % 4]!;
      lines.push([id, `p${i % 20_000}@example.org`, '', 'US', i % 5 ? 'page_view' : 'form_submit', `2026-03-02T10:${String(i % 60).padStart(2, '0')}:00Z`, `E${i}`].join(','));
    }
    expectSame(await bothPaths(lines.join('\n') + '\n'));
  });

  it('leaves a file with more key columns than it lists to the TypeScript path, storing the same', async () => {
    // No event id: duplicates are keyed on every column that is not personal, 600 of them here.
    const extra = Array.from({ length: 600 }, (_, i) => `x${i}`);
    const header = ['contact_id', 'email', 'event_type', 'timestamp', ...extra].join(',');
    const rows = Array.from({ length: 50 }, (_, i) => [`C${i % 7}`, `p${i % 7}@example.org`, 'page_view', `2026-03-02T10:00:${String(i % 60).padStart(2, '0')}Z`, ...extra.map((_, j) => String((i * j) % 3))].join(','));
    const both = await bothPaths([header, ...rows, rows[0]].join('\n') + '\n');
    expectSame(both);
    expect(both.viaScan).not.toBeInstanceOf(Error);
    expect((both.viaScan as { duplicateEventsDropped: number }).duplicateEventsDropped).toBe(1);
  });

  it('hands the splitter a quoted cell longer than its first window (64 KB), across chunks', async () => {
    const long = 'y'.repeat(1_500_000);
    const text = [HEADER, `C1,"${long}",,US,page_view,2026-03-02T10:00:00Z,E1`, `C2,"${long}" ,,US,page_view,2026-03-02T10:00:00Z,E2`, 'C3,z@example.org,,US,page_view,2026-03-02T10:00:00Z,E3'].join('\n');
    const both = await bothPaths(text);
    expectSame(both);
    expect(both.viaScan).not.toBeInstanceOf(Error);
  });

  it('reports a quote that never closes as the TypeScript path does, storing nothing', async () => {
    const runaway = `${HEADER}\nC1,x@example.org,,US,page_view,2026-03-02T10:00:00Z,E1\nC2,"${'z'.repeat(17 * 1024 * 1024)}`;
    const both = await bothPaths(runaway, 'runaway.csv');
    expect(both.viaScan).toBeInstanceOf(Error);
    expectSame(both);
    expect((both.ws.db.prepare('SELECT count(*) FROM datasets').pluck().get() as number)).toBe(0);
  });
});

describe('the row scanner binary', () => {
  it('is what its source compiles to (rebuilt here, byte for byte)', () => {
    const out = path.join(tempDir(), 'row-scan.wasm');
    execFileSync(process.execPath, ['scripts/build-wasm.mjs', out], { stdio: 'pipe' });
    expect(fs.readFileSync(out).equals(fs.readFileSync('src/wasm/row-scan.wasm'))).toBe(true);
  });
});
