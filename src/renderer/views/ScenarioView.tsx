import { useRef } from 'react';
import type { ScenarioInput } from '../../core/scenario';
import type { AppStore } from '../store/store';
import { ErrorBox, TypePicker, download, eventTypeChoices } from './common';
import { Errors, Num, PresetPicker } from './fields';
import { PipelineSection } from './PipelineSection';

type StrategyInput = ScenarioInput['strategies'][number];
type Kind = StrategyInput['kind'];

const NEW_STRATEGY: Record<Kind, (id: string) => StrategyInput> = {
  'nightly-batch': (id) => ({ id, kind: 'nightly-batch', at: '02:00', scope: 'all' }),
  'micro-batch': (id) => ({ id, kind: 'micro-batch', everyMinutes: 15, triggers: ['demo_request'] }),
  'event-triggered': (id) => ({ id, kind: 'event-triggered', triggers: ['demo_request'], debounceMinutes: 30 }),
  hybrid: (id) => ({ id, kind: 'hybrid', eventTriggered: { triggers: ['demo_request'], debounceMinutes: 30 }, fullRefresh: { everyDays: 7, at: '03:00', scope: 'all' } }),
};

export function ScenarioView({ useStore }: { useStore: AppStore }) {
  const draft = useStore((s) => s.draft);
  const errors = useStore((s) => s.scenarioErrors);
  const presets = useStore((s) => s.presets);
  const saved = useStore((s) => s.savedScenarios);
  const datasetTypes = useStore((s) => s.datasetSummary?.eventTypes ?? []);
  const datasetName = useStore((s) => s.datasetSummary?.dataset.name);
  const period = useStore((s) => s.datasetSummary?.dataset);
  // The dataset's span, local days aside: what a debounce or a batch interval is compared with.
  const windowMinutes = period?.firstEvent && period.lastEvent ? Math.max(1440, (Date.parse(period.lastEvent) - Date.parse(period.firstEvent)) / 60_000 + 1440) : null;
  const proposal = useStore((s) => s.proposal);
  const integrationPresets = useStore((s) => s.integrationPresets);
  const integrationPreset = useStore((s) => s.integrationPreset);
  const { setDraft, saveScenario, importScenarioText, setView, reviewProposal, applyPreset, applyIntegrationPreset } = useStore.getState();
  const jsonInput = useRef<HTMLInputElement>(null);
  if (!draft) return <p className="muted">Loading the default scenario…</p>;
  const types = eventTypeChoices(datasetTypes);
  const set = (patch: Partial<ScenarioInput>) => setDraft({ ...draft, ...patch });
  const cost = draft.cost;
  const setStrategy = (i: number, s: StrategyInput) => set({ strategies: draft.strategies.map((x, j) => (j === i ? s : x)) });
  const uniqueId = (base: string) => {
    let id = base;
    for (let k = 2; draft.strategies.some((s) => s.id === id); k++) id = `${base}-${k}`;
    return id;
  };

  return (
    <Errors.Provider value={errors}>
    <div className="scenario">
      <div className="toolbar">
        <select aria-label="Open a saved scenario" value="" onChange={(e) => e.target.value && setDraft(saved.find((s) => s.name === e.target.value)!)}>
          <option value="">Open saved…</option>
          {saved.map((s) => (
            <option key={s.name} value={s.name}>
              {s.name}
            </option>
          ))}
        </select>
        <button type="button" onClick={() => jsonInput.current?.click()}>
          Import JSON
        </button>
        <input ref={jsonInput} type="file" accept=".json,application/json" hidden aria-label="Scenario JSON file" onChange={(e) => void e.target.files?.[0]?.text().then(importScenarioText)} />
        <button type="button" onClick={() => download(`${draft.name || 'scenario'}.json`, JSON.stringify(draft, null, 2), 'application/json')}>
          Export JSON
        </button>
        <button type="button" onClick={() => void saveScenario()} disabled={errors.length > 0}>
          Save in workspace
        </button>
        {proposal && (
          <button type="button" onClick={reviewProposal} title={proposal.reason}>
            Use the scenario proposed for {datasetName ? `“${datasetName}”` : 'the dataset'}
          </button>
        )}
        <button type="button" className="primary" onClick={() => setView('results')} disabled={errors.length > 0}>
          Go to results
        </button>
      </div>
      {datasetTypes.length > 0 && (draft.significant ?? []).length > 0 && !(draft.significant ?? []).some((t) => datasetTypes.includes(t)) && (
        <p className="warn" data-testid="significant-warning">
          None of the significant events occurs in “{datasetName}”: no freshness can be measured. Tick the types the dataset holds below.
        </p>
      )}
      {errors.length > 0 && (
        <ErrorBox title="The scenario is not valid yet">
          <ul data-testid="scenario-errors">
            {errors.map((e) => (
              <li key={e}>{e}</li>
            ))}
          </ul>
        </ErrorBox>
      )}
      <section className="card">
        <h3>General</h3>
        <div className="grid-form">
          <label>
            <span>Name</span>
            <input value={draft.name} onChange={(e) => set({ name: e.target.value })} />
          </label>
          <label>
            <span>Time zone (days and nightly times)</span>
            <input value={draft.timezone ?? 'UTC'} onChange={(e) => set({ timezone: e.target.value })} />
          </label>
          <Num label="Batch scores per second" path="executor.batchScoresPerSecond" value={draft.executor?.batchScoresPerSecond ?? 50} onChange={(v) => set({ executor: { ...draft.executor, batchScoresPerSecond: v } })} />
        </div>
        <TypePicker label="Significant events (freshness is measured on these)" value={draft.significant ?? []} types={types} onChange={(significant) => set({ significant })} />
      </section>
      <section className="card">
        <div className="card-head">
          <h3>Cost model</h3>
          <PresetPicker label="Apply a pricing preset" prompt="Apply pricing preset…" presets={presets} onApply={applyPreset} />
        </div>
        <div className="grid-form">
          <Num label="CPU ms per score" path="cost.cpuMsPerScore" value={cost.cpuMsPerScore} onChange={(v) => set({ cost: { ...cost, cpuMsPerScore: v } })} />
          <Num label="USD per vCPU hour" path="cost.usdPerVcpuHour" value={cost.usdPerVcpuHour} onChange={(v) => set({ cost: { ...cost, usdPerVcpuHour: v } })} />
          <Num label="DB reads per score" path="cost.db.readsPerScore" value={cost.db.readsPerScore} onChange={(v) => set({ cost: { ...cost, db: { ...cost.db, readsPerScore: v } } })} />
          <Num label="DB writes per score" path="cost.db.writesPerScore" value={cost.db.writesPerScore} onChange={(v) => set({ cost: { ...cost, db: { ...cost.db, writesPerScore: v } } })} />
          <Num label="DB writes per event" path="cost.db.writesPerEvent" value={cost.db.writesPerEvent} onChange={(v) => set({ cost: { ...cost, db: { ...cost.db, writesPerEvent: v } } })} />
          <Num label="USD per million reads" path="cost.db.usdPerMillionReads" value={cost.db.usdPerMillionReads} onChange={(v) => set({ cost: { ...cost, db: { ...cost.db, usdPerMillionReads: v } } })} />
          <Num label="USD per million writes" path="cost.db.usdPerMillionWrites" value={cost.db.usdPerMillionWrites} onChange={(v) => set({ cost: { ...cost, db: { ...cost.db, usdPerMillionWrites: v } } })} />
          <Num label="DB capacity, ops per minute" path="cost.db.capacityOpsPerMinute" value={cost.db.capacityOpsPerMinute} onChange={(v) => set({ cost: { ...cost, db: { ...cost.db, capacityOpsPerMinute: Number.isNaN(v) ? undefined : v } } })} />
        </div>
        <label className="check">
          <input
            type="checkbox"
            checked={cost.llm !== undefined}
            onChange={(e) => set({ cost: { ...cost, llm: e.target.checked ? { inputTokens: 1500, outputTokens: 200, usdPerMillionInput: 3, usdPerMillionOutput: 15, llmBatchDiscount: 0.5 } : undefined } })}
          />
          LLM call per score
        </label>
        {cost.llm && (
          <div className="grid-form">
            <Num label="Input tokens" path="cost.llm.inputTokens" value={cost.llm.inputTokens} onChange={(v) => set({ cost: { ...cost, llm: { ...cost.llm!, inputTokens: v } } })} />
            <Num label="Output tokens" path="cost.llm.outputTokens" value={cost.llm.outputTokens} onChange={(v) => set({ cost: { ...cost, llm: { ...cost.llm!, outputTokens: v } } })} />
            <Num label="USD per million input" path="cost.llm.usdPerMillionInput" value={cost.llm.usdPerMillionInput} onChange={(v) => set({ cost: { ...cost, llm: { ...cost.llm!, usdPerMillionInput: v } } })} />
            <Num label="USD per million output" path="cost.llm.usdPerMillionOutput" value={cost.llm.usdPerMillionOutput} onChange={(v) => set({ cost: { ...cost, llm: { ...cost.llm!, usdPerMillionOutput: v } } })} />
            <Num label="Batch discount (0–1)" path="cost.llm.llmBatchDiscount" value={cost.llm.llmBatchDiscount} onChange={(v) => set({ cost: { ...cost, llm: { ...cost.llm!, llmBatchDiscount: v } } })} />
          </div>
        )}
      </section>
      <PipelineSection draft={draft} set={set} types={types} presets={integrationPresets} applied={integrationPreset} onPreset={applyIntegrationPreset} />
      <section>
        <div className="toolbar">
          <h3>Strategies</h3>
          {(Object.keys(NEW_STRATEGY) as Kind[]).map((k) => (
            <button key={k} type="button" onClick={() => set({ strategies: [...draft.strategies, NEW_STRATEGY[k](uniqueId(k))] })}>
              + {k}
            </button>
          ))}
        </div>
        {draft.strategies.map((s, i) => (
          <div className="card strategy" key={i} data-strategy={s.id}>
            <div className="card-head">
              <h4>
                <input aria-label="Strategy id" value={s.id} onChange={(e) => setStrategy(i, { ...s, id: e.target.value })} /> <span className="muted">{s.kind}</span>
              </h4>
              <div>
                <button type="button" onClick={() => set({ strategies: [...draft.strategies.slice(0, i + 1), { ...structuredClone(s), id: uniqueId(s.id) }, ...draft.strategies.slice(i + 1)] })}>
                  Duplicate
                </button>
                <button type="button" className="danger" onClick={() => set({ strategies: draft.strategies.filter((_, j) => j !== i) })}>
                  Remove
                </button>
              </div>
            </div>
            {datasetTypes.length > 0 && silent(s, datasetTypes) && (
              <p className="warn" data-testid="trigger-warning">
                None of these triggers occurs in “{datasetName}”: this strategy would score nothing. Tick triggers the dataset holds.
              </p>
            )}
            <StrategyFields strategy={s} index={i} types={types} windowMinutes={windowMinutes} onChange={(x) => setStrategy(i, x)} />
          </div>
        ))}
      </section>
    </div>
    </Errors.Provider>
  );
}

