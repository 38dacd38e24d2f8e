import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { hmacKeyer, referenceHmac } from '../../src/worker/keyer';

describe('hmacKeyer', () => {
  it('equals HMAC-SHA256 for any key length and any sequence of values through one keyer', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 1, maxLength: 100 }), fc.array(fc.oneof(fc.string(), fc.string({ unit: 'binary', maxLength: 400 })), { minLength: 1, maxLength: 8 }), (key, values) => {
        const secret = Buffer.from(key);
        const keyer = hmacKeyer(secret);
        // Values of every length in turn: the reused buffers must not carry bytes from an earlier value.
        const out = new Uint8Array(20).fill(0xee);
        for (const value of values) {
          keyer(value, out, 2);
          expect(Buffer.from(out.subarray(2, 18)).toString('hex')).toBe(referenceHmac(secret, value));
          // Nothing around the 16 bytes it was given is touched.
          expect([out[0], out[1], out[18], out[19]]).toEqual([0xee, 0xee, 0xee, 0xee]);
        }
      }),
    );
  });
});
