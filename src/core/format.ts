/** Human units for figures, shared by the command line, the app and reports. */

// Made on first use: the first Intl formatter costs ~20 ms (ICU's data), and every thread that loads
// this module (the import's among them) would pay it at start whether it formats a figure or not.
let int: Intl.NumberFormat | undefined;

export function usd(n: number): string {
  if (n !== 0 && Math.abs(n) < 0.01) return `$${n.toPrecision(2)}`;
  const digits = Math.abs(n) >= 100 ? 0 : 2;
  return n.toLocaleString('en-US', { style: 'currency', currency: 'USD', maximumFractionDigits: digits, minimumFractionDigits: digits });
}

export function count(n: number | null): string {
  return n === null ? '—' : (int ??= new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 })).format(n);
}

export function duration(seconds: number | null): string {
  if (seconds === null) return '—';
  if (seconds < 60) return `${+seconds.toFixed(1)} s`;
  if (seconds < 3600) return `${+(seconds / 60).toFixed(1)} min`;
  if (seconds < 86_400) return `${+(seconds / 3600).toFixed(1)} h`;
  return `${+(seconds / 86_400).toFixed(1)} d`;
}

export function percent(share: number | null): string {
  return share === null ? '—' : `${(share * 100).toFixed(1)}%`;
}
