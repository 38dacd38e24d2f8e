/**
 * Long work on one workspace: imports, runs, sweeps, break-even, forecasts, reports and deletions.
 * Each job is checked and its size estimated before it is queued; jobs run one at a time (they share
 * one connection, and a write must never fall inside another job's transaction), report progress as
 * events, and can be cancelled; a cancelled or failed job stores nothing. The service knows its jobs,
 * so a client that reloads can find them again.
 * It runs in its own thread behind the server and the desktop shell (jobs-host.ts), so that no job
 * ever holds up a request; the command line uses the same functions directly.
 */
import { randomBytes } from 'node:crypto';
import type { ImportOptions } from '../core/importing/types';
import { type ScenarioInput, validateScenario } from '../core/scenario';
import { type ParamSpec, parseParamSpec } from '../core/whatif/params';
import { renderReport } from '../report/report';
import type { AttributeBy, Attribution } from '../core/sim/attribution';
import { type Explanation, attributeRun, explainContact } from './analysis';
import type { BackendEvent, JobDone, JobKind, JobStatus, Request } from '../shared/contract';
import type { ImportSource } from '../worker/byte-source';
import { deleteDataset, resolveDataset } from './datasets';
import { CancelledError, UserError } from './errors';
import { importFile } from './import/importer';
import { SimPool } from './pool';
import { type ReportOptions, reportFileName, reportInput } from './report';
import { getRun, runSimulation } from './runs';
import { MAX_SIMULATIONS, planSweep, runBreakeven, runForecast, runSweep } from './whatif';
import type { Workspace } from './workspace';

/** A job as the service is asked for it (requests already validated against the contract). */
export type JobRequest =
  | { kind: 'import'; source: ImportSource; options: ImportOptions }
  | ({ kind: 'run' } & Request<'runs.start'>)
  | ({ kind: 'sweep' } & Request<'whatif.sweep'>)
  | ({ kind: 'breakeven' } & Request<'whatif.breakeven'>)
  | ({ kind: 'forecast' } & Request<'whatif.forecast'>);

type Work = (signal: AbortSignal, progress: (share: number, detail: string) => void) => Promise<JobDone>;

interface Job {
  status: JobStatus;
  controller: AbortController;
}

/** The least time between two progress events of a job. */
const PROGRESS_MS = 100;

/** Finished jobs remembered for a client that reloads or asks late. */
const KEEP_FINISHED = 20;

function count(n: number): string {
  return Math.round(n).toLocaleString('en-US');
}

