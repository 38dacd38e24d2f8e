// The esbuild plugin that makes libphonenumber-js build each pattern's RegExp once (see the shims
// beside this file). Every substitution must apply: check() fails the build if the library has moved
// one, so none can lapse unnoticed.
import fs from 'node:fs';

const helpers = 'libphonenumber-js[\\\\/]es6-modern[\\\\/]helpers[\\\\/]';
const cached = new URL('./cached-regexp.js', import.meta.url).pathname;

/** In these helpers, these expressions become cachedRegExp(…) of the same pattern. */
const SUBSTITUTIONS = {
  'stripIddPrefix.js': [['new RegExp(metadata.IDDPrefix())', '__cachedRegExp(metadata.IDDPrefix())']],
  'getCountryByNationalNumber.js': [['nationalNumber.search(metadata.leadingDigits())', 'nationalNumber.search(__cachedRegExp(metadata.leadingDigits()))']],
  'extractNationalNumberFromPossiblyIncompleteNumber.js': [
    ["new RegExp('^(?:' + metadata.numberingPlan.nationalPrefixForParsing() + ')')", "__cachedRegExp('^(?:' + metadata.numberingPlan.nationalPrefixForParsing() + ')')"],
  ],
};

export function cachedPhoneRegexps() {
  const applied = new Set();
  return {
    plugin: {
      name: 'cached-phone-regexps',
      setup(b) {
        b.onLoad({ filter: new RegExp(`${helpers}matchesEntirely\\.js$`) }, () => {
          applied.add('matchesEntirely.js');
          return { contents: fs.readFileSync(new URL('./libphonenumber-matches-entirely.js', import.meta.url), 'utf8'), loader: 'js' };
        });
        b.onLoad({ filter: new RegExp(`${helpers}(${Object.keys(SUBSTITUTIONS).join('|').replaceAll('.', '\\.')})$`) }, ({ path }) => {
          const name = path.split(/[\\/]/).pop();
          let source = fs.readFileSync(path, 'utf8');
          for (const [from, to] of SUBSTITUTIONS[name]) {
            if (!source.includes(from)) throw new Error(`cached-phone-regexps: ${name} no longer has ${from}; update scripts/shims/phone-regexps.mjs`);
            source = source.replaceAll(from, to);
          }
          applied.add(name);
          return { contents: `import __cachedRegExp from ${JSON.stringify(cached)};\n${source}`, loader: 'js', resolveDir: path.replace(/[\\/][^\\/]*$/, '') };
        });
      },
    },
    /** Throws unless every helper was bundled and substituted. */
    check() {
      const missing = ['matchesEntirely.js', ...Object.keys(SUBSTITUTIONS)].filter((n) => !applied.has(n));
      if (missing.length > 0) throw new Error(`cached-phone-regexps: not bundled: ${missing.join(', ')}; update scripts/shims`);
    },
  };
}
