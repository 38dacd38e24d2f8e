/**
 * Streams a file as decoded text: UTF-8 (with or without BOM) or UTF-16 with a BOM. Binary and
 * mis-encoded files fail with one clear error instead of a flood of rejected rows.
 */
import fs from 'node:fs';
import { TextDecoder } from 'node:util';

export class FileFormatError extends Error {}

const READ_CHUNK = 1 << 20;

export interface TextStream {
  chunks: AsyncGenerator<string>;
  /** Bytes read from disk so far. */
  bytesRead(): number;
  totalBytes: number;
}

export function readText(file: string): TextStream {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(file);
  } catch {
    throw new FileFormatError(`${file}: no such file; check the path`);
  }
  if (!stat.isFile()) throw new FileFormatError(`${file}: not a file`);
  if (stat.size === 0) throw new FileFormatError(`${file}: the file is empty; export it again with its header row and data`);
  let read = 0;
  async function* chunks(): AsyncGenerator<string> {
    const stream = fs.createReadStream(file, { highWaterMark: READ_CHUNK });
    let decoder: TextDecoder | undefined;
    let offset = 0;
    for await (const raw of stream as AsyncIterable<Buffer>) {
      let buf = raw;
      read += buf.length;
      if (!decoder) {
        let encoding = 'utf-8';
        if (buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf) buf = buf.subarray(3);
        else if (buf[0] === 0xff && buf[1] === 0xfe) [encoding, buf] = ['utf-16le', buf.subarray(2)];
        else if (buf[0] === 0xfe && buf[1] === 0xff) [encoding, buf] = ['utf-16be', buf.subarray(2)];
        else if (buf.subarray(0, 8192).includes(0)) {
          throw new FileFormatError(`${file}: this is a binary file, not CSV or JSON Lines text; export the data as CSV or JSON Lines`);
        }
        decoder = new TextDecoder(encoding, { fatal: true, ignoreBOM: true });
      }
      try {
        yield decoder.decode(buf, { stream: true });
      } catch {
        throw new FileFormatError(
          `${file}: not valid UTF-8 text (somewhere in bytes ${offset}–${offset + raw.length}); re-export the file as UTF-8 (or UTF-16 with a byte-order mark)`,
        );
      }
      offset += raw.length;
    }
    const tail = decoder?.decode();
    if (tail) yield tail;
  }
  return { chunks: chunks(), bytesRead: () => read, totalBytes: stat.size };
}