/** A trigger rule none of whose triggers the dataset holds. */
function silent(s: StrategyInput, datasetTypes: readonly string[]): boolean {
  const triggers = s.kind === 'micro-batch' || s.kind === 'event-triggered' ? s.triggers : s.kind === 'hybrid' ? s.eventTriggered.triggers : null;
  return triggers !== null && !triggers.some((t) => datasetTypes.includes(t));
}

function StrategyFields({ strategy: s, index, types, windowMinutes, onChange }: { strategy: StrategyInput; index: number; types: string[]; windowMinutes: number | null; onChange: (s: StrategyInput) => void }) {
  const at = (field: string) => `strategies[${index}].${field}`;
  // A span longer than the dataset's whole period makes the field mean nothing on it.
  const tooLong = (minutes: number | undefined, what: string) =>
    windowMinutes !== null && minutes !== undefined && minutes > windowMinutes ? `longer than the dataset's ${Math.round(windowMinutes / 1440)} days: ${what}` : undefined;
  const fixed = <Num label="Fixed USD per day" path={at('fixedUsdPerDay')} value={s.fixedUsdPerDay ?? 0} onChange={(v) => onChange({ ...s, fixedUsdPerDay: v })} />;
  switch (s.kind) {
    case 'nightly-batch':
      return (
        <div className="grid-form">
          <label>
            <span>At (local HH:MM)</span>
            <input value={s.at} onChange={(e) => onChange({ ...s, at: e.target.value })} />
          </label>
          <Num label="Only contacts active within days (empty = all)" path={at('scope.activeWithinDays')} value={s.scope === 'all' ? undefined : s.scope.activeWithinDays} step="1" onChange={(v) => onChange({ ...s, scope: Number.isNaN(v) ? 'all' : { activeWithinDays: v } })} />
          {fixed}
        </div>
      );
    case 'micro-batch':
      return (
        <>
          <div className="grid-form">
            <Num label="Every minutes" path={at('everyMinutes')} hint={tooLong(s.everyMinutes, 'no batch runs within it')} value={s.everyMinutes} step="1" onChange={(v) => onChange({ ...s, everyMinutes: v })} />
            {fixed}
          </div>
          <TypePicker label="Triggers" value={s.triggers} types={types} onChange={(triggers) => onChange({ ...s, triggers })} />
        </>
      );
    case 'event-triggered':
      return (
        <>
          <div className="grid-form">
            <Num label="Debounce minutes" path={at('debounceMinutes')} hint={tooLong(s.debounceMinutes, 'each contact is scored at most once, at its first trigger')} value={s.debounceMinutes} onChange={(v) => onChange({ ...s, debounceMinutes: v })} />
            <Num label="Max scores per contact per day (empty = no cap)" path={at('maxScoresPerContactPerDay')} value={s.maxScoresPerContactPerDay} step="1" onChange={(v) => onChange({ ...s, maxScoresPerContactPerDay: Number.isNaN(v) ? undefined : v })} />
            {fixed}
          </div>
          <TypePicker label="Triggers" value={s.triggers} types={types} onChange={(triggers) => onChange({ ...s, triggers })} />
        </>
      );
    case 'hybrid':
      return (
        <>
          <div className="grid-form">
            <Num label="Debounce minutes" path={at('eventTriggered.debounceMinutes')} hint={tooLong(s.eventTriggered.debounceMinutes, 'each contact is scored at most once between refreshes')} value={s.eventTriggered.debounceMinutes} onChange={(v) => onChange({ ...s, eventTriggered: { ...s.eventTriggered, debounceMinutes: v } })} />
            <Num label="Max scores per contact per day" path={at('eventTriggered.maxScoresPerContactPerDay')} value={s.eventTriggered.maxScoresPerContactPerDay} step="1" onChange={(v) => onChange({ ...s, eventTriggered: { ...s.eventTriggered, maxScoresPerContactPerDay: Number.isNaN(v) ? undefined : v } })} />
            <Num label="Full refresh every days" path={at('fullRefresh.everyDays')} hint={tooLong(s.fullRefresh.everyDays * 1440, 'one refresh, on the first day')} value={s.fullRefresh.everyDays} step="1" onChange={(v) => onChange({ ...s, fullRefresh: { ...s.fullRefresh, everyDays: v } })} />
            <label>
              <span>Full refresh at (HH:MM)</span>
              <input value={s.fullRefresh.at} onChange={(e) => onChange({ ...s, fullRefresh: { ...s.fullRefresh, at: e.target.value } })} />
            </label>
            {fixed}
          </div>
          <TypePicker label="Triggers" value={s.eventTriggered.triggers} types={types} onChange={(triggers) => onChange({ ...s, eventTriggered: { ...s.eventTriggered, triggers } })} />
        </>
      );
  }
}
