/**
 * Browser mode: the built renderer and the API contract over HTTP on 127.0.0.1 only. A random token,
 * new at every launch, must accompany every request: the page is opened with it in the query, which
 * also sets it as a same-site cookie for the page's own scripts and styles; API calls send it as a
 * header. The Host header must name this server (no DNS rebinding); every request body is validated
 * by the contract's schemas before it reaches the backend. Uploads stream into the import, never to disk.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import type { Backend } from '../backend/api';
import { UserError } from '../backend/errors';
import { type BackendEvent, type Method, validateRequest } from '../shared/contract';

export const CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data: blob:",
  "connect-src 'self'",
  "font-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

const MAX_JSON_BYTES = 4 * 1024 * 1024;
const MAX_UPLOAD_BYTES = 8 * 1024 * 1024 * 1024;
const TYPES: Record<string, string> = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.css': 'text/css', '.svg': 'image/svg+xml', '.png': 'image/png', '.ico': 'image/x-icon', '.woff2': 'font/woff2' };

export interface ServerOptions {
  backend: Backend;
  /** The built renderer (index.html and assets/). */
  staticDir: string;
  port?: number;
  /** How long running jobs outlive the last open page (a reload reconnects well within it). */
  abandonAfterMs?: number;
}

export interface RunningServer {
  url: string;
  token: string;
  port: number;
  close(): Promise<void>;
  /** Pushes a backend event to every open event stream. */
  broadcast(event: BackendEvent): void;
}

function sameToken(given: string | null | undefined, token: string): boolean {
  if (!given || given.length !== token.length) return false;
  return timingSafeEqual(Buffer.from(given), Buffer.from(token));
}

function send(res: http.ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', 'x-content-type-options': 'nosniff' });
  res.end(text);
}

function cookieToken(req: http.IncomingMessage, name: string): string | null {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const [k, ...v] = part.trim().split('=');
    if (k === name) return v.join('=');
  }
  return null;
}

async function readJson(req: http.IncomingMessage): Promise<unknown> {
  let size = 0;
  const chunks: Buffer[] = [];
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_JSON_BYTES) throw new UserError('request too large');
    chunks.push(chunk);
  }
  if (size === 0) return {};
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8'));
  } catch {
    throw new UserError('request body is not JSON');
  }
}

