/**
 * The bundle swaps libphonenumber-js's matchesEntirely for a version that caches each pattern's
 * RegExp, and has three more helpers cache theirs (scripts/shims). It must answer exactly as the
 * library's own does, however calls interleave.
 */
import fc from 'fast-check';
import metadata from 'libphonenumber-js/min/metadata';
import { describe, expect, it } from 'vitest';
import { build } from 'esbuild';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import matchesEntirely from '../../scripts/shims/libphonenumber-matches-entirely.js';
import { cachedPhoneRegexps } from '../../scripts/shims/phone-regexps.mjs';
import * as phone from '../../src/core/normalize/phone';
import { tempDir } from '../helpers/workspace';

/** The library's own helper, as published. */
function library(text: string, pattern: string): boolean {
  return new RegExp('^(?:' + pattern + ')$').test(text || '');
}

/** Every pattern string in the metadata the import uses (national numbers, leading digits, …). */
function patterns(value: unknown, out = new Set<string>()): Set<string> {
  if (typeof value === 'string' && /[\\[\]()|{}]/.test(value)) out.add(value);
  else if (Array.isArray(value)) value.forEach((v) => patterns(v, out));
  else if (value && typeof value === 'object') Object.values(value).forEach((v) => patterns(v, out));
  return out;
}

describe('the cached matchesEntirely', () => {
  const all = [...patterns(metadata.countries)];

  it('answers as the library for the metadata patterns, on numbers that match and numbers that do not', () => {
    expect(all.length).toBeGreaterThan(500);
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.constantFrom(...all), fc.stringMatching(/^\d{0,15}$/)), { minLength: 1, maxLength: 50 }), (calls) => {
        for (const [pattern, digits] of calls) expect(matchesEntirely(digits, pattern)).toBe(library(digits, pattern));
      }),
      { numRuns: 300 },
    );
    // Numbers the patterns accept, asked twice: the cached RegExp keeps no state between calls.
    for (const pattern of all.slice(0, 200)) {
      for (const text of ['2015550123', '301234567', '']) {
        expect([matchesEntirely(text, pattern), matchesEntirely(text, pattern)]).toEqual([library(text, pattern), library(text, pattern)]);
      }
    }
  });
});

describe('the bundle\'s libphonenumber-js (every RegExp cached, scripts/shims/phone-regexps.mjs)', () => {
  it('normalizes phones exactly as the library as published does', async () => {
    // Bundled here with the build's own plugin, as scripts/build-node.mjs bundles the import.
    const shims = cachedPhoneRegexps();
    const out = path.join(tempDir(), 'phone.mjs');
    await build({ entryPoints: ['src/core/normalize/phone.ts'], bundle: true, format: 'esm', platform: 'node', outfile: out, plugins: [shims.plugin], logLevel: 'silent' });
    shims.check();
    const bundled = (await import(pathToFileURL(out).href)) as typeof phone;
    const codes = [...new Set(Object.keys(metadata.country_calling_codes))];
    const spelling = fc.oneof(
      fc.tuple(fc.constantFrom(...codes), fc.stringMatching(/^[0-9]{4,12}$/), fc.constantFrom('', ' ', '-', '.')).map(([cc, n, sep]) => `+${cc}${sep}${n.slice(0, 3)}${sep}${n.slice(3)}`),
      fc.tuple(fc.constantFrom('0', '00', '011', '(0)', '1'), fc.stringMatching(/^[0-9]{6,11}$/)).map(([p, n]) => `${p} ${n}`),
      fc.stringMatching(/^[+0-9 ()-]{0,18}$/),
    );
    fc.assert(
      fc.property(fc.array(fc.tuple(spelling, fc.constantFrom('US', 'GB', 'DE', 'FR', 'BR', 'IN', 'JP', 'AU')), { minLength: 1, maxLength: 40 }), (calls) => {
        for (const [raw, region] of calls) expect(bundled.normalizePhone(raw, region)).toBe(phone.normalizePhone(raw, region));
      }),
      { numRuns: 400 },
    );
  });
});
