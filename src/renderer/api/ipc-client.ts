/** Desktop mode: the contract over the preload bridge (contextIsolation: the bridge is all the page sees). */
import type { ApiClient, BackendEvent, FileRef, Method, Request, Responses } from '../../shared/contract';

export interface ScorecastBridge {
  invoke(method: string, request: unknown): Promise<{ ok: boolean; result?: unknown; error?: string }>;
  onEvent(listener: (event: BackendEvent) => void): () => void;
  pickFile(): Promise<FileRef | null>;
  fileForDrop(file: File): Promise<FileRef>;
}

export class IpcApiClient implements ApiClient {
  constructor(private readonly bridge: ScorecastBridge) {}

  async call<M extends Method>(method: M, request: Request<M>): Promise<Responses[M]> {
    const r = await this.bridge.invoke(method, request);
    if (!r.ok) throw new Error(r.error ?? 'request failed');
    return r.result as Responses[M];
  }

  onEvent(listener: (e: BackendEvent) => void): () => void {
    return this.bridge.onEvent(listener);
  }

  sendFile(file: File): Promise<FileRef> {
    return this.bridge.fileForDrop(file);
  }

  pickFile(): Promise<FileRef | null> {
    return this.bridge.pickFile();
  }
}
