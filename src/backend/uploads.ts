/**
 * Uploads (browser mode) go straight from the HTTP request into the import's parse thread over a
 * MessagePort, never to disk. The parse thread pulls; each pull is answered with up to a megabyte as
 * it arrives, so the request is read no faster than the import reads it.
 */
import type { Readable } from 'node:stream';
import { MessageChannel, type MessagePort } from 'node:worker_threads';
import type { StreamMessage } from '../worker/byte-source';

/** What the parse thread reads at a time from a file: the same from an upload. */
const CHUNK_BYTES = 1 << 20;
/** How long an import waits for its upload to start. */
const ARRIVAL_TIMEOUT_MS = 60_000;

export class UploadStream {
  /** The end the import reads: transfer it to the import. */
  readonly port: MessagePort;
  private readonly own: MessagePort;
  private pulls = 0;
  private readonly chunks: Buffer[] = [];
  private bytes = 0;
  private ended = false;
  private finished = false;
  private failure: string | null = null;
  private body: Readable | null = null;
  private readonly timer: NodeJS.Timeout;
  private settle: { resolve: () => void; reject: (err: Error) => void } | null = null;

  constructor(
    readonly name: string,
    timeoutMs = ARRIVAL_TIMEOUT_MS,
  ) {
    const { port1, port2 } = new MessageChannel();
    this.own = port1;
    this.port = port2;
    port1.on('message', (m: { type: 'pull' }) => {
      if (m.type !== 'pull') return;
      this.pulls++;
      this.flush();
    });
    port1.on('close', () => this.stopped());
    this.timer = setTimeout(() => this.fail(`the file did not arrive within ${timeoutMs / 1000} s; choose it and import again`), timeoutMs);
    this.timer.unref();
  }

  /** Streams a request body into the import; settles when the import has all of it, or fails. */
  attach(body: Readable): Promise<void> {
    if (this.body || this.finished) return Promise.reject(new Error('this upload was already sent'));
    clearTimeout(this.timer);
    this.body = body;
    return new Promise<void>((resolve, reject) => {
      this.settle = { resolve, reject };
      body.on('data', (chunk: Buffer) => {
        this.chunks.push(chunk);
        this.bytes += chunk.length;
        this.flush();
      });
      body.on('end', () => {
        this.ended = true;
        this.flush();
      });
      body.on('error', () => this.fail('the upload was interrupted before the whole file arrived; choose the file again'));
      body.on('close', () => {
        if (!this.ended) this.fail('the upload was interrupted before the whole file arrived; choose the file again');
      });
    });
  }

  /** Gives up on the upload: the import fails with this message, and the request is dropped. */
  fail(message: string): void {
    if (this.finished) return;
    this.failure = message;
    this.flush();
  }

  private flush(): void {
    while (this.pulls > 0 && !this.finished) {
      let m: StreamMessage;
      if (this.failure !== null) m = { type: 'error', message: this.failure };
      else if (this.bytes >= CHUNK_BYTES || (this.ended && this.bytes > 0)) m = this.take();
      else if (this.ended) m = { type: 'end' };
      else break;
      this.pulls--;
      this.own.postMessage(m, m.type === 'chunk' ? [m.data] : []);
      if (m.type !== 'chunk') this.done(m.type === 'end' ? null : new Error(this.failure ?? 'upload failed'));
    }
    // Read ahead at most two chunks of what the import has not asked for yet.
    if (this.body && !this.finished) {
      if (this.bytes > 2 * CHUNK_BYTES) this.body.pause();
      else this.body.resume();
    }
  }

  private take(): StreamMessage {
    const size = Math.min(this.bytes, CHUNK_BYTES);
    const out = new Uint8Array(size);
    let at = 0;
    while (at < size) {
      const head = this.chunks[0]!;
      const n = Math.min(head.length, size - at);
      out.set(head.subarray(0, n), at);
      at += n;
      if (n === head.length) this.chunks.shift();
      else this.chunks[0] = head.subarray(n);
    }
    this.bytes -= size;
    return { type: 'chunk', data: out.buffer };
  }

  /** The import stopped reading (finished, failed or cancelled). */
  private stopped(): void {
    if (!this.finished) this.done(new Error('the import stopped before the whole file was read'));
  }

  private done(err: Error | null): void {
    this.finished = true;
    clearTimeout(this.timer);
    this.chunks.length = 0;
    this.bytes = 0;
    if (err && this.body && !this.ended) this.body.destroy();
    if (err) this.settle?.reject(err);
    else this.settle?.resolve();
    this.own.close();
  }
}
