/**
 * The app state in slices (datasets and imports, scenario, runs, ui), one zustand store. Components
 * read through selectors; every backend call goes through the one ApiClient.
 */
import { create, type StateCreator } from 'zustand';
import type { ApiClient, BackendEvent, DatasetSummary, FileRef, JobKind, JobStatus, Responses, RunPayload, UiStateKey } from '../../shared/contract';
import type { Proposal } from '../../core/propose';
import { forApp } from '../../shared/app-wording';
import type { SensitivityRow } from '../../core/whatif/sensitivity';
import type { BreakevenResult, DatasetInfo, ForecastResult, IntegrationPreset, PricingPreset, RunInfo, SweepResult } from '../../shared/types';
import type { FilePreview, ImportOptions, ImportSummary } from '../../core/importing/types';
import { type ScenarioInput, validateScenario } from '../../core/scenario';
import type { AttributeBy } from '../../core/sim/attribution';
import type { Explanation } from '../../core/sim/explain';

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
  /** The pricing preset last laid over the draft's cost (recorded with the runs made from it). */
  pricingPreset: string | null;
  applyPreset(id: string): void;
  /** The integration preset whose ingest and write-back the draft took (recorded with the runs made from it). */
  integrationPreset: string | null;
  applyIntegrationPreset(id: string): void;
  integrationPresets: IntegrationPreset[];
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

/** The forecast form as a planner fills it in: growth and price change in percent a month. */
export interface ForecastInput {
  months: number;
  growthContactsPct: number;
  growthEventsPct: number;
  priceChangePct: number;
  population?: number;
  replicates: number;
  /** YYYY-MM; empty: the month after the dataset's window. */
  startMonth?: string;
}

export const DEFAULT_FORECAST_INPUT: ForecastInput = { months: 12, growthContactsPct: 2, growthEventsPct: 3, priceChangePct: 0, replicates: 200 };

/** Monthly growth above this is worth a second look (it compounds: 10% a month is ×3.1 a year). */
export const PLAUSIBLE_GROWTH_PCT = 10;

/** The request the form makes: percentages become the rates the backend takes (5% → 0.05). */
export function forecastRequest(input: ForecastInput) {
  return {
    months: input.months,
    growthContacts: input.growthContactsPct / 100,
    growthEvents: input.growthEventsPct / 100,
    priceChange: input.priceChangePct / 100,
    replicates: input.replicates,
    ...(input.population !== undefined && { population: input.population }),
    ...(input.startMonth && { startMonth: input.startMonth }),
  };
}

export interface WhatIfSlice {
  sweep: SweepResult | null;
  /** What the shown sweep was asked for, so that the report can show the same sweep. */
  sweepRequest: { datasetId: number; scenario: unknown; params: SweepParamInput[] } | null;
  breakeven: BreakevenResult | null;
  forecast: ForecastResult | null;
  sensitivityRows: SensitivityRow[] | null;
  whatIfJob: (JobState & { kind: JobKind }) | null;
  whatIfError: string | null;
  startSweep(params: SweepParamInput[]): Promise<void>;
  startBreakeven(): Promise<void>;
  forecastInput: ForecastInput;
  setForecastInput(patch: Partial<ForecastInput>): void;
  /** The share each cost input moves by in the sensitivity (and the report's). */
  sensitivityDelta: number;
  startForecast(): Promise<void>;
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
  /** After a reload: the draft, the open dataset and run, the tab, the theme and the forecast's inputs as they were. */
  restore(): Promise<void>;
  /** True once restore() has run: from then on, changes are kept in the workspace. */
  restored: boolean;
  setView(view: View): void;
  toggleTheme(): void;
  notify(message: string | null): void;
}

/** Inside the open run: the cost by what drives it, and one contact explained (§7). */
export interface InsideSlice {
  attribution: Responses['runs.attribute'] | null;
  attributionBy: AttributeBy;
  attributionError: string | null;
  loadAttribution(by: AttributeBy): Promise<void>;
  runContacts: Responses['runs.contacts'];
  loadRunContacts(prefix?: string): Promise<void>;
  explanation: Explanation | null;
  explaining: string | null;
  explainError: string | null;
  explain(contact: string): Promise<void>;
}

