/**
 * The one API contract between the renderer and the backend, whatever carries it (Electron IPC or
 * loopback HTTP): method name → request schema (validated at every boundary) and response type, plus
 * the events the backend pushes. Nothing here is declared twice elsewhere.
 */
import { z } from 'zod';
import { FIELDS } from '../core/headers';
import type { FilePreview, ImportSummary } from '../core/importing/types';
import type { SimulationResult } from '../core/sim/results';
import type { ScenarioInput } from '../core/scenario';
import type { Proposal } from '../core/propose';
import { ATTRIBUTE_BY, type Attribution } from '../core/sim/attribution';
import type { Explanation } from '../core/sim/explain';
import type { BreakevenResult, DatasetInfo, ForecastResult, IntegrationPreset, PricingPreset, RunInfo, SweepResult } from './types';
import type { SensitivityRow } from '../core/whatif/sensitivity';

/** A file the backend may read: one the user uploaded (browser) or picked in a native dialog (desktop). */
export const fileRefSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('upload'), id: z.string().regex(/^[a-f0-9]{32}$/), name: z.string().max(255) }),
  z.strictObject({ kind: z.literal('picked'), id: z.string().regex(/^[a-f0-9]{32}$/), name: z.string().max(255) }),
]);
export type FileRef = z.infer<typeof fileRefSchema>;

export const importOptionsSchema = z.strictObject({
  name: z.string().trim().min(1).max(200).optional(),
  // '' chooses no column for the field.
  map: z.partialRecord(z.enum(FIELDS), z.string().max(500)).optional(),
  // zod drops a `__proto__` key from records; every other name is kept as data (read through Maps).
  aliases: z.record(z.string().max(200), z.string().max(200)).optional(),
  timezone: z.string().max(100).optional(),
  phoneRegion: z.string().regex(/^[A-Z]{2}$/).optional(),
  maxRejectShare: z.number().min(0).max(1).optional(),
  format: z.enum(['csv', 'jsonl']).optional(),
  eventType: z.string().regex(/^[a-z0-9_]+$/, 'must be an event type name in lower snake case, e.g. "form_submit"').max(100).optional(),
});

/** What the app keeps in the workspace so that a reload loses nothing. */
export const UI_STATE_KEYS = ['draft', 'view', 'datasetId', 'runId', 'theme', 'forecastInput', 'sensitivityDelta'] as const;
export type UiStateKey = (typeof UI_STATE_KEYS)[number];

const id = z.number().int().positive();
const none = z.strictObject({});
/** The head of an uploaded file, for its preview: what the browser reads of it (256 KB), in base64. */
export const PREVIEW_HEAD_BYTES = 256 * 1024;
/** Growth and price change are monthly rates (0.02 = 2% a month), bounded to a doubling a month. */
const monthlyRate = z.number().gt(-1, 'must be above -1 (−100% a month)').max(1, 'must be at most 1 (+100% a month); rates are shares, 0.05 is 5%');
const forecastInputs = {
  months: z.number().int().min(1).max(120),
  growthContacts: monthlyRate,
  growthEvents: monthlyRate,
  priceChange: monthlyRate,
  startMonth: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'must be a month as YYYY-MM').optional(),
  population: z.number().positive().max(1e10).optional(),
  sampleFraction: z.number().positive().max(1).optional(),
  replicates: z.number().int().min(10).max(1000).optional(),
  seed: z.number().int().min(1).max(2 ** 31).optional(),
};
const sweepPath = z.string().regex(/^[A-Za-z0-9_.-]+$/).max(200);
const sweepParams = z
  .array(
    z.union([
      z.strictObject({ path: sweepPath, from: z.number().finite(), to: z.number().finite(), step: z.number().positive() }),
      // Alternative lists of event types (a trigger list, the significant list), two or more.
      z.strictObject({ path: sweepPath, sets: z.array(z.array(z.string().regex(/^[a-z0-9_]+$/).max(100)).min(1).max(100)).min(2).max(50) }),
    ]),
  )
  .min(1)
  .max(2);

