/**
 * One RegExp per pattern source, for libphonenumber-js helpers that build `new RegExp(pattern)` (or
 * pass a pattern string to String#search) on every call: an import parses tens of thousands of phone
 * numbers. Only flagless RegExps are cached, and the helpers use them with search, match and exec,
 * which keep no state between calls on a RegExp without the g or y flag: caching changes no result.
 */
const compiled = new Map();

export default function cachedRegExp(source) {
  let re = compiled.get(source);
  if (re === undefined) {
    re = new RegExp(source);
    compiled.set(source, re);
  }
  return re;
}
