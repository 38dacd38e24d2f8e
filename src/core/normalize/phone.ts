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
