/**
 * Timestamp parsing for the forms of ARCHITECTURE §3, on the import hot path: hand-rolled over char
 * codes (a regex per row costs more than the rest of the row's hygiene). Conversion from a source
 * time zone other than UTC is zone-converter.ts's, which needs Temporal.
 */
export const TIMESTAMP_FORMS =
  'ISO-8601 (2026-03-01T09:30:00Z, 2026-03-01 09:30:00.123+01:00, 2026-03-01), epoch seconds or milliseconds, or MM/DD/YYYY HH:mm[:ss]';

/** Converts local wall-clock fields to UTC ms in the declared source time zone. */
export interface ZoneConverter {
  toUtc(y: number, mo: number, d: number, h: number, mi: number, s: number, ms: number): number;
}

/** Zone names that are UTC itself: no conversion, and no Temporal to load. */
export function isUtcZone(zone: string): boolean {
  return zone === 'UTC' || zone === 'Etc/UTC';
}

export const UTC_CONVERTER: ZoneConverter = {
  toUtc: (y, mo, d, h, mi, s, ms) => Date.UTC(y, mo - 1, d, h, mi, s, ms),
};

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function validDate(y: number, mo: number, d: number): boolean {
  if (mo < 1 || mo > 12 || d < 1) return false;
  const leap = (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
  const max = mo === 2 && leap ? 29 : (DAYS_IN_MONTH[mo - 1] as number);
  return d <= max;
}

/** Reads `count` decimal digits at `at`; -1 if any is not a digit. */
function digits(s: string, at: number, count: number): number {
  let v = 0;
  for (let i = at; i < at + count; i++) {
    const c = s.charCodeAt(i) - 48;
    if (c < 0 || c > 9) return -1;
    v = v * 10 + c;
  }
  return v;
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

/** Parses one timestamp; NaN when it is none of the accepted forms or names an impossible date. */
export function parseTimestamp(raw: string, zone: ZoneConverter = UTC_CONVERTER): number {
  let s = raw;
  let end = s.length;
  let start = 0;
  while (start < end && s.charCodeAt(start) <= 32) start++;
  while (end > start && s.charCodeAt(end - 1) <= 32) end--;
  if (start !== 0 || end !== s.length) s = s.slice(start, end);
  if (s.length === 0) return NaN;
  const c4 = s.charCodeAt(4);
  if (s.length >= 10 && (c4 === 45 || c4 === 47) && isDigit(s.charCodeAt(0))) return parseIsoLike(s, zone);
  if (isDigit(s.charCodeAt(0)) && isAllDigits(s)) return parseEpoch(s);
  if (s.indexOf('/') > 0) return parseUsDate(s, zone);
  return NaN;
}

function isAllDigits(s: string): boolean {
  let dots = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 46) {
      if (++dots > 1) return false;
    } else if (!isDigit(c)) return false;
  }
  return true;
}

/** ≥ 1e11 reads as milliseconds (1973 onwards), smaller as seconds (until the year 5138). */
function parseEpoch(s: string): number {
  const v = Number(s);
  if (!Number.isFinite(v)) return NaN;
  return Math.round(v >= 1e11 ? v : v * 1000);
}

function parseIsoLike(s: string, zone: ZoneConverter): number {
  const sep = s.charCodeAt(4);
  const y = digits(s, 0, 4);
  const mo = digits(s, 5, 2);
  const d = digits(s, 8, 2);
  if (y < 0 || mo < 0 || d < 0 || s.charCodeAt(7) !== sep || !validDate(y, mo, d)) return NaN;
  let h = 0;
  let mi = 0;
  let sec = 0;
  let ms = 0;
  let i = 10;
  const n = s.length;
  if (i < n) {
    const t = s.charCodeAt(i);
    if (t !== 84 && t !== 116 && t !== 32) return NaN; // 'T', 't' or ' '
    i++;
    h = digits(s, i, 2);
    if (h < 0 || s.charCodeAt(i + 2) !== 58) return NaN;
    mi = digits(s, i + 3, 2);
    if (mi < 0) return NaN;
    i += 5;
    if (i < n && s.charCodeAt(i) === 58) {
      sec = digits(s, i + 1, 2);
      if (sec < 0) return NaN;
      i += 3;
      if (i < n && (s.charCodeAt(i) === 46 || s.charCodeAt(i) === 44)) {
        i++;
        let scale = 100;
        let frac = 0;
        const from = i;
        while (i < n && isDigit(s.charCodeAt(i))) {
          frac += (s.charCodeAt(i) - 48) * scale;
          scale /= 10;
          i++;
        }
        if (i === from) return NaN;
        ms = Math.floor(frac + 1e-9);
      }
    }
    if (h > 23 || mi > 59 || sec > 59) return NaN;
  }
  if (i === n) return zone.toUtc(y, mo, d, h, mi, sec, ms);
  const offset = parseOffset(s, i);
  if (Number.isNaN(offset)) return NaN;
  return Date.UTC(y, mo - 1, d, h, mi, sec, ms) - offset;
}

