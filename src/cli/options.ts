/** Option parsers shared by commands; a malformed value is a usage error (exit 2). */
import { InvalidArgumentError } from 'commander';
import { type Field, parseFieldName, FIELDS } from '../core/headers';
import { Workspace, WorkspaceBusyError, defaultWorkspacePath } from '../backend/workspace';

export function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

export function positiveInt(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0) throw new InvalidArgumentError('expected a positive whole number');
  return n;
}

export function nonNegativeInt(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new InvalidArgumentError('expected a whole number ≥ 0');
  return n;
}

export function share(value: string): number {
  const n = Number(value);
  if (!(n >= 0 && n <= 1)) throw new InvalidArgumentError('expected a number from 0 to 1');
  return n;
}

function pair(value: string, what: string): [string, string] {
  const at = value.indexOf('=');
  if (at <= 0 || at === value.length - 1) throw new InvalidArgumentError(`expected ${what}`);
  return [value.slice(0, at).trim(), value.slice(at + 1).trim()];
}

/** Repeatable --map FIELD=COLUMN, validated as it is read so that a bad one is a usage error. */
export function collectMap(value: string, previous: Partial<Record<Field, string>> = {}): Partial<Record<Field, string>> {
  const [field, column] = pair(value, 'FIELD=COLUMN');
  const f = parseFieldName(field);
  if (!f) throw new InvalidArgumentError(`unknown field "${field}" (fields: ${FIELDS.join(', ')})`);
  return { ...previous, [f]: column };
}

/** Repeatable --alias "Raw name=event_type". */
export function collectAlias(value: string, previous: Record<string, string> = {}): Record<string, string> {
  const [raw, type] = pair(value, '"Raw name=event_type"');
  return { ...previous, [raw]: type };
}

/**
 * Opens the workspace; while another Scorecast holds it for an import, waits (saying so once, on
 * stderr) and then goes on. Ctrl-C stops the wait.
 */
export async function openWorkspace(db: string | undefined, say: (line: string) => void = (line) => console.error(line)): Promise<Workspace> {
  const file = db ?? defaultWorkspacePath();
  for (let told = false; ; ) {
    try {
      return Workspace.open(file);
    } catch (err) {
      if (!(err instanceof WorkspaceBusyError)) throw err;
      if (!told) say(`workspace ${file} is busy: another Scorecast is importing into it. Waiting for that import to end… (Ctrl-C to stop)`);
      told = true;
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

export const DB_OPTION = ['--db <path>', 'workspace file (default: $SCORECAST_DB or the per-user data directory)'] as const;
