import { describe, expect, it } from 'vitest';
import { IsoDayMemo, parseIsoZInPlace, parseTimestamp } from '../../src/core/normalize/timestamp';
import { zoneConverter } from '../../src/core/normalize/zone-converter';
import { normalizePhone, phoneDigits } from '../../src/core/normalize/phone';
import parseWithDefaultBuild from 'libphonenumber-js';
import fc from 'fast-check';
import { normalizeCountry } from '../../src/core/normalize/country';
import { normalizeCompanySize } from '../../src/core/normalize/companySize';
import { normalizeEmail } from '../../src/core/normalize/email';
import { EventTypeMapper, MARKETO_ACTIVITY_TYPES, toSnakeCase } from '../../src/core/taxonomy';

const utc = (iso: string) => Date.parse(iso);

describe('parseTimestamp', () => {
  it.each([
    ['2026-03-01T09:30:00Z', '2026-03-01T09:30:00.000Z'],
    ['2026-03-01T09:30:00.123Z', '2026-03-01T09:30:00.123Z'],
    ['2026-03-01T09:30:00.123456789Z', '2026-03-01T09:30:00.123Z'],
    ['2026-03-01 09:30:00', '2026-03-01T09:30:00.000Z'],
    ['2026-03-01T09:30', '2026-03-01T09:30:00.000Z'],
    ['2026-03-01', '2026-03-01T00:00:00.000Z'],
    ['2026-03-01T09:30:00+01:00', '2026-03-01T08:30:00.000Z'],
    ['2026-03-01T09:30:00-0530', '2026-03-01T15:00:00.000Z'],
    ['2026-03-01T09:30:00+02', '2026-03-01T07:30:00.000Z'],
    ['2020-05-15 22:18:25 UTC', '2020-05-15T22:18:25.000Z'],
    ['2020-05-06 00:14:31.000', '2020-05-06T00:14:31.000Z'],
    ['  2026-03-01T09:30:00Z  ', '2026-03-01T09:30:00.000Z'],
    ['2026/03/01 09:30:00', '2026-03-01T09:30:00.000Z'],
    ['1772357400', '2026-03-01T09:30:00.000Z'],
    ['1772357400123', '2026-03-01T09:30:00.123Z'],
    ['1772357400.5', '2026-03-01T09:30:00.500Z'],
    ['03/01/2026 09:30', '2026-03-01T09:30:00.000Z'],
    ['3/1/2026 09:30:15', '2026-03-01T09:30:15.000Z'],
    ['03/01/2026 9:30 PM', '2026-03-01T21:30:00.000Z'],
    ['03/01/2026 12:05 am', '2026-03-01T00:05:00.000Z'],
    ['03/01/2026', '2026-03-01T00:00:00.000Z'],
    ['2024-02-29T00:00:00Z', '2024-02-29T00:00:00.000Z'],
  ])('%s → %s', (raw, iso) => {
    expect(parseTimestamp(raw)).toBe(utc(iso));
  });

  it.each(['', 'yesterday', '2026-13-01', '2026-02-30', '2025-02-29', '2026-03-01T25:00:00Z', '2026-03-01T09:30:00+25:00', '2026-03-01T09:30:00Q', '13/01/2026', '2026-03-01T09', 'N/A', '1.2.3'])(
    'rejects %j',
    (raw) => {
      expect(parseTimestamp(raw)).toBeNaN();
    },
  );

  it('reads offset-less values in the declared source zone, DST-aware', () => {
    const ny = zoneConverter('America/New_York');
    expect(parseTimestamp('2026-01-15 09:00:00', ny)).toBe(utc('2026-01-15T14:00:00Z'));
    expect(parseTimestamp('2026-07-15 09:00:00', ny)).toBe(utc('2026-07-15T13:00:00Z'));
    // In the spring-forward gap: moved forward by the gap (02:30 EST does not exist → 03:30 EDT).
    expect(parseTimestamp('2026-03-08 02:30:00', ny)).toBe(utc('2026-03-08T07:30:00Z'));
    // Repeated fall-back hour: the earlier instant.
    expect(parseTimestamp('2026-11-01 01:30:00', ny)).toBe(utc('2026-11-01T05:30:00Z'));
    // An explicit offset wins over the source zone.
    expect(parseTimestamp('2026-01-15T09:00:00Z', ny)).toBe(utc('2026-01-15T09:00:00Z'));
    expect(parseTimestamp('01/15/2026 09:00', zoneConverter('Asia/Kolkata'))).toBe(utc('2026-01-15T03:30:00Z'));
  });
});

