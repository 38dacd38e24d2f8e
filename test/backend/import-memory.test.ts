/**
 * Memory does not follow the file: for the same population of contacts, four times the rows may only
 * cost what each kept event costs by design: its columns (28 bytes, up to 56 while the arrays double),
 * the end-of-import sort scratch (~23 bytes) and SQLite's page cache filling towards its 64 MB cap
 * (~40 bytes) — about 120 bytes. Holding the text (one byte per character, ~135 bytes a row here, as
 * sliced strings pinning parse chunks once did: ~370 bytes a row) lands far above the bound.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { generateCsv } from '../../src/core/generate';
import { tempDir } from '../helpers/workspace';

function peakRss(file: string, db: string): { rows: number; maxRssMb: number } {
  const r = spawnSync(process.execPath, ['--import', 'tsx', path.join(__dirname, '..', 'helpers', 'import-rss.mts'), file, db], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(r.stderr);
  return JSON.parse(r.stdout.trim().split('\n').pop()!) as { rows: number; maxRssMb: number };
}

describe('import memory', () => {
  it('does not grow with the number of rows for a fixed set of contacts', () => {
    const dir = tempDir('scorecast-mem-');
    const write = (name: string, eventsPerContact: number) => {
      const file = path.join(dir, name);
      fs.writeFileSync(file, [...generateCsv({ contacts: 4000, days: 30, seed: 9, eventsPerContact })].join(''));
      return file;
    };
    const small = peakRss(write('small.csv', 25), path.join(dir, 'a.sqlite'));
    const large = peakRss(write('large.csv', 150), path.join(dir, 'b.sqlite'));
    const extraRows = large.rows - small.rows;
    expect(extraRows).toBeGreaterThan(400_000);
    const growthBytesPerRow = ((large.maxRssMb - small.maxRssMb) * 1024 * 1024) / extraRows;
    expect(growthBytesPerRow).toBeLessThan(160);
  });
});
