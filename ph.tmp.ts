import fs from 'node:fs';
import { parsePhoneNumberFromString, isPossiblePhoneNumber, validatePhoneNumberLength, parseIncompletePhoneNumber } from 'libphonenumber-js';
import { parsePhoneNumberFromString as coreParse } from 'libphonenumber-js/core';
import meta from 'libphonenumber-js/min/metadata';
import { normalizePhone } from './src/core/normalize/phone';
const phones = [...new Set(fs.readFileSync('.bench/import-1000000.csv', 'utf8').split('\n').slice(1).map((l) => l.split(',')[2] ?? ''))].filter(Boolean);
console.log(phones.length);
function time(name: string, fn: (p: string) => unknown) {
  for (let rep = 0; rep < 2; rep++) {
    const t = performance.now(); let n = 0;
    for (const p of phones) if (fn(p)) n++;
    if (rep) console.log(name.padEnd(30), (performance.now() - t).toFixed(0), 'ms', n);
  }
}
time('normalizePhone', (p) => normalizePhone(p, 'US'));
time('parse only', (p) => parsePhoneNumberFromString(p, { defaultCountry: 'US', extract: false }));
time('core parse', (p) => coreParse(p, { defaultCountry: 'US', extract: false }, meta));
time('isPossiblePhoneNumber', (p) => isPossiblePhoneNumber(p, 'US'));
time('validateLength', (p) => validatePhoneNumberLength(p, 'US') === undefined);
time('parseIncomplete', (p) => parseIncompletePhoneNumber(p));