describe('parseIsoZInPlace', () => {
  const two = (lo: number, hi: number) => fc.integer({ min: lo, max: hi }).map((n) => String(n).padStart(2, '0'));
  const stamp = fc
    .tuple(
      fc.constantFrom('2024', '2026', '1999', '0050'),
      fc.constantFrom('-', '-', '/'),
      two(0, 13),
      two(0, 32),
      fc.constantFrom('T', 'T', 't', ' '),
      two(0, 25),
      two(0, 61),
      two(0, 61),
      fc.constantFrom('', '.000', '.123', '.999', '.5', '.12a'),
      fc.constantFrom('Z', 'Z', 'z', '+01:00', ''),
    )
    .map(([y, sep, mo, d, t, h, mi, sec, frac, zone]) => `${y}${sep}${mo}${sep}${d}${t}${h}:${mi}:${sec}${frac}${zone}`);

  it('agrees with parseTimestamp wherever it answers, through one memo, inside a larger text', () => {
    let answered = 0;
    const memo = new IsoDayMemo();
    fc.assert(
      fc.property(fc.array(stamp, { minLength: 1, maxLength: 6 }), (stamps) => {
        const text = `x,${stamps.join(',')},y`;
        let at = 2;
        for (const ts of stamps) {
          const fast = parseIsoZInPlace(text, at, at + ts.length, memo);
          if (fast !== undefined) {
            answered++;
            expect(fast).toBe(parseTimestamp(ts));
          }
          at += ts.length + 1;
        }
      }),
      { numRuns: 3000 },
    );
    // The property says something only if the fast path answers often.
    expect(answered).toBeGreaterThan(500);
  });

  it('answers the common forms and leaves the rest to parseTimestamp', () => {
    const memo = new IsoDayMemo();
    const read = (s: string) => parseIsoZInPlace(s, 0, s.length, memo);
    expect(read('2026-03-01T10:00:00Z')).toBe(Date.parse('2026-03-01T10:00:00Z'));
    expect(read('2026-03-01T10:00:00.250Z')).toBe(Date.parse('2026-03-01T10:00:00.250Z'));
    expect(read('2026-03-01 10:00:00Z')).toBeUndefined();
    expect(read('2026-02-30T10:00:00Z')).toBeUndefined();
  });
});

describe('normalizePhone', () => {
  it.each([
    ['+1 (415) 555-2671', 'US', '+14155552671'],
    ['(415) 555-2671', 'US', '+14155552671'],
    ['415.555.2671', 'US', '+14155552671'],
    ['001 415 555 2671', 'DE', '+14155552671'],
    ['030 1234567', 'DE', '+49301234567'],
    ['+49 (0)30 1234567', 'US', '+49301234567'],
    ['020 7946 0958', 'GB', '+442079460958'],
    ['+44 20 7946 0958', 'US', '+442079460958'],
  ])('%s (%s) → %s', (raw, region, e164) => {
    expect(normalizePhone(raw, region as 'US')).toBe(e164);
  });

  it.each(['', 'n/a', '12', 'call me'])('rejects %j', (raw) => {
    expect(normalizePhone(raw, 'US')).toBeNull();
  });

  it("answers as the library's default build: the ES6 build it uses is the same code compiled for newer engines", () => {
    const unit = fc.constantFrom('0', '1', '2', '3', '4', '5', '6', '7', '8', '9', ' ', '(', ')', '-', '.', 'x', 'e');
    fc.assert(
      fc.property(fc.constantFrom('', '+', '+1', '+44', '+49', '+81', '+55', '0', '00', '011'), fc.array(unit, { minLength: 3, maxLength: 16 }), fc.constantFrom('US', 'GB', 'DE', 'JP', 'BR', 'IN'), (prefix, body, region) => {
        const raw = prefix + body.join('');
        const parsed = parseWithDefaultBuild(raw.trim(), { defaultCountry: region as 'US', extract: false });
        expect(normalizePhone(raw, region as 'US')).toBe(raw.trim() !== '' && parsed?.isPossible() ? parsed.number : null);
      }),
      { numRuns: 3000 },
    );
  });
});

describe('phoneDigits', () => {
  it('keys only punctuated numbers, by their digits and leading +', () => {
    expect(phoneDigits(' +1 (415) 555-2671 ')).toBe('+14155552671');
    expect(phoneDigits('415.555.2671')).toBe('4155552671');
    expect(phoneDigits('+1 415 555 2671 ext. 9')).toBeNull();
    expect(phoneDigits('1-800-FLOWERS')).toBeNull();
  });

  it('is a sound memo key: spellings with the same digits normalize alike, in any region', () => {
    const unit = fc.constantFrom('0', '1', '2', '3', '4', '5', '6', '7', '8', '9', '0', '1', '5', ' ', '(', ')', '-', '.', '/');
    fc.assert(
      fc.property(fc.constantFrom('', '+', '+1', '+44', '+49', '+81', '0', '00'), fc.array(unit, { minLength: 3, maxLength: 16 }), fc.constantFrom('US', 'GB', 'DE', 'JP', 'IN'), (prefix, body, region) => {
        const raw = prefix + body.join('');
        const digits = phoneDigits(raw);
        if (digits === null) return;
        expect(normalizePhone(raw, region as 'US')).toBe(normalizePhone(digits, region as 'US'));
      }),
      { numRuns: 3000 },
    );
  });
});

