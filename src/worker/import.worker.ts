/**
 * The parse side of an import, in its own thread: read, decode, split CSV rows in place, clean every
 * row, and hand batches of columns to the store. New contacts and changed identity cells go to the
 * identity thread, which keys and merges them meanwhile.
 * Raw personal values go no further than this thread and the identity thread it feeds: batches carry
 * only keys and numbers.
 */
import { expose, transfer } from 'comlink';
import path from 'node:path';
import { type MessagePort, parentPort, workerData } from 'node:worker_threads';
import Papa from 'papaparse';
import { HeaderError, RowHygiene } from '../core/importing/hygiene';
import { type CsvRow, CsvRowSplitter, MAX_ROW_CHARS, RowTooLongError, cellText, rowCells } from '../core/importing/csv-rows';
import { FLAG_JS, RowScanner, STOP_AGAIN, STOP_SPLITTER } from '../core/importing/row-scan';
import { rowScanModule } from './row-scan-module';
import type { FilePreview, ImportBatch, ImportOptions, ParseOutcome } from '../core/importing/types';
import { cleanHeaders } from '../core/headers';
import { type RoleInference, inferRoles, sourceFingerprint } from '../core/importing/roles';
import { personalKind } from '../core/normalize/personal';
import { type Sample, sampleOf } from './sample';
import { previewCell } from '../core/importing/mask';
import { UTC_CONVERTER, type ZoneConverter, isUtcZone } from '../core/normalize/timestamp';
import { endpointOf } from './comlink-node';
import { IdentityChannel } from './identity-channel';
import type { IdentitySink } from '../core/importing/identity-sink';
import { FileFormatError, type TextChunk, type TextStream, headText, readText } from './read-text';
import { type ByteSource, type ImportSource, SourceError, openSource } from './byte-source';
import { BYTE_CELLS, type CellCodec, TEXT_CELLS, textOfBytes } from '../core/strings';

/** Implemented by the store; reaches the worker as a comlink proxy (its methods already return promises). */
export interface ImportSink {
  batch(batch: ImportBatch): Promise<void>;
  /** Event-type aliases remembered from earlier imports of the same source. */
  savedAliases(source: string): Promise<Record<string, string>>;
}

/** What a parse knows before it reads a row: the options, a sample of the rows, the aliases to apply. */
interface ParseContext {
  options: ImportOptions;
  sample: Sample;
  aliases: Record<string, string>;
}

export interface ImportWorkerApi {
  /** Parses the source, sending contacts to the identity thread on the port the worker was started with. */
  parse(source: ImportSource, options: ImportOptions, sink: ImportSink): Promise<ParseOutcome>;
  preview(source: ImportSource, options: ImportOptions, maxRows: number): Promise<FilePreview>;
}

/** Error messages cross the thread boundary as text; the prefix tells the store it is the user's file. */
export const USER_ERROR_PREFIX = 'USER: ';


/** The format the options or the file name give, else null. */
function formatByName(file: string, options: ImportOptions): 'csv' | 'jsonl' | null {
  if (options.format) return options.format;
  const ext = path.extname(file).toLowerCase();
  if (ext === '.jsonl' || ext === '.ndjson' || ext === '.json') return 'jsonl';
  if (ext === '.csv' || ext === '.tsv') return 'csv';
  return null;
}

/** The format a file's first text shows. */
function formatOfHead(headText: string): 'csv' | 'jsonl' {
  return headText.trimStart().startsWith('{') ? 'jsonl' : 'csv';
}

/** Batches the store may hold unanswered: it stores rows a chunk at a time, and the parse goes on meanwhile. */
const BATCHES_IN_FLIGHT = 4;

class BatchSender {
  private readonly inflight: Promise<void>[] = [];
  constructor(
    private readonly sink: ImportSink,
    private readonly text: TextStream,
    private readonly identity: IdentityChannel,
  ) {}

