/** Browser mode: the contract over loopback HTTP, with the per-launch token from the page URL. */
import type { ApiClient, BackendEvent, FileRef, Method, Request, Responses } from '../../shared/contract';

export class HttpApiClient implements ApiClient {
  private readonly listeners = new Set<(e: BackendEvent) => void>();
  private source: EventSource | null = null;

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
    const res = await fetch(`/api/call/${method}`, { method: 'POST', headers: { ...this.headers(), 'content-type': 'application/json' }, body: JSON.stringify(request) });
    return this.unwrap<Responses[M]>(res);
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
    const res = await fetch(`/api/upload?name=${encodeURIComponent(file.name)}`, { method: 'POST', headers: this.headers(), body: file });
    return this.unwrap<FileRef>(res);
  }
}
