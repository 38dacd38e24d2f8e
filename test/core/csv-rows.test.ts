/** The import's CSV splitter against papaparse (which the preview uses) on valid and broken CSV. */
import fc from 'fast-check';
import Papa from 'papaparse';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { type CsvRow, CsvRowSplitter, RowTooLongError, rowCells } from '../../src/core/importing/csv-rows';
import { bytesOfText, textOfBytes } from '../../src/core/strings';

type Linebreak = '\n' | '\r\n' | '\r';

/**
 * Splits `text` fed in the given chunk sizes; returns each row's cells, whether it is malformed, and its
 * line breaks. `bytes`: the splitter reads the text as byte text, as the import does with UTF-8 files
 * (chunks cut between characters, as the reader cuts them), and the cells are decoded afterwards.
 */
function split(text: string, delimiter: string, linebreak: Linebreak, cuts: number[] = [], bytes = false) {
  const splitter = new CsvRowSplitter(delimiter, linebreak, undefined, bytes);
  const rows: { cells: string[]; malformed: boolean; breaks: number }[] = [];
  const onRow = (r: CsvRow) => {
    // A row's bytes, where given, are its text's at the same indices, joined rows included.
    if (bytes) for (let i = r.start[0]!; i < r.end[r.count - 1]!; i++) if (r.bytes![i] !== r.text.charCodeAt(i)) throw new Error(`byte ${i} is not the text's`);
    rows.push({ cells: rowCells(r).map(bytes ? textOfBytes : (c) => c), malformed: r.malformed, breaks: r.breaks });
  };
  const feed = (piece: string) => {
    const byteText = bytesOfText(piece);
    splitter.push(bytes ? byteText : piece, onRow, bytes ? Uint8Array.from(byteText, (c) => c.charCodeAt(0)) : null);
  };
  let at = 0;
  for (let cut of [...cuts].sort((a, b) => a - b)) {
    // Between the halves of a surrogate pair is inside a character.
    if (bytes && cut < text.length && /[\udc00-\udfff]/.test(text[cut]!)) cut++;
    if (cut <= at || cut >= text.length) continue;
    feed(text.slice(at, cut));
    at = cut;
  }
  feed(text.slice(at));
  splitter.end(onRow);
  return rows;
}

function papa(text: string, delimiter: string, linebreak: Linebreak) {
  const r = Papa.parse<string[]>(text, { delimiter, newline: linebreak, skipEmptyLines: false });
  const data = r.data;
  // papaparse yields an empty last row after a final line break; the splitter does not.
  if (text.endsWith(linebreak) && data.length > 0 && data[data.length - 1]!.length === 1 && data[data.length - 1]![0] === '') data.pop();
  const malformed = new Set(r.errors.filter((e) => e.type === 'Quotes').map((e) => e.row));
  return data.map((cells, i) => ({ cells, malformed: malformed.has(i) }));
}

const delimiterArb = fc.constantFrom(',', ';', '\t', '|');
const linebreakArb = fc.constantFrom<Linebreak>('\n', '\r\n', '\r');
const cellArb = fc.string({ unit: fc.constantFrom('a', 'b', ' ', ',', ';', '\t', '|', '"', '\n', '\r', 'é', '😀'), maxLength: 8 });

