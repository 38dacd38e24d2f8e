/**
 * Contact identity in a thread of its own: the parse worker sends it new contacts and changed
 * identity cells in row order; it keys and merges them (HMAC, libphonenumber: the costly part of an
 * import) while the parse worker goes on splitting rows. Raw values arrive here and go no further.
 */
import type { CountryCode } from 'libphonenumber-js';
import { parentPort, workerData } from 'node:worker_threads';
import { ContactIdentity, IDENTITY_FIELDS } from '../core/importing/identity';
import { hmacKeyer } from './keyer';
import type { IdentityMessage } from './identity-channel';

const { secretHex, phoneRegion } = workerData as { secretHex: string; phoneRegion: CountryCode };
const identity = new ContactIdentity(phoneRegion, hmacKeyer(Buffer.from(secretHex, 'hex')));
const width = IDENTITY_FIELDS.length;
// One array reused for every observation: observe() reads it and keeps none of it.
const cells = new Array<string>(width);

parentPort!.on('message', (m: IdentityMessage) => {
  if (m.kind === 'finish') {
    const outcome = identity.finish();
    parentPort!.postMessage(outcome, [outcome.contacts.root.buffer as ArrayBuffer]);
    return;
  }
  for (let k = 0; k < m.contact.length; k++) {
    for (let i = 0; i < width; i++) cells[i] = m.cells[k * width + i]!;
    identity.observe(m.contact[k]!, m.raw[k]!, cells);
  }
});
