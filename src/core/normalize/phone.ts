/** Phones to E.164 with libphonenumber-js; the default region resolves numbers written without a country code. */
import { parsePhoneNumberFromString, isSupportedCountry, type CountryCode } from 'libphonenumber-js';

export function isPhoneRegion(region: string): region is CountryCode {
  return isSupportedCountry(region);
}

/** E.164 form, or null when the value is not a possible phone number. */
export function normalizePhone(raw: string, defaultRegion: CountryCode): string | null {
  const trimmed = raw.trim();
  if (trimmed === '') return null;
  const parsed = parsePhoneNumberFromString(trimmed, { defaultCountry: defaultRegion, extract: false });
  if (!parsed || !parsed.isPossible()) return null;
  return parsed.number;
}

const PHONE_PUNCTUATED = /^\+?[\d\s().\-/]+$/;

/**
 * The number's digits (with its leading "+") when the value holds nothing else but spaces and
 * ( ) . - /, else null. Such spellings normalize alike (a property test holds libphonenumber to it),
 * so the digits can key a memo of normalizePhone.
 */
export function phoneDigits(raw: string): string | null {
  const t = raw.trim();
  if (!PHONE_PUNCTUATED.test(t)) return null;
  return (t.startsWith('+') ? '+' : '') + t.replace(/\D/g, '');
}