/** Offset suffix in ms: Z, UTC, GMT, ±HH, ±HHMM, ±HH:MM, optionally after a space. */
function parseOffset(s: string, at: number): number {
  let i = at;
  if (s.charCodeAt(i) === 32) i++;
  const rest = s.slice(i);
  if (rest === 'Z' || rest === 'z' || rest === 'UTC' || rest === 'GMT') return 0;
  const sign = rest.charCodeAt(0) === 43 ? 1 : rest.charCodeAt(0) === 45 ? -1 : 0;
  if (sign === 0) return NaN;
  const hh = digits(rest, 1, 2);
  if (hh < 0 || hh > 18) return NaN;
  let mm = 0;
  if (rest.length === 3) mm = 0;
  else if (rest.length === 5) mm = digits(rest, 3, 2);
  else if (rest.length === 6 && rest.charCodeAt(3) === 58) mm = digits(rest, 4, 2);
  else return NaN;
  if (mm < 0 || mm > 59) return NaN;
  return sign * (hh * 60 + mm) * 60_000;
}

const US_DATE = /^(\d{1,2})\/(\d{1,2})\/(\d{4})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2}))?(?:\s*([AaPp])[Mm])?)?$/;

function parseUsDate(s: string, zone: ZoneConverter): number {
  const m = US_DATE.exec(s);
  if (!m) return NaN;
  const mo = Number(m[1]);
  const d = Number(m[2]);
  const y = Number(m[3]);
  let h = m[4] === undefined ? 0 : Number(m[4]);
  const mi = m[5] === undefined ? 0 : Number(m[5]);
  const sec = m[6] === undefined ? 0 : Number(m[6]);
  const ampm = m[7]?.toLowerCase();
  if (ampm !== undefined) {
    if (h < 1 || h > 12) return NaN;
    h = (h % 12) + (ampm === 'p' ? 12 : 0);
  }
  if (!validDate(y, mo, d) || h > 23 || mi > 59 || sec > 59) return NaN;
  return zone.toUtc(y, mo, d, h, mi, sec, 0);
}

/** The last UTC day parseIsoZInPlace read: exports come sorted by time, so most rows share it. */
export class IsoDayMemo {
  /** YYYYMMDD as a number, or -1. */
  ymd = -1;
  ms = 0;
}

/**
 * `YYYY-MM-DDTHH:MM:SSZ` or `YYYY-MM-DDTHH:MM:SS.sssZ` read in place from text[from, to), without a
 * string: the import's commonest form. Equal to parseTimestamp of that slice whenever it returns a
 * number; undefined for anything else, which the caller hands to parseTimestamp.
 */
export function parseIsoZInPlace(text: string, from: number, to: number, memo: IsoDayMemo): number | undefined {
  const len = to - from;
  if ((len !== 20 && len !== 24) || text.charCodeAt(to - 1) !== 90 || text.charCodeAt(from + 10) !== 84) return undefined; // Z, T
  if (text.charCodeAt(from + 13) !== 58 || text.charCodeAt(from + 16) !== 58 || (len === 24 && text.charCodeAt(from + 19) !== 46)) return undefined; // : : .
  if (text.charCodeAt(from + 4) !== 45 || text.charCodeAt(from + 7) !== 45) return undefined; // - -
  const y = digits(text, from, 4);
  const mo = digits(text, from + 5, 2);
  const d = digits(text, from + 8, 2);
  if (y < 0 || mo < 0 || d < 0) return undefined;
  // The day as one number: no string is made for the memo's check.
  const ymd = y * 10000 + mo * 100 + d;
  let day: number;
  if (ymd === memo.ymd) day = memo.ms;
  else {
    if (!validDate(y, mo, d)) return undefined;
    day = Date.UTC(y, mo - 1, d);
    memo.ymd = ymd;
    memo.ms = day;
  }
  const h = digits(text, from + 11, 2);
  const mi = digits(text, from + 14, 2);
  const sec = digits(text, from + 17, 2);
  const ms = len === 24 ? digits(text, from + 20, 3) : 0;
  if (h < 0 || mi < 0 || sec < 0 || ms < 0 || h > 23 || mi > 59 || sec > 59) return undefined;
  return day + h * 3_600_000 + mi * 60_000 + sec * 1000 + ms;
}
