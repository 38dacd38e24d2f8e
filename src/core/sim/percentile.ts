/** Nearest-rank percentile of ascending values: x[ceil(p/100 · n) − 1]; null when n = 0. */
export function nearestRank(sortedAscending: ArrayLike<number>, p: number): number | null {
  const n = sortedAscending.length;
  if (n === 0) return null;
  // p·n is an exact integer for integer p, so the division cannot round ceil() the wrong way.
  const rank = Math.max(1, Math.ceil((p * n) / 100));
  return sortedAscending[Math.min(n, rank) - 1] as number;
}
