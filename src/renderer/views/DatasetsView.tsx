import { useMemo, useState } from 'react';
import { FIELDS, REQUIRED_FIELDS, type Field } from '../../core/headers';
import { personalValuesNote } from '../../core/importing/summary-text';
import type { FilePreview, ImportSummary } from '../../core/importing/types';
import { CANONICAL_EVENT_TYPES, EventTypeMapper, MARKETO_ACTIVITY_TYPES, PARDOT_ACTIVITY_TYPES } from '../../core/taxonomy';
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
          <Empty>
            <strong>No datasets yet.</strong> Start with your CRM’s export: drop the file on <em>Import a file</em>, on the right — a CSV or JSON Lines file of events, a form’s submissions or a list of
            contacts.
          </Empty>
        ) : (
          <div className="table-wrap">
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
                  <td className="name" title={d.name}>
                    {d.name}
                  </td>
                  <td className="num">{count(d.events)}</td>
                  <td className="num">{count(d.contacts)}</td>
                  <td>
                    {d.firstEvent?.slice(0, 10) ?? '—'} – {d.lastEvent?.slice(0, 10) ?? '—'}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          </div>
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

const FIELD_LABELS: Record<Field, string> = {
  contactId: 'Contact',
  timestamp: 'Time',
  eventType: 'Event type',
  eventId: 'Event id',
  email: 'Email',
  phone: 'Phone',
  firstName: 'First name',
  lastName: 'Last name',
  fullName: 'Full name',
  country: 'Country',
  companySize: 'Company size',
  accountId: 'Account',
  sourceSystem: 'Source system',
  lifecycleStage: 'Lifecycle stage',
};

const KIND_TEXT: Record<FilePreview['kind'], string> = {
  events: 'A file of events, one per row, each with its type.',
  'single-type': 'No column says what kind of event each row is: the file holds one kind of event (a form’s submissions, a list of meetings…).',
  snapshot: 'This looks like a list of contacts — one row each, not events. Each row can be imported as one event at one of its dates.',
};

function ImportWizard({ useStore }: { useStore: AppStore }) {
  const preview = useStore((s) => s.importPreview);
  const file = useStore((s) => s.importFile);
  const options = useStore((s) => s.importOptions);
  const job = useStore((s) => s.importJob);
  const result = useStore((s) => s.importResult);
  const error = useStore((s) => s.importError);
  const { chooseFile, setImportOptions, startImport, cancelImport, resetImport } = useStore.getState();
  const [dragging, setDragging] = useState(false);
  const mapping = preview?.mapping ?? {};
  const missing = REQUIRED_FIELDS.filter((f) => !mapping[f] && !(f === 'eventType' && options.eventType));

  return (
    <section aria-labelledby="import-title" className="import">
      <h2 id="import-title">Import a file</h2>
      <label
        className={`dropzone ${dragging ? 'dragging' : ''}`}
        data-testid="dropzone"
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
          <p className="muted">Nothing was stored. Check the file and the columns, then try again.</p>
        </ErrorBox>
      )}
      {preview && !result && (
        <>
          <div className="card finding" data-testid="file-kind" data-kind={preview.kind}>
            <p>
              <strong>{KIND_TEXT[preview.kind]}</strong>{' '}
              <span className="muted">
                {preview.format.toUpperCase()}
                {preview.delimiter ? `, delimiter “${preview.delimiter === '\t' ? 'tab' : preview.delimiter}”` : ''}, {preview.headers.length} columns; roles worked out from the first {count(preview.sampledRows)} rows.
              </span>
            </p>
            {preview.kind !== 'events' && (
              <div className="grid-form">
                <label>
                  <span>Every row is a</span>
                  <select data-testid="every-row" value={options.eventType ?? ''} onChange={(e) => void setImportOptions({ eventType: e.target.value || undefined })}>
                    <option value="">— choose the event type</option>
                    {CANONICAL_EVENT_TYPES.map((t) => (
                      <option key={t} value={t}>
                        {t}
                      </option>
                    ))}
                  </select>
                </label>
                {preview.dateColumns.length > 0 && (
                  <label>
                    <span>At the date in</span>
                    <select data-testid="date-column" value={mapping.timestamp ?? ''} onChange={(e) => void setImportOptions({ map: { ...(options.map ?? {}), timestamp: e.target.value } })}>
                      {preview.dateColumns.map((c) => (
                        <option key={c} value={c}>
                          {c}
                        </option>
                      ))}
                    </select>
                  </label>
                )}
              </div>
            )}
          </div>
          <fieldset>
            <legend>Columns</legend>
            <table className="table compact roles" data-testid="roles">
              <thead>
                <tr>
                  <th>Field</th>
                  <th>Column</th>
                  <th>Why</th>
                </tr>
              </thead>
              <tbody>
                {FIELDS.filter((f) => !(f === 'eventType' && options.eventType)).map((f: Field) => {
                  const role = preview.roles.find((r) => r.field === f);
                  return (
                    <tr key={f} data-field={f} className={role?.unsure ? 'unsure' : ''}>
                      <td>
                        {FIELD_LABELS[f]}
                        {REQUIRED_FIELDS.includes(f) ? ' *' : ''}
                      </td>
                      <td>
                        <select
                          aria-label={`Column for ${FIELD_LABELS[f]}`}
                          value={mapping[f] ?? ''}
                          onChange={(e) => void setImportOptions({ map: { ...(options.map ?? {}), [f]: e.target.value } as never })}
                        >
                          <option value="">— none</option>
                          {preview.headers.map((h) => (
                            <option key={h} value={h}>
                              {h}
                            </option>
                          ))}
                        </select>
                      </td>
                      <td className="why">
                        {role?.unsure && <span className="badge check-badge">check</span>} {role?.reason ?? ''}
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
            {preview.notes.length > 0 && (
              <ul className="notes muted" data-testid="role-notes">
                {preview.notes.map((n) => (
                  <li key={n}>{n}</li>
                ))}
              </ul>
            )}
          </fieldset>
          {preview.eventTypes.length > 0 && !options.eventType && <EventTypes preview={preview} aliases={options.aliases ?? {}} onChange={(aliases) => void setImportOptions({ aliases })} />}
          <details>
            <summary>The first rows (personal values masked)</summary>
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
          </details>
          <details>
            <summary>More options: name, time zone, phone region</summary>
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
            </div>
          </details>
          {job ? (
            <ProgressBar job={job} label="Importing" onCancel={() => void cancelImport()} />
          ) : (
            <div className="actions">
              {missing.length > 0 && (
                <span className="warn">
                  Choose {missing.map((f) => (f === 'eventType' && preview.kind !== 'events' ? '“Every row is a”' : `a column for ${FIELD_LABELS[f]}`)).join(' and ')}
                </span>
              )}
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
          <NextStep useStore={useStore} />
          <HygieneReport summary={result} useStore={useStore} />
        </div>
      )}
    </section>
  );
}

/** The event types found in the sample and what each becomes; unknown ones can be mapped by choosing. */
function EventTypes({ preview, aliases, onChange }: { preview: FilePreview; aliases: Record<string, string>; onChange: (aliases: Record<string, string>) => void }) {
  const mapper = useMemo(() => new EventTypeMapper(aliases, preview.typeCodes === 'marketo' ? MARKETO_ACTIVITY_TYPES : preview.typeCodes === 'pardot' ? PARDOT_ACTIVITY_TYPES : undefined), [aliases, preview.typeCodes]);
  const plain = useMemo(() => new EventTypeMapper({}, preview.typeCodes === 'marketo' ? MARKETO_ACTIVITY_TYPES : preview.typeCodes === 'pardot' ? PARDOT_ACTIVITY_TYPES : undefined), [preview.typeCodes]);
  const unknown = preview.eventTypes.filter((t) => !mapper.map(t.raw)?.canonical).length;
  return (
    <fieldset data-testid="event-types">
      <legend>Event types in the first rows</legend>
      {unknown > 0 && <p className="muted">{unknown === 1 ? 'One is' : `${unknown} are`} outside the taxonomy: choose what {unknown === 1 ? 'it is' : 'each is'}, or keep {unknown === 1 ? 'it' : 'them'} under {unknown === 1 ? 'its' : 'their'} own name. Your choices are remembered for the next file from this source.</p>}
      <table className="table compact">
        <thead>
          <tr>
            <th>In the file</th>
            <th className="num">Rows</th>
            <th>Imported as</th>
          </tr>
        </thead>
        <tbody>
          {preview.eventTypes.map((t) => {
            const own = plain.map(t.raw)!;
            const now = mapper.map(t.raw)!;
            return (
              <tr key={t.raw} data-raw={t.raw} className={now.canonical ? '' : 'unsure'}>
                <td>{t.raw}</td>
                <td className="num">{count(t.count)}</td>
                <td>
                  <select
                    aria-label={`Imported as, for ${t.raw}`}
                    value={now.name}
                    onChange={(e) => {
                      const next = { ...aliases };
                      if (e.target.value === own.name) delete next[t.raw];
                      else next[t.raw] = e.target.value;
                      onChange(next);
                    }}
                  >
                    {!own.canonical && <option value={own.name}>keep as “{own.name}”</option>}
                    {CANONICAL_EVENT_TYPES.map((c) => (
                      <option key={c} value={c}>
                        {c}
                      </option>
                    ))}
                  </select>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </fieldset>
  );
}

/** After an import: the one obvious next step, a scenario that fits the data. */
function NextStep({ useStore }: { useStore: AppStore }) {
  const proposal = useStore((s) => s.proposal);
  const { runProposal, reviewProposal } = useStore.getState();
  if (!proposal) return null;
  return (
    <div className="next-step" data-testid="proposal">
      <h4>Next: run a scenario that fits this data</h4>
      <p>{proposal.reason}</p>
      <p className="muted">
        Nightly batch, micro-batch, event-triggered and hybrid strategies, triggered by {proposal.significant.map((t) => t.type).join(', ') || 'nothing'}
        {proposal.others.length > 0 ? `; not significant: ${proposal.others.map((t) => `${t.type} (${count(t.count)})`).join(', ')}` : ''}.
      </p>
      <div className="actions">
        <button type="button" className="primary" onClick={() => void runProposal()} disabled={proposal.significant.length === 0}>
          Run the proposed scenario
        </button>
        <button type="button" onClick={reviewProposal}>
          Review it first
        </button>
      </div>
    </div>
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
