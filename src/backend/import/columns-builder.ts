/** Accumulates accepted rows as growable typed-array columns, ~28 bytes a row whatever the row's width. */
import type { ImportBatch } from '../../core/importing/types';

export class ImportColumns {
  n = 0;
  time = new Float64Array(1 << 16);
  contact = new Int32Array(1 << 16);
  type = new Int32Array(1 << 16);
  dupKey = new Float64Array(1 << 16);

  append(b: ImportBatch): void {
    if (this.n + b.n > this.time.length) this.grow(Math.max(this.time.length * 2, this.n + b.n));
    this.time.set(b.time, this.n);
    this.contact.set(b.contact, this.n);
    this.type.set(b.type, this.n);
    this.dupKey.set(b.dupKey, this.n);
    this.n += b.n;
  }

  private grow(size: number): void {
    const grow = <T extends Float64Array | Int32Array>(a: T, make: (n: number) => T): T => {
      const g = make(size);
      g.set(a);
      return g;
    };
    this.time = grow(this.time, (s) => new Float64Array(s));
    this.contact = grow(this.contact, (s) => new Int32Array(s));
    this.type = grow(this.type, (s) => new Int32Array(s));
    this.dupKey = grow(this.dupKey, (s) => new Float64Array(s));
  }
}