  /**
   * Sends the pending batch; waits first if the store is BATCHES_IN_FLIGHT behind, or the identity
   * thread too far behind, so memory stays flat.
   */
  async send(hygiene: RowHygiene, last = false): Promise<void> {
    if (this.inflight.length >= BATCHES_IN_FLIGHT) await this.inflight.shift();
    const behind = this.identity.caughtUp();
    if (behind) await behind;
    const b = hygiene.takeBatch(this.text.bytesRead(), last);
    const stored = this.sink.batch(transfer(b, [b.line.buffer, b.time.buffer, b.contact.buffer, b.type.buffer, b.rawType.buffer, b.dupKey.buffer]));
    // Observed when awaited; until then a failure must not count as unhandled.
    stored.catch(() => {});
    this.inflight.push(stored);
  }

  /** Sends the last batch, and waits until the store has every batch. */
  async drain(hygiene: RowHygiene): Promise<void> {
    await this.send(hygiene, true);
    await Promise.all(this.inflight);
  }
}

/** Roles for the file's columns, from its header and the sample (the same the preview showed). */
function rolesFor(headers: readonly string[], ctx: ParseContext): RoleInference {
  const sampleRows = ctx.sample.headers.length === headers.length ? ctx.sample.rows : [];
  return inferRoles(cleanHeaders(headers), sampleRows, ctx.options.map ?? {}, ctx.options.eventType);
}

function makeHygiene(headers: string[], ctx: ParseContext, identity: IdentitySink, zone: ZoneConverter, codec: CellCodec = TEXT_CELLS, scanner?: RowScanner): RowHygiene {
  return new RowHygiene(cleanHeaders(headers), rolesFor(headers, ctx), ctx.aliases, zone, identity, codec, scanner, ctx.options.eventType);
}

/** The source time zone's converter; Temporal is loaded only for a zone other than UTC. */
async function sourceZone(options: ImportOptions): Promise<ZoneConverter> {
  const zone = options.timezone ?? 'UTC';
  return isUtcZone(zone) ? UTC_CONVERTER : (await import('../core/normalize/zone-converter')).zoneConverter(zone);
}

type ParsedRows = Omit<ParseOutcome, 'source' | 'aliases'>;

async function parseCsv(file: string, text: TextStream, first: TextChunk, ctx: ParseContext, zone: ZoneConverter, identity: IdentityChannel, sink: ImportSink): Promise<ParsedRows> {
  const sender = new BatchSender(sink, text, identity);
  // papaparse guesses the delimiter and line break from the head; the splitter then follows its rules.
  const { delimiter, linebreak } = Papa.parse<string[]>(first.text.slice(0, GUESS_CHARS), { delimitersToGuess: [',', ';', '\t', '|'], preview: 10 }).meta;
  // Rows are split and cleaned as byte text where the file is UTF-8: the cells read as text are decoded one by one.
  const codec = text.byteText ? BYTE_CELLS : TEXT_CELLS;
  // UTF-8 files with \n or \r\n line breaks go through the WebAssembly row scanner (which reads an
  // event-type column: a file of one kind of event has none).
  if (first.bytes && (linebreak === '\n' || linebreak === '\r\n') && process.env.SCORECAST_ROW_SCAN !== 'js' && ctx.options.eventType === undefined) {
    const scanned = await scanCsv(file, text, first, ctx, zone, identity, sender, delimiter, linebreak);
    if (scanned) return scanned;
  }
  const splitter = new CsvRowSplitter(delimiter, linebreak as '\n' | '\r\n' | '\r', undefined, codec.bytes);
  let hygiene: RowHygiene | undefined;
  let headers: string[] | undefined;
  let line = 1;
  const onRow = (row: CsvRow): void => {
    const span = 1 + row.breaks;
    if (isBlank(row, codec)) {
      line += span;
      return;
    }
    if (!headers) {
      headers = rowCells(row).map(codec.text);
      line += span;
      return;
    }
    // Mapping errors wait for the first data row: a file with no data says so first.
    hygiene ??= makeHygiene(headers, ctx, identity, zone, codec);
    readDataRow(hygiene, row, line);
    line += span;
  };
  try {
    splitter.push(first.text, onRow, first.bytes);
    for await (const chunk of text.chunks) {
      // One batch is stored while the next is parsed; the read waits until the store catches up.
      if (hygiene?.batchFull) await sender.send(hygiene);
      splitter.push(chunk.text, onRow, chunk.bytes);
    }
    splitter.end(onRow);
  } catch (err) {
    throw err instanceof RowTooLongError ? rowTooLong(file, line, err) : err;
  }
  if (!headers) throw new FileFormatError(`${file}: the file has no header row`);
  if (!hygiene) throw noDataRows(file);
  return finishCsv(file, hygiene, identity, sender, delimiter);
}

