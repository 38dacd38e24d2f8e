/**
 * The scenario's pipeline (ARCHITECTURE §7): how events reach the scorer (by default and per event
 * type), the scoring queue, and the write-back to the CRM's API, with the integration presets.
 */
import type { ScenarioInput } from '../../core/scenario';
import type { IntegrationPreset } from '../../shared/types';
import { Num, PresetPicker } from './fields';

type Ingest = NonNullable<ScenarioInput['ingest']>;
type Mode = Ingest['default'];
type WriteBack = NonNullable<ScenarioInput['writeBack']>;

const MODES: Record<Mode['mode'], { label: string; make: () => Mode }> = {
  realtime: { label: 'Real time', make: () => ({ mode: 'realtime' }) },
  poll: { label: 'A sync every few minutes', make: () => ({ mode: 'poll', everyMinutes: 15 }) },
  webhook: { label: 'Webhook, with retries', make: () => ({ mode: 'webhook', failureRate: 0.01, retryMinutes: [1, 5, 30], seed: 1 }) },
};

const DEFAULT_WRITE_BACK: WriteBack = { recordsPerCall: 100, maxWaitSeconds: 10, rateLimit: { calls: 190, perSeconds: 10 }, callsPerDay: 650_000 };

function ModeFields({ mode, path, label, onChange }: { mode: Mode; path: string; label: string; onChange: (m: Mode) => void }) {
  return (
    <div className="grid-form">
      <label>
        <span>{label}</span>
        <select value={mode.mode} onChange={(e) => onChange(MODES[e.target.value as Mode['mode']].make())}>
          {(Object.keys(MODES) as Mode['mode'][]).map((m) => (
            <option key={m} value={m}>
              {MODES[m].label}
            </option>
          ))}
        </select>
      </label>
      {mode.mode === 'poll' && <Num label="Sync every (minutes)" step="1" path={`${path}.everyMinutes`} value={mode.everyMinutes} onChange={(v) => onChange({ ...mode, everyMinutes: v })} />}
      {mode.mode === 'webhook' && (
        <>
          <Num label="Failure rate of a delivery (0–1)" path={`${path}.failureRate`} value={mode.failureRate} onChange={(v) => onChange({ ...mode, failureRate: v })} />
          <label>
            <span>Retries after (minutes, comma-separated)</span>
            <input
              value={(mode.retryMinutes ?? []).join(', ')}
              onChange={(e) =>
                onChange({
                  ...mode,
                  retryMinutes: e.target.value
                    .split(',')
                    .map((x) => x.trim())
                    .filter(Boolean)
                    .map(Number),
                })
              }
            />
          </label>
          <Num label="Seed of the failures" step="1" path={`${path}.seed`} value={mode.seed} onChange={(v) => onChange({ ...mode, seed: v })} />
        </>
      )}
    </div>
  );
}

