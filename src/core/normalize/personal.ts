/**
 * Personal data by value, whatever the column's header says: an email address, or a phone number as
 * people write one. Bare digit strings are ids (account numbers, HubSpot and Marketo ids), and dates
 * are dates, so neither counts as a phone.
 */
import { looksLikeEmail } from './email';

export type PersonalKind = 'email' | 'phone';

const PHONE_SPELLING = /^\+?[\d\s().\-/]+$/;
const DATE_LIKE = /^\d{4}[-/.]\d{1,2}[-/.]\d{1,2}$|^\d{1,2}[-/.]\d{1,2}[-/.]\d{2,4}$/;

/** Spelled like a phone number: 7–15 digits, written with a leading "+" or with phone punctuation between digits. */
export function spelledLikePhone(raw: string): boolean {
  const t = raw.trim();
  if (!PHONE_SPELLING.test(t) || DATE_LIKE.test(t)) return false;
  let digits = 0;
  for (let i = 0; i < t.length; i++) if (t.charCodeAt(i) >= 48 && t.charCodeAt(i) <= 57) digits++;
  if (digits < 7 || digits > 15) return false;
  return t.startsWith('+') || t.startsWith('(') || /\d[\s().\-/]+\d/.test(t);
}

/** What personal data a whole value is, if it is any. */
export function personalKind(raw: string): PersonalKind | null {
  if (raw.includes('@') && looksLikeEmail(raw)) return 'email';
  if (spelledLikePhone(raw)) return 'phone';
  return null;
}

const EMAIL_IN_TEXT = /[^\s@<>"'(),;:[\]]+@[^\s@<>"'(),;:[\]]+\.[A-Za-z]{2,}/g;
const PHONE_IN_TEXT = /\+?\(?\d[\d\s().\-/]{5,}\d/g;

/** Where personal values sit inside free text (a note, a subject line): [start, end) spans, in order. */
export function personalSpans(text: string): [number, number][] {
  const spans: [number, number][] = [];
  for (const m of text.matchAll(EMAIL_IN_TEXT)) spans.push([m.index, m.index + m[0].length]);
  for (const m of text.matchAll(PHONE_IN_TEXT)) {
    const at = m.index;
    if (spelledLikePhone(m[0]) && !spans.some(([a, b]) => at < b && at + m[0].length > a)) spans.push([at, at + m[0].length]);
  }
  return spans.sort((a, b) => a[0] - b[0]);
}
