/**
 * The app state in slices (datasets and imports, scenario, runs, ui), one zustand store. Components
 * read through selectors; every backend call goes through the one ApiClient.
 */
import { create, type StateCreator } from 'zustand';
import type { ApiClient, BackendEvent, DatasetSummary, FileRef, JobKind, RunPayload } from '../../shared/contract';
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
  loadDatasets(): Promise<void>;
  selectDataset(id: number): Promise<void>;
  deleteDataset(id: number): Promise<void>;
  chooseFile(file: File): Promise<void>;
  setImportOptions(patch: Partial<ImportOptions>): Promise<void>;
  startImport(): Promise<void>;
  cancelImport(): Promise<void>;
  resetImport(): void;
  rejectsCsv(id: number): Promise<string>;
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
  setView(view: View): void;
  toggleTheme(): void;
  notify(message: string | null): void;
}

export type AppState = DatasetsSlice & ScenarioSlice & RunsSlice & WhatIfSlice & UiSlice;
type Slice<T> = (api: ApiClient) => StateCreator<AppState, [], [], T>;

const message = (err: unknown) => (err instanceof Error ? err.message : String(err));

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
  async loadDatasets() {
    const datasets = await api.call('datasets.list', {});
    set({ datasets });
    const selected = get().selectedDatasetId;
    if ((selected === null || !datasets.some((d) => d.id === selected)) && datasets.length > 0) await get().selectDataset(datasets[datasets.length - 1]!.id);
  },
  async selectDataset(id) {
    set({ selectedDatasetId: id, datasetSummary: await api.call('datasets.summary', { id }) });
  },
  async deleteDataset(id) {
    await api.call('datasets.delete', { id });
    set({ selectedDatasetId: null, datasetSummary: null });
    await get().loadDatasets();
  },
  async chooseFile(file) {
    set({ importFile: null, importPreview: null, importResult: null, importError: null, importOptions: { name: file.name.replace(/\.[^.]+$/, '') } });
    try {
      const ref = await api.sendFile(file);
      set({ importFile: ref, importPreview: await api.call('import.preview', { file: ref, options: {} }) });
    } catch (err) {
      set({ importError: message(err) });
    }
  },
  async setImportOptions(patch) {
    const importOptions = { ...get().importOptions, ...patch };
    set({ importOptions });
    const file = get().importFile;
    if (file && patch.map) {
      try {
        set({ importPreview: await api.call('import.preview', { file, options: { map: importOptions.map ?? {} } }), importError: null });
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
});

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

const uiSlice: Slice<UiSlice> = () => (set) => ({
  view: 'datasets',
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

/** Backend events move jobs along; completion refreshes what the job changed. */
export function applyEvent(store: AppStore, event: BackendEvent): void {
  const s = store.getState();
  const isImport = s.importJob?.id === event.jobId;
  const isRun = s.runJob?.id === event.jobId;
  if (s.whatIfJob?.id === event.jobId) return applyWhatIfEvent(store, event);
  if (!isImport && !isRun) return;
  if (event.type === 'job.progress') {
    const job = { id: event.jobId, share: event.share, detail: event.detail };
    store.setState(isImport ? { importJob: job } : { runJob: job });
  } else if (event.type === 'job.failed') {
    store.setState(isImport ? { importJob: null, importError: event.error } : { runJob: null, runError: event.error });
  } else if (event.kind === 'import') {
    store.setState({ importJob: null, importResult: event.summary });
    void s.loadDatasets().then(() => s.selectDataset(event.summary.datasetId));
  } else if (event.kind === 'run') {
    store.setState({ runJob: null });
    void s.loadRuns().then(() => s.openRun(event.runId));
  }
}

function applyWhatIfEvent(store: AppStore, event: BackendEvent): void {
  const job = store.getState().whatIfJob!;
  if (event.type === 'job.progress') store.setState({ whatIfJob: { ...job, share: event.share, detail: event.detail } });
  else if (event.type === 'job.failed') store.setState({ whatIfJob: null, whatIfError: event.error });
  else if (event.kind === 'sweep') store.setState({ whatIfJob: null, sweep: event.sweep });
  else if (event.kind === 'breakeven') store.setState({ whatIfJob: null, breakeven: event.breakeven });
  else if (event.kind === 'forecast') store.setState({ whatIfJob: null, forecast: event.forecast });
}
