/**
 * Every contract method of a real `scorecast serve`, fed random and adversarial payloads (prototype
 * keys, huge numbers, deep nesting, wrong types, broken JSON). Every answer is 200 or a 4xx with a JSON
 * error that shows no stack trace and no path; after each batch the server still answers correctly.
 */
import fc from 'fast-check';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateCsv } from '../../src/core/generate';
import { type Method, requestSchemas } from '../../src/shared/contract';
import { defaultScenarioPath } from '../../src/backend/resources';
import { type Served, serve } from '../helpers/browser';
import { type Answer, ServeApi } from '../helpers/api';
import { tempDir } from '../helpers/workspace';

const dir = tempDir('scorecast-fuzz-');
let served: Served;
let api: ServeApi;
let datasets: unknown;
const scenario = JSON.parse(fs.readFileSync(defaultScenarioPath(), 'utf8')) as Record<string, unknown>;

/** A valid request of each method, which mutations start from. Ids name nothing that exists, so no fuzz case deletes real data. */
const VALID: Record<Method, Record<string, unknown>> = {
  'datasets.list': {},
  'datasets.delete': { id: 987_654 },
  'datasets.summary': { id: 1 },
  'datasets.rejectsCsv': { id: 1 },
  'import.preview': { file: { kind: 'upload', id: 'a'.repeat(32), name: 'x.csv' }, options: {}, head: 'YSxiCg==' },
  'import.start': { file: { kind: 'upload', id: 'b'.repeat(32), name: 'x.csv' }, options: { name: 'fuzzed', aliases: { A: 'page_view' }, map: { contactId: 'id' } } },
  'scenarios.default': {},
  'scenarios.propose': { datasetId: 1 },
  'scenarios.validate': { scenario },
  'scenarios.list': {},
  'scenarios.save': { scenario: { ...scenario, name: 'fuzz' } },
  'scenarios.delete': { name: 'no such scenario' },
  'pricing.presets': {},
  'integration.presets': {},
  'state.get': {},
  'state.set': { key: 'theme', value: 'light' },
  'runs.start': { datasetId: 987_654, scenario },
  'runs.list': {},
  'runs.get': { id: 1 },
  'jobs.cancel': { jobId: '0'.repeat(16) },
  'jobs.list': {},
  'whatif.sweep': { datasetId: 987_654, scenario, params: [{ path: 'strategies.events.debounceMinutes', from: 0, to: 60, step: 30 }] },
  'whatif.breakeven': { datasetId: 987_654, scenario, factors: [0.5, 1] },
  'whatif.forecast': { runId: 987_654, months: 3, growthContacts: 0.01, growthEvents: 0.01, priceChange: 0 },
  'whatif.sensitivity': { runId: 1, delta: 0.2 },
  'runs.report': { id: 987_654 },
  'runs.explain': { id: 987_654, contact: 'f3533267e0449d6cb168a668a6087337' },
  'runs.attribute': { id: 987_654, by: 'trigger' },
  'runs.contacts': { id: 987_654, key: 'f3' },
};

const deep = (depth: number, leaf: unknown = 1): unknown => {
  let v = leaf;
  for (let i = 0; i < depth; i++) v = i % 2 ? [v] : { x: v };
  return v;
};

const adversarial = fc.oneof(
  fc.constantFrom(1e308, -1e308, 1e21, -1, 0, 0.5, Number.MAX_SAFE_INTEGER * 8, -0, 2 ** 31, 2 ** 53 + 1),
  fc.constantFrom('', '__proto__', 'constructor', 'prototype', '__proto__.polluted', 'constructor.prototype.polluted', 'strategies.__proto__.polluted', '../../../../etc/passwd', '%00', '=HYPERLINK("http://evil.example")', 'x'.repeat(100_000), '\u0000\uffff', 'NaN', 'Infinity'),
  fc.constantFrom(null, true, false, [], {}, [[[[]]]]),
  fc.constantFrom(JSON.parse('{"__proto__":{"polluted":1}}'), JSON.parse('{"constructor":{"prototype":{"polluted":1}}}'), { prototype: { polluted: 1 } }),
  fc.integer({ min: 1, max: 300 }).map((d) => deep(d)),
  fc.constantFrom(deep(1000), deep(3000)),
  fc.anything({ maxDepth: 3, withObjectString: true, withNullPrototype: true }),
);

/** Every field's path in a request (to depth 4). */
function fieldPaths(base: Record<string, unknown>): string[][] {
  const paths: string[][] = [];
  const walk = (v: unknown, at: string[]) => {
    if (at.length > 0) paths.push(at);
    if (v && typeof v === 'object' && at.length < 4) for (const k of Object.keys(v)) walk((v as Record<string, unknown>)[k], [...at, k]);
  };
  walk(base, []);
  return paths.length ? paths : [['extra']];
}

/** A copy of the request with the field at `p` set to `value`, or with `key` added beside it. */
function withField(base: Record<string, unknown>, p: string[], value: unknown, addKey?: string): unknown {
  const copy = structuredClone(base);
  let node = copy as Record<string, unknown>;
  for (const k of p.slice(0, -1)) node = (node[k] ?? {}) as Record<string, unknown>;
  if (addKey !== undefined) Object.defineProperty(node, addKey, { value, enumerable: true, configurable: true, writable: true });
  else node[p[p.length - 1]!] = value;
  return copy;
}