export const requestSchemas = {
  'datasets.list': none,
  'datasets.delete': z.strictObject({ id }),
  'datasets.summary': z.strictObject({ id }),
  'datasets.rejectsCsv': z.strictObject({ id }),
  'import.preview': z.strictObject({ file: fileRefSchema, options: importOptionsSchema, head: z.base64().max(Math.ceil(PREVIEW_HEAD_BYTES / 3) * 4).optional() }),
  'import.start': z.strictObject({ file: fileRefSchema, options: importOptionsSchema }),
  'scenarios.default': none,
  'scenarios.propose': z.strictObject({ datasetId: id }),
  'scenarios.validate': z.strictObject({ scenario: z.unknown() }),
  'scenarios.list': none,
  'scenarios.save': z.strictObject({ scenario: z.unknown() }),
  'scenarios.delete': z.strictObject({ name: z.string().min(1).max(200) }),
  'pricing.presets': none,
  'integration.presets': none,
  'state.get': none,
  'state.set': z.strictObject({ key: z.enum(UI_STATE_KEYS), value: z.unknown() }),
  'runs.start': z.strictObject({
    datasetId: id,
    scenario: z.unknown(),
    name: z.string().trim().min(1).max(200).optional(),
    pricingPreset: z.string().regex(/^[a-z0-9-]+$/).max(100).optional(),
    integrationPreset: z.string().regex(/^[a-z0-9-]+$/).max(100).optional(),
  }),
  'runs.list': none,
  'runs.get': z.strictObject({ id }),
  'jobs.cancel': z.strictObject({ jobId: z.string().regex(/^[a-f0-9]{16}$/) }),
  'jobs.list': none,
  'whatif.sweep': z.strictObject({ datasetId: id, scenario: z.unknown(), params: sweepParams }),
  'whatif.breakeven': z.strictObject({ datasetId: id, scenario: z.unknown(), factors: z.array(z.number().positive().max(64)).min(2).max(20).optional() }),
  'whatif.forecast': z.strictObject({ runId: id, ...forecastInputs }),
  'whatif.sensitivity': z.strictObject({ runId: id, delta: z.number().positive().max(1).optional() }),
  /** One contact of a run explained (§7's contact view). */
  'runs.explain': z.strictObject({ id, contact: z.string().regex(/^[A-Za-z0-9:_-]+$/).max(200) }),
  /** Jobs and cost by what drives them. */
  'runs.attribute': z.strictObject({ id, by: z.enum(ATTRIBUTE_BY) }),
  /** Contacts of a run's dataset to explain: the busiest, or those whose key starts with `key`. */
  'runs.contacts': z.strictObject({ id, key: z.string().regex(/^[A-Za-z0-9:_-]*$/).max(200).optional() }),
  /** The report shows what the screen showed: the forecast and sensitivity inputs come with the request. */
  'runs.report': z.strictObject({
    id,
    forecast: z.strictObject(forecastInputs).optional(),
    sensitivityDelta: z.number().positive().max(1).optional(),
    /** A sweep the screen showed, of the run's dataset: the report runs it again (it is deterministic) and shows it. */
    sweep: z.strictObject({ scenario: z.unknown(), params: sweepParams }).optional(),
  }),
} as const;

export type Method = keyof typeof requestSchemas;
export type Request<M extends Method> = z.infer<(typeof requestSchemas)[M]>;

/** Chart series as plain arrays (they cross JSON and structured clone alike). */
export interface SeriesPayload {
  id: string;
  opsPerMinute: number[];
  jobsPerHour: number[];
  costPerHour: number[];
  stalenessEdgesSeconds: (number | null)[];
  stalenessCounts: number[];
  /** §7: the most requests waiting in the queue within each minute, and write-back calls per local day; null without them. */
  backlogPerMinute: number[] | null;
  callsPerDay: number[] | null;
}

export interface RunPayload {
  info: RunInfo;
  result: SimulationResult;
  scenario: ScenarioInput;
  series: SeriesPayload[];
}

