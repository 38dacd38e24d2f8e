/**
 * The contract's handlers over one workspace: what the HTTP server and the Electron shell both
 * expose. Long work (imports, runs) runs as jobs, one at a time on the workspace, reporting progress
 * as events; each can be cancelled, and a cancelled or failed job stores nothing.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { csvLine } from '../core/csv';
import { type ScenarioInput, validateScenario } from '../core/scenario';
import type { BackendEvent, FileRef, Handlers, JobDone, JobKind, SeriesPayload } from '../shared/contract';
import { parseParamSpec } from '../core/whatif/params';
import { sensitivity } from '../core/whatif/sensitivity';
import { runBreakeven, runForecast, runSweep } from './whatif';
import { DEFAULT_REPORT_FORECAST, buildReport } from '../report/build';
import { deleteDataset, listDatasets, resolveDataset } from './datasets';
import { CancelledError, UserError } from './errors';
import { importFile, previewFile } from './import/importer';
import { SimPool } from './pool';
import { defaultScenarioPath, pricingPresets } from './resources';
import { getRun, getRunSeries, listRuns, runSimulation } from './runs';
import type { Workspace } from './workspace';

/** Files the backend may read, by opaque id: uploads it wrote, or paths the user picked natively. */
export class FileRegistry {
  private readonly files = new Map<string, { path: string; temporary: boolean }>();
  readonly uploadDir = fs.mkdtempSync(path.join(os.tmpdir(), 'scorecast-uploads-'));

  register(filePath: string, name: string, kind: FileRef['kind']): FileRef {
    const id = randomBytes(16).toString('hex');
    this.files.set(id, { path: filePath, temporary: kind === 'upload' });
    return { kind, id, name: path.basename(name).slice(0, 255) };
  }

  newUploadPath(): string {
    return path.join(this.uploadDir, randomBytes(16).toString('hex'));
  }

  resolve(ref: FileRef): string {
    const entry = this.files.get(ref.id);
    if (!entry) throw new UserError(`the file "${ref.name}" is no longer available; choose it again`);
    return entry.path;
  }

  close(): void {
    fs.rmSync(this.uploadDir, { recursive: true, force: true });
  }
}

export function seriesPayload(series: ReturnType<typeof getRunSeries>): SeriesPayload[] {
  return series.map((s) => ({
    id: s.id,
    opsPerMinute: [...s.opsPerMinute],
    jobsPerHour: [...s.jobsPerHour],
    costPerHour: [...s.costPerHour],
    stalenessEdgesSeconds: s.stalenessEdgesSeconds.map((e) => (Number.isFinite(e) ? e : null)),
    stalenessCounts: s.stalenessCounts,
  }));
}

export class Backend {
  readonly files = new FileRegistry();
  private readonly jobs = new Map<string, AbortController>();
  private queue: Promise<unknown> = Promise.resolve();
  private readonly pool = new SimPool();

  constructor(
    readonly ws: Workspace,
    private readonly emit: (event: BackendEvent) => void,
  ) {}

  /** Runs long work one job at a time on the workspace; returns the job id at once. */
  private startJob(kind: JobKind, work: (signal: AbortSignal, progress: (share: number, detail: string) => void) => Promise<JobDone>): { jobId: string } {
    const jobId = randomBytes(8).toString('hex');
    const controller = new AbortController();
    this.jobs.set(jobId, controller);
    const progress = (share: number, detail: string) => this.emit({ type: 'job.progress', jobId, kind, share, detail });
    progress(0, 'queued');
    this.queue = this.queue.then(async () => {
      try {
        if (controller.signal.aborted) throw new CancelledError(kind === 'import' ? 'import' : kind === 'run' ? 'simulation' : kind);
        this.emit({ ...(await work(controller.signal, progress)), jobId } as BackendEvent);
      } catch (err) {
        const cancelled = err instanceof CancelledError;
        const error = cancelled || err instanceof UserError ? (err as Error).message : `internal error: ${(err as Error).message}`;
        this.emit({ type: 'job.failed', jobId, kind, error, cancelled });
      } finally {
        this.jobs.delete(jobId);
      }
    });
    return { jobId };
  }

