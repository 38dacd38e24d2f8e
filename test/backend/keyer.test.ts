import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { hmacKeyer, referenceHmac } from '../../src/worker/keyer';

describe('hmacKeyer', () => {
  it('equals HMAC-SHA256 for any key length and value', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 1, maxLength: 100 }), fc.string(), (key, value) => {
        const secret = Buffer.from(key);
        expect(hmacKeyer(secret)(value)).toBe(referenceHmac(secret, value));
      }),
    );
  });
});
