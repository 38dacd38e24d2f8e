/**
 * Splits CSV text into rows of cell ranges without making a string per cell: the import's hot path
 * reads cells in place (hashes, dictionary lookups) and makes strings only for the rows that need
 * them. The splitting rules are papaparse's, which the app's preview uses and which tests hold this
 * to: a field is quoted only if it starts with a quote; inside, "" is a quote; a quote followed by
 * anything but a delimiter, line break or the end is a stray quote (kept, and the row is malformed);
 * a quote never closed runs to the end of the file (malformed).
 */

export interface CsvRow {
  /** The text the ranges index into (valid only during the callback). */
  text: string;
  /** Where the text is byte text and its bytes were given: those bytes, at the same indices. */
  bytes: Uint8Array | null;
  /** Cell i is text[start[i], end[i]), quotes stripped. */
  start: Int32Array;
  end: Int32Array;
  count: number;
  /** Some cell holds "" (or a stray quote) and must be unescaped: read cells with cellText. */
  escaped: boolean;
  /** Per cell: 1 if it is quoted and holds "" or a stray quote. */
  cellEscaped: Uint8Array;
  /** Line feeds inside cells: the row spans 1 + breaks lines. */
  breaks: number;
  /** A quote problem, as papaparse reports one. */
  malformed: boolean;
  /** The last cell's quote never closed: it runs to the end of the text, as it stands (papaparse does not unescape it). */
  unclosed: boolean;
}

import { grown } from '../grown';
import { textOfBytes } from '../strings';

const QUOTE = 0x22;

/** A row has run on past the splitter's limit: an unclosed quote, or text without line breaks. */
export class RowTooLongError extends Error {
  constructor(readonly limit: number) {
    super(`a row runs on for more than ${limit.toLocaleString('en-US')} characters`);
  }
}

/** Longer rows are refused rather than held: no real export has a 16-million-character row. */
export const MAX_ROW_CHARS = 16 * 1024 * 1024;

export class CsvRowSplitter {
  private carry = '';
  /** The carry's bytes, in byte text. */
  private carryBytes: Uint8Array | null = null;
  private readonly row: CsvRow = { text: '', bytes: null, start: new Int32Array(64), end: new Int32Array(64), cellEscaped: new Uint8Array(64), count: 0, escaped: false, breaks: 0, malformed: false, unclosed: false };
  private readonly delim: number;
  /** The line break's last character, and its first when it is two long (\r\n). */
  private readonly lbLast: number;
  private readonly lbFirst: number;

  /**
   * `byteText`: the text is byte text (core/strings.ts). Splitting is the same, since everything it
   * looks for is ASCII; only blanks after a closing quote, which may be Unicode spaces, are read as characters.
   */
  constructor(
    delimiter: string,
    linebreak: '\n' | '\r\n' | '\r',
    private readonly maxRowChars = MAX_ROW_CHARS,
    private readonly byteText = false,
  ) {
    this.delim = delimiter.charCodeAt(0);
    this.lbLast = linebreak.charCodeAt(linebreak.length - 1);
    this.lbFirst = linebreak.length === 2 ? linebreak.charCodeAt(0) : -1;
  }

  /**
   * Splits every complete row of `chunk` (after what earlier chunks left over); the rest waits for
   * more text. In byte text, `bytes` are the chunk's bytes: rows then carry them for reading in place.
   */
  push(chunk: string, onRow: (row: CsvRow) => void, bytes: Uint8Array | null = null): void {
    let from = 0;
    if (this.carry !== '') {
      // The row cut off by the last chunk is finished with this chunk's first line, not by copying
      // the whole chunk onto it (a megabyte a chunk, and a fresh large string to allocate).
      const lb = chunk.indexOf(String.fromCharCode(this.lbLast));
      if (lb >= 0) {
        const head = this.carry + chunk.slice(0, lb + 1);
        const headBytes = joined(this.carryBytes, bytes, 0, lb + 1);
        this.keepCarry(head, headBytes, this.split(head, headBytes, 0, false, onRow));
        from = lb + 1;
      }
      if (this.carry !== '') {
        // Still unfinished (a quoted line break, or no line break in this chunk): join as before.
        const text = this.carry + chunk.slice(from);
        const textBytes = joined(this.carryBytes, bytes, from, chunk.length);
        this.keepCarry(text, textBytes, this.split(text, textBytes, 0, false, onRow));
        this.checkCarry();
        return;
      }
    }
    this.keepCarry(chunk, bytes, this.split(chunk, bytes, from, false, onRow));
    this.checkCarry();
  }

