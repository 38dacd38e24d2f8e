import fc from 'fast-check';
/** Contact identity: keys, first attributes, transitive merges, and what counts as a dropped value. */
import { describe, expect, it } from 'vitest';
import { ContactIdentity } from '../../src/core/importing/identity';
import { type KeyedContacts, VIA, packedBuffers } from '../../src/core/importing/identity-sink';
import { contactTable, packValues } from '../helpers/identity';
import { hmacKeyer, referenceHmac } from '../../src/worker/keyer';

// The workspace's keyer under a fixed secret; k() is the key it gives a value, as hex.
const secret = Buffer.alloc(32, 5);
const keyer = hmacKeyer(secret);
const k = (v: string) => referenceHmac(secret, v);
/** What the store gets from the identity thread. */
const finished = (id: ContactIdentity) => {
  const outcome = id.finish();
  return contactTable(structuredClone(outcome, { transfer: packedBuffers(outcome) }));
};
const cells = (email = '', phone = '', country = '', size = '') => [email, phone, country, size, '', '', ''];

describe('ContactIdentity', () => {
  it('merges transitively by email or phone; the earliest contact stays the root', () => {
    const id = new ContactIdentity('US', keyer);
    id.observe(0, 'C1', cells('ann@example.com', '(415) 555-2671', 'USA'));
    id.observe(1, 'C2', cells('bob@example.com', '', 'UK'));
    id.observe(2, 'C3', cells(' ANN@example.com ', '')); // same email as C1
    id.observe(3, 'C4', cells('', '+1 415 555 2671')); // same phone as C1
    id.observe(4, 'C5', cells('carol@example.com', ''));
    const { contacts } = finished(id);
    expect([...contacts.root]).toEqual([0, 1, 0, 0, 4]);
    expect(contacts.via).toEqual([null, null, 'email', 'phone', null]);
    expect(contacts.key[0]).toBe(k('id:C1'));
    expect(contacts.emailKey.slice(0, 3)).toEqual([k('email:ann@example.com'), k('email:bob@example.com'), k('email:ann@example.com')]);
    expect(contacts.phoneKey.slice(0, 5)).toEqual([k('phone:+14155552671'), null, null, k('phone:+14155552671'), null]);
    expect(contacts.country.slice(0, 2)).toEqual(['US', 'GB']);
  });

  it('keys an email used as contact id like an email column, so the two meet', () => {
    const id = new ContactIdentity('US', keyer);
    id.observe(0, 'Ann@Example.com', cells());
    id.observe(1, 'C2', cells('ann@example.com'));
    const { contacts } = finished(id);
    expect(contacts.key[0]).toBe(k('email:ann@example.com'));
    expect(contacts.emailKey).toEqual([null, k('email:ann@example.com')]);
    expect([...contacts.root]).toEqual([0, 0]);
  });

  it('keeps first attributes, and counts a dropped value once per change of the cell', () => {
    const id = new ContactIdentity('US', keyer);
    id.observe(0, 'C1', cells('not-an-email', '12', 'Atlantis', '51-200'));
    // The company size changes; the bad email and phone are the same values as before.
    id.observe(0, null, cells('not-an-email', '12', 'Atlantis', '201-500'));
    id.observe(0, null, cells('ann@example.com', '12', 'Germany', '1000+'));
    const { contacts, quality } = finished(id);
    expect(quality).toEqual({ invalidEmails: 1, invalidPhones: 1, unrecognizedCountries: 1, unrecognizedCompanySizes: 0, personalValues: { accountId: 0, lifecycleStage: 0, sourceSystem: 0 } });
    expect(contacts.emailKey[0]).toBe(k('email:ann@example.com'));
    expect(contacts.phoneKey[0]).toBe(null);
    expect(contacts.companySize[0]).toBe('51-200');
    // An unrecognized country is recorded as unknown (null) and filled by a later recognizable one.
    expect(contacts.country[0]).toBe('DE');
  });

  it('counts a bad email or phone again only after its cell changed, to a good value or a blank one between', () => {
    const id = new ContactIdentity('US', keyer);
    const seq: [string, string, string][] = [
      ['bad-1', '12', 'USA'],
      ['bad-1', '12', 'Germany'], // another cell changed: the same bad values, not counted again
      ['ann@example.com', '+1 415 555 2671', 'Germany'],
      ['bad-1', '12', 'Germany'], // back to them after good values: counted again
      ['', '', 'Germany'],
      ['bad-1', '12', 'Germany'], // and after blanks
      ['bad-2', '13', 'Germany'], // other bad values
      [' ANN@example.com', '415-555-2671', 'Germany'], // respellings of the keyed ones
      ['bad-2', '13', 'Germany'],
    ];
    id.observe(0, 'C1', cells(...seq[0]!));
    for (const row of seq.slice(1)) id.observe(0, null, cells(...row));
    const { contacts, quality } = finished(id);
    expect(quality.invalidEmails).toBe(5);
    expect(quality.invalidPhones).toBe(5);
    expect(contacts.emailKey[0]).toBe(k('email:ann@example.com'));
    expect(contacts.phoneKey[0]).toBe(k('phone:+14155552671'));
  });

  it('keeps attributes of many distinct values (codes widen past 255 and 65,535 values)', () => {
    const id = new ContactIdentity('US', keyer);
    const n = 70_000;
    for (let c = 0; c < n; c++) id.observe(c, `C${c}`, ['', '', c % 2 ? 'US' : 'DE', '', `A${c}`, c % 3 ? 'lead' : '', '']);
    const { contacts } = finished(id);
    expect(contacts.accountId.every((v, c) => v === `A${c}`)).toBe(true);
    expect(contacts.country.every((v, c) => v === (c % 2 ? 'US' : 'DE'))).toBe(true);
    expect(contacts.lifecycleStage.every((v, c) => v === (c % 3 ? 'lead' : null))).toBe(true);
  });

  it('keys and merges the same however few phone numbers it remembers', () => {
    const phones = ['(415) 555-2671', '+1 415 555 2671', '415.555.0100', '12', '+44 20 7946 0958', '415 555 0100', '020 7946 0958'];
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.constantFrom(...phones), fc.constantFrom('', 'a@example.com', 'b@example.com')), { minLength: 1, maxLength: 40 }), fc.integer({ min: 1, max: 4 }), (rows, memo) => {
        const run = (phoneMemo?: number) => {
          const id = new ContactIdentity('US', keyer, phoneMemo);
          rows.forEach(([phone, email], c) => id.observe(c, `C${c}`, cells(email, phone)));
          return finished(id);
        };
        expect(run(memo)).toEqual(run());
      }),
    );
  });

  it('refuses contacts announced out of order', () => {
    const id = new ContactIdentity('US', keyer);
    expect(() => id.observe(1, 'C2', cells())).toThrow(/out of order/);
  });
});

