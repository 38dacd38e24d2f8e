/** The import hashes a cell in place on its fast path and as a string on the other: both must agree. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BYTE_HASHER, RangeMap, TEXT_HASHER } from '../../src/core/importing/cell-hash';

/** A row of byte-text cells laid out in one text with separators, as the CSV splitter sees it. */
const rowArb = fc.array(fc.uint8Array({ maxLength: 13 }), { minLength: 1, maxLength: 6 }).map((cells) => {
  const strings = cells.map((c) => String.fromCharCode(...c));
  const start = new Int32Array(cells.length);
  const end = new Int32Array(cells.length);
  let text = 'x';
  strings.forEach((cell, i) => {
    start[i] = text.length;
    text += cell;
    end[i] = text.length;
    text += ',';
  });
  return { strings, text, bytes: Uint8Array.from(text, (ch) => ch.charCodeAt(0)), start, end };
});

describe('cell hashes', () => {
  it('byte text: the same from the bytes, from the text and from the cells as strings', () => {
    fc.assert(
      fc.property(rowArb, fc.integer({ min: 0, max: 5 }), ({ strings, text, bytes, start, end }, pick) => {
        const columns = strings.map((_, i) => i).filter((i) => i % (pick + 1) === 0);
        const fromCells = BYTE_HASHER.cells(strings, columns);
        expect(BYTE_HASHER.ranges(text, bytes, start, end, columns)).toBe(fromCells);
        expect(BYTE_HASHER.ranges(text, null, start, end, columns)).toBe(fromCells);
        const c = columns[0]!;
        expect(BYTE_HASHER.range(text, bytes, start[c]!, end[c]!)).toBe(BYTE_HASHER.cells(strings, [c]));
      }),
      { numRuns: 2000 },
    );
  });

  it.each([TEXT_HASHER, BYTE_HASHER])('tells cells apart where they split differently (%#)', (hasher) => {
    expect(hasher.cells(['ab', 'c'], [0, 1])).not.toBe(hasher.cells(['a', 'bc'], [0, 1]));
    expect(hasher.cells(['abcd', ''], [0, 1])).not.toBe(hasher.cells(['', 'abcd'], [0, 1]));
    expect(hasher.cells(['abc'], [0])).not.toBe(hasher.cells(['abc\0'], [0]));
    // 100k distinct values, no two alike in 53 bits.
    const seen = new Set<number>();
    for (let i = 0; i < 100_000; i++) seen.add(hasher.cells([`C${i}`, `x${i}@example.org`], [0, 1]));
    expect(seen.size).toBe(100_000);
  });

  it('a RangeMap finds by byte ranges what it was given as byte text', () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.uint8Array({ maxLength: 9 }), { minLength: 1, maxLength: 50, selector: (a) => a.join(',') }), (keys) => {
        const map = new RangeMap(BYTE_HASHER);
        const strings = keys.map((k) => String.fromCharCode(...k));
        strings.forEach((k, i) => map.add(k, i));
        strings.forEach((k, i) => {
          const text = `"${k}"`;
          expect(map.get(text, 1, 1 + k.length, Uint8Array.from(text, (ch) => ch.charCodeAt(0)))).toBe(i);
          expect(map.get(k, 0, k.length)).toBe(i);
        });
        expect(map.get('\u0100', 0, 1)).toBe(-1);
      }),
      { numRuns: 300 },
    );
  });
});