/** A split data row: rejected if its quoting is malformed, else read in place where hygiene can, else as strings. */
function readDataRow(hygiene: RowHygiene, row: CsvRow, line: number): void {
  if (row.malformed) {
    hygiene.rowsRead++;
    hygiene.reject(line, null, 'malformed CSV: a quoted field is not closed or has a stray quote');
  } else if (!hygiene.fastRow(row, line)) hygiene.row(rowCells(row), line, true);
}

function rowTooLong(file: string, line: number, err: RowTooLongError): FileFormatError {
  return new FileFormatError(`${file}: line ${line}: ${err.message}; a quoted field is probably not closed, or the file has no line breaks. Check the quoting from that line on`);
}

function noDataRows(file: string): FileFormatError {
  return new FileFormatError(`${file}: the file has a header but no data rows`);
}

/** The end of a CSV parse: its outcome, once the identity thread has its last contacts and the store its last rows. */
async function finishCsv(file: string, hygiene: RowHygiene, identity: IdentityChannel, sender: BatchSender, delimiter: string): Promise<ParsedRows> {
  if (hygiene.rowsRead === 0) throw noDataRows(file);
  // The identity thread gets its last contacts before the store its last rows: it finishes last.
  identity.finish();
  await sender.drain(hygiene);
  return hygiene.finish('csv', delimiter);
}

/**
 * parseCsv through the row scanner: the header is split here, then the scanner reads the rows chunk
 * by chunk; the rows it flags are split again here and read as strings, keyed through its tables.
 * Null (having read nothing further) where the first chunk holds no complete header row, the header
 * does not map, or the file is too wide for the scanner: parseCsv then reads the file itself.
 */
async function scanCsv(
  file: string,
  text: TextStream,
  first: TextChunk,
  ctx: ParseContext,
  zone: ZoneConverter,
  identity: IdentityChannel,
  sender: BatchSender,
  delimiter: string,
  linebreak: '\n' | '\r\n',
): Promise<ParsedRows | null> {
  const codec = BYTE_CELLS;
  const splitter = new CsvRowSplitter(delimiter, linebreak, undefined, true);
  let headers: string[] | undefined;
  let line = 1;
  let at = 0;
  while (!headers) {
    const end = splitter.splitFirst(first.text, at, false, (row) => {
      if (!isBlank(row, codec)) headers = rowCells(row).map(codec.text);
      line += 1 + row.breaks;
    });
    if (end < 0) return null;
    at = end;
  }
  const scanner = new RowScanner(rowScanModule());
  let hygiene: RowHygiene;
  try {
    hygiene = makeHygiene(headers, ctx, identity, zone, codec, scanner);
  } catch (err) {
    if (err instanceof HeaderError) return null;
    throw err;
  }
  const layout = { width: headers.length, delimiter, crlf: linebreak === '\r\n', ...hygiene.scanColumns() };
  // A file of hundreds of columns without an event id keys its duplicates on all of them.
  if (!scanner.fits(layout)) return null;
  scanner.configure(layout);
  /** A row split here, read as parseCsv reads a data row. Returns its lines. */
  const splitRow = (row: CsvRow, at: number): number => {
    if (!isBlank(row, codec)) readDataRow(hygiene, row, at);
    return 1 + row.breaks;
  };
  let current = 0;
  const cellOfCurrent = (column: number): string => scanner.cellText(current, column);
  /** The row at the scanner's position, split here; false if the input ends before it does. */
  const splitNext = (final: boolean): boolean => {
    for (let window = 1 << 16; ; window *= 2) {
      const all = window >= scanner.unread;
      const end = splitter.splitFirst(scanner.unreadText(window), 0, final && all, (row) => (line += splitRow(row, line)));
      if (end >= 0) {
        scanner.skip(end);
        return true;
      }
      if (all) return false;
    }
  };
  /** Hands hygiene the first `rows` rows of the last scan, none of them flagged for the splitter. */
  const takeScanned = (rows: number): void => {
    for (let r = 0; r < rows; r++) {
      current = r;
      // The views are read afresh for each row: keying a row read as strings may grow the scanner's memory.
      hygiene.scannedRow(scanner.line[r]!, scanner.time[r]!, scanner.contact[r]!, scanner.type[r]!, scanner.dup[r]!, scanner.flags[r]!, cellOfCurrent);
    }
  };
  /** Row r of the last scan, split again and read as strings. */
  const splitAgain = (r: number): void => {
    const at = scanner.line[r]!;
    splitter.splitFirst(scanner.text(scanner.rowStart[r]!, scanner.rowEnd[r]!), 0, true, (row) => splitRow(row, at));
  };
  const drain = (final: boolean): void => {
    for (;;) {
      const rows = scanner.scan(final, line);
      // Only a scan's last row can be flagged for the splitter: the scan stops after one.
      const lastFlagged = rows > 0 && (scanner.flags[rows - 1]! & FLAG_JS) !== 0;
      takeScanned(lastFlagged ? rows - 1 : rows);
      if (lastFlagged) splitAgain(rows - 1);
      line = scanner.nextLine;
      if (scanner.stopped === STOP_AGAIN) continue;
      if (scanner.stopped === STOP_SPLITTER && splitNext(final)) continue;
      break;
    }
    if (scanner.unread > MAX_ROW_CHARS) throw new RowTooLongError(MAX_ROW_CHARS);
  };
  try {
    scanner.append(first.bytes!.subarray(at));
    drain(false);
    for await (const chunk of text.chunks) {
      if (hygiene.batchFull) await sender.send(hygiene);
      scanner.append(chunk.bytes!);
      drain(false);
    }
    drain(true);
  } catch (err) {
    throw err instanceof RowTooLongError ? rowTooLong(file, line, err) : err;
  }
  return finishCsv(file, hygiene, identity, sender, delimiter);
}

