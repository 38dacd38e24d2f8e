/**
 * libphonenumber-js's helpers/matchesEntirely, with each pattern's RegExp built once. The library
 * builds `new RegExp('^(?:' + pattern + ')$')` on every call, and that string building and
 * compile-cache lookup was a third of its parse time in an import (~60k phone numbers). A RegExp
 * without the g or y flag keeps no state between test() calls, so caching it changes no result.
 * scripts/build-node.mjs substitutes this file for the library's when bundling.
 */
const compiled = new Map();

export default function matchesEntirely(text, regularExpressionText) {
  text = text || '';
  let re = compiled.get(regularExpressionText);
  if (re === undefined) {
    re = new RegExp('^(?:' + regularExpressionText + ')$');
    compiled.set(regularExpressionText, re);
  }
  return re.test(text);
}
