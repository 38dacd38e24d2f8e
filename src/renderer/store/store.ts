/**
 * The app state in slices (datasets and imports, scenario, runs, ui), one zustand store. Components
 * read through selectors; every backend call goes through the one ApiClient.
 */
import { create, type StateCreator } from 'zustand';
import type { ApiClient, BackendEvent, DatasetSummary, FileRef, JobKind, JobStatus, RunPayload } from '../../shared/contract';
import type { Proposal } from '../../core/propose';
import { forApp } from '../../shared/app-wording';
import type { SensitivityRow } from '../../core/whatif/sensitivity';
import type { BreakevenResult, DatasetInfo, ForecastResult, PricingPreset, RunInfo, SweepResult } from '../../shared/types';
import type { FilePreview, ImportOptions, ImportSummary } from '../../core/importing/types';
import { type ScenarioInput, validateScenario } from '../../core/scenario';

export interface JobState {
  id: string;
  share: number;
  detail: string;
}

export type View = 'datasets' | 'scenario' | 'results' | 'whatif';

export interface DatasetsSlice {
  datasets: DatasetInfo[];
  selectedDatasetId: number | null;
  datasetSummary: DatasetSummary | null;
  importFile: FileRef | null;
  importPreview: FilePreview | null;
  importOptions: ImportOptions;
  importJob: JobState | null;
  importResult: ImportSummary | null;
  importError: string | null;
  /** The scenario proposed for the dataset just imported (or selected). */
  proposal: Proposal | null;
  loadDatasets(): Promise<void>;
  selectDataset(id: number): Promise<void>;
  deleteDataset(id: number): Promise<void>;
  chooseFile(file: File): Promise<void>;
  setImportOptions(patch: Partial<ImportOptions>): Promise<void>;
  startImport(): Promise<void>;
  cancelImport(): Promise<void>;
  resetImport(): void;
  rejectsCsv(id: number): Promise<string>;
  loadProposal(datasetId: number): Promise<void>;
  /** Takes the proposed scenario as the draft and runs it; the Results view shows the run. */
  runProposal(): Promise<void>;
  /** Takes the proposed scenario as the draft, to review it in the Scenario view. */
  reviewProposal(): void;
}

export interface ScenarioSlice {
  draft: ScenarioInput | null;
  scenarioErrors: string[];
  presets: PricingPreset[];
  savedScenarios: ScenarioInput[];
  loadScenarioDefaults(): Promise<void>;
  setDraft(draft: ScenarioInput): void;
  saveScenario(): Promise<void>;
  importScenarioText(text: string): void;
}

export interface RunsSlice {
  runs: RunInfo[];
  run: RunPayload | null;
  compare: RunPayload | null;
  runJob: JobState | null;
  runError: string | null;
  loadRuns(): Promise<void>;
  startRun(): Promise<void>;
  cancelRun(): Promise<void>;
  openRun(id: number): Promise<void>;
  openCompare(id: number | null): Promise<void>;
}

/** A field swept over a range, or a list field swept over alternative sets of event types. */
export type SweepParamInput = { path: string; from: number; to: number; step: number } | { path: string; sets: string[][] };

export interface ForecastInput {
  months: number;
  growthContacts: number;
  growthEvents: number;
  priceChange: number;
  population?: number;
  replicates: number;
}

export interface WhatIfSlice {
  sweep: SweepResult | null;
  breakeven: BreakevenResult | null;
  forecast: ForecastResult | null;
  sensitivityRows: SensitivityRow[] | null;
  whatIfJob: (JobState & { kind: JobKind }) | null;
  whatIfError: string | null;
  startSweep(params: SweepParamInput[]): Promise<void>;
  startBreakeven(): Promise<void>;
  startForecast(input: ForecastInput): Promise<void>;
  loadSensitivity(): Promise<void>;
  cancelWhatIf(): Promise<void>;
  reportHtml(): Promise<{ html: string; name: string } | null>;
}

export interface UiSlice {
  view: View;
  theme: 'light' | 'dark';
  notice: string | null;
  /** Applies the events a job had before its start call answered. */
  adoptJob(jobId: string): void;
  /** After a reload: the jobs the backend still runs are shown again where they belong. */
  reattachJobs(): Promise<void>;
  setView(view: View): void;
  toggleTheme(): void;
  notify(message: string | null): void;
}

export type AppState = DatasetsSlice & ScenarioSlice & RunsSlice & WhatIfSlice & UiSlice;
type Slice<T> = (api: ApiClient) => StateCreator<AppState, [], [], T>;