export async function startServer({ backend, staticDir, port = 0, abandonAfterMs = 10_000 }: ServerOptions): Promise<RunningServer> {
  const token = randomBytes(24).toString('hex');
  const streams = new Set<http.ServerResponse>();
  let actualPort = 0;
  let abandonTimer: NodeJS.Timeout | null = null;
  let closing = false;

  const server = http.createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      if (!res.headersSent) send(res, 500, { ok: false, error: 'internal error' });
      console.error(`scorecast serve: ${(err as Error).message}`);
    });
  });

  async function handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const host = req.headers.host ?? '';
    if (host !== `127.0.0.1:${actualPort}` && host !== `localhost:${actualPort}`) return send(res, 421, { ok: false, error: 'wrong host' });
    let url: URL;
    let pathname: string;
    try {
      url = new URL(req.url ?? '/', `http://${host}`);
      pathname = decodeURIComponent(url.pathname);
    } catch {
      return send(res, 400, { ok: false, error: 'malformed URL' });
    }
    if (pathname.includes('\0')) return send(res, 400, { ok: false, error: 'malformed URL' });
    const cookie = `scorecast_${actualPort}`;
    const headerToken = (req.headers.authorization ?? '').replace(/^Bearer /, '');
    const queryToken = url.searchParams.get('token');
    const authorized = sameToken(headerToken, token) || sameToken(queryToken, token) || sameToken(cookieToken(req, cookie), token);
    // Every path needs the token: the page, its scripts and styles, and the API.
    if (!authorized) return send(res, 401, { ok: false, error: 'missing or wrong token: open the URL that `scorecast serve` printed' });

    if (pathname.startsWith('/api/')) {
      if (req.method === 'GET' && pathname === '/api/events') return openEvents(res);
      if (req.method === 'POST' && pathname === '/api/upload') return announceUpload(res, url);
      const upload = /^\/api\/upload\/([a-f0-9]{32})$/.exec(pathname);
      if (req.method === 'POST' && upload) return receiveUpload(upload[1]!, req, res);
      const call = /^\/api\/call\/([a-zA-Z.]+)$/.exec(pathname);
      if (req.method === 'POST' && call) return callMethod(call[1]!, req, res);
      return send(res, 404, { ok: false, error: 'no such endpoint' });
    }
    if (req.method !== 'GET') return send(res, 405, { ok: false, error: 'method not allowed' });
    if (pathname === '/' || pathname === '/index.html') {
      // The page's own requests for its scripts and styles carry the token as this cookie.
      res.setHeader('set-cookie', `${cookie}=${token}; HttpOnly; SameSite=Strict; Path=/`);
      return serveFile(res, path.join(staticDir, 'index.html'));
    }
    const file = path.resolve(staticDir, '.' + pathname);
    if (!file.startsWith(path.resolve(staticDir) + path.sep)) return send(res, 404, { ok: false, error: 'not found' });
    return serveFile(res, file);
  }

  function serveFile(res: http.ServerResponse, file: string): void {
    fs.stat(file, (err, stat) => {
      if (err || !stat.isFile()) return send(res, 404, { ok: false, error: 'not found' });
      res.writeHead(200, {
        'content-type': TYPES[path.extname(file)] ?? 'application/octet-stream',
        'content-security-policy': CSP,
        'x-content-type-options': 'nosniff',
        'referrer-policy': 'no-referrer',
        'cache-control': 'no-store',
      });
      fs.createReadStream(file).pipe(res);
    });
  }

  function openEvents(res: http.ServerResponse): void {
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store', connection: 'keep-alive' });
    res.write(': connected\n\n');
    streams.add(res);
    if (abandonTimer) clearTimeout(abandonTimer);
    abandonTimer = null;
    res.on('close', () => {
      streams.delete(res);
      // The last page went away: its jobs are cancelled unless a page comes back (a reload) meanwhile.
      if (streams.size === 0 && !closing) {
        abandonTimer = setTimeout(() => {
          abandonTimer = null;
          if (streams.size === 0) void backend.cancelAll().catch(() => {});
        }, abandonAfterMs);
        abandonTimer.unref();
      }
    });
  }

  function announceUpload(res: http.ServerResponse, url: URL): void {
    const name = (url.searchParams.get('name') ?? '').slice(0, 255) || 'upload.csv';
    const size = Number(url.searchParams.get('size'));
    if (!Number.isSafeInteger(size) || size < 0 || size > MAX_UPLOAD_BYTES) return send(res, 400, { ok: false, error: `size: a whole number of bytes up to ${MAX_UPLOAD_BYTES}` });
    send(res, 200, { ok: true, result: backend.files.registerUpload(name, size) });
  }

  async function receiveUpload(id: string, req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_UPLOAD_BYTES) req.destroy(new Error('upload too large'));
    });
    try {
      await backend.files.receive(id, req);
      send(res, 200, { ok: true, result: { received: size } });
    } catch (err) {
      if (!res.headersSent && !res.destroyed) send(res, err instanceof UserError ? 404 : 409, { ok: false, error: (err as Error).message });
    }
  }

  async function callMethod(method: string, req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    let body: unknown;
    try {
      body = await readJson(req);
    } catch (err) {
      return send(res, 400, { ok: false, error: (err as Error).message });
    }
    const checked = validateRequest<Method>(method, body);
    if (!checked.ok) return send(res, checked.error.startsWith('unknown method') ? 404 : 400, { ok: false, error: checked.error });
    try {
      const handler = backend.handlers[checked.method] as (r: unknown) => Promise<unknown>;
      send(res, 200, { ok: true, result: await handler(checked.request) });
    } catch (err) {
      if (err instanceof UserError) return send(res, 422, { ok: false, error: err.message });
      console.error(`scorecast serve: ${method}: ${(err as Error).stack ?? err}`);
      send(res, 500, { ok: false, error: `internal error in ${method}` });
    }
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  actualPort = (server.address() as { port: number }).port;
  return {
    url: `http://127.0.0.1:${actualPort}/?token=${token}`,
    token,
    port: actualPort,
    broadcast(event) {
      const line = `data: ${JSON.stringify(event)}\n\n`;
      for (const s of streams) s.write(line);
    },
    async close() {
      closing = true;
      if (abandonTimer) clearTimeout(abandonTimer);
      for (const s of streams) s.end();
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await closed;
    },
  };
}
