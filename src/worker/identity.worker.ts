/**
 * Contact identity in a thread of its own: the parse worker sends it new contacts and changed
 * identity cells in row order over a port; it keys and merges them (HMAC, libphonenumber: the costly
 * part of an import) while the parse worker goes on splitting rows, then answers the store.
 * Raw values arrive here and go no further.
 */
import type { CountryCode } from 'libphonenumber-js';
import { type MessagePort, parentPort, workerData } from 'node:worker_threads';
import { ContactIdentity } from '../core/importing/identity';
import { IDENTITY_FIELDS, packedBuffers } from '../core/importing/identity-sink';
import { hmacKeyer } from './keyer';
import type { IdentityMessage } from './identity-channel';

/** What the store tells the thread, which may start before the workspace is open. */
export interface IdentityConfig {
  secretHex: string;
  phoneRegion: string;
}

const { port } = workerData as { port: MessagePort };
const width = IDENTITY_FIELDS.length;
// One array reused for every observation: observe() reads it and keeps none of it.
const cells = new Array<string>(width);
let identity: ContactIdentity | undefined;
/** What the parser sent before the configuration came (another channel: no order between the two). */
const early: IdentityMessage[] = [];

parentPort!.once('message', ({ secretHex, phoneRegion }: IdentityConfig) => {
  identity = new ContactIdentity(phoneRegion as CountryCode, hmacKeyer(Buffer.from(secretHex, 'hex')));
  for (const m of early.splice(0)) handle(identity, m);
});
port.on('message', (m: IdentityMessage) => (identity ? handle(identity, m) : early.push(m)));

function handle(identity: ContactIdentity, m: IdentityMessage): void {
  if (m.kind === 'finish') {
    const outcome = identity.finish();
    parentPort!.postMessage(outcome, packedBuffers(outcome));
    port.close();
    return;
  }
  for (let k = 0; k < m.contact.length; k++) {
    for (let i = 0; i < width; i++) cells[i] = m.cells[k * width + i]!;
    identity.observe(m.contact[k]!, m.raw[k]!, cells);
  }
  // Taken: the parser, which waits when too far ahead, counts these.
  port.postMessage(null);
}
