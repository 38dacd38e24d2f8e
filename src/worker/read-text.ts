/**
 * Streams a file as decoded text: UTF-8 (with or without BOM) or UTF-16 with a BOM. Binary and
 * mis-encoded files fail with one clear error instead of a flood of rejected rows.
 * UTF-8 can be streamed as byte text instead (core/strings.ts), which costs a copy where decoding
 * costs ~5× as much as soon as a chunk holds one non-ASCII character; it is checked as UTF-8 all the same.
 */
import { isUtf8 } from 'node:buffer';
import { TextDecoder } from 'node:util';
import type { ByteSource } from './byte-source';

export class FileFormatError extends Error {}

export interface TextChunk {
  /** In byte text, made when first read: the row scanner reads the bytes alone. */
  readonly text: string;
  /** In byte text, the bytes the text was read from: index i of one is index i of the other. */
  bytes: Uint8Array | null;
}

export interface TextStream {
  chunks: AsyncGenerator<TextChunk>;
  /** The chunks are byte text (asked for, and the file is UTF-8), not decoded text. */
  byteText: boolean;
  /** Bytes read so far. */
  bytesRead(): number;
  totalBytes: number;
}

/** Length of the prefix of `buf` that ends on a UTF-8 character boundary. */
function completeUtf8(buf: Buffer): number {
  let i = buf.length;
  // Step back over at most 3 continuation bytes to the lead byte of the last character.
  for (let back = 0; back < 4 && i > 0; back++) {
    const b = buf[i - 1]!;
    if ((b & 0xc0) !== 0x80) {
      const need = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : b >= 0xc0 ? 2 : 1;
      return need === back + 1 ? buf.length : i - 1;
    }
    i--;
  }
  return buf.length;
}

export async function readText(source: ByteSource, options: { byteText?: boolean } = {}): Promise<TextStream> {
  const file = source.name;
  if (source.size === 0) throw new FileFormatError(`${file}: the file is empty; export it again with its header row and data`);
  let read = 0;
  const badUtf8 = (from: number, to: number) =>
    new FileFormatError(`${file}: not valid UTF-8 text (somewhere in bytes ${from}–${to}); re-export the file as UTF-8 (or UTF-16 with a byte-order mark)`);
  const utf16Order = utf16ByteOrder(await source.head());
  const byteText = options.byteText === true && utf16Order === null;
  async function* chunks(): AsyncGenerator<TextChunk> {
    let utf16: TextDecoder | undefined;
    let first = true;
    let carry: Buffer = Buffer.alloc(0);
    let offset = 0;
    for await (const raw of source.chunks()) {
      read += raw.length;
      let buf = raw;
      if (first) {
        first = false;
        if (utf16Order !== null) [utf16, buf] = [new TextDecoder(utf16Order), buf.subarray(2)];
        else if (buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf) buf = buf.subarray(3);
        else if (buf.subarray(0, 8192).includes(0)) {
          throw new FileFormatError(`${file}: this is a binary file, not CSV or JSON Lines text; export the data as CSV or JSON Lines`);
        }
      }
      if (utf16) yield { text: utf16.decode(buf, { stream: true }), bytes: null };
      else {
        const all = carry.length > 0 ? Buffer.concat([carry, buf]) : buf;
        const whole = completeUtf8(all);
        const part = all.subarray(0, whole);
        if (!isUtf8(part)) throw badUtf8(offset, offset + raw.length);
        carry = Buffer.from(all.subarray(whole));
        // A plain Uint8Array view, as the splitter's rows across chunks are: code compiled for one
        // kind of byte array is thrown away when the other comes (Buffer is a subclass, another map).
        yield byteText ? byteTextChunk(part, new Uint8Array(part.buffer, part.byteOffset, part.length)) : { text: part.toString('utf8'), bytes: null };
      }
      offset += raw.length;
    }
    if (carry.length > 0) throw badUtf8(offset - carry.length, offset);
    const tail = utf16?.decode();
    if (tail) yield { text: tail, bytes: null };
  }
  return { chunks: chunks(), byteText, bytesRead: () => read, totalBytes: source.size };
}

function byteTextChunk(part: Buffer, bytes: Uint8Array): TextChunk {
  let text: string | undefined;
  return {
    get text() {
      text ??= part.toString('latin1');
      return text;
    },
    bytes,
  };
}

/** The byte order a UTF-16 file's byte-order mark gives, or null for any other file. */
function utf16ByteOrder(head: Buffer): 'utf-16le' | 'utf-16be' | null {
  if (head.length < 2) return null;
  return head[0] === 0xff && head[1] === 0xfe ? 'utf-16le' : head[0] === 0xfe && head[1] === 0xff ? 'utf-16be' : null;
}

/** The head's text, decoded as readText would decode it (for telling CSV from JSON Lines). */
export function headText(head: Buffer): string {
  const order = utf16ByteOrder(head);
  if (order !== null) return new TextDecoder(order).decode(head.subarray(2));
  return head.subarray(head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf ? 3 : 0).toString('utf8');
}
