/**
 * The import streams: a file larger than the JS heap the process may use (--max-old-space-size, which
 * worker threads inherit) imports fine, so neither the text nor a string per cell is held. Its memory
 * grows with contacts, not rows: rows pass through a sorted run of bounded size (spilled to temporary
 * tables past it), so twice the rows with the same contacts take about the same peak memory.
 * (Substrings that pin parse chunks are covered by test/core/strings.test.ts.)
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { generateCsv } from '../../src/core/generate';
import { tempDir } from '../helpers/workspace';

const HEAP_MB = 72;

/** Imports `file` in a child process; its peak RSS (all threads) and what it imported. */
function importRss(file: string, db: string, limits?: object): { rows: number; contacts: number; maxRssMb: number } {
  const r = spawnSync(process.execPath, ['--import', 'tsx', path.join(__dirname, '..', 'helpers', 'import-rss.mts'), file, db, ...(limits ? [JSON.stringify(limits)] : [])], { encoding: 'utf8' });
  expect(r.stderr).toBe('');
  expect(r.status).toBe(0);
  return JSON.parse(r.stdout.trim().split('\n').pop()!) as { rows: number; contacts: number; maxRssMb: number };
}

function generated(dir: string, name: string, eventsPerContact: number): string {
  const file = path.join(dir, name);
  const out = fs.openSync(file, 'w');
  for (const chunk of generateCsv({ contacts: 20_000, days: 30, seed: 11, eventsPerContact, dirty: 0.02 })) fs.writeSync(out, chunk);
  fs.closeSync(out);
  return file;
}

describe('import memory', () => {
  // The slope check of bench/scale in small: 1M and 2M rows with the same 20,000 contacts.
  it('takes at most 1.2x the peak memory for twice the rows with the same contacts, held in memory or spilled', () => {
    const dir = tempDir('scorecast-slope-');
    const small = generated(dir, 'small.csv', 50);
    const large = generated(dir, 'large.csv', 100);
    // At the default limits both files fit one run in memory; at 250k rows a run, both spill.
    for (const limits of [undefined, { runRows: 250_000, keptRows: 250_000, lookupEvents: 500_000 }]) {
      const a = importRss(small, path.join(dir, `a-${limits ? 'spill' : 'memory'}.sqlite`), limits);
      const b = importRss(large, path.join(dir, `b-${limits ? 'spill' : 'memory'}.sqlite`), limits);
      // The same 20,000 contacts, less the few whose every row is dirty.
      expect(Math.abs(a.contacts - b.contacts)).toBeLessThanOrEqual(20);
      expect(b.rows).toBeGreaterThan(1.8 * a.rows);
      const figures = `${limits ? 'spilled' : 'in memory'}: ${a.rows} rows ${a.maxRssMb.toFixed(0)} MB, ${b.rows} rows ${b.maxRssMb.toFixed(0)} MB`;
      expect(b.maxRssMb, figures).toBeLessThanOrEqual(1.2 * a.maxRssMb);
    }
  });

  it(`imports a file larger than a ${HEAP_MB} MB JS heap`, () => {
    const dir = tempDir('scorecast-mem-');
    const file = path.join(dir, 'large.csv');
    const out = fs.openSync(file, 'w');
    for (const chunk of generateCsv({ contacts: 4000, days: 30, seed: 9, eventsPerContact: 200 })) fs.writeSync(out, chunk);
    fs.closeSync(out);
    expect(fs.statSync(file).size).toBeGreaterThan(1.2 * HEAP_MB * 1024 * 1024);
    const r = spawnSync(
      process.execPath,
      [`--max-old-space-size=${HEAP_MB}`, '--import', 'tsx', path.join(__dirname, '..', 'helpers', 'import-rss.mts'), file, path.join(dir, 'ws.sqlite')],
      { encoding: 'utf8' },
    );
    expect(r.stderr).not.toMatch(/heap out of memory|exited/);
    expect(r.status).toBe(0);
    const { rows } = JSON.parse(r.stdout.trim().split('\n').pop()!) as { rows: number };
    expect(rows).toBeGreaterThan(700_000);
  });
});
