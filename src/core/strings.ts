/**
 * A copy of `s` that does not share storage with a larger string. Parsers hand out substrings that
 * V8 keeps as slices of the whole input chunk; storing one in a long-lived Map would pin that chunk
 * (megabytes) for every distinct value. Prepending a character forces a flat copy of `s` alone.
 */
export function detach(s: string): string {
  return s.length < 13 ? s : (' ' + s).slice(1);
}