describe('normalizeCountry', () => {
  it.each([
    ['US', 'US'], ['us', 'US'], ['USA', 'US'], ['U.S.', 'US'], ['U.S.A.', 'US'], ['United States', 'US'], ['United States of America', 'US'], ['united states ', 'US'],
    ['UK', 'GB'], ['U.K.', 'GB'], ['England', 'GB'], ['Great Britain', 'GB'], ['United Kingdom', 'GB'], ['GBR', 'GB'],
    ['Holland', 'NL'], ['The Netherlands', 'NL'], ['Nederland', 'NL'], ['Deutschland', 'DE'], ['Germany', 'DE'], ['DEU', 'DE'],
    ['España', 'ES'], ['Espana', 'ES'], ['Brasil', 'BR'], ['México', 'MX'], ['Österreich', 'AT'], ['Schweiz', 'CH'], ['Suisse', 'CH'],
    ['Côte d\'Ivoire', 'CI'], ['Ivory Coast', 'CI'], ['South Korea', 'KR'], ['Russia', 'RU'], ['UAE', 'AE'], ['Czech Republic', 'CZ'], ['Türkiye', 'TR'], ['India', 'IN'], ['japan', 'JP'],
  ])('%s → %s', (raw, code) => {
    expect(normalizeCountry(raw)).toBe(code);
  });

  it.each(['', 'Unied Saes', 'XX', 'Atlantis', 'N/A'])('does not guess %j', (raw) => {
    expect(normalizeCountry(raw)).toBeNull();
  });
});

describe('normalizeCompanySize', () => {
  it.each([
    ['1', '1-10'], ['7', '1-10'], ['Self-employed', '1-10'], ['2-10', '1-10'], ['11-50', '11-50'], ['51 - 200', '51-200'], ['51 to 200', '51-200'],
    ['250', '201-500'], ['1,200', '1001-5000'], ['1K-5K', '1001-5000'], ['10,000+', '10001+'], ['10001+', '10001+'], ['5001-10000', '5001-10000'],
    ['500 employees', '201-500'], ['over 1000', '1001-5000'],
  ])('%s → %s', (raw, band) => {
    expect(normalizeCompanySize(raw)).toBe(band);
  });

  it.each(['', 'big', '0', '50-10', 'enterprise'])('does not guess %j', (raw) => {
    expect(normalizeCompanySize(raw)).toBeNull();
  });
});

describe('normalizeEmail', () => {
  it('trims and lower-cases', () => {
    expect(normalizeEmail('  Ann.Lee@Example.COM ')).toBe('ann.lee@example.com');
  });
  it.each(['', 'ann', 'ann@', '@example.com', 'ann@example', 'a b@example.com'])('rejects %j', (raw) => {
    expect(normalizeEmail(raw)).toBeNull();
  });
});

describe('event types', () => {
  it('snake-cases names', () => {
    expect(toSnakeCase(' Product Viewed ')).toBe('product_viewed');
    expect(toSnakeCase('pageView')).toBe('page_view');
    expect(toSnakeCase('Form-Submit')).toBe('form_submit');
  });

  it('maps synonyms, aliases and Marketo ids; keeps unknown names', () => {
    const m = new EventTypeMapper({ 'Product Viewed': 'page_view' });
    expect(m.map('Visit Web Page')).toEqual({ name: 'page_view', canonical: true });
    expect(m.map('Fill Out Form')).toEqual({ name: 'form_submit', canonical: true });
    expect(m.map('Demo Requested')).toEqual({ name: 'demo_request', canonical: true });
    expect(m.map('Product Viewed')).toEqual({ name: 'page_view', canonical: true });
    expect(m.map('Webinar Registered')).toEqual({ name: 'webinar_registered', canonical: true });
    expect(m.map('Podcast Listened')).toEqual({ name: 'podcast_listened', canonical: false });
    expect(m.map('  ')).toBeNull();
    const marketo = new EventTypeMapper({}, MARKETO_ACTIVITY_TYPES);
    expect(marketo.map('10')).toEqual({ name: 'email_open', canonical: true });
    expect(marketo.map('6')).toEqual({ name: 'email_sent', canonical: true });
    expect(marketo.map('13')).toEqual({ name: 'change_data_value', canonical: false });
  });
});

