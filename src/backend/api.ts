/**
 * The contract's handlers over one workspace: what the HTTP server and the Electron shell both
 * expose. Requests are answered here, on the caller's thread, from its own connection (quick reads
 * and small writes); long work (imports, runs, what-if, reports, deletions) goes to the jobs thread,
 * so a request never waits for a job and the event loop is never held up by one.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { csvLine } from '../core/csv';
import { type ScenarioInput, validateScenario } from '../core/scenario';
import type { BackendEvent, FileRef, Handlers } from '../shared/contract';
import { sensitivity } from '../core/whatif/sensitivity';
import { listDatasets, resolveDataset } from './datasets';
import { UserError } from './errors';
import { previewFile, savedAliases } from './import/importer';
import { JobsThread } from './jobs-thread';
import { defaultScenarioPath, integrationPresets, pricingPresets } from './resources';
import { runContacts } from './analysis';
import { proposalFor } from './propose';
import { getRun, getRunSeries, listRuns } from './runs';
import { seriesPayload } from './series';
import { UploadStream } from './uploads';
import type { Workspace } from './workspace';

export { seriesPayload };

type FileEntry = { kind: 'picked'; path: string; name: string } | { kind: 'upload'; name: string; size: number };

/** Files the backend may read, by opaque id: paths the user picked natively, or uploads announced by the browser. */
export class FileRegistry {
  private readonly files = new Map<string, FileEntry>();
  /** Uploads an import is waiting for, by file id. */
  private readonly waiting = new Map<string, UploadStream>();

  /** A file the user chose in a native dialog or dropped on the desktop window. */
  registerPicked(filePath: string, name: string): FileRef {
    const id = randomBytes(16).toString('hex');
    this.files.set(id, { kind: 'picked', path: filePath, name: path.basename(name).slice(0, 255) });
    return { kind: 'picked', id, name: path.basename(name).slice(0, 255) };
  }

  /** A file the browser will stream when it is imported; nothing of it is stored meanwhile. */
  registerUpload(name: string, size: number): FileRef {
    const id = randomBytes(16).toString('hex');
    const clean = path.basename(name).slice(0, 255) || 'upload.csv';
    this.files.set(id, { kind: 'upload', name: clean, size });
    return { kind: 'upload', id, name: clean };
  }

  get(ref: FileRef): FileEntry {
    const entry = this.files.get(ref.id);
    if (!entry || entry.kind !== ref.kind) throw new UserError(`the file "${ref.name}" is no longer available; choose it again`);
    return entry;
  }

  /** The stream an import of this upload reads; the upload's bytes are sent to it by `receive`. */
  openUpload(ref: FileRef): UploadStream {
    const entry = this.get(ref);
    if (entry.kind !== 'upload') throw new Error('not an upload');
    if (this.waiting.has(ref.id)) throw new UserError(`"${entry.name}" is being imported already`);
    const stream = new UploadStream(entry.name);
    this.waiting.set(ref.id, stream);
    return stream;
  }

  /** Streams an upload's bytes into the import waiting for them; settles when the import has them all. */
  async receive(id: string, body: Readable): Promise<void> {
    const stream = this.waiting.get(id);
    if (!stream) throw new UserError('no import is waiting for this file; start the import again');
    this.waiting.delete(id);
    this.files.delete(id);
    await stream.attach(body);
  }

  close(): void {
    for (const s of this.waiting.values()) s.fail('the server is stopping');
    this.waiting.clear();
    this.files.clear();
  }
}

export class Backend {
  readonly files = new FileRegistry();
  private readonly jobs: JobsThread;

  constructor(
    readonly ws: Workspace,
    emit: (event: BackendEvent) => void,
  ) {
    if (ws.file === ':memory:') throw new Error('the backend needs a workspace file (its jobs thread opens it too)');
    this.jobs = new JobsThread(ws.file, emit);
    // This connection answers requests while a job writes: it must never wait long for a lock.
    ws.db.pragma('busy_timeout = 20');
  }

