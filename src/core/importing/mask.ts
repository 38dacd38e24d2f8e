import { personalKind, personalSpans } from '../normalize/personal';

/** Masks a personal value for display: enough shape to check the column mapping, not the value. */
export function maskPreviewCell(value: string): string {
  const v = value.trim();
  if (v === '') return '';
  const at = v.indexOf('@');
  if (at > 0) return `${v[0]}•••@${v.slice(at + 1).replace(/^[^.]+/, '•••')}`;
  const digits = v.replace(/\D/g, '');
  if (digits.length >= 6) return `${v.startsWith('+') ? '+' : ''}•••${digits.slice(-2)}`;
  return `${v[0]}•••`;
}

/**
 * A preview cell as the wizard shows it: masked whole where its column holds personal data or the
 * value is itself an email or phone number; elsewhere, any email or phone inside the text is masked.
 */
export function previewCell(value: string, personalColumn: boolean): string {
  if (personalColumn || personalKind(value) !== null) return maskPreviewCell(value);
  const spans = personalSpans(value);
  if (spans.length === 0) return value;
  let out = '';
  let at = 0;
  for (const [from, to] of spans) {
    out += value.slice(at, from) + maskPreviewCell(value.slice(from, to));
    at = to;
  }
  return out + value.slice(at);
}
