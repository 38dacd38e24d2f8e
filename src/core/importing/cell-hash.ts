/**
 * Hashing of cells, whether they are strings or ranges of a larger text, with the same result for
 * the same characters: the import's fast path reads cells in place and must agree with the path that
 * made strings of them. The hashes live for one import (a contact's identity cells, a row's duplicate
 * key, a lookup's slot), so each import may use the hash that suits how its text is held:
 * - text (JSON Lines, UTF-16 CSV): two FNV-1a lanes over the characters;
 * - byte text (UTF-8 CSV, core/strings.ts): two murmur3-style lanes over four bytes at a time, read
 *   from the file's bytes on the fast path (~2× faster than a character at a time: charCodeAt is the
 *   cost) and from the byte text's characters, which are those bytes, on the string path.
 */

const lanes = new Int32Array(2);

function begin(): void {
  lanes[0] = 0x811c9dc5;
  lanes[1] = 0x01000193;
}

/** 53 bits from the two lanes, each mixed to avalanche first. */
function finish(): number {
  return (fmix(lanes[0]!) >>> 0) * 2097152 + (fmix(lanes[1]!) & 0x1fffff);
}

function fmix(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return h ^ (h >>> 16);
}

// Text: a character at a time.

function mixText(s: string, from: number, to: number): void {
  let a = lanes[0]!;
  let b = lanes[1]!;
  for (let i = from; i < to; i++) {
    const ch = s.charCodeAt(i);
    a = Math.imul(a ^ ch, 16777619);
    b = Math.imul(b ^ ch, 2246822519);
  }
  // A separator, so that ("ab", "c") and ("a", "bc") differ.
  lanes[0] = Math.imul(a ^ 0x1f, 16777619);
  lanes[1] = Math.imul(b ^ 0x1f, 2246822519);
}

// Byte text: four bytes at a time, the lanes in locals for the whole range (through the lanes array
// at every word, a store and a load sit on the chain and the hash is ~2× slower).
// mixBytes and mixByteText must stay the same arithmetic.

function mixBytes(bytes: Uint8Array, from: number, to: number): void {
  let a = lanes[0]!;
  let b = lanes[1]!;
  let i = from;
  let k: number;
  for (; i + 3 < to; i += 4) {
    k = bytes[i]! | (bytes[i + 1]! << 8) | (bytes[i + 2]! << 16) | (bytes[i + 3]! << 24);
    k = Math.imul(k, 0xcc9e2d51);
    k = Math.imul((k << 15) | (k >>> 17), 0x1b873593);
    a ^= k;
    b ^= k;
    a = (Math.imul((a << 13) | (a >>> 19), 5) + 0xe6546b64) | 0;
    b = (Math.imul((b << 17) | (b >>> 15), 9) + 0x2f1a3b5d) | 0;
  }
  // The last 0-3 bytes and their count in one word, which also separates this range from the next.
  k = (to - i) << 24;
  for (let shift = 0; i < to; i++, shift += 8) k |= bytes[i]! << shift;
  k = Math.imul(k, 0xcc9e2d51);
  k = Math.imul((k << 15) | (k >>> 17), 0x1b873593);
  a ^= k;
  b ^= k;
  lanes[0] = (Math.imul((a << 13) | (a >>> 19), 5) + 0xe6546b64) | 0;
  lanes[1] = (Math.imul((b << 17) | (b >>> 15), 9) + 0x2f1a3b5d) | 0;
}

function mixByteText(s: string, from: number, to: number): void {
  let a = lanes[0]!;
  let b = lanes[1]!;
  let i = from;
  let k: number;
  for (; i + 3 < to; i += 4) {
    k = s.charCodeAt(i) | (s.charCodeAt(i + 1) << 8) | (s.charCodeAt(i + 2) << 16) | (s.charCodeAt(i + 3) << 24);
    k = Math.imul(k, 0xcc9e2d51);
    k = Math.imul((k << 15) | (k >>> 17), 0x1b873593);
    a ^= k;
    b ^= k;
    a = (Math.imul((a << 13) | (a >>> 19), 5) + 0xe6546b64) | 0;
    b = (Math.imul((b << 17) | (b >>> 15), 9) + 0x2f1a3b5d) | 0;
  }
  k = (to - i) << 24;
  for (let shift = 0; i < to; i++, shift += 8) k |= s.charCodeAt(i) << shift;
  k = Math.imul(k, 0xcc9e2d51);
  k = Math.imul((k << 15) | (k >>> 17), 0x1b873593);
  a ^= k;
  b ^= k;
  lanes[0] = (Math.imul((a << 13) | (a >>> 19), 5) + 0xe6546b64) | 0;
  lanes[1] = (Math.imul((b << 17) | (b >>> 15), 9) + 0x2f1a3b5d) | 0;
}

