/**
 * A copy of `s` that does not share storage with a larger string. Parsers hand out substrings that
 * V8 keeps as slices of the whole input chunk; storing one in a long-lived Map would pin that chunk
 * (megabytes) for every distinct value. Prepending a character forces a flat copy of `s` alone.
 */
export function detach(s: string): string {
  return s.length < 13 ? s : (' ' + s).slice(1);
}

/**
 * Byte text: a string whose characters are the bytes of UTF-8 text, one per character (what latin1
 * decoding makes of a buffer, at the cost of a copy). The CSV import splits and hashes it as it
 * stands, since every character CSV gives meaning to is ASCII and UTF-8 never puts an ASCII byte
 * inside a longer character, and turns into text only the cells it reads as text.
 */
const HIGH_BYTE = /[\x80-\xff]/;
const NON_ASCII = /[\u0080-\uffff]/;
const utf8 = new TextDecoder();
const toUtf8 = new TextEncoder();

/** The text that byte text (valid UTF-8, one byte per character) encodes. */
export function textOfBytes(bytes: string): string {
  if (!HIGH_BYTE.test(bytes)) return bytes;
  const out = new Uint8Array(bytes.length);
  for (let i = 0; i < bytes.length; i++) out[i] = bytes.charCodeAt(i);
  return utf8.decode(out);
}

/** Text as byte text: its UTF-8 bytes, one per character. */
export function bytesOfText(text: string): string {
  if (!NON_ASCII.test(text)) return text;
  let out = '';
  for (const b of toUtf8.encode(text)) out += String.fromCharCode(b);
  return out;
}

/** How the cells a parser hands over are written, and how to read them as text. */
export interface CellCodec {
  /** Cells are byte text (true) or text (false). */
  readonly bytes: boolean;
  text(cell: string): string;
  /** Text written as a cell would be. */
  cell(text: string): string;
}

export const TEXT_CELLS: CellCodec = { bytes: false, text: (s) => s, cell: (s) => s };
export const BYTE_CELLS: CellCodec = { bytes: true, text: textOfBytes, cell: bytesOfText };
