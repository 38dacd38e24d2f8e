/**
 * Everything strategies share for one (dataset, scenario window): the window, contact order and
 * per-minute event counts. Built once per run and shared by all workers.
 */
import { type Scenario, hasIngestDelay, windowBounds } from '../scenario';
import { localDayStarts, startOfLocalDay, startOfNextLocalDay, MINUTE_MS, HOUR_MS } from '../time';
import { type Alloc, type ContactMajor, type EventColumns, buildContactMajor, plainAlloc, f64, i32, u16, lowerBound } from './columns';
import { type IngestSummary, type SeenView, orderKeepingMode, orderKeepingView, realtimeSummary, seenView } from './ingest';

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
  /** The events as the scorer sees them (§7): the dataset's own when ingest is realtime, else the seen events with their arrival as `time`. */
  columns: EventColumns;
  byContact: ContactMajor;
  /** When each event of `columns` happened (the same array as `columns.time` when ingest is realtime). */
  origin: Float64Array;
  /** The dataset's events as stored, which resampling draws from. */
  source: { columns: EventColumns; byContact: ContactMajor };
  /** The window's events in the dataset, and its contacts, whether or not the scorer sees them. */
  sourceEvents: number;
  sourceContacts: number;
  /** Types of the window's events the scorer never sees within it (lost, or late). */
  missedTypes: Uint16Array;
  ingest: IngestSummary;
  window: SimWindow;
  /** Index range of in-window events in the time-major columns. */
  firstEvent: number;
  lastEvent: number;
  /** Contacts known in the window, in contact order (order of first in-window events): rank → contact. */
  order: Int32Array;
  /** rank → time of that contact's first in-window event; nondecreasing. */
  firstTime: Float64Array;
  eventsPerMinute: Int32Array;
  /** The scenario's significant events, copied out for the kernels (see SignificantEvents). */
  significant: SignificantEvents;
}

/**
 * A contact-ordered copy of the in-window significant events. Freshness, and trigger rules whose
 * triggers are all significant, scan these (about a tenth of all events) instead of every event.
 */
