import { spawnSync } from 'node:child_process';
import path from 'node:path';

const BIN = path.join(__dirname, '..', '..', 'bin', 'scorecast.js');

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the real `scorecast` binary. */
export function cli(args: string[], env: Record<string, string> = {}): CliResult {
  const r = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', env: { ...process.env, ...env }, timeout: 120_000 });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

/** Makes the workspace `db` with a generated export imported as "crm", through the real CLI, as the browser tests start. */
export function crmWorkspace(db: string, sample: { contacts: number; days: number; seed: number }): void {
  const csv = path.join(path.dirname(db), 'crm.csv');
  const generated = cli(['generate', '--contacts', String(sample.contacts), '--days', String(sample.days), '--seed', String(sample.seed), '--out', csv]);
  if (generated.code !== 0) throw new Error(`scorecast generate exited ${generated.code}: ${generated.stderr}`);
  const imported = cli(['import', csv, '--db', db, '--name', 'crm']);
  if (imported.code !== 0) throw new Error(`scorecast import exited ${imported.code}: ${imported.stderr}`);
}

export function cliJson<T>(args: string[]): T {
  const r = cli([...args, '--json']);
  if (r.code !== 0) throw new Error(`scorecast ${args.join(' ')} exited ${r.code}: ${r.stderr}`);
  return JSON.parse(r.stdout) as T;
}
