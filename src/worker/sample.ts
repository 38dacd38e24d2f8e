/**
 * A sample of an export's first rows, split as the import splits them: what the preview shows and
 * what column roles are inferred from, before the import reads a row.
 */
import Papa from 'papaparse';

export interface Sample {
  headers: string[];
  rows: string[][];
  delimiter: string | null;
}

/** Rows the roles are inferred from (as many as the head holds, up to this). */
export const SAMPLE_ROWS = 500;

/** A JSON value as a cell: text as it is, objects as JSON; null for one nested deeper than `tooDeep` allows. */
export type CellOf = (value: unknown) => string;

/**
 * The head's header and rows. `whole`: the head is the whole file (else its last row may be cut off
 * and is dropped).
 */
export function sampleOf(head: string, format: 'csv' | 'jsonl', whole: boolean, cellOf: CellOf, maxRows = SAMPLE_ROWS): Sample {
  if (format === 'csv') {
    const parsed = Papa.parse<string[]>(head, { delimitersToGuess: [',', ';', '\t', '|'], skipEmptyLines: 'greedy', preview: maxRows + 2 });
    const [headers = [], ...rows] = parsed.data;
    if (!whole && rows.length > 0 && parsed.data.length < maxRows + 2) rows.pop();
    return { headers, rows: rows.slice(0, maxRows), delimiter: parsed.meta.delimiter };
  }
  const objects: Record<string, unknown>[] = [];
  const lines = head.split('\n');
  if (!whole) lines.pop();
  for (const line of lines) {
    if (objects.length >= maxRows) break;
    const t = line.trim();
    if (t === '') continue;
    try {
      const v: unknown = JSON.parse(t);
      if (v && typeof v === 'object' && !Array.isArray(v)) objects.push(v as Record<string, unknown>);
    } catch {
      // a line the import will reject
    }
  }
  const headers = [...new Set(objects.flatMap((o) => Object.keys(o)))];
  const rows = objects.map((o) => headers.map((h) => {
    try {
      return cellOf(Object.hasOwn(o, h) ? o[h] : undefined);
    } catch {
      return '';
    }
  }));
  return { headers, rows, delimiter: null };
}
