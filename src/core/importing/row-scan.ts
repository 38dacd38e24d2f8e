/**
 * The WebAssembly row scanner (src/wasm/row-scan.as.ts) seen from TypeScript: it takes a UTF-8 CSV's
 * bytes chunk by chunk and splits and reads its ordinary rows in one call per chunk, without a string
 * or an object per row; rows it flags, the import reads as strings, keying them through the same
 * tables (RowTables). Numbers only cross: rows' times, contact numbers, type slots, duplicate keys,
 * flags and where each row and cell is in the input.
 */
import type { RowTables } from './row-tables';

interface ScanExports {
  memory: WebAssembly.Memory;
  configure(width: number, delimiter: number, crlf: number, contact: number, type: number, time: number, identity: number, dup: number): void;
  columnList(): number;
  reserveInput(total: number, keep: number): number;
  scan(from: number, len: number, final: number, line: number): number;
  outputs(kind: number): number;
  stopped: WebAssembly.Global;
  consumed: WebAssembly.Global;
  nextLine: WebAssembly.Global;
  MAX_ROWS: WebAssembly.Global;
  MAX_KEY_COLUMNS: WebAssembly.Global;
  reserveScratch(bytes: number): number;
  scratchEndList(): number;
  claimContact(len: number): number;
  typeSlot(len: number): number;
  addType(len: number): number;
  scratchIdentityChanged(contact: number): number;
  scratchDupKey(): number;
}

/** A row's flags, as src/wasm/row-scan.as.ts sets them: for the TypeScript path; a new contact; changed identity cells. */
export const FLAG_JS = 1;
export const FLAG_NEW = 2;
export const FLAG_CHANGED = 4;

/** Why a scan stopped (0: the input ran out; a row may be left incomplete). */
export const STOP_SPLITTER = 1;
/** Stopped early (a full output, or a last row for the TypeScript path): scan again. */
export const STOP_AGAIN = 2;

export interface ScanLayout {
  /** The header's width. */
  width: number;
  delimiter: string;
  crlf: boolean;
  contactColumn: number;
  typeColumn: number;
  timeColumn: number;
  identityColumns: readonly number[];
  dupColumns: readonly number[];
}

export class RowScanner implements RowTables {
  private readonly x: ScanExports;
  private buffer: ArrayBuffer | null = null;
  private u8!: Uint8Array;
  // Views of the last scan's output, one entry per row.
  line!: Int32Array;
  time!: Float64Array;
  contact!: Int32Array;
  type!: Int32Array;
  dup!: Float64Array;
  flags!: Uint8Array;
  /** Where each row starts in the input, and where its text (line break included) ends. */
  rowStart!: Int32Array;
  rowEnd!: Int32Array;
  /** Cell c of row r: input[cells[2 * (r * width + c)], cells[2 * (r * width + c) + 1]). */
  cells!: Int32Array;
  private width = 0;
  /** Bytes of input held (the unread rest, then what was appended), and where reading stands. */
  private length = 0;
  private offset = 0;
  private inputAt = 0;

  constructor(module: WebAssembly.Module) {
    const instance = new WebAssembly.Instance(module, {
      env: {
        abort: () => {
          throw new Error('the row scanner failed');
        },
      },
    });
    this.x = instance.exports as unknown as ScanExports;
  }

  /** Whether the scanner can read files of this layout: it lists at most MAX_KEY_COLUMNS identity and duplicate-key columns. */
  fits(layout: ScanLayout): boolean {
    return layout.identityColumns.length + layout.dupColumns.length <= (this.x.MAX_KEY_COLUMNS.value as number);
  }

  configure(layout: ScanLayout): void {
    if (!this.fits(layout)) throw new Error(`the row scanner takes at most ${this.x.MAX_KEY_COLUMNS.value as number} key columns`);
    this.width = layout.width;
    this.x.configure(
      layout.width,
      layout.delimiter.charCodeAt(0),
      layout.crlf ? 1 : 0,
      layout.contactColumn,
      layout.typeColumn,
      layout.timeColumn,
      layout.identityColumns.length,
      layout.dupColumns.length,
    );
    this.buffer = null; // the cell view's length follows the width
    this.views();
    const at = this.x.columnList() >> 2;
    const words = new Int32Array(this.x.memory.buffer);
    [...layout.identityColumns, ...layout.dupColumns].forEach((c, i) => (words[at + i] = c));
  }

