/**
 * Hashing of cells, whether they are strings or ranges of a larger text, with the same result for
 * the same characters: the import's fast path reads cells in place and must agree with the path that
 * made strings of them.
 */
import { detach } from '../strings';

// Two 32-bit FNV-1a-style lanes, combined into 53 bits at the end.
const lanes = new Int32Array(2);

function begin(): void {
  lanes[0] = 0x811c9dc5;
  lanes[1] = 0x01000193;
}

function mix(s: string, from: number, to: number): void {
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

function finish(): number {
  return (lanes[0]! >>> 0) * 2097152 + (lanes[1]! & 0x1fffff);
}

/** Hash of the given cells of a row of strings (a missing cell counts as empty). */
export function hashCells(cells: readonly string[], columns: readonly number[]): number {
  begin();
  for (const c of columns) {
    const s = cells[c] ?? '';
    mix(s, 0, s.length);
  }
  return finish();
}

/** Hash of the given cells of a row held as ranges of `text`: equal to hashCells of those cells as strings. */
export function hashRanges(text: string, start: Int32Array, end: Int32Array, columns: readonly number[]): number {
  begin();
  for (const c of columns) mix(text, start[c]!, end[c]!);
  return finish();
}

/** Hash of one range of a text. */
export function hashText(text: string, from: number, to: number): number {
  begin();
  mix(text, from, to);
  return finish();
}

/**
 * Strings to non-negative integers, looked up by a range of a larger text without slicing it:
 * open addressing on the 53-bit hash, every hit confirmed by comparing the characters.
 */
export class RangeMap {
  private hashes = new Float64Array(1024);
  private values = new Int32Array(1024);
  private keys: (string | undefined)[] = new Array<string | undefined>(1024);
  private size = 0;

  /** The value stored for text[from, to), or -1. */
  get(text: string, from: number, to: number): number {
    const h = hashText(text, from, to);
    const mask = this.hashes.length - 1;
    for (let i = slotOf(h) & mask; ; i = (i + 1) & mask) {
      const key = this.keys[i];
      if (key === undefined) return -1;
      if (this.hashes[i] === h && key.length === to - from && text.slice(from, to) === key) return this.values[i]!;
    }
  }

  /** Stores `value` for `key` unless the key is present already. */
  add(key: string, value: number): void {
    if (this.get(key, 0, key.length) >= 0) return;
    if ((this.size + 1) * 2 > this.hashes.length) this.rehash();
    this.insert(detach(key), hashText(key, 0, key.length), value);
    this.size++;
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