/** Characters of the head papaparse guesses the delimiter and line break from. */
const GUESS_CHARS = 1 << 20;

function isBlank(row: CsvRow, codec: CellCodec): boolean {
  return row.count === 1 && codec.text(cellText(row, 0)).trim() === '';
}

const HEADER_SAMPLE_LINES = 1000;
/** Longer lines are refused rather than held. */
const MAX_JSON_LINE_CHARS = 16 * 1024 * 1024;

/** Nested values deeper than this are refused (JSON.stringify recurses: a deep one would overflow the stack). */
export const MAX_JSON_DEPTH = 64;

class TooDeepError extends Error {}

/** How deep a parsed value nests, counted without recursion; stops counting past MAX_JSON_DEPTH. */
function nestedTooDeep(v: object): boolean {
  const stack: [unknown, number][] = [[v, 1]];
  while (stack.length > 0) {
    const [node, depth] = stack.pop()!;
    if (depth > MAX_JSON_DEPTH) return true;
    for (const child of Object.values(node as object)) if (child !== null && typeof child === 'object') stack.push([child, depth + 1]);
  }
  return false;
}

function cellOf(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'string') return v;
  if (typeof v === 'object') {
    if (nestedTooDeep(v)) throw new TooDeepError(`a value nests more than ${MAX_JSON_DEPTH} levels deep; flatten the export`);
    return JSON.stringify(v);
  }
  return String(v);
}