export class JobService {
  private readonly jobs = new Map<string, Job>();
  private readonly finished: JobStatus[] = [];
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    readonly ws: Workspace,
    private readonly emit: (event: BackendEvent) => void,
    private readonly pool: SimPool = new SimPool(),
  ) {}

  /** Checks the job, estimates its size, queues it; returns its id at once. Throws UserError for a job that cannot run. */
  start(request: JobRequest): { jobId: string } {
    const { work, estimate } = this.plan(request);
    return this.enqueue(request.kind, estimate, work, request.kind === 'import' ? request.source : undefined);
  }

  private plan(request: JobRequest): { work: Work; estimate: string } {
    switch (request.kind) {
      case 'import': {
        const { source, options } = request;
        return {
          estimate: source.kind === 'file' ? 'import' : `import of ${count(source.size)} bytes`,
          work: async (signal, progress) => {
            const summary = await importFile(this.ws, source, options, {
              signal,
              onProgress: (p) => progress(p.totalBytes ? p.bytesRead / p.totalBytes : 0, `${count(p.rowsRead)} rows`),
              onWait: (message) => progress(0, message),
            });
            return { type: 'job.done', kind: 'import', summary };
          },
        };
      }
      case 'run': {
        const v = validateScenario(request.scenario);
        if (!v.ok) throw new UserError(`the scenario is invalid:\n${v.errors.join('\n')}`);
        const dataset = resolveDataset(this.ws.db, request.datasetId);
        return {
          estimate: `${v.scenario.strategies.length} strategies over ${count(dataset.events)} events`,
          work: async (signal, progress) => {
            const run = await runSimulation(
              this.ws,
              dataset.id,
              v.scenario,
              {
                signal,
                onProgress: (p) => progress(p.share, p.phase === 'simulating' ? `${count(p.eventsPerSecond)} events/s` : p.phase),
                ...(request.name !== undefined && { name: request.name }),
                ...(request.pricingPreset !== undefined && { pricingPreset: request.pricingPreset }),
                ...(request.integrationPreset !== undefined && { integrationPreset: request.integrationPreset }),
              },
              this.pool,
            );
            return { type: 'job.done', kind: 'run', runId: run.runId };
          },
        };
      }
      case 'sweep': {
        const plan = planSweep(request.scenario as ScenarioInput, sweepSpecs(request.params));
        const dataset = resolveDataset(this.ws.db, request.datasetId);
        return {
          estimate: `${count(plan.simulations)} strategy simulations over ${count(dataset.events)} events`,
          work: async (signal, progress) => ({
            type: 'job.done',
            kind: 'sweep',
            sweep: await runSweep(this.ws, dataset.id, plan, { signal, onProgress: (s) => progress(s, 'simulating') }, this.pool),
          }),
        };
      }
      case 'breakeven': {
        const v = validateScenario(request.scenario);
        if (!v.ok) throw new UserError(`the scenario is invalid:\n${v.errors.join('\n')}`);
        const dataset = resolveDataset(this.ws.db, request.datasetId);
        const factors = request.factors ? [...request.factors].sort((a, b) => a - b) : undefined;
        // Resampled datasets scale with their factor: their total is the work in dataset-sized simulations.
        const work = (factors ?? [0.25, 0.5, 1, 2, 4, 8, 16]).reduce((a, f) => a + f, 0) * v.scenario.strategies.length;
        if (work > MAX_SIMULATIONS) throw new UserError(`this break-even needs ${count(work)} dataset-sized simulations; at most ${count(MAX_SIMULATIONS)} are allowed: use fewer or smaller factors, or fewer strategies`);
        return {
          estimate: `${count(work)} dataset-sized simulations over ${count(dataset.events)} events`,
          work: async (signal, progress) => ({
            type: 'job.done',
            kind: 'breakeven',
            breakeven: await runBreakeven(this.ws, dataset.id, request.scenario as ScenarioInput, factors ? { factors } : {}, { signal, onProgress: (s) => progress(s, 'resampling') }, this.pool),
          }),
        };
      }
      case 'forecast': {
        const { kind: _kind, runId, ...options } = request;
        const run = getRun(this.ws.db, runId);
        if (options.population !== undefined && options.sampleFraction !== undefined) throw new UserError('give the population or the sample fraction, not both');
        const replicates = options.replicates ?? 200;
        return {
          estimate: `${count(replicates + 1)} resampled simulations over ${count(run.result.events)} events`,
          work: async (signal, progress) => ({
            type: 'job.done',
            kind: 'forecast',
            forecast: await runForecast(this.ws, runId, options, { signal, onProgress: (s) => progress(s, 'bootstrap') }, this.pool),
          }),
        };
      }
    }
  }

  private enqueue(kind: JobKind, estimate: string, work: Work, source?: ImportSource): { jobId: string } {
    const jobId = randomBytes(8).toString('hex');
    const controller = new AbortController();
    const status: JobStatus = { jobId, kind, state: 'queued', share: 0, detail: `queued: ${estimate}`, estimate };
    this.jobs.set(jobId, { status, controller });
    // Progress goes out at most every PROGRESS_MS (a run of many strategies reports hundreds of times a
    // second, each an event every open page redraws on); a new phase goes out at once.
    let sentAt = 0;
    let sentPhase = '';
    const progress = (share: number, detail: string) => {
      status.share = share;
      status.detail = detail;
      const phase = detail.replace(/[\d,.]+/g, '#');
      const now = performance.now();
      if (now - sentAt < PROGRESS_MS && phase === sentPhase && share < 1) return;
      sentAt = now;
      sentPhase = phase;
      this.emit({ type: 'job.progress', jobId, kind, share, detail });
    };
    progress(0, status.detail);
    this.queue = this.queue.then(async () => {
      let outcome: BackendEvent;
      try {
        if (controller.signal.aborted) throw new CancelledError(cancelledWhat(kind));
        status.state = 'running';
        outcome = { ...(await work(controller.signal, progress)), jobId } as BackendEvent;
      } catch (err) {
        // An upload a cancelled job never read is abandoned, so its sender stops.
        if (source?.kind === 'stream') source.port.close();
        const cancelled = err instanceof CancelledError || controller.signal.aborted;
        const error = cancelled ? new CancelledError(cancelledWhat(kind)).message : err instanceof UserError ? err.message : `internal error: ${(err as Error).message}`;
        outcome = { type: 'job.failed', jobId, kind, error, cancelled };
      }
      this.jobs.delete(jobId);
      this.remember({ ...status, state: outcome.type === 'job.failed' ? (outcome.cancelled ? 'cancelled' : 'failed') : 'done', share: 1, outcome });
      this.emit(outcome);
    });
    return { jobId };
  }

  private remember(status: JobStatus): void {
    this.finished.push(status);
    if (this.finished.length > KEEP_FINISHED) this.finished.shift();
  }

  cancel(jobId: string): boolean {
    const job = this.jobs.get(jobId);
    job?.controller.abort();
    return job !== undefined;
  }

  cancelAll(): void {
    for (const job of this.jobs.values()) job.controller.abort();
  }

  /** Queued and running jobs, then the last finished ones with their outcome. */
  list(): JobStatus[] {
    return [...[...this.jobs.values()].map((j) => ({ ...j.status })), ...this.finished.map((s) => ({ ...s }))];
  }

  /** Work that answers a request rather than running as a job, in the same queue (it reads or writes the workspace). */
  private inQueue<T>(work: () => Promise<T> | T): Promise<T> {
    const result = this.queue.then(work);
    this.queue = result.catch(() => {});
    return result;
  }

  deleteDataset(id: number): Promise<{ deleted: true }> {
    return this.inQueue(() => {
      deleteDataset(this.ws.db, id);
      return { deleted: true as const };
    });
  }

  report(id: number, options: Omit<ReportOptions, 'sweep'> & { sweep?: { scenario: unknown; params: Request<'whatif.sweep'>['params'] } }): Promise<{ html: string; name: string }> {
    const run = getRun(this.ws.db, id);
    // A sweep to show is checked before the report is queued, as a sweep job is.
    const { sweep, ...rest } = options;
    const plan = sweep ? planSweep(sweep.scenario as ScenarioInput, sweepSpecs(sweep.params)) : undefined;
    return this.inQueue(async () => ({ html: renderReport(await reportInput(this.ws, run.id, { ...rest, ...(plan && { sweep: plan }) }, this.pool)), name: reportFileName(run.id) }));
  }

  /** One contact of a run explained: a re-run of the whole run, so it waits its turn as a job does. */
  explain(id: number, contact: string): Promise<Explanation> {
    getRun(this.ws.db, id);
    return this.inQueue(() => explainContact(this.ws, id, contact));
  }

  attribute(id: number, by: AttributeBy): Promise<(Attribution & { agrees: boolean })[]> {
    getRun(this.ws.db, id);
    return this.inQueue(() => attributeRun(this.ws, id, by));
  }

  /** Cancels every job and waits for the queue to settle. */
  async close(): Promise<void> {
    this.cancelAll();
    await this.queue.catch(() => {});
    await this.pool.close();
  }
}

/** A sweep's parameters as the contract carries them, as the command line writes them. */
function sweepSpecs(params: Request<'whatif.sweep'>['params']): ParamSpec[] {
  return params.map((p) => {
    try {
      return parseParamSpec('sets' in p ? `${p.path}=${p.sets.map((set) => set.join(',')).join('|')}` : `${p.path}=${p.from}:${p.to}:${p.step}`);
    } catch (err) {
      throw new UserError((err as Error).message.replace(/^--param /, ''));
    }
  });
}

function cancelledWhat(kind: JobKind): string {
  return kind === 'import' ? 'import' : kind === 'run' ? 'simulation' : kind === 'breakeven' ? 'break-even' : kind;
}
