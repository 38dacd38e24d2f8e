/**
 * Stable order of rows by time: the replay order (ties keep import order). LSD radix sort over
 * 16-bit digits of (time − min), O(n) per digit; exports that are already sorted cost one scan.
 */
export function stableOrderByTime(time: Float64Array, n = time.length): Int32Array {
  let order = new Int32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  let sorted = true;
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < n; i++) {
    const t = time[i]!;
    if (i > 0 && t < time[i - 1]!) sorted = false;
    if (t < min) min = t;
    if (t > max) max = t;
  }
  if (sorted) return order;
  let scratch = new Int32Array(n);
  const counts = new Int32Array(65_536);
  for (let divisor = 1; divisor <= max - min; divisor *= 65_536) {
    counts.fill(0);
    for (let i = 0; i < n; i++) counts[Math.floor((time[order[i]!]! - min) / divisor) % 65_536]++;
    let sum = 0;
    for (let d = 0; d < 65_536; d++) {
      const c = counts[d]!;
      counts[d] = sum;
      sum += c;
    }
    for (let i = 0; i < n; i++) {
      const row = order[i]!;
      scratch[counts[Math.floor((time[row]! - min) / divisor) % 65_536]++] = row;
    }
    [order, scratch] = [scratch, order];
  }
  return order;
}
