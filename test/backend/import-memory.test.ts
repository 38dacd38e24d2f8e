/**
 * The import streams: a file larger than the JS heap the process may use (--max-old-space-size, which
 * worker threads inherit) imports fine, so neither the text nor a string per cell is held. Kept
 * events live as columns in ArrayBuffers outside that heap (~36 bytes each, by design), and
 * per-contact dictionaries grow with distinct contacts. (Substrings that pin parse chunks are
 * covered by test/core/strings.test.ts: with few contacts, as here, they would pin too little to show.)
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { generateCsv } from '../../src/core/generate';
import { tempDir } from '../helpers/workspace';

const HEAP_MB = 72;

describe('import memory', () => {
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
