/** Tables that grow in place: contents kept, the same buffer throughout, and views that cross threads by transfer. */
import { describe, expect, it } from 'vitest';
import { GrowingArray, MAX_ITEMS } from '../../src/core/growing';

describe('GrowingArray', () => {
  it('keeps what was written as it grows, in the same buffer, zero where nothing was', () => {
    const column = new GrowingArray(Int32Array, 2);
    const buffer = column.array.buffer;
    for (let i = 0; i < 100_000; i++) {
      column.room(i + 1);
      column.array[2 * i] = i;
      column.array[2 * i + 1] = -i;
    }
    expect(column.array.buffer).toBe(buffer);
    const taken = column.take(100_000);
    expect(taken.length).toBe(200_000);
    expect(taken.every((v, k) => v === (k % 2 ? -((k - 1) / 2) : k / 2))).toBe(true);
    column.room(300_000);
    expect(column.array[2 * 250_000]).toBe(0);
  });

  it('hands its first items over by transfer, intact', () => {
    const column = new GrowingArray(Float64Array);
    column.room(5);
    column.array.set([1.5, 2.5, 3.5, 4.5, 5.5]);
    const view = column.take(3);
    const moved = structuredClone(view, { transfer: [view.buffer as ArrayBuffer] });
    expect([...moved]).toEqual([1.5, 2.5, 3.5]);
  });

  it('says what it cannot hold past its limit', () => {
    expect(() => new GrowingArray(Uint8Array, 1, 'contacts').room(MAX_ITEMS + 1)).toThrow(/more than 134,217,728 contacts/);
  });
});