  /** Keeps text[at…] (and its bytes) for the next chunk. */
  private keepCarry(text: string, bytes: Uint8Array | null, at: number): void {
    this.carry = text.slice(at);
    this.carryBytes = bytes && bytes.slice(at);
  }

  private checkCarry(): void {
    if (this.carry.length > this.maxRowChars) throw new RowTooLongError(this.maxRowChars);
  }

  /** Splits what is left once the text has ended. */
  end(onRow: (row: CsvRow) => void): void {
    if (this.carry !== '') this.split(this.carry, this.carryBytes, 0, true, onRow);
    this.carry = '';
    this.carryBytes = null;
  }

  /**
   * Splits the one row that starts at text[from] (the text ends there when `final`), apart from any
   * chunks pushed; returns where the row ends, or -1 if the text ends before it does.
   */
  splitFirst(text: string, from: number, final: boolean, onRow: (row: CsvRow) => void): number {
    let emitted = false;
    const end = this.split(text, null, from, final, (row) => {
      emitted = true;
      onRow(row);
    }, true);
    return emitted ? end : -1;
  }

  /** Emits rows of `text` from `start` on (only the first if `once`); returns where the first incomplete row starts (after the row, if `once`). */
  private split(text: string, bytes: Uint8Array | null, start: number, final: boolean, onRow: (row: CsvRow) => void, once = false): number {
    const n = text.length;
    const { delim, lbLast, lbFirst } = this;
    const row = this.row;
    row.text = text;
    row.bytes = bytes;
    const delimChar = String.fromCharCode(delim);
    const lbChar = String.fromCharCode(lbLast);
    let p = start;
    let quoteAt = -1;
    let delimAt = -1;
    while (p < n) {
      const rowStart = p;
      row.count = 0;
      row.escaped = false;
      row.breaks = 0;
      row.malformed = false;
      row.unclosed = false;
      // Most rows hold no quote: split them with native searches for the line break and delimiters.
      const lb = text.indexOf(lbChar, p);
      if (lb < 0 && !final) return rowStart;
      const rowEnd = lb < 0 ? n - this.cutBreak(text, p, n, final) : lbFirst >= 0 ? lb - 1 : lb;
      // The next quote and delimiter are remembered across rows, so no search runs over the same text twice.
      if (quoteAt < p) quoteAt = nextIndex(text, '"', p);
      if (quoteAt >= rowEnd && (lbFirst < 0 || lb < 0 || (lb > p && text.charCodeAt(rowEnd) === lbFirst))) {
        let from = p;
        if (delimAt < p) delimAt = nextIndex(text, delimChar, p);
        while (delimAt < rowEnd) {
          this.pushCell(from, delimAt);
          from = delimAt + 1;
          delimAt = nextIndex(text, delimChar, from);
        }
        this.pushCell(from, rowEnd);
        p = lb < 0 ? n : lb + 1;
        onRow(row);
        if (once) return p;
        continue;
      }
      let complete = false;
      for (;;) {
        // One cell starts at p.
        if (p < n && text.charCodeAt(p) === QUOTE) {
          const from = p + 1;
          let q = from;
          let close = -1;
          let after = -1;
          let escapedCell = false;
          for (;;) {
            const at = text.indexOf('"', q);
            if (at < 0) break;
            let j = at + 1;
            if (j < n && text.charCodeAt(j) === QUOTE) {
              escapedCell = true;
              q = j + 1;
              continue;
            }
            // As papaparse: blanks may sit between the closing quote and the delimiter or line break.
            for (let w = 0; j < n && (w = this.blankAfterQuote(text, j)) > 0; ) j += w;
            if (j === n) {
              if (!final) return rowStart; // the text may go on with a delimiter or line break
              if (j === at + 1) {
                close = at;
                after = j;
                break;
              }
            } else {
              const c = text.charCodeAt(j);
              if (c === delim || (c === lbLast && lbFirst < 0)) {
                close = at;
                after = j;
                break;
              }
              if (c === lbFirst) {
                if (j + 1 === n && !final) return rowStart;
                // \r\n, or a \r that ends the file (its \n cut off).
                if (j + 1 === n || text.charCodeAt(j + 1) === lbLast) {
                  close = at;
                  after = j;
                  break;
                }
              }
            }
            // A stray quote: kept as text, as papaparse keeps it, and the row is malformed.
            escapedCell = true;
            row.malformed = true;
            q = at + 1;
          }
          if (close < 0) {
            if (!final) return rowStart;
            // Never closed: the field runs to the end of the text.
            this.pushCell(from, n);
            row.breaks += countBreaks(text, from, n);
            row.malformed = true;
            row.unclosed = true;
            p = n;
            complete = true;
            break;
          }
          this.pushCell(from, close, escapedCell);
          row.breaks += countBreaks(text, from, close);
          p = after;
        } else {
          let i = p;
          while (i < n) {
            const c = text.charCodeAt(i);
            if (c === delim) break;
            if (c === lbLast) {
              if (lbFirst < 0 || (i > p && text.charCodeAt(i - 1) === lbFirst)) break;
              row.breaks++; // a lone \n in a \r\n file: data, but a new line all the same
            }
            i++;
          }
          if (i === n && !final) return rowStart;
          const cellEnd = i < n ? (text.charCodeAt(i) === lbLast && lbFirst >= 0 ? i - 1 : i) : n - this.cutBreak(text, p, n, final);
          this.pushCell(p, cellEnd);
          p = i === n ? n : cellEnd;
        }
        // p is at a delimiter, a line break or the end.
        if (p >= n) {
          if (!final) return rowStart;
          complete = true;
          break;
        }
        const c = text.charCodeAt(p);
        if (c === delim) {
          p++;
          if (p === n && final) {
            this.pushCell(n, n);
            complete = true;
            break;
          }
          continue;
        }
        // A line break (\r\n is two characters, both seen already).
        p += c === lbFirst && lbFirst >= 0 ? 2 : 1;
        complete = true;
        break;
      }
      if (complete) {
        onRow(row);
        if (once) return Math.min(p, n);
      }
    }
    return n;
  }

