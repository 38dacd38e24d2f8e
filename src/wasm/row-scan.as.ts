// AssemblyScript, compiled to src/wasm/row-scan.wasm by `npm run build:wasm` (scripts/build-wasm.mjs).
//
// The import's per-row fast path for UTF-8 CSV, over the file's bytes: split rows (papaparse's rules,
// as core/importing/csv-rows.ts applies them), and for each ordinary row look its contact and event
// type up, read its ISO 8601 time, hash its identity cells and its duplicate key. Rows it cannot
// settle alone are flagged for the TypeScript path, which then reads them as strings and keys them
// through the same tables (the scratch functions below), so both paths number and hash alike.
// Rows whose quoting needs papaparse's finer rules (a stray quote, blanks after a closing quote, a
// quote never closed) stop the scan: the TypeScript splitter reads that row.

// ---- Memory: TLSF (the "minimal" runtime, which never collects by itself; nothing here is managed):
// a table that grew frees the block it outgrew, so the next growth elsewhere reuses it.

function alloc(bytes: i32): usize {
  return heap.alloc(<usize>max(bytes, 8));
}

/** A block of `size` bytes holding the first `used` of `from`'s, which is freed. */
function regrow(from: usize, used: i32, size: i32): usize {
  const to = alloc(size);
  if (from != 0) {
    memory.copy(to, from, <usize>used);
    heap.free(from);
  }
  return to;
}

// ---- Hashing: 64-bit murmur3-style mixing of 8-byte words; each range ends with its length mixed in,
// so ("ab", "c") and ("a", "bc") differ. 53 bits of the result are handed out (they fit a double).

@inline
function mix(h: u64, k: u64): u64 {
  k *= 0x87c37b91114253d5;
  k = rotl<u64>(k, 31);
  k *= 0x4cf5ad432745937f;
  h ^= k;
  return rotl<u64>(h, 27) * 5 + 0x52dce729;
}

@inline
function fmix(h: u64): u64 {
  h ^= h >> 33;
  h *= 0xff51afd7ed558ccd;
  h ^= h >> 33;
  h *= 0xc4ceb9fe1a85ec53;
  return h ^ (h >> 33);
}

function hashRange(h: u64, from: usize, to: usize): u64 {
  let i = from;
  for (; i + 8 <= to; i += 8) h = mix(h, load<u64>(i));
  let k: u64 = (<u64>(to - i)) << 56;
  let shift: u64 = 0;
  for (; i < to; i++, shift += 8) k |= (<u64>load<u8>(i)) << shift;
  return mix(h, k);
}

function sameBytes(a: usize, b: usize, n: i32): bool {
  let i = 0;
  for (; i + 8 <= n; i += 8) if (load<u64>(a + i) != load<u64>(b + i)) return false;
  for (; i < n; i++) if (load<u8>(a + i) != load<u8>(b + i)) return false;
  return true;
}

// ---- Byte strings to numbers 0, 1, 2… in order of insertion: open addressing on the hash, every hit
// confirmed by comparing the bytes. The table is the sparse part, so its slots are 8 bytes: the entry's
// number + 1 (0: empty) and the hash's high word. Entries are 16 bytes, dense, in pages that never move:
// the key's length, then the key itself where it has 12 bytes or fewer (contact ids mostly do), else
// where it is in the arena. A contact costs ~30 bytes of table and 16 of entry (it cost 64-128 bytes of
// 32-byte slots, and as much again of the tables outgrown, when keys sat in the slots).

const INLINE: i32 = 12;
const ENTRY: i32 = 16;
const PAGE_BITS: i32 = 14;
const PAGE_ENTRIES: i32 = 1 << PAGE_BITS;
const MAX_PAGES: i32 = 1 << 16;
const ARENA_CHUNK: i32 = 1 << 20;

/** `bytes` of zeroed memory. */
function zeroed(bytes: i32): usize {
  const at = alloc(bytes);
  memory.fill(at, 0, <usize>bytes);
  return at;
}

class ByteMap {
  slots: usize = 0;
  mask: i32 = 0;
  size: i32 = 0;
  /** Pointers to pages of PAGE_ENTRIES entries. */
  pages: usize = 0;
  /** Where the next long key goes, and the end of its chunk. */
  arenaAt: usize = 0;
  arenaEnd: usize = 0;

