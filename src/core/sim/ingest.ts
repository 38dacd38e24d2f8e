/**
 * Ingest (ARCHITECTURE §7): when the scorer first sees each event of the window, and which it never
 * sees. The result is the scorer's view: the seen events as replay columns ordered by (arrival,
 * window index), each with the time it happened beside it, for every rule of §4 to run on unchanged.
 */
import type { Ingest, IngestMode } from '../scenario';
import { MINUTE_MS } from '../time';
import { type Alloc, type ContactMajor, type EventColumns, f64, i32, u16 } from './columns';
import { selectNearestRank } from './percentile';
import { stableOrderByTime } from './sort';

/** MurmurHash3's 32-bit finalizer. */
export function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** u(i, k) of §7: the draw that decides whether delivery attempt k of the event with window index i fails. */
export function webhookDraw(seed: number, windowIndex: number, attempt: number): number {
  return fmix32((seed + Math.imul(windowIndex, 0x9e3779b1) + Math.imul(attempt, 0x85ebca77)) >>> 0) / 2 ** 32;
}

/** The arrival time of an event that happened at t, with window index i, under one mode; NaN when it is lost. */
export function arrival(mode: IngestMode, t: number, windowIndex: number, windowStart: number): number {
  switch (mode.mode) {
    case 'realtime':
      return t;
    case 'poll': {
      const period = mode.everyMinutes * MINUTE_MS;
      return windowStart + Math.ceil((t - windowStart) / period) * period;
    }
    case 'webhook': {
      let at = t;
      for (let k = 0; ; k++) {
        if (k > 0) at += mode.retryMinutes[k - 1]! * MINUTE_MS;
        if (webhookDraw(mode.seed, windowIndex, k) >= mode.failureRate) return at;
        if (k === mode.retryMinutes.length) return Number.NaN;
      }
    }
  }
}

export interface IngestSummary {
  lostEvents: number;
  /** Events that arrived at or after the window's end. */
  lateEvents: number;
  /** a − t over seen events; null when none is seen. */
  meanDelaySeconds: number | null;
  p99DelaySeconds: number | null;
  maxDelaySeconds: number | null;
}

/** The scorer's view of the window's events. */
export interface SeenView {
  /** Seen events ordered by (arrival, window index); `time` is the arrival. */
  columns: EventColumns;
  /** When each seen event happened, aligned with `columns`. */
  origin: Float64Array;
  /** Types of the window's events the scorer never sees in the window (lost, or arriving at or after its end). */
  missedTypes: Uint16Array;
  summary: IngestSummary;
}

/** Delay summary of events all seen at once (realtime): zero delays, or nulls over no events. */
export function realtimeSummary(events: number): IngestSummary {
  const zero = events > 0 ? 0 : null;
  return { lostEvents: 0, lateEvents: 0, meanDelaySeconds: zero, p99DelaySeconds: zero, maxDelaySeconds: zero };
}

/** The window's events [firstEvent, lastEvent) of the time-major columns, as the scorer sees them. */
export function seenView(source: EventColumns, firstEvent: number, lastEvent: number, window: { start: number; end: number }, ingest: Ingest, alloc: Alloc): SeenView {
  const n = lastEvent - firstEvent;
  // One mode per type id: the hot loop looks modes up in an array, not by name.
  const modes: IngestMode[] = source.typeNames.map((name) => ingest.byType?.[name] ?? ingest.default);
  const arrivals = new Float64Array(n);
  let lost = 0;
  let late = 0;
  for (let i = 0; i < n; i++) {
    const e = firstEvent + i;
    const a = arrival(modes[source.type[e]!]!, source.time[e]!, i, window.start);
    arrivals[i] = a;
    if (Number.isNaN(a)) lost++;
    else if (a >= window.end) late++;
  }
  const seen = n - lost - late;
  // Seen events in window-index order, then stably by arrival: ties keep the window order.
  const seenIndex = new Int32Array(seen);
  const seenArrival = new Float64Array(seen);
  const missedTypes = new Uint16Array(lost + late);
  for (let i = 0, s = 0, m = 0; i < n; i++) {
    const a = arrivals[i]!;
    if (a < window.end) {
      seenIndex[s] = i;
      seenArrival[s++] = a;
    } else missedTypes[m++] = source.type[firstEvent + i]!;
  }
  const order = stableOrderByTime(seenArrival, seen);
  const time = f64(alloc, seen);
  const origin = f64(alloc, seen);
  const contact = i32(alloc, seen);
  const type = u16(alloc, seen);
  const delays = new Float64Array(seen);
  let delaySum = 0;
  let delayMax = 0;
  for (let k = 0; k < seen; k++) {
    const s = order[k]!;
    const e = firstEvent + seenIndex[s]!;
    const t = source.time[e]!;
    time[k] = seenArrival[s]!;
    origin[k] = t;
    contact[k] = source.contact[e]!;
    type[k] = source.type[e]!;
    const d = seenArrival[s]! - t;
    delays[k] = d;
    delaySum += d;
    if (d > delayMax) delayMax = d;
  }
  const p99 = selectNearestRank(delays, 99);
  return {
    columns: { time, contact, type, contactCount: source.contactCount, typeNames: source.typeNames },
    origin,
    missedTypes,
    summary: {
      lostEvents: lost,
      lateEvents: late,
      meanDelaySeconds: seen > 0 ? delaySum / seen / 1000 : null,
      p99DelaySeconds: p99 === null ? null : p99 / 1000,
      maxDelaySeconds: seen > 0 ? delayMax / 1000 : null,
    },
  };
}