export type AppState = DatasetsSlice & ScenarioSlice & RunsSlice & WhatIfSlice & InsideSlice & UiSlice;
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
  pricingPreset: null,
  applyPreset(id) {
    const draft = get().draft;
    const p = get().presets.find((x) => x.id === id);
    if (!draft || !p) return;
    const cost = draft.cost;
    const pc = p.cost as { usdPerVcpuHour?: number; llm?: object; db?: object };
    get().setDraft({
      ...draft,
      cost: { ...cost, ...(pc.usdPerVcpuHour !== undefined && { usdPerVcpuHour: pc.usdPerVcpuHour }), llm: { ...(cost.llm ?? { inputTokens: 1500, outputTokens: 200 }), ...pc.llm } as never, db: { ...cost.db, ...pc.db } },
    });
    set({ pricingPreset: id });
  },
  integrationPreset: null,
  integrationPresets: [],
  applyIntegrationPreset(id) {
    const draft = get().draft;
    const p = get().integrationPresets.find((x) => x.id === id);
    if (!draft || !p) return;
    get().setDraft({
      ...draft,
      ...(p.ingest !== undefined && { ingest: structuredClone(p.ingest) as ScenarioInput['ingest'] }),
      ...(p.writeBack !== undefined && { writeBack: structuredClone(p.writeBack) as ScenarioInput['writeBack'] }),
    });
    set({ integrationPreset: id });
  },
  scenarioErrors: [],
  presets: [],
  savedScenarios: [],
  async loadScenarioDefaults() {
    const [draft, presets, savedScenarios, integrationPresets] = await Promise.all([
      api.call('scenarios.default', {}),
      api.call('pricing.presets', {}),
      api.call('scenarios.list', {}),
      api.call('integration.presets', {}),
    ]);
    set({ presets, savedScenarios, integrationPresets });
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
      const { pricingPreset: preset, integrationPreset } = get();
      const { jobId } = await api.call('runs.start', {
        datasetId: selectedDatasetId,
        scenario: draft,
        ...(preset !== null && { pricingPreset: preset }),
        ...(integrationPreset !== null && { integrationPreset }),
      });
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
    set({ run: await api.call('runs.get', { id }), compare: null, attribution: null, explanation: null, runContacts: [] });
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
    sweepRequest: null,
    breakeven: null,
    forecast: null,
    forecastInput: DEFAULT_FORECAST_INPUT,
    sensitivityDelta: 0.2,
    setForecastInput(patch) {
      set({ forecastInput: { ...get().forecastInput, ...patch } });
    },
    sensitivityRows: null,
    whatIfJob: null,
    whatIfError: null,
    async startSweep(params) {
      const { selectedDatasetId, draft } = get();
      if (selectedDatasetId === null || !draft) return;
      set({ sweepRequest: { datasetId: selectedDatasetId, scenario: draft, params } });
      await start('sweep', () => api.call('whatif.sweep', { datasetId: selectedDatasetId, scenario: draft, params }));
    },
    async startBreakeven() {
      const { selectedDatasetId, draft } = get();
      if (selectedDatasetId === null || !draft) return;
      await start('breakeven', () => api.call('whatif.breakeven', { datasetId: selectedDatasetId, scenario: draft }));
    },
    async startForecast() {
      const run = get().run;
      if (!run) return;
      await start('forecast', () => api.call('whatif.forecast', { runId: run.info.id, ...forecastRequest(get().forecastInput) }));
    },
    async loadSensitivity() {
      const run = get().run;
      set({ sensitivityRows: run ? await api.call('whatif.sensitivity', { runId: run.info.id, delta: get().sensitivityDelta }) : null });
    },
    async cancelWhatIf() {
      const job = get().whatIfJob;
      if (job) await api.call('jobs.cancel', { jobId: job.id });
    },
    async reportHtml() {
      const { run, forecast, forecastInput, sensitivityDelta, sweep, sweepRequest } = get();
      if (!run) return null;
      // The report shows what the screen shows: the forecast as computed for this run, else the form's inputs,
      // and the sweep on screen when it is of the run's dataset.
      const shown = forecast && forecast.run === run.info.id ? forecast.inputs : { ...forecastRequest(forecastInput), seed: 1 };
      const sweepShown = sweep && sweepRequest?.datasetId === run.info.datasetId ? { scenario: sweepRequest.scenario, params: sweepRequest.params } : undefined;
      return api.call('runs.report', { id: run.info.id, forecast: shown, sensitivityDelta, ...(sweepShown && { sweep: sweepShown }) });
    },
  };
};