describe('CsvRowSplitter', () => {
  it('splits valid CSV exactly as papaparse does, however the text is chunked', () => {
    fc.assert(
      fc.property(
        fc.array(fc.array(fc.tuple(cellArb, fc.boolean()), { minLength: 1, maxLength: 5 }), { minLength: 1, maxLength: 8 }),
        delimiterArb,
        linebreakArb,
        fc.boolean(),
        fc.array(fc.nat({ max: 400 }), { maxLength: 6 }),
        fc.boolean(),
        (quotedRows, delimiter, linebreak, trailing, cuts, bytes) => {
          // Quote a cell when it must be (or when asked to anyway), doubling its quotes.
          const encode = ([cell, quote]: [string, boolean]) => (quote || /[",;\t|\r\n]/.test(cell) ? `"${cell.replaceAll('"', '""')}"` : cell);
          const rows = quotedRows.map((r) => r.map(([cell]) => cell));
          // A row of one empty unquoted cell would be a blank line: quote it.
          const text = quotedRows.map((r) => (r.length === 1 && r[0]![0] === '' ? '""' : r.map(encode).join(delimiter))).join(linebreak) + (trailing ? linebreak : '');
          const ours = split(text, delimiter, linebreak, cuts, bytes);
          expect(ours.map((r) => r.cells)).toEqual(rows);
          expect(ours.every((r) => !r.malformed)).toBe(true);
          expect(ours.map((r) => r.cells)).toEqual(papa(text, delimiter, linebreak).map((r) => r.cells));
          // Line breaks inside quoted cells, counted for line numbers.
          expect(ours.map((r) => r.breaks)).toEqual(rows.map((r) => r.join('').split('\n').length - 1));
        },
      ),
      { numRuns: 500 },
    );
  });

  it('splits broken CSV (stray and unclosed quotes) as papaparse does, and flags the same rows', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: fc.constantFrom('a', ' ', ',', '"', '"', '\n', '\r\n', '\u00a0', '\u3000', 'à', '€'), maxLength: 40 }),
        linebreakArb,
        fc.array(fc.nat({ max: 40 }), { maxLength: 4 }),
        fc.boolean(),
        (text, linebreak, cuts, bytes) => {
          const ours = split(text, ',', linebreak, cuts, bytes);
          expect(ours).toEqual(split(text, ',', linebreak));
          expect(ours.map(({ cells, malformed }) => ({ cells, malformed }))).toEqual(papa(text, ',', linebreak));
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('keeps blanks between a closing quote and the delimiter out of the cell, as papaparse does', () => {
    expect(split('"a"  ,b\n"c" \nd', ',', '\n').map((r) => r.cells)).toEqual([['a', 'b'], ['c'], ['d']]);
  });

  it.each([false, true])('reads Unicode blanks after a closing quote as blanks, and other characters as text (byte text: %s)', (bytes) => {
    // U+00A0 is C2 A0 in UTF-8, U+3000 E3 80 80: blanks to papaparse, where a byte-by-byte check
    // would see "Â" and "ã" and call the quote stray. "à" (C3 A0) after a quote is text: the quote is
    // stray, and the field runs to the end.
    const text = '"a"\u00a0,"b"\u3000\u00a0\n"c"à,d\n';
    const expected = [
      [['a', 'b'], false],
      [['c"à,d\n'], true],
    ];
    expect(split(text, ',', '\n', [], bytes).map((r) => [r.cells, r.malformed])).toEqual(expected);
    expect(papa(text, ',', '\n').map((r) => [r.cells, r.malformed])).toEqual(expected);
  });

  it('reads a \\r\\n file cut off after its last \\r as if the \\n were there', () => {
    expect(split('x,y\r\n1,2\r', ',', '\r\n')).toEqual([
      { cells: ['x', 'y'], malformed: false, breaks: 0 },
      { cells: ['1', '2'], malformed: false, breaks: 0 },
    ]);
    expect(split('a,"b"\r\nc,"d"\r', ',', '\r\n').map((r) => [r.cells, r.malformed])).toEqual([
      [['a', 'b'], false],
      [['c', 'd'], false],
    ]);
  });

  it('refuses to hold a row longer than its limit (an unclosed quote runs on)', () => {
    const splitter = new CsvRowSplitter(',', '\n', 100);
    const rows: string[][] = [];
    splitter.push('a,b\nc,"never closed', (r) => rows.push(rowCells(r)));
    expect(rows).toEqual([['a', 'b']]);
    expect(() => splitter.push('x'.repeat(200), () => {})).toThrow(RowTooLongError);
  });

  describe('csv-spectrum (real RFC 4180 edge cases)', () => {
    const dir = path.join(__dirname, '..', 'fixtures', 'csv-spectrum');
    const names = fs
      .readdirSync(path.join(dir, 'csvs'))
      // location_coordinates' expected JSON disagrees with its own CSV (another phone number).
      .filter((f) => f.endsWith('.csv') && f !== 'location_coordinates.csv')
      .map((f) => f.replace(/\.csv$/, ''));
    it.each(names)('%s', (name) => {
      const text = fs.readFileSync(path.join(dir, 'csvs', `${name}.csv`), 'utf8');
      const expected = JSON.parse(fs.readFileSync(path.join(dir, 'json', `${name}.json`), 'utf8')) as Record<string, string>[];
      const linebreak = text.includes('\r\n') ? '\r\n' : '\n';
      const [header, ...rows] = split(text, ',', linebreak, [7, 19]).map((r) => r.cells);
      expect(rows.map((r) => Object.fromEntries(header!.map((h, i) => [h, r[i]])))).toEqual(expected);
    });
  });
});
