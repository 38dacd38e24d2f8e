/** The identity thread's digest map answers as a Map of the digests would, through its growth. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DigestMap } from '../../src/core/importing/digest-map';

describe('DigestMap', () => {
  it('keeps the first value claimed for each digest (property)', () => {
    // Few distinct digests among many claims, and digests that share their first word (the hash).
    const digest = fc.tuple(fc.integer({ min: 0, max: 3 }), fc.uint8Array({ minLength: 12, maxLength: 12 }), fc.boolean());
    fc.assert(
      fc.property(fc.array(digest, { maxLength: 3000 }), (claims) => {
        const map = new DigestMap();
        const reference = new Map<string, number>();
        const bytes = new Uint8Array(16 * claims.length + 3);
        claims.forEach(([first, rest, repeat], k) => {
          // Repeats reuse the first claim's 12 bytes; the digest sits at an odd offset as in the key columns.
          const at = 16 * k + 3;
          bytes[at] = first;
          bytes.set(repeat && claims.length > 0 ? claims[0]![1] : rest, at + 4);
          const key = Buffer.from(bytes.subarray(at, at + 16)).toString('hex');
          const expected = reference.get(key) ?? k;
          reference.set(key, expected);
          expect(map.claim(bytes, at, k)).toBe(expected);
        });
      }),
    );
  });
});
