/**
 * Calendar arithmetic in IANA time zones (DST-aware). Wall-clock times that fall in a DST gap move
 * forward by the gap and repeated ones take the earlier instant: Temporal's "compatible" rule.
 */
import { Temporal } from 'temporal-polyfill';

export { DAY_MS, HOUR_MS, MINUTE_MS } from './units';

export function isValidTimeZone(zone: string): boolean {
  try {
    Temporal.Now.zonedDateTimeISO(zone);
    return true;
  } catch {
    return false;
  }
}

function zoned(epochMs: number, zone: string): Temporal.ZonedDateTime {
  return Temporal.Instant.fromEpochMilliseconds(epochMs).toZonedDateTimeISO(zone);
}

/** The local midnight that starts the day containing the instant. */
export function startOfLocalDay(epochMs: number, zone: string): number {
  return zoned(epochMs, zone).startOfDay().epochMilliseconds;
}

/** The local midnight that starts the next day. */
export function startOfNextLocalDay(epochMs: number, zone: string): number {
  return zoned(epochMs, zone).startOfDay().add({ days: 1 }).startOfDay().epochMilliseconds;
}

export function isLocalMidnight(epochMs: number, zone: string): boolean {
  return startOfLocalDay(epochMs, zone) === epochMs;
}

/** Local midnights from start up to and including end (start and end must be local midnights). */
export function localDayStarts(start: number, end: number, zone: string): Float64Array {
  const starts: number[] = [];
  let day = zoned(start, zone).startOfDay();
  while (day.epochMilliseconds < end) {
    starts.push(day.epochMilliseconds);
    day = day.add({ days: 1 }).startOfDay();
  }
  starts.push(end);
  return Float64Array.from(starts);
}

/** The instant of wall-clock time `hh:mm` on the local day that starts at `dayStart`. */
export function localTimeOnDay(dayStart: number, hhmm: string, zone: string): number {
  const [h, m] = parseHhMm(hhmm);
  const date = zoned(dayStart, zone).toPlainDate();
  return date
    .toPlainDateTime({ hour: h, minute: m })
    .toZonedDateTime(zone, { disambiguation: 'compatible' }).epochMilliseconds;
}

export function parseHhMm(hhmm: string): [number, number] {
  const match = /^([01]\d|2[0-3]):([0-5]\d)$/.exec(hhmm);
  if (!match) throw new Error(`"${hhmm}" is not a time of day in HH:MM form`);
  return [Number(match[1]), Number(match[2])];
}

/** Wall-clock fields in a zone → epoch ms, with the "compatible" disambiguation. */
export function localToEpoch(zone: string, y: number, mo: number, d: number, h: number, mi: number, s: number, ms: number): number {
  return Temporal.PlainDateTime.from({ year: y, month: mo, day: d, hour: h, minute: mi, second: s, millisecond: ms })
    .toZonedDateTime(zone, { disambiguation: 'compatible' }).epochMilliseconds;
}

export function toIso(epochMs: number): string {
  return new Date(epochMs).toISOString();
}

/** The local hour of day (0–23) at an instant. */
export function localHour(epochMs: number, zone: string): number {
  return zoned(epochMs, zone).hour;
}
