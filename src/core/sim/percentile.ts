/** Nearest-rank percentile of ascending values: x[ceil(p/100 · n) − 1]; null when n = 0. */
export function nearestRank(sortedAscending: ArrayLike<number>, p: number): number | null {
  const n = sortedAscending.length;
  if (n === 0) return null;
  // p·n is an exact integer for integer p, so the division cannot round ceil() the wrong way.
  const rank = Math.max(1, Math.ceil((p * n) / 100));
  return sortedAscending[Math.min(n, rank) - 1] as number;
}

/**
 * The same nearest-rank percentile of values in any order, found by selection in linear time rather
 * than by sorting (it reorders `values`); null when there are none.
 */
export function selectNearestRank(values: Float64Array, p: number): number | null {
  const n = values.length;
  if (n === 0) return null;
  const k = Math.min(n, Math.max(1, Math.ceil((p * n) / 100))) - 1;
  let lo = 0;
  let hi = n - 1;
  while (hi > lo) {
    const a = values[lo]!;
    const b = values[(lo + hi) >>> 1]!;
    const c = values[hi]!;
    // Median of three: sorted or reversed runs partition evenly.
    const pivot = a < b ? (b < c ? b : a < c ? c : a) : a < c ? a : b < c ? c : b;
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (values[i]! < pivot) i++;
      while (values[j]! > pivot) j--;
      if (i <= j) {
        const x = values[i]!;
        values[i++] = values[j]!;
        values[j--] = x;
      }
    }
    if (k <= j) hi = j;
    else if (k >= i) lo = i;
    else return values[k]!;
  }
  return values[k]!;
}
