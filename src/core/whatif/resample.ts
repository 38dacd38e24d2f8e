/**
 * Datasets resampled by contact, so that volume changes keep real timing: copies of a contact keep its
 * event times, and batching, peaks and debounce behave as they would with that many such contacts.
 */
import { rng } from '../generate';
import type { ContactMajor, EventColumns } from '../sim/columns';
import { stableOrderByTime } from '../sim/sort';

/** Which source contacts make up the new dataset, in order (a contact may appear several times). */
export type ContactDraw = Int32Array;

/**
 * Volume ×factor: ⌊factor⌋ copies of every contact, plus a seeded random subset (without replacement)
 * of ⌊frac × C⌉ contacts for the fractional part. Exactly the original at ×1.
 */
export function scaleDraw(contacts: number, factor: number, seed: number): ContactDraw {
  const whole = Math.floor(factor);
  const extra = Math.round((factor - whole) * contacts);
  const out = new Int32Array(whole * contacts + extra);
  for (let k = 0; k < whole; k++) for (let c = 0; c < contacts; c++) out[k * contacts + c] = c;
  if (extra > 0) {
    // Partial Fisher–Yates: the first `extra` of a seeded shuffle.
    const rand = rng(seed);
    const pool = Int32Array.from({ length: contacts }, (_, i) => i);
    for (let i = 0; i < extra; i++) {
      const j = i + Math.floor(rand() * (contacts - i));
      [pool[i], pool[j]] = [pool[j]!, pool[i]!];
      out[whole * contacts + i] = pool[i]!;
    }
  }
  return out;
}

/** A bootstrap replicate: C contacts drawn with replacement. */
export function bootstrapDraw(contacts: number, seed: number): ContactDraw {
  const rand = rng(seed);
  return Int32Array.from({ length: contacts }, () => Math.floor(rand() * contacts));
}

/** Time-major columns of the drawn contacts (ties: draw order), contacts renumbered by first event. */
export function resampledColumns(source: EventColumns, byContact: ContactMajor, draw: ContactDraw): EventColumns {
  let n = 0;
  for (let k = 0; k < draw.length; k++) n += byContact.offsets[draw[k]! + 1]! - byContact.offsets[draw[k]!]!;
  const time = new Float64Array(n);
  const owner = new Int32Array(n);
  const type = new Uint16Array(n);
  for (let k = 0, at = 0; k < draw.length; k++) {
    const c = draw[k]!;
    for (let i = byContact.offsets[c]!; i < byContact.offsets[c + 1]!; i++, at++) {
      time[at] = byContact.time[i]!;
      type[at] = byContact.type[i]!;
      owner[at] = k;
    }
  }
  const order = stableOrderByTime(time, n);
  const renumber = new Int32Array(draw.length).fill(-1);
  let next = 0;
  const out: EventColumns = { time: new Float64Array(n), contact: new Int32Array(n), type: new Uint16Array(n), contactCount: 0, typeNames: source.typeNames };
  for (let j = 0; j < n; j++) {
    const i = order[j]!;
    const k = owner[i]!;
    if (renumber[k] === -1) renumber[k] = next++;
    out.time[j] = time[i]!;
    out.contact[j] = renumber[k]!;
    out.type[j] = type[i]!;
  }
  out.contactCount = next;
  return out;
}
