/**
 * Everything strategies share for one (dataset, scenario window): the window, contact order and
 * per-minute event counts. Built once per run and shared by all workers.
 */
import { type Scenario, windowBounds } from '../scenario';
import { localDayStarts, startOfLocalDay, startOfNextLocalDay, MINUTE_MS, HOUR_MS } from '../time';
import { type Alloc, type ContactMajor, type EventColumns, plainAlloc, f64, i32, lowerBound } from './columns';

export interface SimWindow {
  start: number;
  end: number;
  /** Local calendar days spanned. */
  days: number;
  /** Local midnights: dayStarts[d] starts day d; the last entry is `end`. */
  dayStarts: Float64Array;
  minutes: number;
  hours: number;
}

export interface Replay {
  columns: EventColumns;
  byContact: ContactMajor;
  window: SimWindow;
  /** Index range of in-window events in the time-major columns. */
  firstEvent: number;
  lastEvent: number;
  /** Contacts known in the window, in contact order (order of first in-window events): rank → contact. */
  order: Int32Array;
  /** rank → time of that contact's first in-window event; nondecreasing. */
  firstTime: Float64Array;
  eventsPerMinute: Int32Array;
}

export const EMPTY_WINDOW: SimWindow = { start: 0, end: 0, days: 0, dayStarts: new Float64Array([0]), minutes: 0, hours: 0 };

export function resolveWindow(cols: EventColumns, scenario: Scenario): SimWindow {
  const given = windowBounds(scenario);
  const n = cols.time.length;
  if (!given && n === 0) return EMPTY_WINDOW;
  const start = given ? given.start : startOfLocalDay(cols.time[0] as number, scenario.timezone);
  const end = given ? given.end : startOfNextLocalDay(cols.time[n - 1] as number, scenario.timezone);
  const dayStarts = localDayStarts(start, end, scenario.timezone);
  return { start, end, days: dayStarts.length - 1, dayStarts, minutes: Math.ceil((end - start) / MINUTE_MS), hours: Math.ceil((end - start) / HOUR_MS) };
}

export function prepareReplay(columns: EventColumns, byContact: ContactMajor, scenario: Scenario, alloc: Alloc = plainAlloc): Replay {
  const window = resolveWindow(columns, scenario);
  const firstEvent = lowerBound(columns.time, window.start);
  const lastEvent = lowerBound(columns.time, window.end);
  const rankOf = new Int32Array(columns.contactCount).fill(-1);
  let known = 0;
  const eventsPerMinute = i32(alloc, window.minutes);
  for (let i = firstEvent; i < lastEvent; i++) {
    const c = columns.contact[i] as number;
    if (rankOf[c] === -1) rankOf[c] = known++;
    eventsPerMinute[Math.floor(((columns.time[i] as number) - window.start) / MINUTE_MS)]++;
  }
  const order = i32(alloc, known);
  const firstTime = f64(alloc, known);
  for (let i = firstEvent, seen = 0; i < lastEvent && seen < known; i++) {
    const c = columns.contact[i] as number;
    const rank = rankOf[c] as number;
    if (rank === seen) {
      order[rank] = c;
      firstTime[rank] = columns.time[i] as number;
      seen++;
    }
  }
  return { columns, byContact, window, firstEvent, lastEvent, order, firstTime, eventsPerMinute };
}

/** Maps event-type names to a per-type-id membership mask. */
export function typeMask(typeNames: readonly string[], names: readonly string[]): Uint8Array {
  const wanted = new Set(names);
  return Uint8Array.from(typeNames, (name) => (wanted.has(name) ? 1 : 0));
}
