import { lowerBound } from './columns';
import type { Replay, SignificantEvents } from './replay';

/** The in-window events of one contact: [from, to) of the contact-major columns, [sigFrom, sigTo) of the significant copy. */
export interface ContactEvents {
  rank: number;
  from: number;
  to: number;
  sigFrom: number;
  sigTo: number;
}

export function newContactEvents(): ContactEvents {
  return { rank: 0, from: 0, to: 0, sigFrom: 0, sigTo: 0 };
}

/** Points `into` at the in-window events of the contact at `rank` (reused: no allocation per contact). */
export function contactEvents(replay: Replay, significant: SignificantEvents, rank: number, into: ContactEvents): ContactEvents {
  const c = replay.order[rank]!;
  const { offsets, time } = replay.byContact;
  const lo = offsets[c]!;
  const hi = offsets[c + 1]!;
  const from = time[lo]! >= replay.window.start ? lo : lowerBound(time, replay.window.start, lo, hi);
  into.rank = rank;
  into.from = from;
  into.to = hi > from && time[hi - 1]! < replay.window.end ? hi : lowerBound(time, replay.window.end, from, hi);
  into.sigFrom = significant.offsets[rank]!;
  into.sigTo = significant.offsets[rank + 1]!;
  return into;
}