/** A valid request with one field (at any depth) replaced by an adversarial value, or a key added. */
function mutated(base: Record<string, unknown>): fc.Arbitrary<unknown> {
  return fc
    .tuple(fc.constantFrom(...fieldPaths(base)), adversarial, fc.boolean(), fc.constantFrom('__proto__', 'constructor', 'polluted', 'x'))
    .map(([p, value, addKey, key]) => withField(base, p, value, addKey ? key : undefined));
}

/** Values that reach for a prototype, tried in every field of every method (random picks would seldom land on the one field that matters). */
const PROTOTYPE_REACHES: unknown[] = ['__proto__.polluted', 'constructor.prototype.polluted', 'strategies.__proto__.polluted', 'cost.__proto__.polluted', JSON.parse('{"__proto__":{"polluted":1}}')];

/** Raw bodies that are not a request at all. */
const brokenBodies = fc.constantFrom('', '{', 'null', '[]', '"text"', '1e309', '{"__proto__":{"polluted":1}}', '['.repeat(200_000) + ']'.repeat(200_000), '{"a":' + '{"a":'.repeat(50_000) + '1' + '}'.repeat(50_001), '\u0000', 'x'.repeat(5 * 1024 * 1024));

function expectClean(a: Answer, what: string): void {
  expect(a.status, `${what}: ${a.text.slice(0, 200)}`).toBeLessThan(500);
  expect(a.status === 200 || (a.status >= 400 && a.status < 500), what).toBe(true);
  expect(a.body, what).toBeTypeOf('object');
  if (a.status !== 200) {
    expect(a.body.ok, what).toBe(false);
    expect(typeof a.body.error, what).toBe('string');
    expect(a.body.error, what).not.toMatch(/\n\s+at |node_modules|\.ts:\d+|\.js:\d+/);
    for (const p of [dir, os.tmpdir(), process.cwd(), os.homedir()]) expect(a.body.error!.includes(p), `${what}: ${a.body.error}`).toBe(false);
  }
}

beforeAll(async () => {
  served = await serve(path.join(dir, 'ws.sqlite'));
  api = new ServeApi(served);
  const { jobId, upload } = await api.importBytes('fuzz base.csv', Buffer.from([...generateCsv({ contacts: 200, days: 3, seed: 9 })].join('')));
  await upload;
  await api.finished(jobId);
  const run = await api.call('runs.start', { datasetId: 1, scenario });
  await api.finished(run.jobId);
  datasets = await api.call('datasets.list', {});
});
afterAll(async () => {
  await served.stop();
});

/**
 * The server still answers as before: the same datasets, the default scenario still validates (a
 * polluted prototype would break it), and the jobs thread still runs a simulation to the end.
 */
async function stillWhole(): Promise<void> {
  expect(await api.call('datasets.list', {})).toEqual(datasets);
  expect(await api.call('scenarios.validate', { scenario })).toMatchObject({ ok: true });
  expect((await api.call('runs.get', { id: 1 })).info.id).toBe(1);
  const run = await api.call('runs.start', { datasetId: 1, scenario });
  expect(await api.finished(run.jobId)).toMatchObject({ state: 'done', outcome: { type: 'job.done', kind: 'run' } });
}

describe('the contract under fuzzing', () => {
  it.each(Object.keys(requestSchemas) as Method[])('%s answers every payload with 200 or a clean 4xx', async (method) => {
    await fc.assert(
      fc.asyncProperty(fc.oneof({ arbitrary: mutated(VALID[method]), weight: 4 }, { arbitrary: adversarial, weight: 1 }), async (payload) => {
        const a = await api.raw('POST', `/api/call/${method}`, JSON.stringify(payload) ?? 'null', { 'content-type': 'application/json' });
        expectClean(a, `${method} ${JSON.stringify(payload)?.slice(0, 200)}`);
      }),
      { numRuns: 40, seed: 20261206 },
    );
    for (const p of fieldPaths(VALID[method])) {
      for (const value of PROTOTYPE_REACHES) {
        const payload = withField(VALID[method], p, value);
        expectClean(await api.raw('POST', `/api/call/${method}`, JSON.stringify(payload), { 'content-type': 'application/json' }), `${method} ${p.join('.')}=${JSON.stringify(value)}`);
      }
    }
    // Jobs a payload started (any that was valid) are cancelled, so they cannot change what is checked.
    for (const j of await api.call('jobs.list', {})) if (j.state === 'queued' || j.state === 'running') await api.call('jobs.cancel', { jobId: j.jobId });
    await stillWhole();
  });

  it('answers bodies that are not requests, unknown methods and odd upload calls cleanly', async () => {
    await fc.assert(
      fc.asyncProperty(brokenBodies, fc.constantFrom(...Object.keys(requestSchemas), 'nope', '__proto__', 'constructor', 'datasets.list.x'), async (body, method) => {
        expectClean(await api.raw('POST', `/api/call/${method}`, body, { 'content-type': 'application/json' }), `${method} with a broken body`);
      }),
      { numRuns: 60, seed: 7 },
    );
    for (const q of ['', '?size=-1', '?size=1e30', '?size=abc&name=x', '?name=' + 'n'.repeat(5000) + '&size=3', '?name=../../x&size=0', '?name=%00&size=1'])
      expectClean(await api.raw('POST', `/api/upload${q}`), `upload ${q}`);
    expectClean(await api.raw('POST', `/api/upload/${'c'.repeat(32)}`, 'a,b\n1,2\n'), 'upload for no import');
    expectClean(await api.raw('GET', '/api/call/datasets.list'), 'GET on a method');
    expectClean(await api.raw('PUT', '/'), 'PUT on the page');
    await stillWhole();
  });
});
