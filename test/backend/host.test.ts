/** The backend as the desktop shell runs it (utility process protocol), over a real message channel. */
import fs from 'node:fs';
import path from 'node:path';
import { MessageChannel } from 'node:worker_threads';
import { afterAll, describe, expect, it } from 'vitest';
import { runHost } from '../../src/backend/host';
import { tempDir } from '../helpers/workspace';

const { port1, port2 } = new MessageChannel();
const replies = new Map<number, (v: unknown) => void>();
let ready: () => void;
const isReady = new Promise<void>((r) => (ready = r));
port2.on('message', (m: { id?: number; ready?: boolean }) => {
  if (m.ready) ready();
  if (m.id !== undefined) replies.get(m.id)?.(m);
});
let nextId = 1;
function ask(message: Record<string, unknown>): Promise<{ ok: boolean; result?: unknown; error?: string }> {
  const id = nextId++;
  return new Promise((resolve) => {
    replies.set(id, resolve as (v: unknown) => void);
    port2.postMessage({ id, ...message });
  });
}

const dir = tempDir('scorecast-host-');
// Electron's parentPort delivers {data}; a worker_threads port delivers the message itself.
const parentPort = { on: (_: 'message', f: (e: { data: unknown }) => void) => port1.on('message', (data) => f({ data })), postMessage: (m: unknown) => port1.postMessage(m) };
void runHost(parentPort, path.join(dir, 'ws.sqlite'));
afterAll(() => {
  port1.close();
  port2.close();
});

describe('backend host', () => {
  it('loads the bundled sample on first run and answers the contract', async () => {
    await isReady;
    const r = await ask({ method: 'datasets.list', request: {} });
    expect(r.ok).toBe(true);
    expect((r.result as { name: string; contacts: number }[]).map((d) => d.name)).toEqual(['sample']);
  });

  it('validates requests and names the field', async () => {
    await isReady;
    expect(await ask({ method: 'runs.get', request: { id: -1 } })).toMatchObject({ ok: false, error: expect.stringMatching(/^runs\.get: id/) });
    expect(await ask({ method: 'fs.readFile', request: {} })).toMatchObject({ ok: false, error: 'unknown method "fs.readFile"' });
    // A sweep over trigger sets takes event-type names only, and at least two sets.
    const sweep = (sets: string[][]) => ask({ method: 'whatif.sweep', request: { datasetId: 1, scenario: {}, params: [{ path: 'strategies.events.triggers', sets }] } });
    expect(await sweep([['Demo Request'], ['page_view']])).toMatchObject({ ok: false, error: expect.stringMatching(/^whatif\.sweep: params/) });
    expect(await sweep([['demo_request']])).toMatchObject({ ok: false, error: expect.stringMatching(/^whatif\.sweep: params/) });
  });

  it('registers only real files the user picked', async () => {
    await isReady;
    const file = path.join(dir, 'picked.csv');
    fs.writeFileSync(file, 'contact_id,event_type,timestamp\nC1,page_view,2026-03-01\n');
    const ok = await ask({ registerFile: { path: file, name: 'picked.csv' } });
    expect(ok).toMatchObject({ ok: true, result: { kind: 'picked', name: 'picked.csv' } });
    const preview = await ask({ method: 'import.preview', request: { file: ok.result, options: {} } });
    expect(preview).toMatchObject({ ok: true, result: { headers: ['contact_id', 'event_type', 'timestamp'] } });
    expect(await ask({ registerFile: { path: path.join(dir, 'missing.csv'), name: 'missing.csv' } })).toMatchObject({ ok: false });
  });
});
