/** The replay order against a plain comparison sort, on times in every arrangement exports come in. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { stableOrderByTime } from '../../src/core/sim/sort';

function reference(time: Float64Array): number[] {
  return Array.from({ length: time.length }, (_, i) => i).sort((a, b) => time[a]! - time[b]! || a - b);
}

/** Sorted times with some rows arriving late: what a time-ordered export with late syncs looks like. */
const mostlySorted = fc
  .tuple(fc.array(fc.integer({ min: 0, max: 3 }), { minLength: 200, maxLength: 1000 }), fc.array(fc.tuple(fc.nat(), fc.nat({ max: 100 })), { minLength: 1, maxLength: 20 }))
  .map(([steps, delays]) => {
    let t = 1_772_000_000_000;
    const times = steps.map((s) => (t += s));
    for (const [from, delay] of delays) {
      const at = from % times.length;
      const [x] = times.splice(at, 1);
      times.splice(Math.min(times.length, at + delay), 0, x!);
    }
    return Float64Array.from(times);
  });

// Few distinct values, so ties are common; wide spans, so the radix sort needs several digits.
const anyOrder = fc.array(fc.oneof(fc.integer({ min: 0, max: 5 }), fc.integer({ min: 0, max: 2 ** 40 })), { maxLength: 400 }).map((a) => Float64Array.from(a));

describe('stableOrderByTime', () => {
  it('orders mostly sorted times by time, ties in row order', () => {
    fc.assert(fc.property(mostlySorted, (time) => {
        expect(Array.from(stableOrderByTime(time))).toEqual(reference(time));
      }), { numRuns: 300 });
  });

  it('orders times in any order by time, ties in row order', () => {
    fc.assert(fc.property(anyOrder, (time) => {
        expect(Array.from(stableOrderByTime(time))).toEqual(reference(time));
      }), { numRuns: 300 });
  });

  it('reads only the first n rows', () => {
    const time = Float64Array.from([5, 3, 4, 1, 0]);
    expect(Array.from(stableOrderByTime(time, 3))).toEqual([1, 2, 0]);
  });
});