export interface DatasetSummary {
  dataset: DatasetInfo;
  importSummary: ImportSummary | null;
  eventTypes: string[];
}

export type ValidationResult = { ok: true; scenario: ScenarioInput } | { ok: false; errors: string[] };

export interface Responses {
  'datasets.list': DatasetInfo[];
  'datasets.delete': { deleted: true };
  'datasets.summary': DatasetSummary;
  'datasets.rejectsCsv': { csv: string; rows: number };
  'import.preview': FilePreview;
  'import.start': { jobId: string };
  'scenarios.default': ScenarioInput;
  'scenarios.propose': Proposal;
  'scenarios.validate': ValidationResult;
  'scenarios.list': ScenarioInput[];
  'scenarios.save': ValidationResult;
  'scenarios.delete': { deleted: boolean };
  'pricing.presets': PricingPreset[];
  'integration.presets': IntegrationPreset[];
  'state.get': Partial<Record<UiStateKey, unknown>>;
  'state.set': { saved: true };
  'runs.start': { jobId: string };
  'runs.list': RunInfo[];
  'runs.get': RunPayload;
  'jobs.cancel': { cancelled: boolean };
  'jobs.list': JobStatus[];
  'whatif.sweep': { jobId: string };
  'whatif.breakeven': { jobId: string };
  'whatif.forecast': { jobId: string };
  'whatif.sensitivity': SensitivityRow[];
  'runs.report': { html: string; name: string };
  'runs.explain': Explanation;
  'runs.attribute': (Attribution & { agrees: boolean })[];
  'runs.contacts': { key: string; events: number; country: string | null; companySize: string | null }[];
}

/** Pushed by the backend while long work runs. */
export type JobKind = 'import' | 'run' | 'sweep' | 'breakeven' | 'forecast';

export type JobDone =
  | { type: 'job.done'; kind: 'import'; summary: ImportSummary }
  | { type: 'job.done'; kind: 'run'; runId: number }
  | { type: 'job.done'; kind: 'sweep'; sweep: SweepResult }
  | { type: 'job.done'; kind: 'breakeven'; breakeven: BreakevenResult }
  | { type: 'job.done'; kind: 'forecast'; forecast: ForecastResult };

/** A job as the backend knows it: queued or running, or finished lately (with its outcome). */
export interface JobStatus {
  jobId: string;
  kind: JobKind;
  state: 'queued' | 'running' | 'done' | 'failed' | 'cancelled';
  share: number;
  detail: string;
  /** The job's size as estimated before it was queued, e.g. "120 strategy simulations over 91,205 events". */
  estimate: string;
  outcome?: BackendEvent;
}

export type BackendEvent =
  | { type: 'job.progress'; jobId: string; kind: JobKind; share: number; detail: string }
  | (JobDone & { jobId: string })
  | { type: 'job.failed'; jobId: string; kind: JobKind; error: string; cancelled: boolean };

export type Handlers = { [M in Method]: (request: Request<M>) => Promise<Responses[M]> };

/** What every transport gives the renderer. */
export interface ApiClient {
  call<M extends Method>(method: M, request: Request<M>): Promise<Responses[M]>;
  onEvent(listener: (event: BackendEvent) => void): () => void;
  /** Makes a local file available to the backend: an upload (browser) or a native dialog pick (desktop). */
  sendFile(file: File): Promise<FileRef>;
  /** Desktop only: a native open dialog; null when the user cancels or in the browser. */
  pickFile?(): Promise<FileRef | null>;
}

/** Validation failure at a boundary: the message names the method and the field. */
export function validateRequest<M extends Method>(method: string, body: unknown): { ok: true; method: M; request: Request<M> } | { ok: false; error: string } {
  if (!Object.hasOwn(requestSchemas, method)) return { ok: false, error: `unknown method "${method}"` };
  const parsed = requestSchemas[method as M].safeParse(body ?? {});
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    return { ok: false, error: `${method}: ${issue.path.join('.') || '(request)'}: ${issue.message}` };
  }
  return { ok: true, method: method as M, request: parsed.data as Request<M> };
}