/** An error as the app shows it: in the app's words, not the command line's. */
const message = (err: unknown) => forApp(err instanceof Error ? err.message : String(err));

const datasetsSlice: Slice<DatasetsSlice> = (api) => (set, get) => ({
  datasets: [],
  selectedDatasetId: null,
  datasetSummary: null,
  importFile: null,
  importPreview: null,
  importOptions: {},
  importJob: null,
  importResult: null,
  importError: null,
  proposal: null,
  async loadDatasets() {
    const datasets = await api.call('datasets.list', {});
    set({ datasets });
    const selected = get().selectedDatasetId;
    if ((selected === null || !datasets.some((d) => d.id === selected)) && datasets.length > 0) await get().selectDataset(datasets[datasets.length - 1]!.id);
  },
  async selectDataset(id) {
    set({ selectedDatasetId: id, datasetSummary: await api.call('datasets.summary', { id }) });
    await get().loadProposal(id);
  },
  async deleteDataset(id) {
    await api.call('datasets.delete', { id });
    set({ selectedDatasetId: null, datasetSummary: null });
    await get().loadDatasets();
  },
  async chooseFile(file) {
    set({ importFile: null, importPreview: null, importResult: null, importError: null, proposal: null, importOptions: { name: file.name.replace(/\.[^.]+$/, '') } });
    try {
      const ref = await api.sendFile(file);
      const preview = await api.call('import.preview', { file: ref, options: {} });
      // Aliases saved for this source apply again; a file of one kind of event gets a suggested type.
      const options: ImportOptions = { ...get().importOptions };
      if (Object.keys(preview.savedAliases).length > 0) options.aliases = preview.savedAliases;
      if (preview.kind !== 'events') {
        options.eventType = suggestEventType(file.name, preview.kind);
        if (preview.kind === 'snapshot' && preview.mapping.timestamp) options.map = { timestamp: preview.mapping.timestamp };
      }
      set({ importFile: ref, importOptions: options, importPreview: preview.kind !== 'events' ? await api.call('import.preview', { file: ref, options: previewOptions(options) }) : preview });
    } catch (err) {
      set({ importError: message(err) });
    }
  },
  async setImportOptions(patch) {
    const importOptions = { ...get().importOptions, ...patch };
    set({ importOptions });
    const file = get().importFile;
    // Columns and the one-kind event type change the roles: the preview works them out again.
    if (file && ('map' in patch || 'eventType' in patch)) {
      try {
        set({ importPreview: await api.call('import.preview', { file, options: previewOptions(importOptions) }), importError: null });
      } catch (err) {
        set({ importError: message(err) });
      }
    }
  },
  async startImport() {
    const file = get().importFile;
    if (!file) return;
    set({ importError: null, importResult: null });
    try {
      const { jobId } = await api.call('import.start', { file, options: get().importOptions });
      set({ importJob: { id: jobId, share: 0, detail: 'starting' } });
      get().adoptJob(jobId);
    } catch (err) {
      set({ importError: message(err) });
    }
  },
  async cancelImport() {
    const job = get().importJob;
    if (job) await api.call('jobs.cancel', { jobId: job.id });
  },
  resetImport() {
    set({ importFile: null, importPreview: null, importJob: null, importResult: null, importError: null, importOptions: {} });
  },
  async rejectsCsv(id) {
    return (await api.call('datasets.rejectsCsv', { id })).csv;
  },
  async loadProposal(datasetId) {
    try {
      set({ proposal: await api.call('scenarios.propose', { datasetId }) });
    } catch {
      set({ proposal: null });
    }
  },
  async runProposal() {
    const proposal = get().proposal;
    if (!proposal) return;
    get().setDraft(proposal.scenario);
    get().setView('results');
    await get().startRun();
  },
  reviewProposal() {
    const proposal = get().proposal;
    if (!proposal) return;
    get().setDraft(proposal.scenario);
    get().setView('scenario');
  },
});

/** What the preview needs of the options: the columns and the one-kind event type. */
function previewOptions(o: ImportOptions): ImportOptions {
  return { ...(o.map && { map: o.map }), ...(o.eventType !== undefined && { eventType: o.eventType }) };
}

