import type { ReactNode } from 'react';
import type { JobState } from '../store/store';

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
