/**
 * Typed arrays that grow in place, for tables with an entry per contact. Each sits on a resizable
 * buffer that reserves address space for its largest size and takes memory only for the pages
 * written: growing copies nothing and leaves no outgrown buffer for the collector, where doubling a
 * plain array held the old and the new (and the new's untouched half, once filled) until a GC.
 * Reads are ~2× slower than a plain array's in this V8: for tables touched per contact, not per row.
 */

type Growable = Float64Array | Int32Array | Uint16Array | Uint8Array;
type GrowableConstructor<A extends Growable> = { new (buffer: ArrayBuffer): A; new (buffer: ArrayBuffer, at: number, length: number): A; readonly BYTES_PER_ELEMENT: number };

/** Items a growing table holds at most: far more contacts than one machine imports (it reserves address space, not memory). */
export const MAX_ITEMS = 1 << 27;

export class GrowingArray<A extends Growable> {
  /** The elements, zero until written; its length follows the buffer's. */
  readonly array: A;
  private readonly buffer: ArrayBuffer;

  /** `perItem`: elements an item takes (16 for a digest of bytes). `what`: what an item is, for the error past MAX_ITEMS. */
  constructor(
    private readonly type: GrowableConstructor<A>,
    private readonly perItem = 1,
    private readonly what = 'contacts',
  ) {
    this.buffer = new ArrayBuffer(0, { maxByteLength: MAX_ITEMS * perItem * type.BYTES_PER_ELEMENT });
    this.array = new type(this.buffer);
  }

  /** Makes room for items [0, items). */
  room(items: number): void {
    const need = items * this.perItem;
    if (need <= this.array.length) return;
    if (items > MAX_ITEMS) throw new Error(`more than ${MAX_ITEMS.toLocaleString('en-US')} ${this.what}: split the file`);
    // Growth in steps (each commits pages, a system call): half again, at least 64 KB.
    const bytes = this.type.BYTES_PER_ELEMENT;
    const target = Math.max(need, Math.ceil(this.array.length * 1.5), 65_536 / bytes);
    this.buffer.resize(Math.min(target, MAX_ITEMS * this.perItem) * bytes);
  }

  /** The first `items` items, as a view of fixed length (it goes with the buffer when transferred). */
  take(items: number): A {
    return new this.type(this.buffer, 0, items * this.perItem);
  }
}
