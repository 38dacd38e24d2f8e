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