/** The event type a file of one kind most likely holds, from its name; a contact list's rows are new contacts. */
export function suggestEventType(fileName: string, kind: 'single-type' | 'snapshot' | 'events'): string {
  if (kind === 'snapshot') return 'contact_created';
  const name = fileName.toLowerCase();
  const hints: [RegExp, string][] = [
    [/meeting|appointment|booking/, 'meeting_booked'],
    [/demo/, 'demo_request'],
    [/webinar|event.?attend/, 'webinar_attended'],
    [/trial|sign.?up|signup|registration/, 'trial_signup'],
    [/call/, 'sales_call'],
    [/ticket|case|support/, 'support_ticket'],
    [/order|purchase|deal/, 'purchase'],
    [/lead|contact|prospect/, 'contact_created'],
  ];
  return hints.find(([re]) => re.test(name))?.[1] ?? 'form_submit';
}

function errorsOf(draft: ScenarioInput): string[] {
  const v = validateScenario(draft);
  return v.ok ? [] : v.errors;
}

const scenarioSlice: Slice<ScenarioSlice> = (api) => (set, get) => ({
  draft: null,
  scenarioErrors: [],
  presets: [],
  savedScenarios: [],
  async loadScenarioDefaults() {
    const [draft, presets, savedScenarios] = await Promise.all([api.call('scenarios.default', {}), api.call('pricing.presets', {}), api.call('scenarios.list', {})]);
    set({ presets, savedScenarios });
    if (!get().draft) set({ draft, scenarioErrors: errorsOf(draft) });
  },
  setDraft(draft) {
    set({ draft, scenarioErrors: errorsOf(draft) });
  },
  async saveScenario() {
    const draft = get().draft;
    if (!draft) return;
    const r = await api.call('scenarios.save', { scenario: draft });
    if (!r.ok) set({ scenarioErrors: r.errors });
    else {
      set({ savedScenarios: await api.call('scenarios.list', {}) });
      get().notify(`Saved scenario "${draft.name}"`);
    }
  },
  importScenarioText(text) {
    try {
      const parsed = JSON.parse(text) as ScenarioInput;
      set({ draft: parsed, scenarioErrors: errorsOf(parsed) });
    } catch (err) {
      set({ scenarioErrors: [`the file is not JSON: ${message(err)}`] });
    }
  },
});

const runsSlice: Slice<RunsSlice> = (api) => (set, get) => ({
  runs: [],
  run: null,
  compare: null,
  runJob: null,
  runError: null,
  async loadRuns() {
    set({ runs: await api.call('runs.list', {}) });
  },
  async startRun() {
    const { selectedDatasetId, draft } = get();
    if (selectedDatasetId === null || !draft) return;
    set({ runError: null });
    try {
      const { jobId } = await api.call('runs.start', { datasetId: selectedDatasetId, scenario: draft });
      set({ runJob: { id: jobId, share: 0, detail: 'starting' } });
      get().adoptJob(jobId);
    } catch (err) {
      set({ runError: message(err) });
    }
  },
  async cancelRun() {
    const job = get().runJob;
    if (job) await api.call('jobs.cancel', { jobId: job.id });
  },
  async openRun(id) {
    set({ run: await api.call('runs.get', { id }), compare: null });
  },
  async openCompare(id) {
    set({ compare: id === null ? null : await api.call('runs.get', { id }) });
  },
});

const whatIfSlice: Slice<WhatIfSlice> = (api) => (set, get) => {
  const start = async (kind: JobKind, call: () => Promise<{ jobId: string }>) => {
    set({ whatIfError: null });
    try {
      const { jobId } = await call();
      set({ whatIfJob: { id: jobId, share: 0, detail: 'starting', kind } });
      get().adoptJob(jobId);
    } catch (err) {
      set({ whatIfError: message(err) });
    }
  };
  return {
    sweep: null,
    breakeven: null,
    forecast: null,
    sensitivityRows: null,
    whatIfJob: null,
    whatIfError: null,
    async startSweep(params) {
      const { selectedDatasetId, draft } = get();
      if (selectedDatasetId === null || !draft) return;
      await start('sweep', () => api.call('whatif.sweep', { datasetId: selectedDatasetId, scenario: draft, params }));
    },
    async startBreakeven() {
      const { selectedDatasetId, draft } = get();
      if (selectedDatasetId === null || !draft) return;
      await start('breakeven', () => api.call('whatif.breakeven', { datasetId: selectedDatasetId, scenario: draft }));
    },
    async startForecast(input) {
      const run = get().run;
      if (!run) return;
      await start('forecast', () => api.call('whatif.forecast', { runId: run.info.id, ...input }));
    },
    async loadSensitivity() {
      const run = get().run;
      set({ sensitivityRows: run ? await api.call('whatif.sensitivity', { runId: run.info.id }) : null });
    },
    async cancelWhatIf() {
      const job = get().whatIfJob;
      if (job) await api.call('jobs.cancel', { jobId: job.id });
    },
    async reportHtml() {
      const run = get().run;
      return run ? api.call('runs.report', { id: run.info.id }) : null;
    },
  };
};

