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
