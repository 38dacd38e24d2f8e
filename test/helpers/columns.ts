/** Builds engine columns from a readable event list, the way the importer orders them: by time, ties in list order. */
import type { EventColumns } from '../../src/core/sim/columns';

export interface TestEvent {
  contact: string;
  at: string | number;
  type: string;
}

export function columnsOf(events: readonly TestEvent[]): EventColumns {
  const rows = events.map((e, i) => ({ ...e, t: typeof e.at === 'number' ? e.at : Date.parse(e.at), i }));
  rows.sort((a, b) => a.t - b.t || a.i - b.i);
  const contacts = new Map<string, number>();
  const types = new Map<string, number>();
  const time = new Float64Array(rows.length);
  const contact = new Int32Array(rows.length);
  const type = new Uint16Array(rows.length);
  rows.forEach((r, k) => {
    if (!contacts.has(r.contact)) contacts.set(r.contact, contacts.size);
    if (!types.has(r.type)) types.set(r.type, types.size);
    time[k] = r.t;
    contact[k] = contacts.get(r.contact)!;
    type[k] = types.get(r.type)!;
  });
  return { time, contact, type, contactCount: contacts.size, typeNames: [...types.keys()] };
}
