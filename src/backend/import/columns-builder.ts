/**
 * Accumulates accepted rows as growable typed-array columns, ~36 bytes a row whatever the row's width.
 * Sized once from the file where its first batch tells the bytes per row (a little over, since untouched
 * memory costs nothing): doubling six columns from 64k rows copied and faulted in ~twice the final size.
 */
import type { ImportBatch } from '../../core/importing/types';
import { grown } from '../../core/grown';

export class ImportColumns {
  n = 0;
  time = new Float64Array(1 << 16);
  contact = new Int32Array(1 << 16);
  type = new Int32Array(1 << 16);
  dupKey = new Float64Array(1 << 16);
  line = new Int32Array(1 << 16);
  rawType = new Int32Array(1 << 16);

  /** Makes room for `rows` rows in all, if there is less. */
  reserve(rows: number): void {
    if (rows > this.time.length) this.grow(rows);
  }

  append(b: ImportBatch): void {
    if (this.n + b.n > this.time.length) this.grow(Math.max(this.time.length * 2, this.n + b.n));
    this.time.set(b.time, this.n);
    this.contact.set(b.contact, this.n);
    this.type.set(b.type, this.n);
    this.dupKey.set(b.dupKey, this.n);
    this.line.set(b.line, this.n);
    this.rawType.set(b.rawType, this.n);
    this.n += b.n;
  }

  private grow(size: number): void {
    this.time = grown(this.time, size);
    this.contact = grown(this.contact, size);
    this.type = grown(this.type, size);
    this.dupKey = grown(this.dupKey, size);
    this.line = grown(this.line, size);
    this.rawType = grown(this.rawType, size);
  }
}