  constructor(bits: i32) {
    this.mask = (1 << bits) - 1;
    this.slots = zeroed((this.mask + 1) << 3);
    this.pages = zeroed(MAX_PAGES << 2);
  }

  /** The value of bytes [from, to), or -1. */
  get(from: usize, to: usize): i32 {
    const s = this.find(from, to);
    return <i32>load<u32>(s) - 1;
  }

  /** The value of bytes [from, to), after giving them the next number if they had none; -(value + 1) when new. */
  claim(from: usize, to: usize): i32 {
    if ((this.size + 1) * 10 > (this.mask + 1) * 7) this.rehash();
    const s = this.find(from, to);
    const found = load<u32>(s);
    if (found != 0) return <i32>found - 1;
    const value = this.size++;
    const n = <i32>(to - from);
    const e = this.entryAt(value, true);
    store<i32>(e, n);
    if (n > INLINE) {
      if (this.arenaAt + <usize>n > this.arenaEnd) {
        const chunk = max(n, ARENA_CHUNK);
        this.arenaAt = alloc(chunk);
        this.arenaEnd = this.arenaAt + <usize>chunk;
      }
      memory.copy(this.arenaAt, from, <usize>n);
      store<u32>(e, <u32>this.arenaAt, 4);
      this.arenaAt += <usize>n;
    } else memory.copy(e + 4, from, <usize>n);
    store<u64>(s, (this.hashed & 0xffffffff00000000) | <u64>(value + 1));
    return -(value + 1);
  }

  /** Entry i's address (its page made if `make`). */
  @inline
  private entryAt(i: i32, make: bool): usize {
    const at = this.pages + <usize>((i >> PAGE_BITS) << 2);
    let page = load<u32>(at);
    if (page == 0 && make) {
      if (i >> PAGE_BITS >= MAX_PAGES) unreachable();
      page = <u32>alloc(PAGE_ENTRIES * ENTRY);
      store<u32>(at, page);
    }
    return <usize>page + <usize>((i & (PAGE_ENTRIES - 1)) * ENTRY);
  }

  /** Entry e's key. */
  @inline
  private keyOf(e: usize, n: i32): usize {
    return n <= INLINE ? e + 4 : <usize>load<u32>(e, 4);
  }

  /** The hash find() last computed. */
  private hashed: u64 = 0;

  /** The slot of bytes [from, to): theirs, or the empty one where they would go. */
  private find(from: usize, to: usize): usize {
    const h = fmix(hashRange(0x9e3779b97f4a7c15, from, to));
    this.hashed = h;
    const tag = h >> 32;
    const n = <i32>(to - from);
    let i = <i32>h & this.mask;
    for (;;) {
      const s = this.slots + <usize>(i << 3);
      const slot = load<u64>(s);
      if (slot == 0) return s;
      if (slot >> 32 == tag) {
        const e = this.entryAt(<i32>(<u32>slot) - 1, false);
        if (load<i32>(e) == n && sameBytes(this.keyOf(e, n), from, n)) return s;
      }
      i = (i + 1) & this.mask;
    }
    return 0; // unreachable: the table always has a free slot
  }

  /** Doubles the table; each entry's place comes from its key's hash, made again. */
  private rehash(): void {
    heap.free(this.slots);
    this.mask = this.mask * 2 + 1;
    this.slots = zeroed((this.mask + 1) << 3);
    for (let v = 0; v < this.size; v++) {
      const e = this.entryAt(v, false);
      const n = load<i32>(e);
      const key = this.keyOf(e, n);
      const h = fmix(hashRange(0x9e3779b97f4a7c15, key, key + <usize>n));
      let i = <i32>h & this.mask;
      while (load<u64>(this.slots + <usize>(i << 3)) != 0) i = (i + 1) & this.mask;
      store<u64>(this.slots + <usize>(i << 3), (h & 0xffffffff00000000) | <u64>(v + 1));
    }
  }
}

const contacts = new ByteMap(12);
const types = new ByteMap(6);

/** Each contact's last identity hash (0: none yet). */
let lastIdentity: usize = zeroed(8 * 4096);
let lastIdentityCap: i32 = 4096;

