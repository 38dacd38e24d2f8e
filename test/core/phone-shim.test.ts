/**
 * The bundle swaps libphonenumber-js's matchesEntirely for a version that caches each pattern's
 * RegExp (scripts/shims). It must answer exactly as the library's own does, however calls interleave.
 */
import fc from 'fast-check';
import metadata from 'libphonenumber-js/min/metadata';
import { describe, expect, it } from 'vitest';
import matchesEntirely from '../../scripts/shims/libphonenumber-matches-entirely.js';

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