export interface SignificantEvents {
  /** The type names it holds, sorted. */
  names: string[];
  /** Per type id: 1 if significant. */
  mask: Uint8Array;
  /** The contact at rank r owns [offsets[r], offsets[r + 1]), in time order. */
  offsets: Int32Array;
  /** When the scorer sees each event (its arrival). */
  time: Float64Array;
  /** When each event happened: staleness runs from here (the same array as `time` when ingest is realtime). */
  origin: Float64Array;
  type: Uint16Array;
  /** Significant events of the window the scorer never sees in it: unscored, counted once by the shard of rank 0. */
  missed: number;
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

/**
 * The replay of a dataset for a scenario: its window, and the events as the scorer sees them (§7's
 * ingest), in contact order. `byContact` is the dataset's contact-major copy if the caller has one.
 */
export function prepareReplay(source: EventColumns, sourceByContact: ContactMajor | undefined, scenario: Scenario, alloc: Alloc = plainAlloc, options: { generalIngest?: boolean } = {}): Replay {
  const window = resolveWindow(source, scenario);
  const sourceFirst = lowerBound(source.time, window.start);
  const sourceLast = lowerBound(source.time, window.end);
  const sourceCopy = sourceByContact ?? buildContactMajor(source, alloc);
  let columns = source;
  let byContact = sourceCopy;
  let origin = source.time;
  let missedTypes: Uint16Array = new Uint16Array(0);
  let ingest = realtimeSummary(sourceLast - sourceFirst);
  let firstEvent = sourceFirst;
  let lastEvent = sourceLast;
  if (hasIngestDelay(scenario)) {
    // `generalIngest` is for tests: the general view must give what the order-keeping one gives.
    const keeping = options.generalIngest ? null : orderKeepingMode(scenario.ingest!);
    const seen: SeenView & { byContact?: ContactMajor } = keeping
      ? orderKeepingView(source, sourceCopy, sourceFirst, sourceLast, window, keeping, alloc)
      : seenView(source, sourceFirst, sourceLast, window, scenario.ingest!, alloc);
    columns = seen.columns;
    byContact = seen.byContact ?? buildContactMajor(columns, alloc);
    origin = seen.origin;
    missedTypes = seen.missedTypes;
    ingest = seen.summary;
    firstEvent = 0;
    lastEvent = columns.time.length;
  }
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
  const sourceContacts = columns === source ? known : countContacts(source, sourceFirst, sourceLast);
  const base = { columns, origin, missedTypes, firstEvent, lastEvent, order };
  const significant = significantEvents(base, scenario.significant, alloc);
  return {
    ...base,
    byContact,
    source: { columns: source, byContact: sourceCopy },
    sourceEvents: sourceLast - sourceFirst,
    sourceContacts,
    ingest,
    window,
    firstTime,
    eventsPerMinute,
    significant,
  };
}

function countContacts(columns: EventColumns, from: number, to: number): number {
  const seen = new Uint8Array(columns.contactCount);
  let n = 0;
  for (let i = from; i < to; i++) {
    const c = columns.contact[i]!;
    if (seen[c] === 0) {
      seen[c] = 1;
      n++;
    }
  }
  return n;
}

function sortedNames(names: readonly string[]): string[] {
  return [...new Set(names)].sort();
}

export function significantEvents(
  replay: Pick<Replay, 'columns' | 'origin' | 'missedTypes' | 'firstEvent' | 'lastEvent' | 'order'>,
  names: readonly string[],
  alloc: Alloc = plainAlloc,
): SignificantEvents {
  const { columns, firstEvent, lastEvent, order } = replay;
  const mask = typeMask(columns.typeNames, names);
  const rankOf = new Int32Array(columns.contactCount);
  for (let r = 0; r < order.length; r++) rankOf[order[r]!] = r;
  // A counting sort of the in-window significant events by rank; the time-major scan keeps each
  // contact's events in time order, ties in import order, as the contact-major copy has them.
  const offsets = i32(alloc, order.length + 1);
  for (let i = firstEvent; i < lastEvent; i++) {
    if (mask[columns.type[i]!] === 1) offsets[rankOf[columns.contact[i]!]! + 1]++;
  }
  for (let r = 0; r < order.length; r++) offsets[r + 1] = offsets[r + 1]! + offsets[r]!;
  const cursor = offsets.slice(0, order.length);
  const total = offsets[order.length]!;
  const delayed = replay.origin !== columns.time;
  const time = f64(alloc, total);
  const origin = delayed ? f64(alloc, total) : time;
  const type = u16(alloc, total);
  for (let i = firstEvent; i < lastEvent; i++) {
    const ty = columns.type[i]!;
    if (mask[ty] === 1) {
      const at = cursor[rankOf[columns.contact[i]!]!]++;
      time[at] = columns.time[i]!;
      if (delayed) origin[at] = replay.origin[i]!;
      type[at] = ty;
    }
  }
  let missed = 0;
  for (let i = 0; i < replay.missedTypes.length; i++) missed += mask[replay.missedTypes[i]!]!;
  return { names: sortedNames(names), mask, offsets, time, origin, type, missed };
}

/** The replay's significant-event copy if it matches the scenario's list (a sweep may vary it), else a fresh one. */
export function significantFor(replay: Replay, scenario: Scenario): SignificantEvents {
  const names = sortedNames(scenario.significant);
  const have = replay.significant.names;
  return names.length === have.length && names.every((n, i) => n === have[i]) ? replay.significant : significantEvents(replay, names);
}

/** Maps event-type names to a per-type-id membership mask. */
export function typeMask(typeNames: readonly string[], names: readonly string[]): Uint8Array {
  const wanted = new Set(names);
  return Uint8Array.from(typeNames, (name) => (wanted.has(name) ? 1 : 0));
}