  readonly handlers: Handlers = {
    'datasets.list': async () => listDatasets(this.ws.db),
    'datasets.delete': async ({ id }) => {
      resolveDataset(this.ws.db, id);
      return this.jobs.deleteDataset(id);
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
    'import.preview': async ({ file, options, head }) => {
      const entry = this.files.get(file);
      if (entry.kind === 'upload' && head === undefined) throw new UserError(`the preview of "${entry.name}" needs the head of the file`);
      const preview = await previewFile(
        entry.kind === 'picked' ? { kind: 'file', path: entry.path, name: entry.name } : { kind: 'bytes', bytes: Buffer.from(head!, 'base64'), name: entry.name, size: entry.size },
        options,
        10,
      );
      return { ...preview, savedAliases: savedAliases(this.ws.db, preview.source) };
    },
    'import.start': async ({ file, options }) => {
      const entry = this.files.get(file);
      const name = options.name ?? entry.name.replace(/\.[^.]+$/, '');
      if (entry.kind === 'picked') return this.jobs.start({ kind: 'import', source: { kind: 'file', path: entry.path, name: entry.name }, options: { ...options, name } });
      const upload = this.files.openUpload(file);
      try {
        return await this.jobs.start({ kind: 'import', source: { kind: 'stream', port: upload.port, name: entry.name, size: entry.size }, options: { ...options, name } });
      } catch (err) {
        upload.fail('the import did not start');
        throw err;
      }
    },
    'scenarios.default': async () => JSON.parse(fs.readFileSync(defaultScenarioPath(), 'utf8')) as ScenarioInput,
    'scenarios.propose': async ({ datasetId }) => proposalFor(this.ws.db, datasetId),
    'scenarios.validate': async ({ scenario }) => validated(scenario),
    'scenarios.list': async () =>
      (this.ws.db.prepare('SELECT json FROM scenarios ORDER BY name').pluck().all() as string[]).map((j) => JSON.parse(j) as ScenarioInput),
    'scenarios.save': async ({ scenario }) => {
      const v = validated(scenario);
      if (v.ok) {
        await this.write(() =>
          this.ws.db
            .prepare('INSERT INTO scenarios (name, json, updated_at) VALUES (?, ?, ?) ON CONFLICT (name) DO UPDATE SET json = excluded.json, updated_at = excluded.updated_at')
            .run(v.scenario.name, JSON.stringify(scenario), new Date().toISOString()),
        );
      }
      return v;
    },
    'scenarios.delete': async ({ name }) => ({ deleted: (await this.write(() => this.ws.db.prepare('DELETE FROM scenarios WHERE name = ?').run(name))).changes > 0 }),
    'pricing.presets': async () => pricingPresets(),
    'integration.presets': async () => integrationPresets(),
    'state.get': async () =>
      Object.fromEntries((this.ws.db.prepare('SELECT key, json FROM ui_state').all() as { key: string; json: string }[]).map((r) => [r.key, JSON.parse(r.json) as unknown])),
    'state.set': async ({ key, value }) => {
      const json = JSON.stringify(value ?? null);
      if (json.length > 1_000_000) throw new UserError(`${key}: too large to keep (${json.length.toLocaleString('en-US')} characters)`);
      await this.write(() =>
        this.ws.db.prepare('INSERT INTO ui_state (key, json, updated_at) VALUES (?, ?, ?) ON CONFLICT (key) DO UPDATE SET json = excluded.json, updated_at = excluded.updated_at').run(key, json, new Date().toISOString()),
      );
      return { saved: true as const };
    },
    'runs.start': async (request) => this.jobs.start({ kind: 'run', ...request }),
    'runs.list': async () => listRuns(this.ws.db),
    'runs.get': async ({ id }) => {
      const run = getRun(this.ws.db, id);
      const { result, scenarioJson, ...info } = run;
      return { info, result, scenario: scenarioJson as unknown as ScenarioInput, series: seriesPayload(getRunSeries(this.ws.db, id)) };
    },
    'whatif.sweep': async (request) => this.jobs.start({ kind: 'sweep', ...request }),
    'whatif.breakeven': async (request) => this.jobs.start({ kind: 'breakeven', ...request }),
    'whatif.forecast': async (request) => this.jobs.start({ kind: 'forecast', ...request }),
    'whatif.sensitivity': async ({ runId, delta }) => {
      const run = getRun(this.ws.db, runId);
      return sensitivity(run.scenarioJson as unknown as ScenarioInput, run.result.strategies, run.result.window.days, delta ?? 0.2);
    },
    'runs.report': async ({ id, forecast, sensitivityDelta, sweep }) => {
      getRun(this.ws.db, id);
      return this.jobs.report(id, { ...(forecast && { forecast: { replicates: 200, ...forecast } }), ...(sensitivityDelta !== undefined && { sensitivityDelta }), ...(sweep && { sweep }) });
    },
    'runs.explain': async ({ id, contact }) => this.jobs.explain(id, contact),
    'runs.attribute': async ({ id, by }) => this.jobs.attribute(id, by),
    'runs.contacts': async ({ id, key }) => runContacts(this.ws.db, id, key),
    'jobs.cancel': async ({ jobId }) => ({ cancelled: await this.jobs.cancel(jobId) }),
    'jobs.list': async () => this.jobs.list(),
  };

  /**
   * A small write on this connection. While a job holds the workspace's write lock it is retried,
   * without blocking this thread, rather than waiting inside SQLite.
   */
  private async write<T>(work: () => T, patienceMs = 120_000): Promise<T> {
    for (let waited = 0; ; waited += 100) {
      try {
        return work();
      } catch (err) {
        if ((err as { code?: string }).code !== 'SQLITE_BUSY' || waited >= patienceMs) throw err;
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  /** Tells every running job to stop (a client that went away no longer wants them). */
  async cancelAll(): Promise<void> {
    for (const job of await this.jobs.list()) if (job.state === 'queued' || job.state === 'running') await this.jobs.cancel(job.jobId);
  }

  /** Cancels every job, storing nothing half-done, and stops the jobs thread within `deadlineMs`. */
  async close(deadlineMs = 1500): Promise<void> {
    this.files.close();
    await this.jobs.close(deadlineMs);
  }
}

function validated(scenario: unknown) {
  const v = validateScenario(scenario);
  return v.ok ? { ok: true as const, scenario: scenario as ScenarioInput } : v;
}
