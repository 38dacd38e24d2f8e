/**
 * A map from 16-byte digests (the keys of emails and phones) to numbers, held in typed arrays: no
 * string or object per entry, so the identity thread's young generation has nothing to copy for it.
 * Digests are HMAC output, uniformly random, so their first word is the hash. The table's slots hold
 * entry numbers, the entries the digests: ~30-55 bytes an entry, where digests in the slots took 40-80.
 */
import { grown } from '../grown';

export const DIGEST_BYTES = 16;

export class DigestMap {
  /** Per slot, the entry there; -1 for an empty slot. 4 bytes a slot: the slots are the sparse part. */
  private slots = new Int32Array(1024).fill(-1);
  /** Per entry, in order of insertion: four words of digest, and the value. */
  private words = new Int32Array(4 * 512);
  private values = new Int32Array(512);
  private size = 0;

  /** The value stored for the digest at bytes[at, at + 16), after storing `value` for it if there was none. */
  claim(bytes: Uint8Array, at: number, value: number): number {
    if ((this.size + 1) * 2 > this.slots.length) this.rehash();
    const w0 = word(bytes, at);
    const w1 = word(bytes, at + 4);
    const w2 = word(bytes, at + 8);
    const w3 = word(bytes, at + 12);
    const mask = this.slots.length - 1;
    const { slots, words } = this;
    for (let i = w0 & mask; ; i = (i + 1) & mask) {
      const e = slots[i]!;
      if (e === -1) {
        const n = this.size++;
        if (n === this.values.length) {
          this.words = grown(this.words, 8 * n);
          this.values = grown(this.values, 2 * n);
        }
        this.words[4 * n] = w0;
        this.words[4 * n + 1] = w1;
        this.words[4 * n + 2] = w2;
        this.words[4 * n + 3] = w3;
        this.values[n] = value;
        slots[i] = n;
        return value;
      }
      if (words[4 * e] === w0 && words[4 * e + 1] === w1 && words[4 * e + 2] === w2 && words[4 * e + 3] === w3) return this.values[e]!;
    }
  }

  private rehash(): void {
    const size = this.slots.length * 2;
    const slots = new Int32Array(size).fill(-1);
    const mask = size - 1;
    for (let e = 0; e < this.size; e++) {
      let i = this.words[4 * e]! & mask;
      while (slots[i] !== -1) i = (i + 1) & mask;
      slots[i] = e;
    }
    this.slots = slots;
  }
}

function word(b: Uint8Array, at: number): number {
  return b[at]! | (b[at + 1]! << 8) | (b[at + 2]! << 16) | (b[at + 3]! << 24);
}

/** Digests, one per index, with room to grow. */
export class DigestColumn {
  bytes = new Uint8Array(DIGEST_BYTES * 1024);

  /** Copies the digest at src[from, from + 16) to index i. */
  set(i: number, src: Uint8Array, from: number): void {
    if ((i + 1) * DIGEST_BYTES > this.bytes.length) this.bytes = grown(this.bytes, Math.max((i + 1) * DIGEST_BYTES, this.bytes.length * 2));
    const bytes = this.bytes;
    for (let k = 0, to = i * DIGEST_BYTES; k < DIGEST_BYTES; k++) bytes[to + k] = src[from + k]!;
  }

  /** The first n digests (a view: the column is done with). */
  take(n: number): Uint8Array {
    return this.bytes.subarray(0, n * DIGEST_BYTES);
  }
}