async function parseJsonl(file: string, text: TextStream, first: string, ctx: ParseContext, zone: ZoneConverter, identity: IdentityChannel, sink: ImportSink): Promise<ParsedRows> {
  const sender = new BatchSender(sink, text, identity);
  let hygiene: RowHygiene | undefined;
  let keys: string[] = [];
  // Headers are the union of keys over the first lines, so a field absent from line 1 is still mapped.
  let sample: { line: number; value: unknown; error?: string }[] = [];
  const seenKeys = new Set<string>();
  let carry = '';
  let lineNo = 0;

  const handle = (line: number, value: unknown, error?: string): void => {
    const h = hygiene!;
    if (error !== undefined) {
      h.rowsRead++;
      h.reject(line, null, error);
    } else if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      h.rowsRead++;
      h.reject(line, null, 'line is not a JSON object');
    } else {
      const obj = value as Record<string, unknown>;
      let cells: string[];
      try {
        cells = keys.map((k) => cellOf(Object.hasOwn(obj, k) ? obj[k] : undefined));
      } catch (err) {
        if (!(err instanceof TooDeepError)) throw err;
        h.rowsRead++;
        return h.reject(line, null, err.message);
      }
      h.row(cells, line, false);
    }
  };
  const startHygiene = (): void => {
    keys = [...seenKeys];
    if (keys.length === 0) throw new FileFormatError(`${file}: no line is a JSON object with fields; is this JSON Lines (one object per line)?`);
    // Roles from the first lines themselves, as the preview samples them.
    const rows = sample.filter((x) => x.error === undefined && x.value !== null && typeof x.value === 'object' && !Array.isArray(x.value)).map((x) =>
      keys.map((k) => {
        const obj = x.value as Record<string, unknown>;
        try {
          return cellOf(Object.hasOwn(obj, k) ? obj[k] : undefined);
        } catch {
          return '';
        }
      }),
    );
    hygiene = makeHygiene(keys, { ...ctx, sample: { headers: keys, rows, delimiter: null } }, identity, zone);
    for (const s of sample) handle(s.line, s.value, s.error);
    sample = [];
  };
  const consume = async (textLine: string): Promise<void> => {
    lineNo++;
    const trimmed = textLine.trim();
    if (trimmed === '') return;
    let value: unknown;
    let error: string | undefined;
    try {
      value = JSON.parse(trimmed);
    } catch (err) {
      const pos = /position (\d+)/.exec((err as Error).message);
      error = `not valid JSON${pos ? ` at column ${Number(pos[1]) + 1}` : ''}`;
    }
    if (!hygiene) {
      if (error === undefined && value !== null && typeof value === 'object' && !Array.isArray(value)) for (const k of Object.keys(value)) seenKeys.add(k);
      sample.push({ line: lineNo, value, ...(error === undefined ? {} : { error }) });
      if (sample.length >= HEADER_SAMPLE_LINES) startHygiene();
      return;
    }
    handle(lineNo, value, error);
    if (hygiene.batchFull) await sender.send(hygiene);
  };
  const tooLong = () => new FileFormatError(`${file}: line ${lineNo + 1} runs on for more than ${MAX_JSON_LINE_CHARS.toLocaleString('en-US')} characters; JSON Lines needs one object per line`);
  const push = async (chunk: string): Promise<void> => {
    let from = 0;
    if (carry !== '') {
      // The line cut off by the last chunk ends at this chunk's first line break: join just that much,
      // not the whole chunk (a megabyte to copy).
      const nl = chunk.indexOf('\n');
      if (nl < 0) {
        carry += chunk;
        return;
      }
      const line = carry + chunk.slice(0, nl);
      carry = '';
      await consume(line);
      from = nl + 1;
    }
    carry = await consumeLines(chunk, from, consume);
  };
  await push(first);
  for await (const chunk of text.chunks) {
    await push(chunk.text);
    if (carry.length > MAX_JSON_LINE_CHARS) throw tooLong();
  }
  if (carry !== '') await consume(carry);
  if (!hygiene) {
    if (sample.length === 0) throw new FileFormatError(`${file}: the file has no data lines`);
    startHygiene();
  }
  identity.finish();
  await sender.drain(hygiene!);
  return hygiene!.finish('jsonl', null);
}

/** Feeds the complete lines of `text` from `start` on to `consume`; returns the unfinished tail. */
async function consumeLines(text: string, start: number, consume: (line: string) => Promise<void>): Promise<string> {
  let nl = text.indexOf('\n', start);
  while (nl >= 0) {
    await consume(text.slice(start, nl));
    start = nl + 1;
    nl = text.indexOf('\n', start);
  }
  return text.slice(start);
}

