/**
 * The identity thread, a real worker: it may start before the workspace is open, so its secret comes
 * by message, on another channel than the parser's rows. Rows that arrive first must wait, not be lost.
 */
import { MessageChannel } from 'node:worker_threads';
import { afterEach, describe, expect, it } from 'vitest';
import type { IdentityOutcome } from '../../src/core/importing/identity-sink';
import { contactTable } from '../helpers/identity';
import { spawnWorker } from '../../src/backend/worker-entry';
import { referenceHmac } from '../../src/worker/keyer';
import { IdentityChannel, type IdentityMessage } from '../../src/worker/identity-channel';

const stop: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  await Promise.all(stop.splice(0).map((f) => f()));
});

describe('identity thread', () => {
  it('keys rows that came before its configuration, once it comes', async () => {
    const { port1, port2 } = new MessageChannel();
    const worker = spawnWorker('identity', { port: port1 }, [port1]);
    stop.push(() => worker.terminate(), async () => port2.close());
    const answer = new Promise<IdentityOutcome>((resolve) => worker.once('message', resolve));
    // The parser's rows, then its end, all before the secret is sent.
    const rows: IdentityMessage = {
      kind: 'observe',
      contact: Int32Array.from([0, 1]),
      raw: ['C1', 'C2'],
      cells: ['ann@example.com', '', 'USA', '', '', '', '', ' ANN@example.com', '', 'DE', '', '', '', ''],
    };
    port2.postMessage(rows);
    port2.postMessage({ kind: 'finish' } satisfies IdentityMessage);
    // Running and past loading its code (from TypeScript here, which takes a while), it has taken the rows.
    await new Promise((resolve) => worker.once('online', resolve));
    await new Promise((resolve) => setTimeout(resolve, 1500));
    const secret = Buffer.alloc(32, 9);
    worker.postMessage({ secretHex: secret.toString('hex'), phoneRegion: 'US' });
    const { contacts } = contactTable(await answer);
    expect(contacts.key).toEqual([referenceHmac(secret, 'id:C1'), referenceHmac(secret, 'id:C2')]);
    expect(contacts.emailKey[0]).toBe(referenceHmac(secret, 'email:ann@example.com'));
    expect([...contacts.root]).toEqual([0, 0]); // the same email: C2 merged into C1
    expect(contacts.country.slice(0, 2)).toEqual(['US', 'DE']);
  });

  it('holds the parser back while it is far behind, and lets it go on once it has caught up', async () => {
    const { port1, port2 } = new MessageChannel();
    const worker = spawnWorker('identity', { port: port1 }, [port1]);
    stop.push(() => worker.terminate(), async () => port2.close());
    const answer = new Promise<IdentityOutcome>((resolve) => worker.once('message', resolve));
    const channel = new IdentityChannel(port2);
    const n = 2048 * 40; // forty messages: more than the thread may be behind
    for (let c = 0; c < n; c++) channel.observe(c, `C${c}`, [`p${c}@example.org`, '', 'US', '', '', '', '']);
    // Not configured yet, the thread takes nothing: the parser must wait.
    const behind = channel.caughtUp();
    expect(behind).not.toBeNull();
    let resumed = false;
    void behind!.then(() => (resumed = true));
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(resumed).toBe(false);
    worker.postMessage({ secretHex: Buffer.alloc(32, 9).toString('hex'), phoneRegion: 'US' });
    await behind;
    channel.finish();
    const { contacts } = contactTable(await answer);
    expect(contacts.key).toHaveLength(n);
    expect(contacts.emailKey[n - 1]).toBe(referenceHmac(Buffer.alloc(32, 9), `email:p${n - 1}@example.org`));
  });
});