function identityChanged(contact: i32, h: u64): bool {
  if (contact >= lastIdentityCap) {
    let cap = lastIdentityCap * 2;
    while (cap <= contact) cap *= 2;
    const grown = regrow(lastIdentity, 8 * lastIdentityCap, 8 * cap);
    memory.fill(grown + <usize>(8 * lastIdentityCap), 0, <usize>(8 * (cap - lastIdentityCap)));
    lastIdentity = grown;
    lastIdentityCap = cap;
  }
  const at = lastIdentity + <usize>(contact << 3);
  if (load<u64>(at) == h) return false;
  store<u64>(at, h);
  return true;
}

// ---- Configuration (one import).

let width: i32 = 0;
let delim: u8 = 44;
/** 13 where line breaks are \r\n, else -1 (\n). */
let lbFirst: i32 = -1;
let contactCol: i32 = 0;
let typeCol: i32 = 0;
let timeCol: i32 = 0;
let identityCount: i32 = 0;
let dupCount: i32 = 0;
/** How many identity and duplicate-key columns the scanner takes, together (a wider file keeps the TypeScript path). */
export const MAX_KEY_COLUMNS: i32 = 512;
/** The identity columns, then the duplicate-key columns (i32 each). */
const columns: usize = alloc(4 * MAX_KEY_COLUMNS);

export function columnList(): usize {
  return columns;
}

export function configure(w: i32, delimiter: i32, crlf: i32, contact: i32, type: i32, time: i32, identity: i32, dup: i32): void {
  width = w;
  delim = <u8>delimiter;
  delimSplat = i8x16.splat(<i8>delimiter);
  lbFirst = crlf ? 13 : -1;
  contactCol = contact;
  typeCol = type;
  timeCol = time;
  identityCount = identity;
  dupCount = dup;
  if (cellsCap < MAX_ROWS * 2 * w) {
    cellsCap = MAX_ROWS * 2 * w;
    if (cells != 0) heap.free(cells);
    cells = alloc(4 * cellsCap);
  }
}

// ---- Input: the carry of the last scan, then the next chunk.

let input: usize = 0;
let inputCap: i32 = 0;

/** Room for `total` bytes of input, keeping the first `keep`; returns where the input starts. */
export function reserveInput(total: i32, keep: i32): usize {
  if (total > inputCap) {
    input = regrow(input, keep, total);
    inputCap = total;
  }
  return input;
}

// ---- Output of scan(), one entry per row.

export const MAX_ROWS: i32 = 8192;
// The flags: row-scan.ts states the same values.
const FLAG_JS: u8 = 1;
const FLAG_NEW: u8 = 2;
const FLAG_CHANGED: u8 = 4;

const outLine = alloc(4 * MAX_ROWS);
const outTime = alloc(8 * MAX_ROWS);
const outContact = alloc(4 * MAX_ROWS);
const outType = alloc(4 * MAX_ROWS);
const outDup = alloc(8 * MAX_ROWS);
const outFlags = alloc(MAX_ROWS);
/** Where each row starts and where its text ends (its line break included). */
const outStart = alloc(4 * MAX_ROWS);
const outEnd = alloc(4 * MAX_ROWS);
/** Row r's cell c is input[cells[2 * (r * width + c)], cells[2 * (r * width + c) + 1]) (quotes stripped). */
let cells: usize = 0;
let cellsCap: i32 = 0;

export function outputs(kind: i32): usize {
  if (kind == 0) return outLine;
  if (kind == 1) return outTime;
  if (kind == 2) return outContact;
  if (kind == 3) return outType;
  if (kind == 4) return outDup;
  if (kind == 5) return outFlags;
  if (kind == 6) return outStart;
  if (kind == 7) return outEnd;
  return cells;
}

/**
 * Why the last scan stopped: 0 the input ran out (a row may be left incomplete); 1 a row for the
 * splitter at `consumed`; 2 to be called again: the output is full, or its last row is flagged
 * FLAG_JS (the TypeScript path may number a new contact from it, and contacts are numbered in row order).
 */
export let stopped: i32 = 0;
/** Where the last scan stopped reading: after every row it emitted. */
export let consumed: i32 = 0;
/** The line the next row starts on. */
export let nextLine: i32 = 0;

