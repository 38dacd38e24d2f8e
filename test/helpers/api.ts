/** The contract over a real `scorecast serve`'s loopback HTTP, as the browser client speaks it. */
import http from 'node:http';
import type { BackendEvent, FileRef, JobStatus, Method, Request, Responses } from '../../src/shared/contract';
import type { Served } from './browser';

export interface Answer {
  status: number;
  body: { ok: boolean; result?: unknown; error?: string };
  text: string;
}

export class ServeApi {
  readonly base: string;
  readonly token: string;

  constructor(readonly served: Served) {
    const url = new URL(served.url);
    this.base = url.origin;
    this.token = url.searchParams.get('token')!;
  }

  /** A raw request; `body` is sent as is (a string or bytes) or as JSON. */
  async raw(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<Answer> {
    const plain = typeof body === 'string' || body instanceof Uint8Array;
    const res = await fetch(this.base + path, {
      method,
      headers: { authorization: `Bearer ${this.token}`, ...(body !== undefined && !plain ? { 'content-type': 'application/json' } : {}), ...headers },
      ...(body !== undefined ? { body: plain ? (body as BodyInit) : JSON.stringify(body) } : {}),
    });
    const text = await res.text();
    let parsed: Answer['body'];
    try {
      parsed = JSON.parse(text) as Answer['body'];
    } catch {
      parsed = { ok: false, error: `not JSON: ${text.slice(0, 80)}` };
    }
    return { status: res.status, body: parsed, text };
  }

  async call<M extends Method>(method: M, request: Request<M>): Promise<Responses[M]> {
    const a = await this.raw('POST', `/api/call/${method}`, request);
    if (!a.body.ok) throw new Error(`${method}: ${a.status} ${a.body.error}`);
    return a.body.result as Responses[M];
  }

  /** Announces a file, starts its import and streams its bytes, as the browser does. */
  async importBytes(name: string, bytes: Buffer, options: Request<'import.start'>['options'] = {}): Promise<{ jobId: string; upload: Promise<Answer> }> {
    const ref = (await this.raw('POST', `/api/upload?name=${encodeURIComponent(name)}&size=${bytes.length}`)).body.result as FileRef;
    const { jobId } = await this.call('import.start', { file: ref, options });
    return { jobId, upload: this.raw('POST', `/api/upload/${ref.id}`, new Uint8Array(bytes)) };
  }

  /** The job's status once it has finished (polling jobs.list). */
  async finished(jobId: string, timeoutMs = 120_000): Promise<JobStatus> {
    const until = Date.now() + timeoutMs;
    for (;;) {
      const job = (await this.call('jobs.list', {})).find((j) => j.jobId === jobId);
      if (job && job.state !== 'queued' && job.state !== 'running') return job;
      if (Date.now() > until) throw new Error(`job ${jobId} did not finish: ${JSON.stringify(job)}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  /** Opens the event stream; returns its events so far and a way to close it. */
  events(): { seen: BackendEvent[]; close(): void; opened: Promise<void> } {
    const seen: BackendEvent[] = [];
    let close = () => {};
    const opened = new Promise<void>((resolve, reject) => {
      const req = http.get(`${this.base}/api/events?token=${this.token}`, (res) => {
        resolve();
        let buf = '';
        res.on('data', (d: Buffer) => {
          buf += d.toString();
          for (let i = buf.indexOf('\n\n'); i >= 0; i = buf.indexOf('\n\n')) {
            const chunk = buf.slice(0, i);
            buf = buf.slice(i + 2);
            const data = /^data: (.*)$/m.exec(chunk);
            if (data) seen.push(JSON.parse(data[1]!) as BackendEvent);
          }
        });
        res.on('error', () => {});
      });
      req.on('error', reject);
      close = () => req.destroy();
    });
    return { seen, close: () => close(), opened };
  }
}