  /** 1 if the text ends in the first half of a \r\n line break (a file cut short after its \r), else 0. */
  private cutBreak(text: string, from: number, n: number, final: boolean): number {
    return final && this.lbFirst >= 0 && n > from && text.charCodeAt(n - 1) === this.lbFirst ? 1 : 0;
  }

  /**
   * The width of the whitespace (as String.prototype.trim sees it) at text[j] that is neither the
   * delimiter nor a line break, or 0: a character, or in byte text the bytes of one.
   */
  private blankAfterQuote(text: string, j: number): number {
    const c = text.charCodeAt(j);
    if (c === this.delim) return 0;
    if (this.lbFirst < 0 ? c === this.lbLast : c === this.lbFirst && (j + 1 === text.length || text.charCodeAt(j + 1) === this.lbLast)) return 0;
    if (c === 0x20 || (c >= 0x09 && c <= 0x0d)) return 1;
    if (c <= 0x7e) return 0;
    if (!this.byteText) return /\s/.test(String.fromCharCode(c)) ? 1 : 0;
    const width = c >= 0xf0 ? 4 : c >= 0xe0 ? 3 : c >= 0xc0 ? 2 : 1;
    return /^\s$/.test(textOfBytes(text.slice(j, j + width))) ? width : 0;
  }

  private pushCell(from: number, to: number, escaped = false): void {
    const row = this.row;
    if (row.count === row.start.length) {
      row.start = grown(row.start, row.count * 2);
      row.end = grown(row.end, row.count * 2);
      row.cellEscaped = grown(row.cellEscaped, row.count * 2);
    }
    row.start[row.count] = from;
    row.end[row.count] = to;
    row.cellEscaped[row.count++] = escaped ? 1 : 0;
    if (escaped) row.escaped = true;
  }
}

/** a's bytes, then b[from, to): the bytes of a carried text joined to a chunk's. Null where either is missing. */
function joined(a: Uint8Array | null, b: Uint8Array | null, from: number, to: number): Uint8Array | null {
  if (!a || !b) return null;
  const out = new Uint8Array(a.length + to - from);
  out.set(a);
  out.set(b.subarray(from, to), a.length);
  return out;
}

/** Cell i as a string, with "" unescaped. */
export function cellText(row: CsvRow, i: number): string {
  const s = row.text.slice(row.start[i], row.end[i]);
  if (row.unclosed && i === row.count - 1) return s;
  return row.cellEscaped[i] === 1 ? s.replaceAll('""', '"') : s;
}

/** Every cell of the row as strings. */
export function rowCells(row: CsvRow): string[] {
  const cells = new Array<string>(row.count);
  for (let i = 0; i < row.count; i++) cells[i] = cellText(row, i);
  return cells;
}

/** Position of the next `ch` at or after `from`, or the text's length if there is none. */
function nextIndex(text: string, ch: string, from: number): number {
  const at = text.indexOf(ch, from);
  return at < 0 ? text.length : at;
}

function countBreaks(text: string, from: number, to: number): number {
  let n = 0;
  for (let at = text.indexOf('\n', from); at >= 0 && at < to; at = text.indexOf('\n', at + 1)) n++;
  return n;
}
