/** Terminal formatting: aligned tables and human units. */
export function table(header: string[], rows: string[][], rightAligned: boolean[] = header.map((_, i) => i > 0)): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) => cells.map((c, i) => (rightAligned[i] ? c.padStart(widths[i]!) : c.padEnd(widths[i]!))).join('  ').trimEnd();
  return [line(header), line(widths.map((w) => '─'.repeat(w))), ...rows.map(line)].join('\n');
}

export { count, duration, percent, usd } from '../core/format';
