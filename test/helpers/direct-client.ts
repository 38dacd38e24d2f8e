/**
 * The contract's ApiClient straight onto a real Backend in this process: the store's tests exercise
 * the real backend and real validation without a transport (HTTP and IPC are covered end to end).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Backend } from '../../src/backend/api';
import type { Workspace } from '../../src/backend/workspace';
import { type ApiClient, type BackendEvent, type FileRef, type Method, type Request, type Responses, validateRequest } from '../../src/shared/contract';

export class DirectApiClient implements ApiClient {
  readonly backend: Backend;
  private readonly listeners = new Set<(e: BackendEvent) => void>();

  constructor(ws: Workspace) {
    this.backend = new Backend(ws, (e) => this.listeners.forEach((l) => l(e)));
  }

  async call<M extends Method>(method: M, request: Request<M>): Promise<Responses[M]> {
    const checked = validateRequest<M>(method, JSON.parse(JSON.stringify(request)));
    if (!checked.ok) throw new Error(checked.error);
    return (this.backend.handlers[method] as (r: unknown) => Promise<Responses[M]>)(checked.request);
  }

  onEvent(listener: (e: BackendEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** As the desktop app does with a dropped file: the backend reads it where it is (here, a copy in a temporary folder). */
  async sendFile(file: File): Promise<FileRef> {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'scorecast-direct-'));
    const target = path.join(dir, path.basename(file.name));
    fs.writeFileSync(target, Buffer.from(await file.arrayBuffer()));
    return this.backend.files.registerPicked(target, file.name);
  }
}