/** The first rows of a file, split as the import would split them, with personal values masked and the columns' roles. */
async function preview(source: ByteSource, options: ImportOptions, maxRows: number): Promise<FilePreview> {
  const file = source.name;
  const text = await readText(source);
  let head = '';
  for await (const chunk of text.chunks) {
    head += chunk.text;
    if (head.length > 256 * 1024) break;
  }
  if (head.trim() === '') throw new FileFormatError(`${file}: the file holds no text`);
  const format = formatByName(file, options) ?? formatOfHead(head);
  const sample = sampleOf(head, format, text.bytesRead() >= text.totalBytes, cellOf);
  const headers = cleanHeaders(sample.headers);
  const roles = inferRoles(headers, sample.rows, options.map ?? {}, options.eventType);
  const personal = new Set(roles.personalColumns);
  const typeColumn = roles.mapping.eventType;
  const counts = new Map<string, number>();
  if (typeColumn !== undefined) for (const r of sample.rows) {
    const raw = (r[typeColumn] ?? '').trim();
    if (raw !== '' && personalKind(raw) === null) counts.set(raw, (counts.get(raw) ?? 0) + 1);
  }
  return {
    format,
    delimiter: sample.delimiter,
    headers,
    // Masked by column and by value: an email in a notes column, or an email used as a record id.
    rows: sample.rows.slice(0, maxRows).map((r) => r.map((cell, i) => previewCell(cell, personal.has(i)))),
    mapping: Object.fromEntries(Object.entries(roles.mapping).map(([f, i]) => [f, headers[i as number]!])),
    roles: roles.roles,
    notes: roles.notes,
    kind: roles.kind,
    dateColumns: roles.dateColumns,
    typeCodes: roles.typeCodes,
    eventTypes: [...counts].map(([raw, count]) => ({ raw, count })).sort((a, b) => b.count - a.count || a.raw.localeCompare(b.raw)),
    sampledRows: sample.rows.length,
    piiColumns: roles.personalColumns.map((c) => headers[c]!),
    source: sourceFingerprint(headers),
    savedAliases: {},
    totalBytes: text.totalBytes,
  };
}

/** Errors in the user's file (or options) cross to the store marked as such. */
function userError(err: unknown): unknown {
  if (err instanceof FileFormatError || err instanceof HeaderError || err instanceof SourceError) return new Error(USER_ERROR_PREFIX + err.message);
  if (err instanceof Error && err.message.startsWith('--map')) return new Error(USER_ERROR_PREFIX + err.message);
  return err;
}

const api: ImportWorkerApi = {
  async preview(from, options, maxRows) {
    let source: ByteSource | undefined;
    try {
      source = openSource(from);
      return await preview(source, options, maxRows);
    } catch (err) {
      throw userError(err);
    } finally {
      source?.close();
    }
  },
  async parse(from, options, sink) {
    const identity = new IdentityChannel((workerData as { identityPort: MessagePort }).identityPort);
    let source: ByteSource | undefined;
    try {
      source = openSource(from);
      const file = source.name;
      const headBytes = await source.head();
      const head = headText(headBytes);
      const format = formatByName(file, options) ?? formatOfHead(head);
      // The roles are inferred from the head, as the preview infers them; aliases saved for this
      // source apply, the user's over them.
      const sample = sampleOf(head, format, headBytes.length >= source.size, cellOf);
      const fingerprint = sourceFingerprint(cleanHeaders(sample.headers));
      const aliases = { ...(await sink.savedAliases(fingerprint)), ...(options.aliases ?? {}) };
      const ctx: ParseContext = { options, sample, aliases };
      const text = await readText(source, { byteText: format === 'csv' });
      const firstChunk = await text.chunks.next();
      const first: TextChunk = firstChunk.done ? { text: '', bytes: null } : firstChunk.value;
      if ((text.byteText ? textOfBytes(first.text) : first.text).trim() === '') throw new FileFormatError(`${file}: the file holds no text`);
      const zone = await sourceZone(options);
      const outcome = format === 'csv' ? await parseCsv(file, text, first, ctx, zone, identity, sink) : await parseJsonl(file, text, first.text, ctx, zone, identity, sink);
      return { ...outcome, source: fingerprint, aliases };
    } catch (err) {
      throw userError(err);
    } finally {
      source?.close();
    }
  },
};

expose(api, endpointOf(parentPort!));
