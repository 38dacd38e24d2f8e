import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Workspace } from '../../src/backend/workspace';

export function tempDir(prefix = 'scorecast-test-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

export function tempWorkspace(): { ws: Workspace; dir: string; file: string } {
  const dir = tempDir();
  const file = path.join(dir, 'ws.sqlite');
  return { ws: Workspace.open(file), dir, file };
}

export function writeFile(dir: string, name: string, content: string | Buffer): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, content);
  return file;
}

/** Every table's rows, in a canonical order: two dumps are equal iff the workspaces hold the same data. */
export function dumpWorkspace(ws: Workspace): Record<string, unknown[]> {
  const tables = ws.db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").pluck().all() as string[];
  const out: Record<string, unknown[]> = {};
  for (const t of tables) {
    const rows = ws.db.prepare(`SELECT * FROM "${t}"`).raw().all() as unknown[][];
    out[t] = rows.map((r) => JSON.stringify(r.map((v) => (Buffer.isBuffer(v) ? v.toString('hex') : v)))).sort();
  }
  return out;
}

export function fixture(...parts: string[]): string {
  return path.join(__dirname, '..', 'fixtures', ...parts);
}

/** What an import stored, without ids that depend on import order or the file's format. */
export function storedDataset(ws: Workspace, datasetId: number, lineOffset = 0) {
  const q = (sql: string) => ws.db.prepare(sql).raw().all(datasetId);
  return {
    contacts: q(`SELECT idx, key, email_key, phone_key, country, company_size, lifecycle_stage, merged_count, event_count, first_seen_ms, last_seen_ms
                 FROM contacts WHERE dataset_id = ? ORDER BY idx`),
    events: q(`SELECT c.idx, e.time_ms, t.name, r.raw, e.line - ${lineOffset} FROM events e JOIN contacts c ON c.id = e.contact_id
               JOIN event_types t ON t.id = e.type_id JOIN raw_event_types r ON r.id = e.raw_type_id WHERE c.dataset_id = ? ORDER BY e.time_ms, e.line`),
    merges: q('SELECT c.idx, m.merged_key, m.via FROM contact_merges m JOIN contacts c ON c.id = m.contact_id WHERE m.dataset_id = ? ORDER BY m.merged_key'),
    rejects: q(`SELECT line - ${lineOffset}, column_name, reason FROM rejected_rows WHERE import_id = (SELECT id FROM imports WHERE dataset_id = ?) ORDER BY line`),
  };
}
