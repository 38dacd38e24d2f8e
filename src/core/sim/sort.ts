/**
 * Stable order of rows by time: the replay order (ties keep import order). Exports come mostly in
 * time order with some rows out of place (late syncs, other time zones), so the rows that keep pace
 * with the running maximum are taken as they are, the others are sorted apart and merged in. Files
 * in another order fall back to an LSD radix sort over 16-bit digits of (time − min).
 */
export function stableOrderByTime(time: Float64Array, n = time.length): Int32Array {
  let outOfPlace = 0;
  let max = -Infinity;
  for (let i = 0; i < n; i++) {
    const t = time[i]!;
    if (t >= max) max = t;
    else outOfPlace++;
  }
  if (outOfPlace === 0) return identity(n);
  if (outOfPlace > n / MERGE_UP_TO) return radixOrder(time, identity(n));
  const inPlace = new Int32Array(n - outOfPlace);
  const rest = new Int32Array(outOfPlace);
  max = -Infinity;
  for (let i = 0, a = 0, b = 0; i < n; i++) {
    const t = time[i]!;
    if (t >= max) {
      max = t;
      inPlace[a++] = i;
    } else rest[b++] = i;
  }
  return mergeByTime(time, inPlace, radixOrder(time, rest));
}

/** Up to one row in this many out of place, sorting those apart and merging beats sorting all. */
const MERGE_UP_TO = 8;

function identity(n: number): Int32Array {
  const order = new Int32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  return order;
}

/**
 * The in-place rows and the sorted rest, merged by time. On a tie the in-place row goes first: it is
 * always the earlier row, since a row left behind by the running maximum was below a time already seen.
 */
function mergeByTime(time: Float64Array, inPlace: Int32Array, rest: Int32Array): Int32Array {
  const out = new Int32Array(inPlace.length + rest.length);
  let i = 0;
  let j = 0;
  let k = 0;
  while (i < inPlace.length && j < rest.length) {
    if (time[inPlace[i]!]! <= time[rest[j]!]!) out[k++] = inPlace[i++]!;
    else out[k++] = rest[j++]!;
  }
  while (i < inPlace.length) out[k++] = inPlace[i++]!;
  while (j < rest.length) out[k++] = rest[j++]!;
  return out;
}

/**
 * `rows` (in increasing row order) sorted stably by time: an LSD radix sort over 16-bit digits of
 * ⌊time − min⌋. The digits are worked out once, in row order, so that each pass reads a small array of
 * digits rather than the times at random.
 */
function radixOrder(time: Float64Array, rows: Int32Array): Int32Array {
  const n = rows.length;
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < n; i++) {
    const t = time[rows[i]!]!;
    if (t < min) min = t;
    if (t > max) max = t;
  }
  const divisors: number[] = [];
  for (let divisor = 1; divisor <= max - min; divisor *= 65_536) divisors.push(divisor);
  if (divisors.length === 0) return rows;
  const digits = divisors.map(() => new Uint16Array(n));
  for (let i = 0; i < n; i++) {
    const k = Math.floor(time[rows[i]!]! - min);
    for (let d = 0; d < divisors.length; d++) digits[d]![i] = Math.floor(k / divisors[d]!) % 65_536;
  }
  // Positions into `rows`, sorted digit by digit, least significant first.
  let order = new Int32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  let scratch = new Int32Array(n);
  const counts = new Int32Array(65_536);
  for (const digit of digits) {
    counts.fill(0);
    for (let i = 0; i < n; i++) counts[digit[i]!]++;
    let sum = 0;
    for (let d = 0; d < 65_536; d++) {
      const c = counts[d]!;
      counts[d] = sum;
      sum += c;
    }
    for (let i = 0; i < n; i++) {
      const at = order[i]!;
      scratch[counts[digit[at]!]++] = at;
    }
    [order, scratch] = [scratch, order];
  }
  for (let i = 0; i < n; i++) order[i] = rows[order[i]!]!;
  return order;
}