  /** Adds bytes after what is left unread. */
  append(bytes: Uint8Array): void {
    const keep = this.length - this.offset;
    if (keep > 0 && this.offset > 0) this.u8.copyWithin(this.inputAt, this.inputAt + this.offset, this.inputAt + this.length);
    this.inputAt = this.x.reserveInput(keep + bytes.length, keep);
    this.views();
    this.u8.set(bytes, this.inputAt + keep);
    this.offset = 0;
    this.length = keep + bytes.length;
  }

  /** Bytes not read yet. */
  get unread(): number {
    return this.length - this.offset;
  }

  /**
   * Reads rows from where reading stands; returns how many (their figures are in the views until the
   * next call). `final`: no input follows. `line`: the line the first row starts on.
   */
  scan(final: boolean, line: number): number {
    const rows = this.x.scan(this.offset, this.length, final ? 1 : 0, line);
    this.views();
    this.offset = this.x.consumed.value as number;
    return rows;
  }

  get stopped(): number {
    return this.x.stopped.value as number;
  }

  get nextLine(): number {
    return this.x.nextLine.value as number;
  }

  /** The unread input as byte text, at most `max` bytes of it. */
  unreadText(max: number): string {
    return this.text(this.offset, Math.min(this.length, this.offset + max));
  }

  /** Marks `n` more bytes read (a row the splitter read). */
  skip(n: number): void {
    this.offset += n;
  }

  /** Input [from, to) (offsets from the input's start) as byte text. */
  text(from: number, to: number): string {
    let s = '';
    const u8 = this.u8;
    const base = this.inputAt;
    // Short cells (a CRM cell is tens of bytes): fromCharCode over a small slice is the cheapest way
    // to byte text here, without Node's Buffer.
    for (let i = from; i < to; i += 8192) s += String.fromCharCode.apply(null, u8.subarray(base + i, base + Math.min(to, i + 8192)) as unknown as number[]);
    return s;
  }

  /** Cell c of row r as byte text. */
  cellText(r: number, c: number): string {
    const at = 2 * (r * this.width + c);
    return this.text(this.cells[at]!, this.cells[at + 1]!);
  }

  // RowTables, for rows read as strings: the cells go to the scratch area as bytes.

  claimContact(key: string): number {
    return this.x.claimContact(this.toScratch([key], [0]));
  }

  identityChanged(contact: number, cells: readonly string[], columns: readonly number[]): boolean {
    this.toScratch(cells, columns);
    return this.x.scratchIdentityChanged(contact) === 1;
  }

  typeSlot(cell: string): number {
    return this.x.typeSlot(this.toScratch([cell], [0]));
  }

  addType(cell: string): number {
    return this.x.addType(this.toScratch([cell], [0]));
  }

  dupKey(cells: readonly string[], columns: readonly number[]): number {
    this.toScratch(cells, columns);
    return this.x.scratchDupKey();
  }

  /** Writes cells[columns] (byte text) to the scratch area one after another, their ends to the end list; returns their length. */
  private toScratch(cells: readonly string[], columns: readonly number[]): number {
    let total = 0;
    for (const c of columns) total += (cells[c] ?? '').length;
    const at = this.x.reserveScratch(total);
    const endsAt = this.x.scratchEndList() >> 2;
    this.views();
    const u8 = this.u8;
    const words = new Int32Array(this.x.memory.buffer);
    let p = 0;
    columns.forEach((c, j) => {
      const s = cells[c] ?? '';
      for (let i = 0; i < s.length; i++) u8[at + p + i] = s.charCodeAt(i);
      p += s.length;
      words[endsAt + j] = p;
    });
    return total;
  }

  /** (Re)makes the views after the memory grew. */
  private views(): void {
    const buffer = this.x.memory.buffer;
    if (buffer === this.buffer) return;
    this.buffer = buffer;
    const x = this.x;
    const rows = x.MAX_ROWS.value as number;
    this.u8 = new Uint8Array(buffer);
    this.line = new Int32Array(buffer, x.outputs(0), rows);
    this.time = new Float64Array(buffer, x.outputs(1), rows);
    this.contact = new Int32Array(buffer, x.outputs(2), rows);
    this.type = new Int32Array(buffer, x.outputs(3), rows);
    this.dup = new Float64Array(buffer, x.outputs(4), rows);
    this.flags = new Uint8Array(buffer, x.outputs(5), rows);
    this.rowStart = new Int32Array(buffer, x.outputs(6), rows);
    this.rowEnd = new Int32Array(buffer, x.outputs(7), rows);
    this.cells = new Int32Array(buffer, x.outputs(8), Math.max(1, rows * 2 * this.width));
  }
}