/** The one mode every event type is ingested by, when it keeps events in time order (realtime or poll); else null. */
export function orderKeepingMode(ingest: Ingest): Extract<IngestMode, { mode: 'realtime' | 'poll' }> | null {
  const mode = ingest.default;
  if (mode.mode === 'webhook') return null;
  const same = (m: IngestMode) => m.mode === mode.mode && (m.mode !== 'poll' || (mode.mode === 'poll' && m.everyMinutes === mode.everyMinutes));
  return Object.values(ingest.byType ?? {}).every(same) ? mode : null;
}

/**
 * The scorer's view when one realtime or poll mode applies to every event: arrival never reorders
 * events, so the dataset's columns serve as they are, with the arrival in place of the time, and its
 * contact-major copy too (only events that arrive past the end drop out, and they are each contact's last).
 */
export function orderKeepingView(
  source: EventColumns,
  sourceByContact: ContactMajor,
  firstEvent: number,
  lastEvent: number,
  window: { start: number; end: number },
  mode: Extract<IngestMode, { mode: 'realtime' | 'poll' }>,
  alloc: Alloc,
): SeenView & { byContact: ContactMajor } {
  const { start, end } = window;
  const period = mode.mode === 'poll' ? mode.everyMinutes * MINUTE_MS : 0;
  const at = (t: number) => (period > 0 ? start + Math.ceil((t - start) / period) * period : t);
  let seen = lastEvent - firstEvent;
  while (seen > 0 && at(source.time[firstEvent + seen - 1]!) >= end) seen--;
  const time = f64(alloc, seen);
  // Delays lie in [0, period): their percentile is read off a count per millisecond, unless a time
  // has a fraction of a millisecond, when they are kept and selected from.
  const counts = new Int32Array(Math.max(1, period));
  let whole = true;
  let delaySum = 0;
  let delayMax = 0;
  for (let i = 0; i < seen; i++) {
    const t = source.time[firstEvent + i]!;
    const a = at(t);
    time[i] = a;
    const d = a - t;
    if (Number.isInteger(d) && d < counts.length) counts[d]!++;
    else whole = false;
    delaySum += d;
    if (d > delayMax) delayMax = d;
  }
  let p99: number | null = null;
  if (seen > 0 && whole) {
    const rank = Math.max(1, Math.ceil((99 * seen) / 100));
    let d = 0;
    for (let below = counts[0]!; below < rank; below += counts[++d]!);
    p99 = d;
  } else if (seen > 0) {
    const delays = new Float64Array(seen);
    for (let i = 0; i < seen; i++) delays[i] = time[i]! - source.time[firstEvent + i]!;
    p99 = selectNearestRank(delays, 99);
  }
  const byTime = sourceByContact.time;
  const mapped = f64(alloc, byTime.length);
  for (let i = 0; i < byTime.length; i++) {
    const t = byTime[i]!;
    mapped[i] = t >= start && t < end ? at(t) : t;
  }
  return {
    columns: { time, contact: source.contact.subarray(firstEvent, firstEvent + seen), type: source.type.subarray(firstEvent, firstEvent + seen), contactCount: source.contactCount, typeNames: source.typeNames },
    origin: source.time.subarray(firstEvent, firstEvent + seen),
    byContact: { offsets: sourceByContact.offsets, time: mapped, type: sourceByContact.type },
    missedTypes: source.type.slice(firstEvent + seen, lastEvent),
    summary: {
      lostEvents: 0,
      lateEvents: lastEvent - firstEvent - seen,
      meanDelaySeconds: seen > 0 ? delaySum / seen / 1000 : null,
      p99DelaySeconds: p99 === null ? null : p99 / 1000,
      maxDelaySeconds: seen > 0 ? delayMax / 1000 : null,
    },
  };
}
