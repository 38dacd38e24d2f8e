/**
 * Import is atomic under SIGKILL: a workspace with one dataset, then `scorecast import` of a generated
 * file killed at a random moment. Each time the workspace opens whole and holds exactly what it held
 * before, or that plus the whole new dataset — through a rollback journal (the import alone) and
 * through the WAL (another connection open, as when the app is running).
 */
import Database from 'better-sqlite3';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { Workspace } from '../../src/backend/workspace';
import { cli } from '../helpers/cli';
import { dumpWorkspace, tempDir } from '../helpers/workspace';

const BIN = path.join(__dirname, '..', '..', 'bin', 'scorecast.js');
const dir = tempDir('scorecast-crash-');
const base = path.join(dir, 'base.sqlite');
const file = path.join(dir, 'new.csv');
let before: string[];
let after: string[];
let importMs = 0;

/** A workspace's content without what differs between two identical imports (their clock times). */
function content(db: string): string[] {
  const ws = Workspace.open(db);
  try {
    const dump = dumpWorkspace(ws);
    return Object.entries(dump).flatMap(([table, rows]) =>
      (rows as string[]).map((r) => `${table}:${r.replace(/\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z/g, 'TIME').replace(/\\"seconds\\":[\d.e-]+/g, 'SECONDS')}`),
    );
  } finally {
    ws.close();
  }
}

function copyOf(name: string): string {
  const target = path.join(dir, `${name}.sqlite`);
  fs.copyFileSync(base, target);
  fs.copyFileSync(`${base}.key`, `${target}.key`);
  return target;
}

beforeAll(() => {
  const sample = path.join(dir, 'sample.csv');
  expect(cli(['generate', '--contacts', '2000', '--days', '5', '--seed', '2', '--dirty', '0.05', '--out', sample]).code).toBe(0);
  expect(cli(['generate', '--contacts', '30000', '--days', '10', '--seed', '5', '--dirty', '0.02', '--out', file]).code).toBe(0);
  expect(cli(['import', sample, '--db', base, '--name', 'kept']).code).toBe(0);
  // Checkpointed, so a copy is the whole workspace.
  const db = new Database(base);
  db.pragma('wal_checkpoint(TRUNCATE)');
  db.close();
  before = content(copyOf('reference-before'));
  const whole = copyOf('reference-after');
  const started = performance.now();
  expect(cli(['import', file, '--db', whole, '--name', 'new']).code).toBe(0);
  importMs = performance.now() - started;
  after = content(whole);
  expect(after.length).toBeGreaterThan(before.length);
});

async function killedImport(target: string, delayMs: number): Promise<void> {
  const child = spawn(process.execPath, [BIN, 'import', file, '--db', target, '--name', 'new'], { stdio: 'ignore' });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  await new Promise((r) => setTimeout(r, delayMs));
  child.kill('SIGKILL');
  await exited;
}

describe('an import killed at any moment', () => {
  it.each([
    ['alone (rollback journal)', false],
    ['beside another connection (WAL)', true],
  ])('%s leaves the workspace as before or with the whole dataset', async (_, withReader) => {
    let trial = 0;
    const outcomes = new Set<string>();
    await fc.assert(
      fc.asyncProperty(fc.double({ min: 0, max: 1.2, noNaN: true }), async (share) => {
        const target = copyOf(`trial-${withReader ? 'wal' : 'journal'}-${trial++}`);
        const reader = withReader ? new Database(target) : null;
        try {
          await killedImport(target, share * importMs);
        } finally {
          reader?.close();
        }
        const db = new Database(target);
        expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
        db.close();
        const now = content(target);
        const same = JSON.stringify(now) === JSON.stringify(before) ? 'before' : JSON.stringify(now) === JSON.stringify(after) ? 'after' : 'neither';
        outcomes.add(same);
        expect(same).not.toBe('neither');
      }),
      { numRuns: 6, seed: withReader ? 41 : 42 },
    );
    // Kills that land mid-import are the point: at least one trial ended with nothing of the new dataset.
    expect(outcomes.has('before')).toBe(true);
  });
});
