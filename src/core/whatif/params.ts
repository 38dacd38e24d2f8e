/**
 * Sweep parameters: a scenario field named by path (strategies addressed by id, e.g.
 * `strategies.events.debounceMinutes`, `cost.llm.inputTokens`) and a range FROM:TO:STEP.
 */
import type { ScenarioInput } from '../scenario';

/** A swept value: a number, or a set of event types (e.g. a trigger list). */
export type ParamValue = number | string[];

export interface ParamSpec {
  path: string[];
  values: ParamValue[];
}

export function formatParamValue(v: ParamValue): string {
  return typeof v === 'number' ? String(v) : v.join('+');
}

export type ParamScope = { kind: 'cost' } | { kind: 'strategy'; id: string } | { kind: 'scenario' };

const MAX_POINTS = 1000;

export function parseParamSpec(text: string): ParamSpec {
  // Sets: PATH=a,b|a,b,c — each |-separated alternative a list of event types.
  const sets = /^([A-Za-z0-9_.-]+)=([a-z0-9_]+(?:,[a-z0-9_]+)*(?:\|[a-z0-9_]+(?:,[a-z0-9_]+)*)+)$/.exec(text.trim());
  if (sets) return { path: sets[1]!.split('.'), values: sets[2]!.split('|').map((alt) => alt.split(',')) };
  const m = /^([A-Za-z0-9_.-]+)=(-?[\d.]+):(-?[\d.]+):([\d.]+)$/.exec(text.trim());
  if (!m) throw new Error(`--param ${text}: expected PATH=FROM:TO:STEP (e.g. strategies.events.debounceMinutes=0:240:30) or PATH=SET|SET… (e.g. strategies.events.triggers=demo_request|demo_request,pricing_page_visit)`);
  const [from, to, step] = [Number(m[2]), Number(m[3]), Number(m[4])];
  if (![from, to, step].every(Number.isFinite) || step <= 0) throw new Error(`--param ${text}: FROM, TO and STEP must be numbers, STEP above 0`);
  if (to < from) throw new Error(`--param ${text}: TO (${to}) is below FROM (${from})`);
  const count = Math.floor((to - from) / step + 1e-9) + 1;
  if (count > MAX_POINTS) throw new Error(`--param ${text}: ${count} points; at most ${MAX_POINTS}`);
  // Computed from the index, not by repeated addition, so 0.1 steps do not drift.
  const values = Array.from({ length: count }, (_, i) => Number((from + i * step).toPrecision(12)));
  return { path: m[1]!.split('.'), values };
}

export function paramScope(path: readonly string[]): ParamScope {
  if (path[0] === 'cost') return { kind: 'cost' };
  if (path[0] === 'strategies' && path[1] !== undefined) return { kind: 'strategy', id: path[1] };
  if (path[0] === 'timezone' || path[0] === 'window') throw new Error(`${path.join('.')}: the window and time zone cannot be swept (they change the replay itself)`);
  return { kind: 'scenario' };
}

/** A copy of the scenario with the field at `path` set to `value` (a number, or a list for list fields). */
export function applyParam(scenario: ScenarioInput, path: readonly string[], value: ParamValue): ScenarioInput {
  const copy = structuredClone(scenario) as unknown as Record<string, unknown>;
  let node: Record<string, unknown> = copy;
  const name = path.join('.');
  for (let i = 0; i < path.length - 1; i++) {
    const key = path[i]!;
    let next: unknown;
    if (i === 1 && path[0] === 'strategies') {
      next = (node as unknown as { id: string }[]).find((s) => s.id === key);
      if (!next) throw new Error(`${name}: no strategy "${key}" (strategies: ${(node as unknown as { id: string }[]).map((s) => s.id).join(', ')})`);
    } else next = node[key];
    // A nightly scope of "all" becomes { activeWithinDays } when that is what is swept.
    if (next === 'all' && key === 'scope' && path[i + 1] === 'activeWithinDays') next = node[key] = {};
    if (next === undefined || next === null || typeof next !== 'object') {
      if (i === path.length - 2 && key === 'llm') throw new Error(`${name}: the scenario has no cost.llm block to vary`);
      throw new Error(`${name}: the scenario has no "${path.slice(0, i + 1).join('.')}"`);
    }
    node = next as Record<string, unknown>;
  }
  const leaf = path[path.length - 1]!;
  const current = node[leaf];
  if (typeof value === 'number') {
    if (current !== undefined && typeof current !== 'number') throw new Error(`${name}: not a number in the scenario, so it cannot be swept by a range`);
  } else if (!Array.isArray(current)) throw new Error(`${name}: not a list in the scenario, so it cannot be swept by sets`);
  node[leaf] = value;
  return copy as unknown as ScenarioInput;
}

/** Every combination of the parameters' values, first parameter outermost. */
export function grid(specs: readonly ParamSpec[]): ParamValue[][] {
  return specs.reduce<ParamValue[][]>((acc, spec) => acc.flatMap((prefix) => spec.values.map((v) => [...prefix, v])), [[]]);
}
