/**
 * `scorecast import` starts its two threads before the rest of the command line loads: they boot
 * (~40 ms) on the other core while this one loads the command line and opens the workspace (~60 ms),
 * instead of after. bin/scorecast.js loads this first for an import. The threads stay unreferenced
 * until the import takes them, so a command that ends early (--help, a usage error) still exits at once.
 */
import { type ImportThreads, startImportThreads } from '../backend/import/threads';

let started: ImportThreads | undefined;

export function prestartImportThreads(): void {
  started ??= startImportThreads({ unref: true });
}

/** The threads started ahead, once; undefined when none were. */
export function takePrestartedThreads(): ImportThreads | undefined {
  const threads = started;
  started = undefined;
  return threads;
}
