/** The bundled sample: a generated export, written to disk and imported once per workspace. */
import fs from 'node:fs';
import { once } from 'node:events';
import os from 'node:os';
import path from 'node:path';
import { generateCsv } from '../core/generate';
import type { ImportProgress, ImportSummary } from '../core/importing/types';
import { listDatasets } from './datasets';
import { UserError } from './errors';
import { importFile } from './import/importer';
import type { Workspace } from './workspace';

export const SAMPLE = { name: 'sample', contacts: 20_000, days: 30, seed: 42, dirty: 0.05, start: '2026-03-02' };

/** Writes a generated export to `out` (through a partial file, renamed when whole); returns its data rows. */
export async function writeGenerated(out: string, options: Parameters<typeof generateCsv>[0]): Promise<number> {
  const tmp = `${out}.partial`;
  const stream = fs.createWriteStream(tmp);
  let rows = -1;
  try {
    for (const chunk of generateCsv(options)) {
      for (let i = chunk.indexOf('\n'); i >= 0; i = chunk.indexOf('\n', i + 1)) rows++;
      if (!stream.write(chunk)) await once(stream, 'drain');
    }
    stream.end();
    await once(stream, 'finish');
  } catch (err) {
    stream.destroy();
    fs.rmSync(tmp, { force: true });
    throw new UserError(`${out}: cannot write (${(err as Error).message})`);
  }
  fs.renameSync(tmp, out);
  return rows;
}

export interface SampleHooks {
  /** Called once the sample file is written, with its data rows. */
  onGenerated?: (rows: number) => void;
  onProgress?: (p: ImportProgress) => void;
  onImported?: (summary: ImportSummary) => void;
}

/** Generates and imports the bundled sample once per workspace; later calls reuse it. Returns its dataset id. */
export async function ensureSample(ws: Workspace, hooks: SampleHooks = {}): Promise<number> {
  const existing = listDatasets(ws.db).find((d) => d.name === SAMPLE.name);
  if (existing) return existing.id;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'scorecast-sample-'));
  const csv = path.join(dir, 'sample-crm-events.csv');
  try {
    const rows = await writeGenerated(csv, SAMPLE);
    hooks.onGenerated?.(rows);
    const summary = await importFile(ws, csv, { name: SAMPLE.name }, hooks.onProgress ? { onProgress: hooks.onProgress } : {});
    hooks.onImported?.(summary);
    return summary.datasetId;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
