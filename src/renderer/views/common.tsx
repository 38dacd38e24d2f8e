import type { ReactNode } from 'react';
import type { JobState } from '../store/store';
import { CANONICAL_EVENT_TYPES } from '../../core/taxonomy';

export function ProgressBar({ job, label, onCancel }: { job: JobState; label: string; onCancel: () => void }) {
  return (
    <div className="progress" role="status" aria-live="polite">
      <div className="progress-head">
        <span>
          {label} — {job.detail}
        </span>
        <button type="button" onClick={onCancel}>
          Cancel
        </button>
      </div>
      <progress max={1} value={job.share} aria-label={label} />
      <span className="muted">{Math.round(job.share * 100)}%</span>
    </div>
  );
}

export function ErrorBox({ title, children }: { title: string; children: ReactNode }) {
  return (
    <div className="error" role="alert">
      <strong>{title}</strong>
      <div className="error-body">{children}</div>
    </div>
  );
}

export function Empty({ children }: { children: ReactNode }) {
  return <div className="empty">{children}</div>;
}

export function download(name: string, text: string, type = 'text/csv'): void {
  const a = document.createElement('a');
  a.href = URL.createObjectURL(new Blob([text], { type }));
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
}

/** The canonical event types and the dataset's own, sorted: what a trigger or significant list may hold. */
export function eventTypeChoices(datasetTypes: readonly string[]): string[] {
  return [...new Set([...CANONICAL_EVENT_TYPES, ...datasetTypes])].sort();
}

export function TypePicker({ label, value, types, onChange }: { label: string; value: string[]; types: string[]; onChange: (v: string[]) => void }) {
  return (
    <fieldset className="types">
      <legend>{label}</legend>
      {types.map((t) => (
        <label key={t} className="check">
          <input type="checkbox" checked={value.includes(t)} onChange={(e) => onChange(e.target.checked ? [...value, t] : value.filter((x) => x !== t))} />
          {t}
        </label>
      ))}
    </fieldset>
  );
}
