/** Bench setup (untimed): a generated dataset stored straight into a workspace's columnar copy. */
import { generateSample, GENERATED_TYPES } from '../src/core/generate';
import { writeEventColumns } from '../src/backend/datasets';
import type { Workspace } from '../src/backend/workspace';

export function storeGeneratedDataset(ws: Workspace, name: string, events: number, seed = 1): { datasetId: number; events: number; contacts: number } {
  const sample = generateSample({ contacts: Math.round(events / 16.4), days: 30, seed });
  const n = Math.min(events, sample.time.length);
  const db = ws.db;
  return db.transaction(() => {
    const datasetId = Number(
      db.prepare("INSERT INTO datasets (name, source_file, format, imported_at, event_count, contact_count) VALUES (?, 'generated', 'csv', ?, ?, ?)").run(name, new Date().toISOString(), n, sample.people.length)
        .lastInsertRowid,
    );
    GENERATED_TYPES.forEach((t, idx) => {
      db.prepare('INSERT INTO event_types (name, canonical) VALUES (?, 1) ON CONFLICT (name) DO NOTHING').run(t);
      const typeId = db.prepare('SELECT id FROM event_types WHERE name = ?').pluck().get(t);
      db.prepare('INSERT INTO dataset_types (dataset_id, idx, type_id) VALUES (?, ?, ?)').run(datasetId, idx, typeId);
    });
    // Number contacts in first-event order, as the importer does.
    const renumber = new Int32Array(sample.people.length).fill(-1);
    let next = 0;
    const contact = new Int32Array(n);
    for (let i = 0; i < n; i++) {
      const c = sample.contact[i]!;
      if (renumber[c] === -1) renumber[c] = next++;
      contact[i] = renumber[c]!;
    }
    db.prepare('UPDATE datasets SET contact_count = ? WHERE id = ?').run(next, datasetId);
    writeEventColumns(db, datasetId, { time: sample.time.slice(0, n), contact, type: Uint16Array.from(sample.type.subarray(0, n)) });
    return { datasetId, events: n, contacts: next };
  })();
}

export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}
