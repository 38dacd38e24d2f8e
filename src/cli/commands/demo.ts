/** demo: the whole job on the bundled sample, on a fresh machine, in one command. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Command } from 'commander';
import { importFile } from '../../backend/import/importer';
import { listDatasets } from '../../backend/datasets';
import { loadResources, loadRuns } from '../lazy';
import { count } from '../format';
import { DB_OPTION, openWorkspace } from '../options';
import { progressBar } from '../progress';
import { renderImport, renderResult } from '../render';
import { writeGenerated } from './data';
import type { Workspace } from '../../backend/workspace';

export const SAMPLE = { name: 'sample', contacts: 20_000, days: 30, seed: 42, dirty: 0.05, start: '2026-03-02' };

/** Generates and imports the bundled sample once per workspace; later calls reuse it. */
export async function ensureSample(ws: Workspace, log: (line: string) => void = () => {}): Promise<number> {
  const existing = listDatasets(ws.db).find((d) => d.name === SAMPLE.name);
  if (existing) return existing.id;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'scorecast-sample-'));
  const csv = path.join(dir, 'sample-crm-events.csv');
  try {
    const rows = await writeGenerated(csv, SAMPLE);
    log(`generated the sample: ${count(SAMPLE.contacts)} contacts over ${SAMPLE.days} days, ${count(rows)} rows (seed ${SAMPLE.seed}, ${SAMPLE.dirty * 100}% dirty)`);
    const bar = progressBar('importing');
    const summary = await importFile(ws, csv, { name: SAMPLE.name }, { onProgress: (p) => bar.update(p.totalBytes ? p.bytesRead / p.totalBytes : 0, () => `${count(p.rowsRead)} rows`) });
    bar.stop();
    log(renderImport(summary));
    return summary.datasetId;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

export function registerDemo(program: Command): void {
  program
    .command('demo')
    .description('import the bundled sample (generated once) and compare the default scenario\'s strategies')
    .option(...DB_OPTION)
    .action(async (o: { db?: string }) => {
      const ws = openWorkspace(o.db);
      try {
        console.log(`workspace: ${ws.file}`);
        const datasetId = await ensureSample(ws, (line) => console.log(line));
        const [{ runSimulation }, { defaultScenarioPath, loadScenarioFile }] = await Promise.all([loadRuns(), loadResources()]);
        const scenarioFile = defaultScenarioPath();
        const bar = progressBar('simulating');
        const run = await runSimulation(ws, datasetId, loadScenarioFile(scenarioFile), { onProgress: (p) => bar.update(p.share, () => p.phase) });
        bar.stop();
        console.log('');
        console.log(renderResult(run.result, run.runId));
        console.log(`\nscenario: ${scenarioFile}\nnext: scorecast show ${run.runId} --json, or scorecast serve to open the app in a browser`);
      } finally {
        ws.close();
      }
    });
}
