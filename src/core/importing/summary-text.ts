/** Sentences of the import summary that every face shows in the same words (CLI, app, report). */
import type { ImportSummary } from './types';

const PERSONAL_COLUMNS = [
  ['accountId', 'account id', 'keyed'],
  ['lifecycleStage', 'lifecycle stage', 'dropped'],
  ['sourceSystem', 'source system', 'dropped'],
] as const;

/** What was done with emails and phone numbers found in columns kept as text; null when there were none. */
export function personalValuesNote(s: Pick<ImportSummary, 'quality' | 'mapping'>): string | null {
  const found = s.quality.personalValues;
  if (!found) return null;
  const parts = PERSONAL_COLUMNS.filter(([field]) => found[field] > 0).map(([field, label, action]) => {
    const column = s.mapping[field];
    const n = found[field];
    return `${label}${column ? ` (“${column}”)` : ''}: ${n.toLocaleString('en-US')} distinct ${n === 1 ? 'value' : 'values'} ${action}`;
  });
  return parts.length === 0 ? null : `Emails or phone numbers found in columns kept as text, treated as personal data — ${parts.join('; ')}.`;
}