/** How one import hashes: over text, or over byte text and the bytes it was read from. */
export interface CellHasher {
  /** The given cells of a row of strings (a missing cell counts as empty). */
  cells(cells: readonly string[], columns: readonly number[]): number;
  /** The given cells of a row held as ranges of `text`, read from `bytes` where the text is byte text. */
  ranges(text: string, bytes: Uint8Array | null, start: Int32Array, end: Int32Array, columns: readonly number[]): number;
  /** One range of a text (or of its bytes). */
  range(text: string, bytes: Uint8Array | null, from: number, to: number): number;
}

export const TEXT_HASHER: CellHasher = {
  cells(cells, columns) {
    begin();
    for (const c of columns) {
      const s = cells[c] ?? '';
      mixText(s, 0, s.length);
    }
    return finish();
  },
  ranges(text, _bytes, start, end, columns) {
    begin();
    for (const c of columns) mixText(text, start[c]!, end[c]!);
    return finish();
  },
  range(text, _bytes, from, to) {
    begin();
    mixText(text, from, to);
    return finish();
  },
};

export const BYTE_HASHER: CellHasher = {
  cells(cells, columns) {
    begin();
    for (const c of columns) {
      const s = cells[c] ?? '';
      mixByteText(s, 0, s.length);
    }
    return finish();
  },
  ranges(text, bytes, start, end, columns) {
    begin();
    if (bytes) for (const c of columns) mixBytes(bytes, start[c]!, end[c]!);
    else for (const c of columns) mixByteText(text, start[c]!, end[c]!);
    return finish();
  },
  range(text, bytes, from, to) {
    begin();
    if (bytes) mixBytes(bytes, from, to);
    else mixByteText(text, from, to);
    return finish();
  },
};

/**
 * Strings to non-negative integers, looked up by a range of a larger text without slicing it:
 * open addressing on the 53-bit hash, every hit confirmed by comparing the characters.
 */
export class RangeMap {
  private hashes = new Float64Array(1024);
  private values = new Int32Array(1024);
  private keys: (string | undefined)[] = new Array<string | undefined>(1024);
  private size = 0;

  constructor(private readonly hasher: CellHasher = TEXT_HASHER) {}

  /** The value stored for text[from, to) (hashed from `bytes` where given: the text's bytes), or -1. */
  get(text: string, from: number, to: number, bytes: Uint8Array | null = null): number {
    const h = this.hasher.range(text, bytes, from, to);
    const mask = this.hashes.length - 1;
    for (let i = slotOf(h) & mask; ; i = (i + 1) & mask) {
      const key = this.keys[i];
      if (key === undefined) return -1;
      if (this.hashes[i] === h && key.length === to - from && text.slice(from, to) === key) return this.values[i]!;
    }
  }

  /** Stores `value` for `key` unless the key is present already. */
  add(key: string, value: number): void {
    this.claim(key, value);
  }

  /**
   * The value stored for `key`, after storing `value` for it if there was none: one lookup for both.
   * The key is kept as it is given: a slice of a larger text must be detached first (strings.ts).
   */
  claim(key: string, value: number): number {
    if ((this.size + 1) * 2 > this.hashes.length) this.rehash();
    const h = this.hasher.range(key, null, 0, key.length);
    const mask = this.hashes.length - 1;
    let i = slotOf(h) & mask;
    for (let k = this.keys[i]; k !== undefined; k = this.keys[(i = (i + 1) & mask)]) {
      if (this.hashes[i] === h && k === key) return this.values[i]!;
    }
    this.keys[i] = key;
    this.hashes[i] = h;
    this.values[i] = value;
    this.size++;
    return value;
  }

  private insert(key: string, h: number, value: number): void {
    const mask = this.hashes.length - 1;
    let i = slotOf(h) & mask;
    while (this.keys[i] !== undefined) i = (i + 1) & mask;
    this.keys[i] = key;
    this.hashes[i] = h;
    this.values[i] = value;
  }

  private rehash(): void {
    const { keys, hashes, values } = this;
    const size = hashes.length * 2;
    this.hashes = new Float64Array(size);
    this.values = new Int32Array(size);
    this.keys = new Array<string | undefined>(size);
    for (let i = 0; i < keys.length; i++) if (keys[i] !== undefined) this.insert(keys[i]!, hashes[i]!, values[i]!);
  }
}

/** The lane-a half of a hash, as a slot number. */
function slotOf(h: number): number {
  return Math.floor(h / 2097152) | 0;
}
