/**
 * What an import reads: a file on disk, an upload streamed over a MessagePort (nothing of it is
 * written to disk), or bytes in memory (the head of an upload, for the preview). Each gives its bytes
 * as chunks; the head is peeked without losing it.
 */
import fs from 'node:fs';
import type { MessagePort } from 'node:worker_threads';

/** How an import names where its bytes are (crosses threads: plain data and a port). */
export type ImportSource =
  | { kind: 'file'; path: string; name?: string }
  | { kind: 'stream'; port: MessagePort; name: string; size: number }
  | { kind: 'bytes'; bytes: Uint8Array; name: string; size: number };

/** Messages on an upload's port. The reader pulls; the sender answers each pull with one message. */
export type StreamMessage = { type: 'chunk'; data: ArrayBuffer } | { type: 'end' } | { type: 'error'; message: string };

export class SourceError extends Error {}

export interface ByteSource {
  /** What messages call the file: its path, or the name the user's file had. */
  readonly name: string;
  readonly size: number;
  /** The first bytes (at least the first chunk's), without consuming them. */
  head(): Promise<Buffer>;
  /** Every byte, in chunks; call once. */
  chunks(): AsyncGenerator<Buffer>;
  /** Releases what the source holds (an unread upload is abandoned). */
  close(): void;
}

const READ_CHUNK = 1 << 20;
const HEAD_BYTES = 64 * 1024;

export function displayName(source: ImportSource): string {
  return source.kind === 'file' ? (source.name ?? source.path) : source.name;
}

export function openSource(source: ImportSource): ByteSource {
  if (source.kind === 'file') return fileSource(source.path, source.name);
  if (source.kind === 'bytes') return bytesSource(source.bytes, source.name, source.size);
  return streamSource(source.port, source.name, source.size);
}

function fileSource(file: string, name = file): ByteSource {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(file);
  } catch {
    throw new SourceError(`${name}: no such file; check the path`);
  }
  if (!stat.isFile()) throw new SourceError(`${name}: not a file`);
  return {
    name,
    size: stat.size,
    async head() {
      let fd: number;
      try {
        fd = fs.openSync(file, 'r');
      } catch (err) {
        throw new SourceError(`${name}: cannot be read (${(err as NodeJS.ErrnoException).code ?? 'error'}); check that it is yours to read`);
      }
      try {
        const buf = Buffer.alloc(Math.min(HEAD_BYTES, stat.size));
        const n = fs.readSync(fd, buf, 0, buf.length, 0);
        return buf.subarray(0, n);
      } finally {
        fs.closeSync(fd);
      }
    },
    async *chunks() {
      yield* fs.createReadStream(file, { highWaterMark: READ_CHUNK }) as AsyncIterable<Buffer>;
    },
    close() {},
  };
}

function bytesSource(bytes: Uint8Array, name: string, size: number): ByteSource {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return {
    name,
    size,
    async head() {
      return buf;
    },
    async *chunks() {
      if (buf.length > 0) yield buf;
    },
    close() {},
  };
}

function streamSource(port: MessagePort, name: string, size: number): ByteSource {
  let first: Buffer | null = null;
  let ended = false;
  let waiting: { resolve: (m: StreamMessage) => void; reject: (e: Error) => void } | null = null;
  port.on('message', (m: StreamMessage) => {
    const w = waiting;
    waiting = null;
    w?.resolve(m);
  });
  port.on('close', () => {
    const w = waiting;
    waiting = null;
    w?.reject(new SourceError(`${name}: the upload stopped before the whole file arrived; choose the file again`));
  });
  const pull = async (): Promise<Buffer | null> => {
    if (ended) return null;
    const m = await new Promise<StreamMessage>((resolve, reject) => {
      waiting = { resolve, reject };
      port.postMessage({ type: 'pull' });
    });
    if (m.type === 'error') throw new SourceError(`${name}: ${m.message}`);
    if (m.type === 'end') {
      ended = true;
      return null;
    }
    return Buffer.from(m.data);
  };
  return {
    name,
    size,
    async head() {
      first ??= (await pull()) ?? Buffer.alloc(0);
      return first;
    },
    async *chunks() {
      if (first === null) first = (await pull()) ?? Buffer.alloc(0);
      if (first.length > 0) yield first;
      first = Buffer.alloc(0);
      for (let chunk = await pull(); chunk !== null; chunk = await pull()) yield chunk;
    },
    close() {
      port.close();
    },
  };
}
