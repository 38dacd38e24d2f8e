/**
 * The backend as a child of the Electron shell (utilityProcess): SQLite and the worker pool run here,
 * off the UI's main thread. Messages: {id, method, request} in, {id, ok, result|error} out; backend
 * events go out as {event}. Requests were validated by the shell; they are validated again here.
 */
import fs from 'node:fs';
import { Backend } from './api';
import { UserError } from './errors';
import { listDatasets } from './datasets';
import { Workspace } from './workspace';
import { type Method, validateRequest } from '../shared/contract';
import { ensureSample } from './sample';

interface ParentPort {
  on(event: 'message', listener: (e: { data: unknown }) => void): void;
  postMessage(message: unknown): void;
}

type HostMessage = { id: number; method: string; request: unknown } | { id: number; registerFile: { path: string; name: string } };

export async function runHost(port: ParentPort, dbPath: string): Promise<void> {
  const ws = Workspace.open(dbPath);
  if (listDatasets(ws.db).length === 0) await ensureSample(ws);
  const backend = new Backend(ws, (event) => port.postMessage({ event }));
  port.on('message', ({ data }) => {
    const msg = data as HostMessage;
    if ('registerFile' in msg) {
      const { path, name } = msg.registerFile;
      const ok = fs.existsSync(path) && fs.statSync(path).isFile();
      port.postMessage(ok ? { id: msg.id, ok: true, result: backend.files.registerPicked(path, name) } : { id: msg.id, ok: false, error: `${name}: not a readable file` });
      return;
    }
    const checked = validateRequest<Method>(msg.method, msg.request);
    if (!checked.ok) return port.postMessage({ id: msg.id, ok: false, error: checked.error });
    const handler = backend.handlers[checked.method] as (r: unknown) => Promise<unknown>;
    handler(checked.request).then(
      (result) => port.postMessage({ id: msg.id, ok: true, result }),
      (err: unknown) => port.postMessage({ id: msg.id, ok: false, error: err instanceof UserError ? err.message : `internal error: ${(err as Error).message}` }),
    );
  });
  port.postMessage({ ready: true });
}

const parent = (process as unknown as { parentPort?: ParentPort }).parentPort;
if (parent) {
  const db = process.argv[2];
  if (!db) throw new Error('backend host: no workspace path given');
  void runHost(parent, db);
}