export function PipelineSection({
  draft,
  set,
  types,
  presets,
  applied,
  onPreset,
}: {
  draft: ScenarioInput;
  set: (patch: Partial<ScenarioInput>) => void;
  types: string[];
  presets: IntegrationPreset[];
  applied: string | null;
  onPreset: (id: string) => void;
}) {
  const ingest = draft.ingest;
  const executor = draft.executor ?? { batchScoresPerSecond: 50 };
  const writeBack = draft.writeBack;
  const preset = presets.find((p) => p.id === applied);
  const setIngest = (next: Ingest | undefined) => set({ ingest: next });
  const byType = Object.entries(ingest?.byType ?? {});
  const unused = types.filter((t) => !ingest?.byType?.[t]);
  return (
    <section className="card" aria-labelledby="pipeline-title" data-testid="pipeline">
      <div className="card-head">
        <h3 id="pipeline-title">Pipeline: sync, queue, CRM API</h3>
        <PresetPicker label="Apply an integration preset" prompt="Apply integration preset…" presets={presets} onApply={onPreset} />
      </div>
      <p className="muted small">
        Without these, every event is seen the moment it happens, every job runs the moment it is requested and every score is in the CRM at once.
        {preset && (
          <>
            {' '}
            Preset: <strong>{preset.name}</strong>.{' '}
            <details className="inline">
              <summary>Sources and caveats</summary>
              <ul className="small" data-testid="preset-sources">
                {Object.entries(preset.sources).map(([path, src]) => (
                  <li key={path}>
                    <code>{path}</code>: {'url' in src ? (
                      <>
                        {src.says} (<a href={src.url} target="_blank" rel="noreferrer">{new URL(src.url).hostname}</a>)
                      </>
                    ) : (
                      <em>assumed: {src.assumed}</em>
                    )}
                  </li>
                ))}
                {preset.caveats.map((c) => (
                  <li key={c}>{c}</li>
                ))}
              </ul>
            </details>
          </>
        )}
      </p>
      <h4>How events reach the scorer</h4>
      <ModeFields mode={ingest?.default ?? { mode: 'realtime' }} path="ingest.default" label="Every event type" onChange={(m) => setIngest(m.mode === 'realtime' && byType.length === 0 ? undefined : { ...(ingest ?? {}), default: m })} />
      {byType.map(([type, mode]) => (
        <div key={type} className="by-type">
          <ModeFields mode={mode} path={`ingest.byType.${type}`} label={`${type} events`} onChange={(m) => setIngest({ default: ingest?.default ?? { mode: 'realtime' }, byType: { ...ingest?.byType, [type]: m } })} />
          <button
            type="button"
            onClick={() => {
              const { [type]: _, ...rest } = ingest?.byType ?? {};
              setIngest({ default: ingest?.default ?? { mode: 'realtime' }, ...(Object.keys(rest).length > 0 && { byType: rest }) });
            }}
          >
            Remove {type}
          </button>
        </div>
      ))}
      {unused.length > 0 && (
        <label className="inline-select">
          <span className="muted small">An event type of its own:</span>
          <select
            aria-label="Give an event type its own ingest"
            value=""
            onChange={(e) => e.target.value && setIngest({ default: ingest?.default ?? { mode: 'realtime' }, byType: { ...ingest?.byType, [e.target.value]: { mode: 'realtime' } } })}
          >
            <option value="">choose…</option>
            {unused.map((t) => (
              <option key={t} value={t}>
                {t}
              </option>
            ))}
          </select>
        </label>
      )}
      <h4>The scoring service</h4>
      <label className="check">
        <input
          type="checkbox"
          checked={executor.workers !== undefined}
          onChange={(e) => set({ executor: e.target.checked ? { ...executor, workers: 4, serviceMs: 200 } : { batchScoresPerSecond: executor.batchScoresPerSecond ?? 50 } })}
        />
        A queue: jobs wait for a free worker
      </label>
      {executor.workers !== undefined && (
        <div className="grid-form">
          <Num label="Workers" step="1" path="executor.workers" value={executor.workers} onChange={(v) => set({ executor: { ...executor, workers: v } })} />
          <Num label="Time per job (ms)" step="1" path="executor.serviceMs" value={executor.serviceMs} onChange={(v) => set({ executor: { ...executor, serviceMs: v } })} />
        </div>
      )}
      <h4>Scores to the CRM</h4>
      <label className="check">
        <input type="checkbox" checked={writeBack !== undefined} onChange={(e) => set({ writeBack: e.target.checked ? DEFAULT_WRITE_BACK : undefined })} />
        Written back through the CRM's API (batched, rate-limited, with a daily quota)
      </label>
      {writeBack && (
        <div className="grid-form">
          <Num label="Records per call" step="1" path="writeBack.recordsPerCall" value={writeBack.recordsPerCall} onChange={(v) => set({ writeBack: { ...writeBack, recordsPerCall: v } })} />
          <Num label="Longest wait for a fuller call (s)" step="1" path="writeBack.maxWaitSeconds" value={writeBack.maxWaitSeconds} onChange={(v) => set({ writeBack: { ...writeBack, maxWaitSeconds: v } })} />
          <Num label="Rate limit: calls" step="1" path="writeBack.rateLimit.calls" value={writeBack.rateLimit?.calls} onChange={(v) => set({ writeBack: { ...writeBack, rateLimit: Number.isNaN(v) ? undefined : { calls: v, perSeconds: writeBack.rateLimit?.perSeconds ?? 10 } } })} />
          <Num label="… per seconds" step="1" path="writeBack.rateLimit.perSeconds" value={writeBack.rateLimit?.perSeconds} onChange={(v) => set({ writeBack: { ...writeBack, rateLimit: { calls: writeBack.rateLimit?.calls ?? 100, perSeconds: v } } })} />
          <Num label="Calls per day (quota)" step="1" path="writeBack.callsPerDay" value={writeBack.callsPerDay} onChange={(v) => set({ writeBack: { ...writeBack, callsPerDay: Number.isNaN(v) ? undefined : v } })} />
          <Num label="USD per 1,000 calls" path="writeBack.usdPerThousandCalls" value={writeBack.usdPerThousandCalls} onChange={(v) => set({ writeBack: { ...writeBack, usdPerThousandCalls: Number.isNaN(v) ? undefined : v } })} />
        </div>
      )}
    </section>
  );
}
