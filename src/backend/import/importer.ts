/**
 * Import = one transaction. Two workers parse, clean and key (rows, and contact identity); this thread
 * stores what they hand over (BatchStore) while they work, then settles merges and duplicates and
 * stores the contacts and the columnar replay copy. Any failure, rejection overflow or cancellation
 * rolls everything back.
 */
import { proxy, transfer, wrap } from 'comlink';
import fs from 'node:fs';
import path from 'node:path';
import type { IdentityOutcome } from '../../core/importing/identity-sink';
import type { FilePreview, ImportOptions, ImportProgress, ImportSummary, ParseOutcome } from '../../core/importing/types';
import { toSnakeCase } from '../../core/taxonomy';
import { endpointOf } from '../../worker/comlink-node';
import type { ImportSink, ImportWorkerApi } from '../../worker/import.worker';
import { type ImportSource, displayName } from '../../worker/byte-source';
import { CancelledError, UserError } from '../errors';
import { spawnWorker, whenDead } from '../worker-entry';
import { type Db, type Workspace, bulkWriteJournal } from '../workspace';
import { isUtcZone } from '../../core/normalize/timestamp';
import { BatchStore, IMPORT_LIMITS, type ImportLimits } from './batch-store';
import { SpillTables } from './spill';
import { type ImportThreads, startImportThreads } from './threads';

const USER_ERROR_PREFIX = 'USER: ';
/** The page cache an import writes through, in KB. */
const IMPORT_CACHE_KB = 4096;

export interface ImportHooks {
  onProgress?: (p: ImportProgress) => void;
  signal?: AbortSignal;
  /** How much is held in memory before it goes through temporary tables (default IMPORT_LIMITS); tests make it small. */
  limits?: Partial<ImportLimits>;
  /** The import's threads, started ahead (the command line starts them as it starts); else started here. */
  threads?: ImportThreads;
  /** Told once when the import has to wait for another write into the workspace (another import) to end. */
  onWait?: (message: string) => void;
}

/**
 * Starts the import's write transaction. While another connection writes (an import in another
 * Scorecast), it waits without blocking the thread, says so once, and goes on when it can.
 */
