/**
 * The baseline: the event-triggered rule of ARCHITECTURE §4 written the obvious way, one object per
 * event and per job, grouped with a Map. Same semantics as the kernel, none of its layout.
 */
import type { EventColumns } from '../src/core/sim/columns';

interface EventObj {
  contact: number;
  time: number;
  type: string;
}

export function naiveEventTriggeredJobs(cols: EventColumns, triggers: string[], debounceMinutes: number, start: number, end: number): number {
  const events: EventObj[] = [];
  for (let i = 0; i < cols.time.length; i++) events.push({ contact: cols.contact[i]!, time: cols.time[i]!, type: cols.typeNames[cols.type[i]!]! });
  const byContact = new Map<number, EventObj[]>();
  for (const e of events) {
    if (e.time < start || e.time >= end || !triggers.includes(e.type)) continue;
    const list = byContact.get(e.contact) ?? [];
    list.push(e);
    byContact.set(e.contact, list);
  }
  const D = debounceMinutes * 60_000;
  const jobs: { contact: number; time: number }[] = [];
  for (const [contact, list] of byContact) {
    let last: number | null = null;
    let pending: number | null = null;
    for (const e of list) {
      if (pending !== null && pending < e.time) {
        jobs.push({ contact, time: pending });
        last = pending;
        pending = null;
      }
      if (pending !== null || (last !== null && last >= e.time)) continue;
      if (last === null || e.time - last >= D) {
        jobs.push({ contact, time: e.time });
        last = e.time;
      } else pending = last + D;
    }
    if (pending !== null && pending < end) jobs.push({ contact, time: pending });
  }
  return jobs.length;
}
