import { useState } from 'react';
import { FIELDS, REQUIRED_FIELDS, type Field } from '../../core/headers';
import { personalValuesNote } from '../../core/importing/summary-text';
import type { ImportSummary } from '../../core/importing/types';
import type { AppStore } from '../store/store';
import { count } from '../charts/format';
import { Empty, ErrorBox, ProgressBar, download } from './common';

export function DatasetsView({ useStore }: { useStore: AppStore }) {
  const datasets = useStore((s) => s.datasets);
  const selected = useStore((s) => s.selectedDatasetId);
  const summary = useStore((s) => s.datasetSummary);
  const select = useStore((s) => s.selectDataset);
  const remove = useStore((s) => s.deleteDataset);
  return (
    <div className="two-columns">
      <section aria-labelledby="datasets-title">
        <h2 id="datasets-title">Datasets</h2>
        {datasets.length === 0 ? (
          <Empty>No datasets yet. Import a CSV or JSON Lines export of CRM events to begin.</Empty>
        ) : (
          <table className="table" data-testid="datasets-table">
            <thead>
              <tr>
                <th>Name</th>
                <th className="num">Events</th>
                <th className="num">Contacts</th>
                <th>Period</th>
              </tr>
            </thead>
            <tbody>
              {datasets.map((d) => (
                <tr key={d.id} className={d.id === selected ? 'selected' : ''} onClick={() => void select(d.id)} tabIndex={0} onKeyDown={(e) => e.key === 'Enter' && void select(d.id)}>
                  <td>{d.name}</td>
                  <td className="num">{count(d.events)}</td>
                  <td className="num">{count(d.contacts)}</td>
                  <td>
                    {d.firstEvent?.slice(0, 10) ?? '—'} – {d.lastEvent?.slice(0, 10) ?? '—'}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        {summary && (
          <div className="card">
            <div className="card-head">
              <h3>{summary.dataset.name}</h3>
              <button type="button" className="danger" onClick={() => confirm(`Delete dataset "${summary.dataset.name}" and its runs?`) && void remove(summary.dataset.id)}>
                Delete
              </button>
            </div>
            {summary.importSummary ? <HygieneReport summary={summary.importSummary} useStore={useStore} /> : <p className="muted">No import report.</p>}
          </div>
        )}
      </section>
      <ImportWizard useStore={useStore} />
    </div>
  );
}

function ImportWizard({ useStore }: { useStore: AppStore }) {
  const preview = useStore((s) => s.importPreview);
  const file = useStore((s) => s.importFile);
  const options = useStore((s) => s.importOptions);
  const job = useStore((s) => s.importJob);
  const result = useStore((s) => s.importResult);
  const error = useStore((s) => s.importError);
  const { chooseFile, setImportOptions, startImport, cancelImport, resetImport } = useStore.getState();
  const [dragging, setDragging] = useState(false);
  const [aliasText, setAliasText] = useState('');
  const mapping = { ...(preview?.mapping ?? {}), ...(options.map ?? {}) };
  const missing = REQUIRED_FIELDS.filter((f) => !mapping[f]);

  return (
    <section aria-labelledby="import-title" className="import">
      <h2 id="import-title">Import a file</h2>
      <label
        className={`dropzone ${dragging ? 'dragging' : ''}`}
        onDragOver={(e) => {
          e.preventDefault();
          setDragging(true);
        }}
        onDragLeave={() => setDragging(false)}
        onDrop={(e) => {
          e.preventDefault();
          setDragging(false);
          const f = e.dataTransfer.files[0];
          if (f) void chooseFile(f);
        }}
      >
        <input type="file" accept=".csv,.tsv,.txt,.jsonl,.ndjson,.json" data-testid="file-input" onChange={(e) => e.target.files?.[0] && void chooseFile(e.target.files[0])} />
        <span>{file ? file.name : 'Drop a CSV or JSON Lines export here, or click to choose one'}</span>
      </label>
      {error && (
        <ErrorBox title="The import did not go through">
          <p data-testid="import-error">{error}</p>
          <p className="muted">Nothing was stored. Check the file and the column mapping, then try again.</p>
        </ErrorBox>
      )}
      {preview && !result && (
        <>
          <p className="muted">
            {preview.format.toUpperCase()}
            {preview.delimiter ? `, delimiter “${preview.delimiter === '\t' ? 'tab' : preview.delimiter}”` : ''}, {preview.headers.length} columns. Personal data columns are masked here and
            keyed or dropped on import.
          </p>
          <div className="scroll">
            <table className="table compact" data-testid="preview">
              <thead>
                <tr>
                  {preview.headers.map((h) => (
                    <th key={h}>{h}</th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {preview.rows.map((r, i) => (
                  <tr key={i}>
                    {r.map((c, j) => (
                      <td key={j}>{c}</td>
                    ))}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <fieldset>
            <legend>Columns</legend>
            <div className="grid-form">
              {FIELDS.map((f: Field) => (
                <label key={f}>
                  <span>
                    {f}
                    {REQUIRED_FIELDS.includes(f) ? ' *' : ''}
                  </span>
                  <select value={mapping[f] ?? ''} onChange={(e) => void setImportOptions({ map: { ...(options.map ?? {}), [f]: e.target.value || undefined } as never })}>
                    <option value="">—</option>
                    {preview.headers.map((h) => (
                      <option key={h} value={h}>
                        {h}
                      </option>
                    ))}
                  </select>
                </label>
              ))}
            </div>
          </fieldset>
          <fieldset>
            <legend>Options</legend>
            <div className="grid-form">
              <label>
                <span>Dataset name</span>
                <input value={options.name ?? ''} onChange={(e) => void setImportOptions({ name: e.target.value })} />
              </label>
              <label>
                <span>Time zone of times without offset</span>
                <input value={options.timezone ?? 'UTC'} onChange={(e) => void setImportOptions({ timezone: e.target.value })} list="zones" />
                <datalist id="zones">
                  {['UTC', 'Europe/London', 'Europe/Berlin', 'America/New_York', 'America/Chicago', 'America/Los_Angeles', 'Asia/Kolkata', 'Asia/Tokyo', 'Australia/Sydney'].map((z) => (
                    <option key={z} value={z} />
                  ))}
                </datalist>
              </label>
              <label>
                <span>Phone region</span>
                <input value={options.phoneRegion ?? 'US'} maxLength={2} onChange={(e) => void setImportOptions({ phoneRegion: e.target.value.toUpperCase() })} />
              </label>
              <label>
                <span>Abort above reject share</span>
                <input type="number" min={0} max={1} step={0.05} value={options.maxRejectShare ?? 0.2} onChange={(e) => void setImportOptions({ maxRejectShare: Number(e.target.value) })} />
              </label>
              <label className="wide">
                <span>Event type aliases (one “Raw name=event_type” per line)</span>
                <textarea
                  rows={2}
                  value={aliasText}
                  onChange={(e) => {
                    setAliasText(e.target.value);
                    const aliases = Object.fromEntries(
                      e.target.value
                        .split('\n')
                        .map((l) => l.split('='))
                        .filter((p) => p.length === 2 && p[0]!.trim() && p[1]!.trim())
                        .map(([a, b]) => [a!.trim(), b!.trim()]),
                    );
                    void setImportOptions({ aliases });
                  }}
                />
              </label>
            </div>
          </fieldset>
          {job ? (
            <ProgressBar job={job} label="Importing" onCancel={() => void cancelImport()} />
          ) : (
            <div className="actions">
              {missing.length > 0 && <span className="warn">Choose a column for {missing.join(', ')}</span>}
              <button type="button" className="primary" disabled={missing.length > 0} onClick={() => void startImport()}>
                Import
              </button>
            </div>
          )}
        </>
      )}
      {result && (
        <div className="card" data-testid="import-result">
          <div className="card-head">
            <h3>Imported “{result.name}”</h3>
            <button type="button" onClick={resetImport}>
              Import another
            </button>
          </div>
          <HygieneReport summary={result} useStore={useStore} />
        </div>
      )}
    </section>
  );
}

export function HygieneReport({ summary, useStore }: { summary: ImportSummary; useStore: AppStore }) {
  const reasons = Object.entries(summary.rejectReasons).sort((a, b) => b[1] - a[1]);
  const unknown = Object.entries(summary.unknownEventTypes);
  const q = summary.quality;
  return (
    <div className="hygiene" data-testid="hygiene-report">
      <dl className="stats">
        <div>
          <dt>Rows read</dt>
          <dd data-stat="rowsRead">{count(summary.rowsRead)}</dd>
        </div>
        <div>
          <dt>Imported</dt>
          <dd data-stat="rowsImported">{count(summary.rowsImported)}</dd>
        </div>
        <div>
          <dt>Rejected</dt>
          <dd data-stat="rowsRejected">{count(summary.rowsRejected)}</dd>
        </div>
        <div>
          <dt>Duplicates dropped</dt>
          <dd data-stat="duplicateEventsDropped">{count(summary.duplicateEventsDropped)}</dd>
        </div>
        <div>
          <dt>Contacts</dt>
          <dd data-stat="contacts">{count(summary.contacts)}</dd>
        </div>
        <div>
          <dt>Merged contacts</dt>
          <dd data-stat="contactsMerged">{count(summary.contactsMerged)}</dd>
        </div>
      </dl>
      {reasons.length > 0 && (
        <>
          <h4>Rejected rows by reason</h4>
          <ul className="reasons">
            {reasons.map(([reason, n]) => (
              <li key={reason}>
                <strong>{count(n)}</strong> {reason}
                <span className="muted">
                  {' '}
                  (e.g.{' '}
                  {summary.firstRejects
                    .filter((r) => r.reason === reason)
                    .slice(0, 3)
                    .map((r) => `line ${r.line}${r.column ? ` “${r.column}”` : ''}`)
                    .join(', ') || 'see export'}
                  )
                </span>
              </li>
            ))}
          </ul>
          <button type="button" onClick={() => void useStore.getState().rejectsCsv(summary.datasetId).then((csv) => download(`${summary.name}-rejects.csv`, csv))}>
            Export rejected rows (CSV)
          </button>
        </>
      )}
      {unknown.length > 0 && (
        <p>
          Event types outside the taxonomy, kept as named: {unknown.map(([t, n]) => `${t} (${count(n)})`).join(', ')}. Map them with aliases when you import.
        </p>
      )}
      {q.invalidEmails + q.invalidPhones + q.unrecognizedCountries + q.unrecognizedCompanySizes > 0 && (
        <p className="muted">
          Values dropped, rows kept: {count(q.invalidEmails)} invalid emails, {count(q.invalidPhones)} invalid phones, {count(q.unrecognizedCountries)} unrecognized countries, {count(q.unrecognizedCompanySizes)} unrecognized company sizes.
        </p>
      )}
      {personalValuesNote(summary) && <p data-testid="personal-values">{personalValuesNote(summary)}</p>}
      <p className="muted">Personal data columns (keyed with HMAC-SHA256 or dropped, never stored): {summary.piiColumns.join(', ') || 'none'}.</p>
    </div>
  );
}