async function beginWrite(db: Db, hooks: ImportHooks): Promise<void> {
  const timeout = db.pragma('busy_timeout', { simple: true }) as number;
  db.pragma('busy_timeout = 0');
  try {
    for (let told = false; ; ) {
      try {
        db.exec('BEGIN IMMEDIATE');
        return;
      } catch (err) {
        if ((err as { code?: string }).code !== 'SQLITE_BUSY') throw err;
      }
      if (hooks.signal?.aborted) throw new CancelledError('import');
      if (!told) hooks.onWait?.('another import is writing into this workspace; this one starts when it ends');
      told = true;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  } finally {
    db.pragma(`busy_timeout = ${timeout}`);
  }
}

/**
 * Checks the options. A time zone other than UTC and a phone region load the Temporal polyfill and
 * libphonenumber to be checked (~10-20 ms each): here, while the import's threads work, not when the
 * command line starts. The import awaits the checks before it commits anything.
 */
export async function validateImportOptions(options: ImportOptions): Promise<void> {
  const zone = options.timezone;
  if (zone !== undefined && !isUtcZone(zone) && !(await import('../../core/time')).isValidTimeZone(zone)) throw new UserError(`--tz ${zone}: not an IANA time zone (e.g. Europe/Berlin)`);
  if (options.phoneRegion !== undefined && !(await import('../../core/normalize/phone')).isPhoneRegion(options.phoneRegion)) {
    throw new UserError(`--phone-region ${options.phoneRegion}: not an ISO 3166 region code (e.g. US, DE)`);
  }
  const share = options.maxRejectShare;
  if (share !== undefined && !(share >= 0 && share <= 1)) throw new UserError(`--max-reject-share ${share}: must be between 0 and 1`);
  if (options.name !== undefined && options.name.trim() === '') throw new UserError('--name must not be empty');
  if (options.eventType !== undefined && toSnakeCase(options.eventType) === '') throw new UserError(`--event-type "${options.eventType}": name an event type, e.g. form_submit`);
  for (const [raw, target] of Object.entries(options.aliases ?? {})) {
    if (toSnakeCase(raw) === '' || toSnakeCase(target) === '') throw new UserError(`--alias "${raw}=${target}": both sides must name an event`);
  }
}

function datasetName(db: Db, file: string, requested: string | undefined): string {
  const exists = (name: string) => db.prepare('SELECT 1 FROM datasets WHERE name = ?').get(name) !== undefined;
  if (requested !== undefined) {
    if (exists(requested)) throw new UserError(`a dataset named "${requested}" exists already; choose another --name`);
    return requested;
  }
  const base = path.basename(file).replace(/\.[^.]+$/, '') || 'dataset';
  let name = base;
  for (let k = 2; exists(name); k++) name = `${base} (${k})`;
  return name;
}

/** A path on disk, or where else the bytes come from (an upload streamed over a port). */
export type ImportInput = string | ImportSource;

function sourceOf(input: ImportInput): ImportSource {
  return typeof input === 'string' ? { kind: 'file', path: path.resolve(input) } : input.kind === 'file' ? { ...input, path: path.resolve(input.path) } : input;
}

/** The bytes an import will read, as far as can be known before reading (an upload's size is declared). */
function sizeOf(source: ImportSource): number {
  if (source.kind !== 'file') return source.size;
  return fs.existsSync(source.path) ? fs.statSync(source.path).size : 0;
}

export async function importFile(ws: Workspace, input: ImportInput, options: ImportOptions = {}, hooks: ImportHooks = {}): Promise<ImportSummary> {
  const source = sourceOf(input);
  // Messages and the dataset record name the user's file: its path, or an upload's own name.
  const file = displayName(source);
  if (hooks.signal?.aborted) {
    if (source.kind === 'stream') source.port.close();
    throw new CancelledError('import');
  }
  const started = performance.now();
  const db = ws.db;
  /** Set once the import has failed, been cancelled or committed: nothing more is stored. */
  let ended = false;
  // The threads may have booted while the command line loaded; a bad option stops them again.
  const threads = hooks.threads ?? startImportThreads();
  threads.ref();
  threads.configure({ secretHex: ws.secret.toString('hex'), phoneRegion: options.phoneRegion ?? 'US' });
  // The checks run while the parse starts: rows may be stored meanwhile, inside the transaction that a
  // failed check rolls back.
  const validated = validateImportOptions(options);
  validated.catch(() => {});
  const cancelled = new Promise<never>((_, reject) => {
    hooks.signal?.addEventListener('abort', () => reject(new CancelledError('import')), { once: true });
  });
  cancelled.catch(() => {});
  // Ids are assigned here, so references are right by construction; per-row FK checks would double the
  // insert cost. Tests assert PRAGMA foreign_key_check stays clean after imports.
  db.pragma('foreign_keys = OFF');
  const restoreJournal = bulkWriteJournal(db);
  // A small page cache while the import appends its rows: full pages go to the file as the parse runs,
  // rather than all at COMMIT, and the same few megabytes are reused rather than 40 MB fresh to fault
  // in (a million rows: ~0.1 s faster; 1 and 8 MB measured slower than 4).
  const cacheSize = db.pragma('cache_size', { simple: true }) as number;
  db.pragma(`cache_size = -${IMPORT_CACHE_KB}`);
  // What the import cannot hold in memory goes to temporary tables (spill.ts), which must then be on
  // disk: in a file SQLite deletes as it opens it, holding numbers only.
  const tempStore = db.pragma('temp_store', { simple: true }) as number;
  db.pragma('temp_store = FILE');
  try {
    await beginWrite(db, hooks);
    const name = datasetName(db, file, options.name);
    const startedAt = new Date().toISOString();
    const datasetId = Number(
      db.prepare("INSERT INTO datasets (name, source_file, format, imported_at, event_count, contact_count) VALUES (?, ?, '', ?, 0, 0)").run(name, file, startedAt)
        .lastInsertRowid,
    );
    const importId = Number(
      db.prepare("INSERT INTO imports (dataset_id, file, options_json, started_at, finished_at, summary_json) VALUES (?, ?, ?, ?, '', '{}')")
        .run(datasetId, file, JSON.stringify(options), startedAt).lastInsertRowid,
    );
    const contactBase = (db.prepare('SELECT COALESCE(MAX(id), 0) + 1 AS b FROM contacts').get() as { b: number }).b;
    const totalBytes = sizeOf(source);
    const store = new BatchStore(db, file, datasetId, importId, contactBase, { ...IMPORT_LIMITS, ...hooks.limits }, totalBytes);
    const sink: ImportSink = {
      savedAliases: async (source) => savedAliases(db, source),
      batch: async (b) => {
        // A batch still on its way when the import failed or was cancelled would otherwise be written
        // outside the rolled-back transaction, row by row, and kept.
        if (ended || !db.inTransaction) throw new CancelledError('import');
        store.add(b);
        hooks.onProgress?.({ rowsRead: b.rowsRead, bytesRead: b.bytesRead, totalBytes, rowsPerSecond: b.rowsRead / ((performance.now() - started) / 1000) });
      },
    };
    let outcome: ParseOutcome;
    let identity: IdentityOutcome;
    try {
      const parsed = threads.api.parse(source.kind === 'stream' ? transfer(source, [source.port]) : source, options, proxy(sink));
      parsed.catch(() => {});
      // A bad option is reported as such, not as whatever the parse made of it.
      await validated;
      outcome = await Promise.race([parsed, threads.dead, cancelled]);
      // Checked while the identity thread sends its answer.
      store.parsed(outcome, { file, maxRejectShare: options.maxRejectShare ?? 0.2 });
      identity = await Promise.race([threads.identity, threads.dead, cancelled]);
      // Their work is done: their tables go before the store settles.
      await threads.terminate();
    } catch (err) {
      const message = (err as Error).message ?? String(err);
      if (message.startsWith(USER_ERROR_PREFIX)) throw new UserError(message.slice(USER_ERROR_PREFIX.length));
      throw err;
    }
    const summary = store.finish(outcome, identity, { name, file });
    summary.seconds = (performance.now() - started) / 1000;
    db.prepare('UPDATE imports SET finished_at = ?, summary_json = ? WHERE id = ?').run(new Date().toISOString(), JSON.stringify(summary), importId);
    db.exec('COMMIT');
    return summary;
  } catch (err) {
    ended = true;
    if (db.inTransaction) db.exec('ROLLBACK');
    SpillTables.dropAny(db);
    throw err;
  } finally {
    ended = true;
    db.pragma('foreign_keys = ON');
    db.pragma(`cache_size = ${cacheSize}`);
    db.pragma(`temp_store = ${tempStore}`);
    restoreJournal();
    await threads.terminate();
    // An upload the parse never took (the import failed first) is abandoned, so its sender stops.
    if (source.kind === 'stream') source.port.close();
  }
}

/** Event-type aliases remembered for a source (see sourceFingerprint). */
export function savedAliases(db: Db, source: string): Record<string, string> {
  const json = db.prepare('SELECT aliases_json FROM source_aliases WHERE source = ?').pluck().get(source) as string | undefined;
  return json ? (JSON.parse(json) as Record<string, string>) : {};
}

/** Splits the head of a file as the import would and proposes the column mapping; personal values are masked. */
export async function previewFile(input: ImportInput, options: ImportOptions = {}, maxRows = 10): Promise<FilePreview> {
  const source = sourceOf(input);
  const worker = spawnWorker('import');
  const dead = whenDead(worker);
  dead.catch(() => {});
  try {
    const api = wrap<ImportWorkerApi>(endpointOf(worker));
    return await Promise.race([api.preview(source, options, maxRows), dead]);
  } catch (err) {
    const message = (err as Error).message ?? String(err);
    if (message.startsWith(USER_ERROR_PREFIX)) throw new UserError(message.slice(USER_ERROR_PREFIX.length));
    throw err;
  } finally {
    await worker.terminate();
  }
}
