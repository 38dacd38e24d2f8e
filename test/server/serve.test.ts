/**
 * `scorecast serve` as a user and an attacker meet it: a real server process on loopback, a real
 * workspace file, uploads streamed as the browser streams them.
 */
import { type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateCsv } from '../../src/core/generate';
import { Workspace } from '../../src/backend/workspace';
import { type Served, serve } from '../helpers/browser';
import { ServeApi } from '../helpers/api';
import { dumpWorkspace, tempDir } from '../helpers/workspace';

const dir = tempDir('scorecast-serve-');
const db = path.join(dir, 'ws.sqlite');
const small = Buffer.from([...generateCsv({ contacts: 300, days: 5, seed: 3, dirty: 0.05 })].join(''));
const big = Buffer.from([...generateCsv({ contacts: 20_000, days: 10, seed: 4 })].join(''));
let served: Served;
let api: ServeApi;

function exited(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => (child.exitCode !== null ? resolve(child.exitCode) : child.once('exit', (code) => resolve(code))));
}

/** Starts an upload's import and sends only the first `share` of its bytes, holding the request open. */
async function heldImport(a: ServeApi, name: string, bytes: Buffer, share = 0.3): Promise<{ jobId: string; request: http.ClientRequest }> {
  const ref = (await a.raw('POST', `/api/upload?name=${name}&size=${bytes.length}`)).body.result as { id: string; kind: 'upload'; name: string };
  const { jobId } = await a.call('import.start', { file: ref, options: {} });
  const request = http.request(`${a.base}/api/upload/${ref.id}`, { method: 'POST', headers: { authorization: `Bearer ${a.token}`, 'content-length': bytes.length } });
  request.on('error', () => {});
  request.write(bytes.subarray(0, Math.floor(bytes.length * share)));
  // The job is running (reading what came) once it reports rows.
  for (let i = 0; i < 200; i++) {
    const job = (await a.call('jobs.list', {})).find((j) => j.jobId === jobId);
    if (job?.state === 'running' && /rows/.test(job.detail)) break;
    await new Promise((r) => setTimeout(r, 50));
  }
  return { jobId, request };
}

beforeAll(async () => {
  served = await serve(db, ['--abandon-after', '1']);
  api = new ServeApi(served);
});
afterAll(async () => {
  await served.stop();
});

describe('every path needs the token', () => {
  it.each(['/', '/index.html', '/%69ndex.html', '/index.html/', '/favicon.svg', '/api/call/datasets.list', '/api/events'])('%s answers 401 without it', async (p) => {
    const res = await fetch(api.base + p, { method: p.startsWith('/api/call') ? 'POST' : 'GET' });
    expect(res.status).toBe(401);
    expect(await res.json()).toMatchObject({ ok: false, error: expect.stringMatching(/token/) });
  });

  it('serves the page with the token, and its assets with the cookie the page sets', async () => {
    const page = await fetch(`${api.base}/?token=${api.token}`);
    expect(page.status).toBe(200);
    const cookie = page.headers.get('set-cookie')!;
    expect(cookie).toMatch(/HttpOnly; SameSite=Strict/);
    const asset = /src="([^"]+\.js)"/.exec(await page.text())![1]!;
    expect((await fetch(api.base + asset.replace(/^\./, ''))).status).toBe(401);
    expect((await fetch(api.base + asset.replace(/^\./, ''), { headers: { cookie: cookie.split(';')[0]! } })).status).toBe(200);
  });

  it.each(['/%', '/%zz', '/%c0%ae', '/assets/%E0%A4%A'])('answers 400 for the malformed URL %s', async (p) => {
    const res = await fetch(`${api.base}${p}?token=${api.token}`);
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({ ok: false, error: 'malformed URL' });
  });

  it('refuses a request naming another host (421)', async () => {
    const status = await new Promise<number>((resolve) => {
      http.get(`${api.base}/api/events?token=${api.token}`, { headers: { host: 'evil.example' } }, (res) => resolve(res.statusCode!)).on('error', () => resolve(-1));
    });
    expect(status).toBe(421);
  });
});

