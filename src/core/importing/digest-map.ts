/**
 * A map from 16-byte digests (the keys of emails and phones) to numbers, held in typed arrays: no
 * string or object per entry, so the identity thread's young generation has nothing to copy for it.
 * Digests are HMAC output, uniformly random, so their first word is the hash. The table's slots hold
 * entry numbers, the entries the digests: ~26-32 bytes an entry, where digests in the slots took 40-80.
 */
import { GrowingArray } from '../growing';

export const DIGEST_BYTES = 16;

export class DigestMap {
  /** Per slot, 1 + the entry there; 0 for an empty slot. 4 bytes a slot: the slots are the sparse part. */
  private slots = new Int32Array(1024);
  /** Per entry, in order of insertion: four words of digest, and the value. */
  private readonly words = new GrowingArray(Int32Array, 4, 'distinct emails or phones');
  private readonly values = new GrowingArray(Int32Array, 1, 'distinct emails or phones');
  private size = 0;
  /** The entry the last claim() found or made. */
  entry = -1;

  /** The value stored for the digest at bytes[at, at + 16), after storing `value` for it if there was none. */
  claim(bytes: Uint8Array, at: number, value: number): number {
    if ((this.size + 1) * 10 > this.slots.length * 7) this.rehash();
    const w0 = word(bytes, at);
    const w1 = word(bytes, at + 4);
    const w2 = word(bytes, at + 8);
    const w3 = word(bytes, at + 12);
    const mask = this.slots.length - 1;
    const slots = this.slots;
    const words = this.words.array;
    for (let i = w0 & mask; ; i = (i + 1) & mask) {
      const e = slots[i]! - 1;
      if (e === -1) {
        const n = this.size++;
        this.words.room(n + 1);
        this.values.room(n + 1);
        const w = this.words.array;
        w[4 * n] = w0;
        w[4 * n + 1] = w1;
        w[4 * n + 2] = w2;
        w[4 * n + 3] = w3;
        this.values.array[n] = value;
        slots[i] = n + 1;
        this.entry = n;
        return value;
      }
      if (words[4 * e] === w0 && words[4 * e + 1] === w1 && words[4 * e + 2] === w2 && words[4 * e + 3] === w3) {
        this.entry = e;
        return this.values.array[e]!;
      }
    }
  }

  /** Every entry's digest, 16 bytes each in order of insertion (a view: the map is done with). */
  digests(): Uint8Array {
    const w = this.words.take(this.size);
    return new Uint8Array(w.buffer, 0, w.byteLength);
  }

  private rehash(): void {
    const size = this.slots.length * 2;
    const slots = new Int32Array(size);
    const mask = size - 1;
    const words = this.words.array;
    for (let e = 0; e < this.size; e++) {
      let i = words[4 * e]! & mask;
      while (slots[i] !== 0) i = (i + 1) & mask;
      slots[i] = e + 1;
    }
    this.slots = slots;
  }
}

function word(b: Uint8Array, at: number): number {
  return b[at]! | (b[at + 1]! << 8) | (b[at + 2]! << 16) | (b[at + 3]! << 24);
}

/** Digests, one per index, with room to grow. */
export class DigestColumn {
  private readonly column = new GrowingArray(Uint8Array, DIGEST_BYTES);

  /** The digests: index i's at [16 i, 16 i + 16). */
  get bytes(): Uint8Array {
    return this.column.array;
  }

  /** Copies the digest at src[from, from + 16) to index i. */
  set(i: number, src: Uint8Array, from: number): void {
    this.column.room(i + 1);
    const bytes = this.column.array;
    for (let k = 0, to = i * DIGEST_BYTES; k < DIGEST_BYTES; k++) bytes[to + k] = src[from + k]!;
  }

  /** The first n digests (a view: the column is done with). */
  take(n: number): Uint8Array {
    return this.column.take(n);
  }
}
