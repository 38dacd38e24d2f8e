import fc from 'fast-check';
/** Contact identity: keys, first attributes, transitive merges, and what counts as a dropped value. */
import { describe, expect, it } from 'vitest';
import { ContactIdentity } from '../../src/core/importing/identity';
import { packIdentityOutcome, packedBuffers, unpackIdentityOutcome } from '../../src/core/importing/identity-sink';
import type { ContactTable } from '../../src/core/importing/types';

// A readable keyer: the tests check which values meet, not the HMAC (test/backend/keyer.test.ts does).
const keyer = (v: string) => `k(${v})`;
const cells = (email = '', phone = '', country = '', size = '') => [email, phone, country, size, '', '', ''];

describe('ContactIdentity', () => {
  it('merges transitively by email or phone; the earliest contact stays the root', () => {
    const id = new ContactIdentity('US', keyer);
    id.observe(0, 'C1', cells('ann@example.com', '(415) 555-2671', 'USA'));
    id.observe(1, 'C2', cells('bob@example.com', '', 'UK'));
    id.observe(2, 'C3', cells(' ANN@example.com ', '')); // same email as C1
    id.observe(3, 'C4', cells('', '+1 415 555 2671')); // same phone as C1
    id.observe(4, 'C5', cells('carol@example.com', ''));
    const { contacts } = id.finish();
    expect([...contacts.root]).toEqual([0, 1, 0, 0, 4]);
    expect(contacts.via).toEqual([null, null, 'email', 'phone', null]);
    expect(contacts.key[0]).toBe('k(id:C1)');
    expect(contacts.emailKey[2]).toBe('k(email:ann@example.com)');
    expect(contacts.phoneKey[3]).toBe('k(phone:+14155552671)');
    expect(contacts.country.slice(0, 2)).toEqual(['US', 'GB']);
  });

  it('keys an email used as contact id like an email column, so the two meet', () => {
    const id = new ContactIdentity('US', keyer);
    id.observe(0, 'Ann@Example.com', cells());
    id.observe(1, 'C2', cells('ann@example.com'));
    const { contacts } = id.finish();
    expect(contacts.key[0]).toBe('k(email:ann@example.com)');
    expect([...contacts.root]).toEqual([0, 0]);
  });

  it('keeps first attributes, and counts a dropped value once per change of the cell', () => {
    const id = new ContactIdentity('US', keyer);
    id.observe(0, 'C1', cells('not-an-email', '12', 'Atlantis', '51-200'));
    // The company size changes; the bad email and phone are the same values as before.
    id.observe(0, null, cells('not-an-email', '12', 'Atlantis', '201-500'));
    id.observe(0, null, cells('ann@example.com', '12', 'Germany', '1000+'));
    const { contacts, quality } = id.finish();
    expect(quality).toEqual({ invalidEmails: 1, invalidPhones: 1, unrecognizedCountries: 1, unrecognizedCompanySizes: 0 });
    expect(contacts.emailKey[0]).toBe('k(email:ann@example.com)');
    expect(contacts.companySize[0]).toBe('51-200');
    // An unrecognized country is recorded as unknown (null) and filled by a later recognizable one.
    expect(contacts.country[0]).toBe('DE');
  });

  it('refuses contacts announced out of order', () => {
    const id = new ContactIdentity('US', keyer);
    expect(() => id.observe(1, 'C2', cells())).toThrow(/out of order/);
  });
});

describe('the identity outcome across threads', () => {
  it('arrives as it was sent: any strings, empty ones and nulls', () => {
    const cell = fc.option(fc.string({ unit: 'grapheme' }), { nil: null });
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.string({ minLength: 1 }), cell, cell, cell, cell, cell, cell, cell, fc.constantFrom('email' as const, 'phone' as const, null))), (rows) => {
        const contacts: ContactTable = {
          key: rows.map((r) => r[0]), emailKey: rows.map((r) => r[1]), phoneKey: rows.map((r) => r[2]), country: rows.map((r) => r[3]), companySize: rows.map((r) => r[4]),
          accountId: rows.map((r) => r[5]), lifecycleStage: rows.map((r) => r[6]), sourceSystem: rows.map((r) => r[7]), via: rows.map((r) => r[8]),
          root: Int32Array.from(rows, (_, i) => (i * 7) % (i + 1)),
        };
        const quality = { invalidEmails: 1, invalidPhones: 2, unrecognizedCountries: 3, unrecognizedCompanySizes: 4 };
        const sent = { contacts: { ...contacts, root: contacts.root.slice() }, quality };
        const packed = packIdentityOutcome({ contacts, quality });
        expect(unpackIdentityOutcome(structuredClone(packed, { transfer: packedBuffers(packed) }))).toEqual(sent);
      }),
    );
  });
});
