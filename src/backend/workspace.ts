/**
 * A workspace: one SQLite file (WAL, foreign keys on, migrated on open) plus the per-workspace secret
 * that keys personal identifiers. The secret lives beside the database in `<db>.key`, not inside it,
 * so a shared database file alone cannot be dictionary-attacked back to emails or phones.
 */
import Database from 'better-sqlite3';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { MIGRATIONS } from './migrations';
import { UserError } from './errors';

export type Db = Database.Database;

/** Another connection holds the workspace for an import (see bulkWriteJournal). */
export class WorkspaceBusyError extends UserError {
  override readonly name: string = 'UserError';
}

/** The per-user data directory Electron's `userData` would use for an app named Scorecast. */
export function defaultDataDir(): string {
  const home = os.homedir();
  if (process.platform === 'win32') return path.join(process.env.APPDATA ?? path.join(home, 'AppData', 'Roaming'), 'Scorecast');
  if (process.platform === 'darwin') return path.join(home, 'Library', 'Application Support', 'Scorecast');
  return path.join(process.env.XDG_CONFIG_HOME ?? path.join(home, '.config'), 'Scorecast');
}

export function defaultWorkspacePath(): string {
  return process.env.SCORECAST_DB ?? path.join(defaultDataDir(), 'workspace.sqlite');
}

export class Workspace {
  private constructor(
    readonly db: Db,
    readonly file: string,
    readonly secret: Buffer,
  ) {}

  static open(file: string = defaultWorkspacePath()): Workspace {
    const inMemory = file === ':memory:';
    if (!inMemory) {
      const dir = path.dirname(path.resolve(file));
      try {
        makeFolder(dir);
      } catch (err) {
        throw new UserError(`cannot open workspace ${file}: its folder ${dir} cannot be made (${(err as NodeJS.ErrnoException).code ?? (err as Error).message}); pass another --db`);
      }
    }
    let db: Db;
    try {
      // Opening never waits inside SQLite: a workspace held for an import answers busy at once.
      db = new Database(file, { timeout: 0 });
    } catch (err) {
      throw new UserError(`cannot open workspace ${file}: ${(err as Error).message}`);
    }
    try {
      // 16 KB pages for a new workspace (an existing one keeps its own): a fourth of the pages, WAL
      // frames and checkpoint writes of 4 KB ones for imports and replay copies, which are bulk
      // writes and BLOB reads. A million-row import measured 6% faster than with 4 KB, and than 32 or 64 KB.
      db.pragma('page_size = 16384');
      db.pragma('journal_mode = WAL');
      db.pragma('synchronous = NORMAL');
      db.pragma('foreign_keys = ON');
      db.pragma('temp_store = MEMORY');
      db.pragma('cache_size = -65536');
      migrate(db, file);
      db.pragma('busy_timeout = 5000');
      return new Workspace(db, file, inMemory ? randomBytes(32) : loadSecret(`${file}.key`));
    } catch (err) {
      db.close();
      if (err instanceof UserError) throw err;
      const code = (err as { code?: string }).code;
      if (code === 'SQLITE_NOTADB') throw new UserError(`${file} is not a Scorecast workspace (not an SQLite database); pass another --db`);
      // Another process holds the workspace for a bulk write (see bulkWriteJournal).
      if (code === 'SQLITE_BUSY') throw new WorkspaceBusyError(`workspace ${file} is busy: another Scorecast is importing into it; try again when that import ends`);
      throw err;
    }
  }

  close(): void {
    this.db.close();
  }
}

/**
 * `mkdirSync(dir, { recursive: true })`, one level at a time: Node 20's recursive form never returns
 * for a folder it cannot make under /proc (it retries for ever), where this fails with the error.
 */
function makeFolder(dir: string): void {
  const missing: string[] = [];
  for (let d = dir; !fs.existsSync(d); d = path.dirname(d)) {
    missing.push(d);
    if (path.dirname(d) === d) break;
  }
  for (const d of missing.reverse()) fs.mkdirSync(d);
}

/**
 * Prepares the connection for one bulk write (an import), and returns what undoes it. Where this is
 * the workspace's only connection, the write goes through a rollback journal instead of the WAL:
 * pages new to the file are then written once, into the database, rather than into the WAL and then
 * again by the checkpoint (a million-row import measured ~4% faster, with a fifth less system time).
 * The transaction stays atomic, and `synchronous = FULL` keeps it durable in that mode. Other
 * connections cannot open the workspace meanwhile (Workspace.open says so); where one is open already,
 * the mode cannot change, and the write goes through the WAL as every other write does.
 */
export function bulkWriteJournal(db: Db): () => void {
  if (db.pragma('journal_mode', { simple: true }) !== 'wal') return () => {};
  const timeout = db.pragma('busy_timeout', { simple: true }) as number;
  db.pragma('busy_timeout = 0');
  let mode: unknown = 'wal';
  try {
    mode = db.pragma('journal_mode = DELETE', { simple: true });
  } catch (err) {
    if ((err as { code?: string }).code !== 'SQLITE_BUSY') throw err;
  } finally {
    db.pragma(`busy_timeout = ${timeout}`);
  }
  if (mode !== 'delete') return () => {};
  db.pragma('synchronous = FULL');
  return () => {
    db.pragma('synchronous = NORMAL');
    try {
      db.pragma('journal_mode = WAL');
    } catch (err) {
      // A connection opened meanwhile: the next Workspace.open puts the WAL back.
      if ((err as { code?: string }).code !== 'SQLITE_BUSY') throw err;
    }
  };
}

function migrate(db: Db, file: string): void {
  const version = db.pragma('user_version', { simple: true }) as number;
  if (version > MIGRATIONS.length) {
    throw new UserError(
      `workspace ${file} has schema version ${version}, newer than this Scorecast understands (${MIGRATIONS.length}); update Scorecast or pass another --db`,
    );
  }
  if (version === MIGRATIONS.length) return;
  // Outside a transaction, where SQLite honours it: a table rebuilt by a migration is dropped
  // without cascading into the tables that reference it.
  db.pragma('foreign_keys = OFF');
  try {
    for (let v = version; v < MIGRATIONS.length; v++) {
      db.transaction(() => {
        db.exec(MIGRATIONS[v] as string);
        const broken = db.pragma('foreign_key_check') as unknown[];
        if (broken.length > 0) throw new Error(`migration ${v + 1} left ${broken.length} dangling references in ${file}; the workspace is unchanged`);
        db.pragma(`user_version = ${v + 1}`);
      })();
    }
  } finally {
    db.pragma('foreign_keys = ON');
  }
}

function loadSecret(keyFile: string): Buffer {
  try {
    const hex = fs.readFileSync(keyFile, 'utf8').trim();
    if (/^[0-9a-f]{64}$/.test(hex)) return Buffer.from(hex, 'hex');
    throw new UserError(`${keyFile} is not a Scorecast workspace key (64 hex digits); restore it from a backup or remove it to start new keys`);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  const secret = randomBytes(32);
  fs.writeFileSync(keyFile, secret.toString('hex') + '\n', { mode: 0o600, flag: 'wx' });
  return secret;
}