const STOP_END: i32 = 0;
const STOP_SPLITTER: i32 = 1;
const STOP_AGAIN: i32 = 2;

// ---- ISO 8601 times with Z, as core/normalize/timestamp.ts's parseIsoZInPlace reads them.

let memoYmd: i32 = -1;
let memoDay: f64 = 0;

function d2(p: usize): i32 {
  const a = <i32>load<u8>(p) - 48;
  const b = <i32>load<u8>(p + 1) - 48;
  if (<u32>a > 9 || <u32>b > 9) return -1;
  return a * 10 + b;
}

function daysFromCivil(y: i32, m: i32, d: i32): i32 {
  y -= m <= 2 ? 1 : 0;
  const era = (y >= 0 ? y : y - 399) / 400;
  const yoe = y - era * 400;
  const doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

function validDate(y: i32, mo: i32, d: i32): bool {
  if (mo < 1 || mo > 12 || d < 1) return false;
  const leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
  let max = 31;
  if (mo == 2) max = leap ? 29 : 28;
  else if (mo == 4 || mo == 6 || mo == 9 || mo == 11) max = 30;
  return d <= max;
}

/** UTC ms of [from, to), or NaN where the TypeScript path must read it (another form, or a year before 100, which Date.UTC reads as 19xx). */
function isoZ(from: usize, to: usize): f64 {
  const len = <i32>(to - from);
  if ((len != 20 && len != 24) || load<u8>(to - 1) != 90 || load<u8>(from + 10) != 84) return NaN;
  if (load<u8>(from + 13) != 58 || load<u8>(from + 16) != 58 || (len == 24 && load<u8>(from + 19) != 46)) return NaN;
  if (load<u8>(from + 4) != 45 || load<u8>(from + 7) != 45) return NaN;
  const y1 = d2(from);
  const y2 = d2(from + 2);
  const mo = d2(from + 5);
  const d = d2(from + 8);
  if ((y1 | y2 | mo | d) < 0) return NaN;
  const y = y1 * 100 + y2;
  if (y < 100) return NaN;
  const ymd = y * 10000 + mo * 100 + d;
  let day: f64;
  if (ymd == memoYmd) day = memoDay;
  else {
    if (!validDate(y, mo, d)) return NaN;
    day = <f64>daysFromCivil(y, mo, d) * 86400000.0;
    memoYmd = ymd;
    memoDay = day;
  }
  const h = d2(from + 11);
  const mi = d2(from + 14);
  const s = d2(from + 17);
  let ms = 0;
  if (len == 24) {
    const a = d2(from + 20);
    const b = <i32>load<u8>(from + 22) - 48;
    if (a < 0 || <u32>b > 9) return NaN;
    ms = a * 10 + b;
  }
  if ((h | mi | s) < 0 || h > 23 || mi > 59 || s > 59) return NaN;
  return day + <f64>(h * 3600000 + mi * 60000 + s * 1000 + ms);
}

// ---- The scan.

let delimSplat: v128 = i8x16.splat(44);
const breakSplat: v128 = i8x16.splat(10);

/** The first delimiter or \n in [i, n), or n: sixteen bytes at a time (an unquoted cell is ~10 bytes). */
function nextDelimOrBreak(i: usize, n: usize): usize {
  while (i + 16 <= n) {
    const v = v128.load(i);
    const hits = i8x16.bitmask(v128.or(i8x16.eq(v, delimSplat), i8x16.eq(v, breakSplat)));
    if (hits != 0) return i + <usize>ctz(hits);
    i += 16;
  }
  while (i < n) {
    const c = load<u8>(i);
    if (c == delim || c == 10) return i;
    i++;
  }
  return n;
}

/**
 * Splits and reads the rows of input[from, len), the first on line `line`. `final`: no more input follows.
 * Stops at the end of the input, at a row the splitter must read, after a row flagged FLAG_JS, or when
 * the output is full (see `stopped`).
 */
export function scan(from: i32, len: i32, final: i32, line: i32): i32 {
  const n = input + <usize>len;
  let p = input + <usize>from;
  let rows = 0;
  const stride = 2 * width;
  stopped = STOP_END;
  while (p < n) {
    if (rows == MAX_ROWS) {
      stopped = STOP_AGAIN;
      break;
    }
    const rowStart = p;
    const at = cells + <usize>((rows * stride) << 2);
    let k = 0;
    let breaks = 0;
    let escaped = false;
    let complete = false;
    let incomplete = false;
    let splitter = false;
    for (;;) {
      // One cell starts at p.
      if (p < n && load<u8>(p) == 34) {
        let q = p + 1;
        let close: usize = 0;
        let found = false;
        for (;;) {
          while (q < n && load<u8>(q) != 34) {
            if (load<u8>(q) == 10) breaks++;
            q++;
          }
          if (q >= n) break; // never closed in this input
          const j = q + 1;
          if (j < n && load<u8>(j) == 34) {
            escaped = true;
            q = j + 1;
            continue;
          }
          if (j == n) {
            if (!final) incomplete = true;
            else {
              close = q;
              found = true;
            }
            break;
          }
          const c = load<u8>(j);
          if (c == delim || (c == 10 && lbFirst < 0)) {
            close = q;
            found = true;
            break;
          }
          if (lbFirst >= 0 && c == 13) {
            if (j + 1 == n && !final) {
              incomplete = true;
              break;
            }
            if (j + 1 == n || load<u8>(j + 1) == 10) {
              close = q;
              found = true;
              break;
            }
          }
          // A stray quote or blanks after the closing quote: the splitter's business.
          splitter = true;
          break;
        }
        if (incomplete || splitter) break;
        if (!found) {
          if (!final) incomplete = true;
          else splitter = true; // never closed: runs to the end of the file, malformed
          break;
        }
        if (k < width) setCell(at, k, p + 1, close);
        k++;
        p = close + 1;
      } else {
        let i = p;
        while (i < n) {
          i = nextDelimOrBreak(i, n);
          if (i == n) break;
          if (load<u8>(i) == delim) break;
          if (lbFirst < 0 || (i > p && load<u8>(i - 1) == 13)) break;
          breaks++; // a lone \n in a \r\n file: data, but a new line all the same
          i++;
        }
        if (i == n && !final) {
          incomplete = true;
          break;
        }
        let cellEnd = i;
        if (i < n) {
          if (load<u8>(i) == 10 && lbFirst >= 0) cellEnd = i - 1;
        } else if (final && lbFirst >= 0 && n > p && load<u8>(n - 1) == 13) cellEnd = n - 1;
        if (k < width) setCell(at, k, p, cellEnd);
        k++;
        p = i == n ? n : cellEnd;
      }
      // p is at a delimiter, a line break or the end.
      if (p >= n) {
        if (!final) incomplete = true;
        else complete = true;
        break;
      }
      const c = load<u8>(p);
      if (c == delim) {
        p++;
        if (p == n && final) {
          if (k < width) setCell(at, k, n, n);
          k++;
          complete = true;
          break;
        }
        continue;
      }
      p += lbFirst >= 0 && c == 13 ? 2 : 1;
      if (p > n) p = n; // a \r that ends the file
      complete = true;
      break;
    }
    if (incomplete || splitter) {
      p = rowStart;
      if (splitter) stopped = STOP_SPLITTER;
      break;
    }
    if (!complete) break;
    const r = rows++;
    store<i32>(outLine + <usize>(r << 2), line);
    store<i32>(outStart + <usize>(r << 2), <i32>(rowStart - input));
    store<i32>(outEnd + <usize>(r << 2), <i32>(p - input));
    line += 1 + breaks;
    const flags = escaped || k != width ? FLAG_JS : readRow(r, at);
    store<u8>(outFlags + r, flags);
    if (flags & FLAG_JS) {
      stopped = STOP_AGAIN;
      break;
    }
  }
  consumed = <i32>(p - input);
  nextLine = line;
  return rows;
}

@inline
function setCell(at: usize, c: i32, from: usize, to: usize): void {
  store<i32>(at + <usize>(c << 3), <i32>(from - input));
  store<i32>(at + <usize>(c << 3), <i32>(to - input), 4);
}

@inline
function cellStart(at: usize, c: i32): usize {
  return input + <usize>load<i32>(at + <usize>(c << 3));
}

@inline
function cellEnd(at: usize, c: i32): usize {
  return input + <usize>load<i32>(at + <usize>(c << 3), 4);
}

/** The fast path for one split row (its cells at `at`); its flags (FLAG_JS where the TypeScript path must read it). */
function readRow(r: i32, at: usize): u8 {
  // The contact id as written: surrounding blanks (or any byte of a non-ASCII character at either end,
  // which may be a Unicode blank) are trimmed by the TypeScript path.
  const cf = cellStart(at, contactCol);
  const ct = cellEnd(at, contactCol);
  if (cf >= ct) return FLAG_JS;
  const first = load<u8>(cf);
  const last = load<u8>(ct - 1);
  if (first <= 32 || first >= 128 || last <= 32 || last >= 128) return FLAG_JS;
  const ty = types.get(cellStart(at, typeCol), cellEnd(at, typeCol));
  if (ty < 0) return FLAG_JS;
  const time = isoZ(cellStart(at, timeCol), cellEnd(at, timeCol));
  if (isNaN(time)) return FLAG_JS;
  let flags: u8 = 0;
  let contact = contacts.claim(cf, ct);
  if (contact < 0) {
    contact = -contact - 1;
    flags |= FLAG_NEW;
  }
  let ih: u64 = 0x243f6a8885a308d3;
  for (let j = 0; j < identityCount; j++) {
    const c = load<i32>(columns + <usize>(j << 2));
    ih = hashRange(ih, cellStart(at, c), cellEnd(at, c));
  }
  if (identityChanged(contact, fmix(ih) | 1) || (flags & FLAG_NEW) != 0) flags |= FLAG_CHANGED;
  let dh: u64 = 0x13198a2e03707344;
  for (let j = 0; j < dupCount; j++) {
    const c = load<i32>(columns + <usize>((identityCount + j) << 2));
    dh = hashRange(dh, cellStart(at, c), cellEnd(at, c));
  }
  store<f64>(outTime + <usize>(r << 3), time);
  store<i32>(outContact + <usize>(r << 2), contact);
  store<i32>(outType + <usize>(r << 2), ty);
  store<f64>(outDup + <usize>(r << 3), <f64>(fmix(dh) >> 11));
  return flags;
}

// ---- The TypeScript path's keys and hashes, through the same tables: it writes cells (as their
// bytes) to the scratch area, one after another, and their ends to scratchEnds.

let scratch: usize = alloc(1 << 16);
let scratchCap: i32 = 1 << 16;
const scratchEnds: usize = alloc(4 * MAX_KEY_COLUMNS);

export function reserveScratch(bytes: i32): usize {
  if (bytes > scratchCap) {
    heap.free(scratch);
    scratch = alloc(bytes);
    scratchCap = bytes;
  }
  return scratch;
}

export function scratchEndList(): usize {
  return scratchEnds;
}

/** The contact of the key in scratch[0, len): its number, or -(number + 1) if it is new. */
export function claimContact(len: i32): i32 {
  return contacts.claim(scratch, scratch + <usize>len);
}

/** The event type cell in scratch[0, len): its slot, or -1. */
export function typeSlot(len: i32): i32 {
  return types.get(scratch, scratch + <usize>len);
}

/** Gives the event type cell in scratch[0, len) the next slot; returns it. */
export function addType(len: i32): i32 {
  const v = types.claim(scratch, scratch + <usize>len);
  return v < 0 ? -v - 1 : v;
}

function scratchHash(seed: u64, count: i32): u64 {
  let h = seed;
  let from = scratch;
  for (let j = 0; j < count; j++) {
    const to = scratch + <usize>load<i32>(scratchEnds + <usize>(j << 2));
    h = hashRange(h, from, to);
    from = to;
  }
  return h;
}

/** Whether the identity cells in scratch differ from the contact's last (and remembers them). */
export function scratchIdentityChanged(contact: i32): i32 {
  return identityChanged(contact, fmix(scratchHash(0x243f6a8885a308d3, identityCount)) | 1) ? 1 : 0;
}

/** The duplicate key of the cells in scratch. */
export function scratchDupKey(): f64 {
  return <f64>(fmix(scratchHash(0x13198a2e03707344, dupCount)) >> 11);
}
