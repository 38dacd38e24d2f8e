/** demo: the whole job on the bundled sample, on a fresh machine, in one command. */
import type { Command } from 'commander';
import { SAMPLE, ensureSample } from '../../backend/sample';
import { loadResources, loadRuns } from '../lazy';
import { count } from '../format';
import { DB_OPTION, openWorkspace } from '../options';
import { progressBar } from '../progress';
import { renderImport, renderResult } from '../render';
import type { Workspace } from '../../backend/workspace';

/** The sample, imported once per workspace, with its progress on the terminal. */
export async function ensureSampleWithProgress(ws: Workspace, log: (line: string) => void): Promise<number> {
  const bar = progressBar('importing');
  try {
    return await ensureSample(ws, {
      onGenerated: (rows) => log(`generated the sample: ${count(SAMPLE.contacts)} contacts over ${SAMPLE.days} days, ${count(rows)} rows (seed ${SAMPLE.seed}, ${SAMPLE.dirty * 100}% dirty)`),
      onProgress: (p) => bar.update(p.totalBytes ? p.bytesRead / p.totalBytes : 0, () => `${count(p.rowsRead)} rows`),
      onImported: (summary) => {
        bar.stop();
        log(renderImport(summary));
      },
    });
  } finally {
    bar.stop();
  }
}

export function registerDemo(program: Command): void {
  program
    .command('demo')
    .description('import the bundled sample (generated once) and compare the default scenario\'s strategies')
    .option(...DB_OPTION)
    .action(async (o: { db?: string }) => {
      const ws = await openWorkspace(o.db);
      try {
        console.log(`workspace: ${ws.file}`);
        const datasetId = await ensureSampleWithProgress(ws, (line) => console.log(line));
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