const uiSlice: Slice<UiSlice> = (api) => (set, get) => ({
  view: 'datasets',
  adoptJob: (jobId) => adoptJob({ getState: get, setState: set } as unknown as AppStore, jobId),
  async reattachJobs() {
    let jobs: JobStatus[];
    try {
      jobs = await api.call('jobs.list', {});
    } catch {
      return;
    }
    for (const j of jobs) {
      if (j.state !== 'queued' && j.state !== 'running') continue;
      const state = { id: j.jobId, share: j.share, detail: j.detail };
      if (j.kind === 'import') set({ importJob: state });
      else if (j.kind === 'run') set({ runJob: state });
      else set({ whatIfJob: { ...state, kind: j.kind } });
    }
  },
  theme: typeof window !== 'undefined' && window.matchMedia?.('(prefers-color-scheme: dark)').matches ? 'dark' : 'light',
  notice: null,
  setView: (view) => set({ view }),
  toggleTheme: () => set((s) => ({ theme: s.theme === 'light' ? 'dark' : 'light' })),
  notify: (notice) => set({ notice }),
});

export function createAppStore(api: ApiClient) {
  const store = create<AppState>()((...a) => ({
    ...datasetsSlice(api)(...a),
    ...scenarioSlice(api)(...a),
    ...runsSlice(api)(...a),
    ...whatIfSlice(api)(...a),
    ...uiSlice(api)(...a),
  }));
  api.onEvent((event) => applyEvent(store, event));
  return store;
}

export type AppStore = ReturnType<typeof createAppStore>;

/** Events of jobs the page does not know yet (a job can fail before its start call has answered). */
const early = new Map<string, BackendEvent[]>();

/** Backend events move jobs along; completion refreshes what the job changed. */
export function applyEvent(store: AppStore, event: BackendEvent): void {
  const s = store.getState();
  const isImport = s.importJob?.id === event.jobId;
  const isRun = s.runJob?.id === event.jobId;
  if (s.whatIfJob?.id === event.jobId) return applyWhatIfEvent(store, event);
  if (!isImport && !isRun) {
    // Kept a while, in case its job's id arrives just after (see adoptJob).
    const list = early.get(event.jobId) ?? [];
    list.push(event);
    early.set(event.jobId, list.slice(-5));
    if (early.size > 50) early.delete(early.keys().next().value!);
    return;
  }
  if (event.type === 'job.progress') {
    const job = { id: event.jobId, share: event.share, detail: event.detail };
    store.setState(isImport ? { importJob: job } : { runJob: job });
  } else if (event.type === 'job.failed') {
    // A cancel the user asked for is not a failure.
    if (event.cancelled) {
      store.setState(isImport ? { importJob: null } : { runJob: null });
      s.notify(isImport ? 'Import cancelled; nothing was stored.' : 'Run cancelled; nothing was stored.');
    } else store.setState(isImport ? { importJob: null, importError: forApp(event.error) } : { runJob: null, runError: forApp(event.error) });
  } else if (event.kind === 'import') {
    store.setState({ importJob: null, importResult: event.summary });
    void s.loadDatasets().then(() => s.selectDataset(event.summary.datasetId));
    void s.loadProposal(event.summary.datasetId);
  } else if (event.kind === 'run') {
    store.setState({ runJob: null });
    void s.loadRuns().then(() => s.openRun(event.runId));
  }
}

/** Replays the events a job had before the page knew its id. */
export function adoptJob(store: AppStore, jobId: string): void {
  const pending = early.get(jobId);
  early.delete(jobId);
  for (const e of pending ?? []) applyEvent(store, e);
}

function applyWhatIfEvent(store: AppStore, event: BackendEvent): void {
  const job = store.getState().whatIfJob!;
  if (event.type === 'job.progress') store.setState({ whatIfJob: { ...job, share: event.share, detail: event.detail } });
  else if (event.type === 'job.failed') store.setState(event.cancelled ? { whatIfJob: null, notice: 'Cancelled; nothing was stored.' } : { whatIfJob: null, whatIfError: forApp(event.error) });
  else if (event.kind === 'sweep') store.setState({ whatIfJob: null, sweep: event.sweep });
  else if (event.kind === 'breakeven') store.setState({ whatIfJob: null, breakeven: event.breakeven });
  else if (event.kind === 'forecast') store.setState({ whatIfJob: null, forecast: event.forecast });
}