describe('uploads', () => {
  it('streams an upload into the import and keeps no file of it anywhere', async () => {
    const tmpBefore = new Set(fs.readdirSync(os.tmpdir()));
    const { jobId, upload } = await api.importBytes('crm export.csv', small);
    expect((await upload).status).toBe(200);
    const job = await api.finished(jobId);
    expect(job.state).toBe('done');
    const datasets = await api.call('datasets.list', {});
    const d = datasets.find((x) => x.name === 'crm export')!;
    // The dataset names the user's file, not a temporary path.
    expect(d.sourceFile).toBe('crm export.csv');
    expect(d.events).toBeGreaterThan(1000);
    const fresh = fs.readdirSync(os.tmpdir()).filter((f) => !tmpBefore.has(f) && /upload/i.test(f));
    expect(fresh).toEqual([]);
  });

  it('fails an import whose upload breaks off, naming the file, and stores nothing', async () => {
    const before = (await api.call('datasets.list', {})).map((d) => d.name);
    const { jobId, request } = await heldImport(api, 'cut.csv', big);
    request.destroy();
    const job = await api.finished(jobId);
    expect(job.state).toBe('failed');
    expect(job.outcome).toMatchObject({ type: 'job.failed', error: expect.stringMatching(/^cut\.csv: the upload (was interrupted|stopped) before the whole file arrived; choose the file again$/) });
    expect((await api.call('datasets.list', {})).map((d) => d.name)).toEqual(before);
  });
});

describe('jobs never hold up the server', () => {
  it('answers datasets.list while an import runs, and the import goes on', async () => {
    const { jobId, request } = await heldImport(api, 'slow.csv', big);
    const datasets = await api.call('datasets.list', {});
    expect(datasets.map((d) => d.name)).not.toContain('slow');
    expect((await api.call('jobs.list', {})).find((j) => j.jobId === jobId)?.state).toBe('running');
    request.end(big.subarray(Math.floor(big.length * 0.3)));
    expect((await api.finished(jobId)).state).toBe('done');
    expect((await api.call('datasets.list', {})).map((d) => d.name)).toContain('slow');
  });

  it('cancels the jobs of a page that went away, and stores nothing of them', async () => {
    const page = api.events();
    await page.opened;
    const before = (await api.call('datasets.list', {})).length;
    const { jobId, request } = await heldImport(api, 'abandoned.csv', big);
    page.close();
    const job = await api.finished(jobId, 30_000);
    request.destroy();
    expect(job).toMatchObject({ state: 'cancelled', outcome: { type: 'job.failed', cancelled: true, error: 'import cancelled; nothing was stored' } });
    expect((await api.call('datasets.list', {})).length).toBe(before);
  });

  it('keeps a job running across a reload (the page comes back within the grace period)', async () => {
    const first = api.events();
    await first.opened;
    const { jobId, request } = await heldImport(api, 'reloaded.csv', big);
    first.close();
    const second = api.events();
    await second.opened;
    await new Promise((r) => setTimeout(r, 1500));
    expect((await api.call('jobs.list', {})).find((j) => j.jobId === jobId)?.state).toBe('running');
    request.end(big.subarray(Math.floor(big.length * 0.3)));
    expect((await api.finished(jobId)).state).toBe('done');
    second.close();
  });
});

describe('stopping', () => {
  it('ends on SIGTERM while an import runs, and the workspace is as it was before the import', async () => {
    const own = tempDir('scorecast-sigterm-');
    const file = path.join(own, 'ws.sqlite');
    const s = await serve(file);
    const a = new ServeApi(s);
    const { jobId: first, upload } = await a.importBytes('first.csv', small);
    await upload;
    expect((await a.finished(first)).state).toBe('done');
    const { request } = await heldImport(a, 'second.csv', big);
    const snapshot = Workspace.open(file);
    const before = dumpWorkspace(snapshot);
    snapshot.close();
    s.process.kill('SIGTERM');
    const code = await Promise.race([exited(s.process), new Promise<string>((r) => setTimeout(() => r('still running after 5 s'), 5000))]);
    request.destroy();
    expect(code).toBe(0);
    const after = Workspace.open(file);
    expect(dumpWorkspace(after)).toEqual(before);
    after.close();
  });
});

describe('two imports into one workspace', () => {
  it('runs the second after the first, saying it waits', async () => {
    const own = tempDir('scorecast-two-');
    const file = path.join(own, 'ws.sqlite');
    const s = await serve(file);
    const a = new ServeApi(s);
    const { jobId, request } = await heldImport(a, 'first.csv', big);
    const second = path.join(own, 'second.csv');
    fs.writeFileSync(second, small);
    const { spawn } = await import('node:child_process');
    const child = spawn(process.execPath, [path.join(__dirname, '..', '..', 'bin', 'scorecast.js'), 'import', second, '--db', file], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    await new Promise<void>((resolve) => child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()) && /starts when it ends/.test(stderr) && resolve()));
    expect(stderr).toMatch(/another import is writing into this workspace; this one starts when it ends… \(Ctrl-C to stop\)/);
    expect(child.exitCode).toBeNull();
    request.end(big.subarray(Math.floor(big.length * 0.3)));
    expect((await a.finished(jobId)).state).toBe('done');
    expect(await exited(child)).toBe(0);
    expect((await a.call('datasets.list', {})).map((d) => d.name).sort()).toEqual(['first', 'second']);
    await s.stop();
  });
});