const insideSlice: Slice<InsideSlice> = (api) => (set, get) => ({
  attribution: null,
  attributionBy: 'trigger',
  attributionError: null,
  async loadAttribution(by) {
    const run = get().run;
    if (!run) return;
    set({ attributionBy: by, attributionError: null });
    try {
      const attribution = await api.call('runs.attribute', { id: run.info.id, by });
      if (get().run?.info.id === run.info.id) set({ attribution });
    } catch (err) {
      set({ attributionError: message(err) });
    }
  },
  runContacts: [],
  async loadRunContacts(prefix) {
    const run = get().run;
    if (!run) return;
    set({ runContacts: await api.call('runs.contacts', { id: run.info.id, ...(prefix && { key: prefix }) }) });
  },
  explanation: null,
  explaining: null,
  explainError: null,
  async explain(contact) {
    const run = get().run;
    if (!run) return;
    set({ explaining: contact, explainError: null });
    try {
      const explanation = await api.call('runs.explain', { id: run.info.id, contact });
      if (get().run?.info.id === run.info.id) set({ explanation });
    } catch (err) {
      set({ explainError: message(err) });
    } finally {
      set({ explaining: null });
    }
  },
});

const uiSlice: Slice<UiSlice> = (api) => (set, get) => ({
  view: 'datasets',
  restored: false,
  async restore() {
    let kept: Awaited<ReturnType<typeof api.call<'state.get'>>> = {};
    try {
      kept = await api.call('state.get', {});
    } catch {
      // An older backend, or none: nothing to restore.
    }
    const patch: Partial<AppState> = {};
    if (kept.theme === 'light' || kept.theme === 'dark') patch.theme = kept.theme;
    if (kept.view === 'datasets' || kept.view === 'scenario' || kept.view === 'results' || kept.view === 'whatif') patch.view = kept.view;
    if (kept.forecastInput && typeof kept.forecastInput === 'object') patch.forecastInput = { ...DEFAULT_FORECAST_INPUT, ...(kept.forecastInput as Partial<ForecastInput>) };
    if (typeof kept.sensitivityDelta === 'number') patch.sensitivityDelta = kept.sensitivityDelta;
    set(patch);
    if (kept.draft && typeof kept.draft === 'object') get().setDraft(kept.draft as ScenarioInput);
    const s = get();
    if (typeof kept.datasetId === 'number' && s.datasets.some((d) => d.id === kept.datasetId)) await s.selectDataset(kept.datasetId).catch(() => {});
    if (typeof kept.runId === 'number' && s.runs.some((r) => r.id === kept.runId)) await s.openRun(kept.runId).catch(() => {});
    set({ restored: true });
  },
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
    ...insideSlice(api)(...a),
    ...uiSlice(api)(...a),
  }));
  api.onEvent((event) => applyEvent(store, event));
  keepInWorkspace(store, api);
  return store;
}

export type AppStore = ReturnType<typeof createAppStore>;

/** What is kept of the app's state, and where it is read from. */
const KEPT: { key: UiStateKey; of: (s: AppState) => unknown }[] = [
  { key: 'draft', of: (s) => s.draft },
  { key: 'view', of: (s) => s.view },
  { key: 'datasetId', of: (s) => s.selectedDatasetId },
  { key: 'runId', of: (s) => s.run?.info.id ?? null },
  { key: 'theme', of: (s) => s.theme },
  { key: 'forecastInput', of: (s) => s.forecastInput },
  { key: 'sensitivityDelta', of: (s) => s.sensitivityDelta },
];

/** Keeps the draft, the open dataset and run, the tab, the theme and the forecast's inputs in the workspace as they change (a reload loses nothing). */
function keepInWorkspace(store: AppStore, api: ApiClient): void {
  const timers = new Map<UiStateKey, ReturnType<typeof setTimeout>>();
  store.subscribe((s, prev) => {
    if (!s.restored) return;
    for (const { key, of } of KEPT) {
      const value = of(s);
      if (value === of(prev) && prev.restored) continue;
      clearTimeout(timers.get(key));
      timers.set(
        key,
        setTimeout(() => void api.call('state.set', { key, value }).catch(() => {}), key === 'draft' ? 400 : 0),
      );
    }
  });
}

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
