import fs from 'node:fs';
import { ContactIdentity } from './src/core/importing/identity';
import { hmacKeyer } from './src/worker/keyer';
const text = fs.readFileSync('/work/main/.bench/import-1000000.csv', 'utf8').split('\n');
const obs: [number, string | null, string[]][] = [];
const known = new Map<string, number>(); const last = new Map<string, string>();
for (let i = 1; i < text.length; i++) {
  const r = text[i]!.split(','); if (r.length !== 11) continue;
  const cells = [r[1]!, r[2]!, r[5]!, r[6]!, '', r[7]!, ''];
  const key = cells.join('|'); let c = known.get(r[0]!); let raw: string | null = null;
  if (c === undefined) { c = known.size; known.set(r[0]!, c); raw = r[0]!; }
  if (last.get(r[0]!) === key && raw === null) continue;
  last.set(r[0]!, key); obs.push([c, raw, cells]);
}
console.log('observations', obs.length);
for (let rep = 0; rep < 2; rep++) {
  const id = new ContactIdentity('US', hmacKeyer(Buffer.alloc(32, 7)));
  const t = performance.now();
  for (const [c, raw, cells] of obs) id.observe(c, raw, cells);
  const out = id.finish();
  console.log('observe all', (performance.now() - t).toFixed(0), 'ms', out.contacts.key.length);
}
const k = hmacKeyer(Buffer.alloc(32, 7)); let t = performance.now();

console.log('183k hmac', (performance.now() - t).toFixed(0), 'ms');
