/**
 * Countries to ISO 3166-1 alpha-2, from names in several languages (i18n-iso-countries), alpha-2 and
 * alpha-3 codes, and the informal variants that CRM free-text fields collect.
 */
// The library's core without its node entry, which registers all ~80 locales on load (~40 ms).
import countries from 'i18n-iso-countries/index';
import en from 'i18n-iso-countries/langs/en.json';
import de from 'i18n-iso-countries/langs/de.json';
import fr from 'i18n-iso-countries/langs/fr.json';
import es from 'i18n-iso-countries/langs/es.json';
import it from 'i18n-iso-countries/langs/it.json';
import nl from 'i18n-iso-countries/langs/nl.json';
import pt from 'i18n-iso-countries/langs/pt.json';

const LOCALES = [en, de, fr, es, it, nl, pt];

const VARIANTS: Record<string, string> = {
  usa: 'US', us: 'US', america: 'US', 'united states': 'US', 'united states of america': 'US', 'the us': 'US', 'u s': 'US', 'u s a': 'US',
  uk: 'GB', 'u k': 'GB', england: 'GB', scotland: 'GB', wales: 'GB', 'northern ireland': 'GB', 'great britain': 'GB', britain: 'GB', 'united kingdom': 'GB',
  holland: 'NL', 'the netherlands': 'NL', netherlands: 'NL',
  deutschland: 'DE', 'west germany': 'DE',
  russia: 'RU', 'south korea': 'KR', korea: 'KR', 'north korea': 'KP', 'republic of korea': 'KR',
  uae: 'AE', emirates: 'AE', 'ivory coast': 'CI', 'czech republic': 'CZ', czechia: 'CZ', turkey: 'TR', turkiye: 'TR',
  vietnam: 'VN', 'viet nam': 'VN', taiwan: 'TW', iran: 'IR', syria: 'SY', laos: 'LA', bolivia: 'BO', venezuela: 'VE', tanzania: 'TZ', moldova: 'MD', macedonia: 'MK', 'north macedonia': 'MK', 'hong kong': 'HK', macau: 'MO', brasil: 'BR', 'prc': 'CN', 'mainland china': 'CN',
};

function foldKey(raw: string): string {
  return raw
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[.'’]/g, ' ')
    .replace(/[^a-z0-9]+/g, ' ')
    .trim()
    .replace(/^the /, 'the ')
    .replace(/\s+/g, ' ');
}

let byName: Map<string, string> | undefined;

function nameIndex(): Map<string, string> {
  if (byName) return byName;
  const index = new Map<string, string>();
  for (const locale of LOCALES) {
    countries.registerLocale(locale);
    for (const [code, names] of Object.entries(locale.countries)) {
      for (const name of Array.isArray(names) ? names : [names]) index.set(foldKey(name), code);
    }
  }
  for (const [variant, code] of Object.entries(VARIANTS)) index.set(foldKey(variant), code);
  byName = index;
  return index;
}

/** ISO alpha-2 code, or null when the value names no country we can be sure of. */
export function normalizeCountry(raw: string): string | null {
  const trimmed = raw.trim();
  if (trimmed === '') return null;
  if (/^[A-Za-z]{2}$/.test(trimmed)) {
    const code = trimmed.toUpperCase();
    if (code === 'UK') return 'GB';
    return countries.isValid(code) ? code : null;
  }
  if (/^[A-Za-z]{3}$/.test(trimmed)) {
    const code = countries.alpha3ToAlpha2(trimmed.toUpperCase());
    if (code) return code;
  }
  const key = foldKey(trimmed);
  return nameIndex().get(key) ?? nameIndex().get(key.replace(/^the /, '')) ?? null;
}
