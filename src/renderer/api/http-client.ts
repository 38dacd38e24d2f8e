/**
 * Browser mode: the contract over loopback HTTP, with the per-launch token from the page URL.
 * A chosen file stays in the browser until it is imported: previews send its head, and the import
 * streams the whole file into the backend's parse thread (nothing of it is written to disk there).
 */
import { type ApiClient, type BackendEvent, type FileRef, type Method, PREVIEW_HEAD_BYTES, type Request, type Responses } from '../../shared/contract';

function base64(bytes: Uint8Array): string {
  let text = '';
  for (let i = 0; i < bytes.length; i += 0x8000) text += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(text);
}

export class HttpApiClient implements ApiClient {
  private readonly listeners = new Set<(e: BackendEvent) => void>();
  private source: EventSource | null = null;
  /** Files announced to the backend, by their id, until they are imported. */
  private readonly files = new Map<string, File>();

  constructor(private readonly token: string) {}

  private headers(): HeadersInit {
    return { authorization: `Bearer ${this.token}` };
  }

  private async unwrap<T>(res: Response): Promise<T> {
    const body = (await res.json().catch(() => ({ ok: false, error: `HTTP ${res.status}` }))) as { ok: boolean; result?: T; error?: string };
    if (!body.ok) throw new Error(body.error ?? `HTTP ${res.status}`);
    return body.result as T;
  }

  async call<M extends Method>(method: M, request: Request<M>): Promise<Responses[M]> {
    let body: unknown = request;
    if (method === 'import.preview') {
      const { file } = request as Request<'import.preview'>;
      const local = this.files.get(file.id);
      if (local) body = { ...request, head: base64(new Uint8Array(await local.slice(0, PREVIEW_HEAD_BYTES).arrayBuffer())) };
    }
    const res = await fetch(`/api/call/${method}`, { method: 'POST', headers: { ...this.headers(), 'content-type': 'application/json' }, body: JSON.stringify(body) });
    const result = await this.unwrap<Responses[M]>(res);
    if (method === 'import.start') this.streamUpload((request as Request<'import.start'>).file);
    return result;
  }

  /** Sends an announced file's bytes to the import now waiting for them; the import reports how it went. */
  private streamUpload(ref: FileRef): void {
    const file = this.files.get(ref.id);
    if (!file) return;
    this.files.delete(ref.id);
    void fetch(`/api/upload/${ref.id}`, { method: 'POST', headers: this.headers(), body: file }).catch(() => {
      // The import fails with its own message (the upload stopped), which the page shows.
    });
  }

  onEvent(listener: (e: BackendEvent) => void): () => void {
    this.listeners.add(listener);
    if (!this.source) {
      this.source = new EventSource(`/api/events?token=${encodeURIComponent(this.token)}`);
      this.source.onmessage = (m) => {
        const event = JSON.parse(m.data as string) as BackendEvent;
        for (const l of this.listeners) l(event);
      };
    }
    return () => this.listeners.delete(listener);
  }

  async sendFile(file: File): Promise<FileRef> {
    const res = await fetch(`/api/upload?name=${encodeURIComponent(file.name)}&size=${file.size}`, { method: 'POST', headers: this.headers() });
    const ref = await this.unwrap<FileRef>(res);
    this.files.set(ref.id, file);
    return ref;
  }
}