  readonly handlers: Handlers = {
    'datasets.list': async () => listDatasets(this.ws.db),
    'datasets.delete': async ({ id }) => {
      deleteDataset(this.ws.db, id);
      return { deleted: true };
    },
    'datasets.summary': async ({ id }) => {
      const dataset = resolveDataset(this.ws.db, id);
      const row = this.ws.db.prepare('SELECT summary_json FROM imports WHERE dataset_id = ? ORDER BY id DESC').pluck().get(id) as string | undefined;
      const eventTypes = this.ws.db
        .prepare('SELECT t.name FROM dataset_types d JOIN event_types t ON t.id = d.type_id WHERE d.dataset_id = ? ORDER BY t.name')
        .pluck()
        .all(id) as string[];
      return { dataset, importSummary: row ? JSON.parse(row) : null, eventTypes };
    },
    'datasets.rejectsCsv': async ({ id }) => {
      resolveDataset(this.ws.db, id);
      const rows = this.ws.db
        .prepare('SELECT j.line, j.column_name, j.reason FROM rejected_rows j JOIN imports i ON i.id = j.import_id WHERE i.dataset_id = ? ORDER BY j.line')
        .raw()
        .all(id) as (string | number | null)[][];
      return { csv: csvLine(['line', 'column', 'reason']) + rows.map((r) => csvLine(r)).join(''), rows: rows.length };
    },
    'import.preview': async ({ file, options }) => previewFile(this.files.resolve(file), options, 10),
    'import.start': async ({ file, options }) => {
      const filePath = this.files.resolve(file);
      const name = options.name ?? file.name.replace(/\.[^.]+$/, '');
      return this.startJob('import', async (signal, progress) => {
        const summary = await importFile(this.ws, filePath, { ...options, name }, {
          signal,
          onProgress: (p) => progress(p.totalBytes ? p.bytesRead / p.totalBytes : 0, `${p.rowsRead.toLocaleString('en-US')} rows`),
        });
        return { type: 'job.done', kind: 'import', summary };
      });
    },
    'scenarios.default': async () => JSON.parse(fs.readFileSync(defaultScenarioPath(), 'utf8')) as ScenarioInput,
    'scenarios.validate': async ({ scenario }) => validated(scenario),
    'scenarios.list': async () =>
      (this.ws.db.prepare('SELECT json FROM scenarios ORDER BY name').pluck().all() as string[]).map((j) => JSON.parse(j) as ScenarioInput),
    'scenarios.save': async ({ scenario }) => {
      const v = validated(scenario);
      if (v.ok) {
        this.ws.db
          .prepare('INSERT INTO scenarios (name, json, updated_at) VALUES (?, ?, ?) ON CONFLICT (name) DO UPDATE SET json = excluded.json, updated_at = excluded.updated_at')
          .run(v.scenario.name, JSON.stringify(scenario), new Date().toISOString());
      }
      return v;
    },
    'scenarios.delete': async ({ name }) => ({ deleted: this.ws.db.prepare('DELETE FROM scenarios WHERE name = ?').run(name).changes > 0 }),
    'pricing.presets': async () => pricingPresets(),
    'runs.start': async ({ datasetId, scenario }) => {
      const v = validateScenario(scenario);
      if (!v.ok) throw new UserError(`the scenario is invalid:\n${v.errors.join('\n')}`);
      resolveDataset(this.ws.db, datasetId);
      return this.startJob('run', async (signal, progress) => {
        const run = await runSimulation(
          this.ws,
          datasetId,
          v.scenario,
          { signal, onProgress: (p) => progress(p.share, p.phase === 'simulating' ? `${Math.round(p.eventsPerSecond).toLocaleString('en-US')} events/s` : p.phase) },
          this.pool,
        );
        return { type: 'job.done', kind: 'run', runId: run.runId };
      });
    },
    'runs.list': async () => listRuns(this.ws.db),
    'runs.get': async ({ id }) => {
      const run = getRun(this.ws.db, id);
      const { result, scenarioJson, ...info } = run;
      return { info, result, scenario: scenarioJson as unknown as ScenarioInput, series: seriesPayload(getRunSeries(this.ws.db, id)) };
    },
    'whatif.sweep': async ({ datasetId, scenario, params }) => {
      const specs = params.map((p) => {
        try {
          return parseParamSpec('sets' in p ? `${p.path}=${p.sets.map((set) => set.join(',')).join('|')}` : `${p.path}=${p.from}:${p.to}:${p.step}`);
        } catch (err) {
          throw new UserError((err as Error).message.replace(/^--param /, ''));
        }
      });
      resolveDataset(this.ws.db, datasetId);
      return this.startJob('sweep', async (signal, progress) => ({
        type: 'job.done',
        kind: 'sweep',
        sweep: await runSweep(this.ws, datasetId, scenario as ScenarioInput, specs, { signal, onProgress: (s) => progress(s, 'simulating') }, this.pool),
      }));
    },
    'whatif.breakeven': async ({ datasetId, scenario, factors }) => {
      resolveDataset(this.ws.db, datasetId);
      return this.startJob('breakeven', async (signal, progress) => ({
        type: 'job.done',
        kind: 'breakeven',
        breakeven: await runBreakeven(this.ws, datasetId, scenario as ScenarioInput, factors ? { factors: [...factors].sort((a, b) => a - b) } : {}, { signal, onProgress: (s) => progress(s, 'resampling') }, this.pool),
      }));
    },
    'whatif.forecast': async ({ runId, ...options }) => {
      getRun(this.ws.db, runId);
      return this.startJob('forecast', async (signal, progress) => ({
        type: 'job.done',
        kind: 'forecast',
        forecast: await runForecast(this.ws, runId, options, { signal, onProgress: (s) => progress(s, 'bootstrap') }, this.pool),
      }));
    },
    'whatif.sensitivity': async ({ runId, delta }) => {
      const run = getRun(this.ws.db, runId);
      return sensitivity(run.scenarioJson as unknown as ScenarioInput, run.result.strategies, run.result.window.days, delta ?? 0.2);
    },
    'runs.report': async ({ id }) => buildReport(this.ws, id, DEFAULT_REPORT_FORECAST, this.pool),
    'jobs.cancel': async ({ jobId }) => {
      const job = this.jobs.get(jobId);
      job?.abort();
      return { cancelled: job !== undefined };
    },
  };

  async close(): Promise<void> {
    for (const job of this.jobs.values()) job.abort();
    await this.queue.catch(() => {});
    await this.pool.close();
    this.files.close();
  }
}


function validated(scenario: unknown) {
  const v = validateScenario(scenario);
  return v.ok ? { ok: true as const, scenario: scenario as ScenarioInput } : v;
}
