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
        for (const value of values) expect(keyer(value)).toBe(referenceHmac(secret, value));
      }),
    );
  });
});
