/**
 * The CSV files Scorecast writes: RFC 4180 quoting, and text that a spreadsheet would run as a formula
 * neutralized (OWASP's guidance for CSV injection): a text cell that begins with `=`, `+`, `-`, `@`, a
 * tab or a carriage return gets a leading apostrophe. Numbers stay numbers, including negative ones
 * and numbers that arrive as text ("-2.5").
 */
const FORMULA_START = /^[=+\-@\t\r]/;
const NUMBER = /^[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?$/;

export function csvCell(v: string | number | null | undefined): string {
  if (v === null || v === undefined) return '';
  const s = String(v);
  return rfc4180(typeof v === 'string' && FORMULA_START.test(s) && !NUMBER.test(s) ? `'${s}` : s);
}

/**
 * A cell quoted as RFC 4180 says and nothing more: for files that stand in for a CRM's own export
 * (the generator), whose phone numbers begin with `+` as a CRM writes them. A neutralized `'+46 …`
 * would not be a phone number to the importer.
 */
export function rfc4180(s: string): string {
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function csvLine(cells: readonly (string | number | null | undefined)[]): string {
  return cells.map(csvCell).join(',') + '\n';
}

/** A whole CSV file: the header, then one line per row. */
export function csvText(header: readonly string[], rows: readonly (readonly (string | number | null | undefined)[])[]): string {
  return csvLine(header) + rows.map(csvLine).join('');
}