describe('the identity outcome across threads', () => {
  it('arrives as it was sent: keys as hex where the contact has them, any attribute strings, empty ones and nulls', () => {
    const cell = fc.option(fc.string({ unit: 'grapheme' }), { nil: null });
    const digest = fc.uint8Array({ minLength: 16, maxLength: 16 });
    // Per contact: its id's digest, which of the distinct emails and phones is its own (-1: none), attributes, and how it merged.
    const contact = fc.tuple(digest, fc.integer({ min: -1, max: 2 }), fc.integer({ min: -1, max: 2 }), cell, cell, cell, cell, cell, fc.constantFrom('email' as const, 'phone' as const, null));
    fc.assert(
      fc.property(fc.array(contact), fc.array(digest, { minLength: 3, maxLength: 3 }), fc.array(digest, { minLength: 3, maxLength: 3 }), (rows, emails, phones) => {
        const n = rows.length;
        const bytes = (digests: Uint8Array[]) => Uint8Array.from(digests.flatMap((d) => [...d]));
        const contacts: KeyedContacts = {
          n,
          key: bytes(rows.map((r) => r[0])),
          emailRef: Int32Array.from(rows, (r) => r[1] + 1),
          phoneRef: Int32Array.from(rows, (r) => r[2] + 1),
          emailDigests: bytes(emails),
          phoneDigests: bytes(phones),
          attributes: {
            country: packValues(rows.map((r) => r[3])), companySize: packValues(rows.map((r) => r[4])), accountId: packValues(rows.map((r) => r[5])),
            lifecycleStage: packValues(rows.map((r) => r[6])), sourceSystem: packValues(rows.map((r) => r[7])),
          },
          via: Uint8Array.from(rows, (r) => VIA.indexOf(r[8])), root: Int32Array.from(rows, (_, i) => (i * 7) % (i + 1)),
        };
        const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');
        const quality = { invalidEmails: 1, invalidPhones: 2, unrecognizedCountries: 3, unrecognizedCompanySizes: 4, personalValues: { accountId: 5, lifecycleStage: 6, sourceSystem: 7 } };
        const expected = {
          contacts: {
            key: rows.map((r) => hex(r[0])),
            emailKey: rows.map((r) => (r[1] >= 0 ? hex(emails[r[1]]!) : null)),
            phoneKey: rows.map((r) => (r[2] >= 0 ? hex(phones[r[2]]!) : null)),
            country: rows.map((r) => r[3]), companySize: rows.map((r) => r[4]), accountId: rows.map((r) => r[5]), lifecycleStage: rows.map((r) => r[6]), sourceSystem: rows.map((r) => r[7]),
            via: rows.map((r) => r[8]), root: contacts.root.slice(),
          },
          quality,
        };
        const outcome = { contacts, quality };
        expect(contactTable(structuredClone(outcome, { transfer: packedBuffers(outcome) }))).toEqual(expected);
      }),
    );
  });
});
