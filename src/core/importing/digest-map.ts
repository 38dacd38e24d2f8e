/**
 * A map from 16-byte digests (the keys of emails and phones) to numbers, held in typed arrays: no
 * string or object per entry, so the identity thread's young generation has nothing to copy for it.
 * Digests are HMAC output, uniformly random, so their first word is the hash.
 */
import { grown } from '../grown';

export const DIGEST_BYTES = 16;

export class DigestMap {
  /** Four words of digest per slot. */
  private words = new Int32Array(4 * 1024);
  /** The value in each slot; -1 for an empty slot. */
  private values = new Int32Array(1024).fill(-1);
  private size = 0;

  /** The value stored for the digest at bytes[at, at + 16), after storing `value` for it if there was none. */
  claim(bytes: Uint8Array, at: number, value: number): number {
    if ((this.size + 1) * 2 > this.values.length) this.rehash();
    const w0 = word(bytes, at);
    const w1 = word(bytes, at + 4);
    const w2 = word(bytes, at + 8);
    const w3 = word(bytes, at + 12);
    const mask = this.values.length - 1;
    const { words, values } = this;
    for (let i = w0 & mask; ; i = (i + 1) & mask) {
      if (values[i] === -1) {
        words[4 * i] = w0;
        words[4 * i + 1] = w1;
        words[4 * i + 2] = w2;
        words[4 * i + 3] = w3;
        values[i] = value;
        this.size++;
        return value;
      }
      if (words[4 * i] === w0 && words[4 * i + 1] === w1 && words[4 * i + 2] === w2 && words[4 * i + 3] === w3) return values[i]!;
    }
  }

  private rehash(): void {
    const { words, values } = this;
    const size = values.length * 2;
    this.words = new Int32Array(4 * size);
    this.values = new Int32Array(size).fill(-1);
    const mask = size - 1;
    for (let s = 0; s < values.length; s++) {
      if (values[s] === -1) continue;
      let i = words[4 * s]! & mask;
      while (this.values[i] !== -1) i = (i + 1) & mask;
      this.words.set(words.subarray(4 * s, 4 * s + 4), 4 * i);
      this.values[i] = values[s]!;
    }
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
