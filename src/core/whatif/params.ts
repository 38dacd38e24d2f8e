/**
 * Sweep parameters: a scenario field named by path (strategies addressed by id, e.g.
 * `strategies.events.debounceMinutes`, `cost.llm.inputTokens`) and a range FROM:TO:STEP or a list of
 * event-type sets. A path names a field only if the scenario schema defines it (walked through its own
 * shape, never through the objects a user sent), so no path can reach a prototype.
 */
import type { z } from 'zod';
import { type ScenarioInput, scenarioSchema, strategySchema } from '../scenario';

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

/** Points of one parameter's range; the whole sweep is also capped (MAX_SIMULATIONS, in the backend). */
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

/** A field a sweep may vary: its path below the scenario (or below one strategy) and what it holds. */
export interface SweepableField {
  path: string[];
  kind: 'number' | 'list';
  /** The smallest value the schema accepts, and whether it must be a whole number. */
  min?: number;
  minExclusive?: boolean;
  max?: number;
  integer?: boolean;
  /** The schema lets it be left out (and it is not one variant's field of a union, such as an ingest mode's). */
  optional?: boolean;
}

type AnySchema = z.core.$ZodType;

function defOf(schema: AnySchema): { type: string; [k: string]: unknown } {
  return schema._zod.def as unknown as { type: string; [k: string]: unknown };
}

/** Bounds a number schema declares (zod 4 keeps them as checks on its definition). */
function numberBounds(schema: AnySchema): Pick<SweepableField, 'min' | 'minExclusive' | 'max' | 'integer'> {
  const out: Pick<SweepableField, 'min' | 'minExclusive' | 'max' | 'integer'> = {};
  const checks = (defOf(schema).checks as { _zod: { def: { check: string; value?: number; inclusive?: boolean; format?: string } } }[] | undefined) ?? [];
  for (const { _zod: { def } } of checks) {
    if (def.check === 'greater_than' && def.value !== undefined) {
      out.min = def.value;
      out.minExclusive = def.inclusive === false;
    } else if (def.check === 'less_than' && def.value !== undefined) out.max = def.value;
    else if (def.check === 'number_format' && (def.format === 'safeint' || def.format === 'int32')) out.integer = true;
  }
  return out;
}

/** The numeric and list fields under a schema, by path; objects and unions of objects are walked. */
function fieldsOf(schema: AnySchema, prefix: string[], out: SweepableField[], skip: ReadonlySet<string> = new Set(), optional = false, inUnion = false): void {
  const def = defOf(schema);
  const leaf = (field: SweepableField) => out.push(optional && !inUnion ? { ...field, optional: true } : field);
  switch (def.type) {
    case 'optional':
    case 'default':
      return fieldsOf(def.innerType as AnySchema, prefix, out, skip, true, inUnion);
    case 'nullable':
    case 'readonly':
      return fieldsOf(def.innerType as AnySchema, prefix, out, skip, optional, inUnion);
    case 'pipe':
      return fieldsOf(def.in as AnySchema, prefix, out, skip, optional, inUnion);
    case 'number':
      leaf({ path: prefix, kind: 'number', ...numberBounds(schema) });
      return;
    case 'array':
      if (defOf(def.element as AnySchema).type === 'string') leaf({ path: prefix, kind: 'list' });
      return;
    case 'union':
      for (const option of def.options as AnySchema[]) fieldsOf(option, prefix, out, skip, optional, true);
      return;
    case 'object': {
      const shape = def.shape as Record<string, AnySchema>;
      for (const key of Object.keys(shape)) if (!skip.has(key)) fieldsOf(shape[key]!, [...prefix, key], out, new Set(), false, inUnion);
      return;
    }
    default:
      return;
  }
}

/**
 * Whether a field can be set in this scenario: the objects above it exist (a nightly scope of "all"
 * counts for activeWithinDays, which replaces it), and the field is there or may be added.
 */
function settable(scenario: ScenarioInput, field: SweepableField): boolean {
  let node: unknown = scenario;
  const { path } = field;
  for (let i = 0; i < path.length - 1; i++) {
    const key = path[i]!;
    const here = node as Record<string, unknown>;
    const next = i === 1 && path[0] === 'strategies' ? (here as unknown as { id?: unknown }[]).find((s) => s?.id === key) : Object.hasOwn(here, key) ? here[key] : undefined;
    if (next === 'all' && key === 'scope' && path[i + 1] === 'activeWithinDays') return true;
    // The executor block has defaults: a sweep may add it.
    if (next === undefined && i === 0 && key === 'executor') return field.optional === true || path[1] === 'batchScoresPerSecond';
    if (next === null || typeof next !== 'object') return false;
    node = next;
  }
  return field.optional === true || Object.hasOwn(node as object, path[path.length - 1]!);
}

function unique(fields: SweepableField[]): SweepableField[] {
  const seen = new Map<string, SweepableField>();
  for (const f of fields) if (!seen.has(f.path.join('.'))) seen.set(f.path.join('.'), f);
  return [...seen.values()];
}

const SCENARIO_FIELDS: SweepableField[] = (() => {
  const out: SweepableField[] = [];
  // The window and time zone change the replay itself; strategies are addressed by id below.
  fieldsOf(scenarioSchema, [], out, new Set(['name', 'timezone', 'window', 'strategies']));
  return unique(out);
})();

const STRATEGY_FIELDS: Map<string, SweepableField[]> = (() => {
  const byKind = new Map<string, SweepableField[]>();
  for (const option of (defOf(strategySchema).options as AnySchema[])) {
    const shape = defOf(option).shape as Record<string, AnySchema>;
    const kind = (defOf(shape.kind!).values as string[])[0]!;
    const out: SweepableField[] = [];
    fieldsOf(option, [], out, new Set(['id', 'kind']));
    byKind.set(kind, unique(out));
  }
  return byKind;
})();

/** Every path a sweep of this scenario may vary, written as `--param` takes them: the fields it has, or may add. */
export function sweepableFields(scenario: ScenarioInput): SweepableField[] {
  const strategies = Array.isArray(scenario.strategies) ? scenario.strategies : [];
  return [
    ...SCENARIO_FIELDS,
    ...strategies.flatMap((s) => {
      const fields = typeof s?.id === 'string' ? STRATEGY_FIELDS.get(s.kind) ?? [] : [];
      return fields.map((f) => ({ ...f, path: ['strategies', s.id, ...f.path] }));
    }),
  ].filter((f) => settable(scenario, f));
}

/** The field a path names in this scenario, or an error that lists the paths that exist. */
export function resolveParamPath(scenario: ScenarioInput, path: readonly string[]): SweepableField {
  const name = path.join('.');
  if (path[0] === 'timezone' || path[0] === 'window') throw new Error(`${name}: the window and time zone cannot be swept (they change the replay itself)`);
  const strategies = Array.isArray(scenario.strategies) ? scenario.strategies : [];
  if (path[0] === 'strategies' && path.length > 2 && !strategies.some((s) => s.id === path[1])) {
    throw new Error(`${name}: no strategy "${path[1]}" (strategies: ${strategies.map((s) => s.id).join(', ')})`);
  }
  const fields = sweepableFields(scenario);
  const same = (f: SweepableField) => f.path.length === path.length && f.path.every((p, i) => p === path[i]);
  const field = fields.find(same);
  if (!field) {
    // A field of the schema whose block this scenario lacks: say which block to add.
    const all = [...SCENARIO_FIELDS, ...[...STRATEGY_FIELDS.values()].flat().map((f) => ({ ...f, path: ['strategies', path[1] ?? '', ...f.path] }))];
    if (all.some(same)) throw new Error(`${name}: the scenario has no ${path.slice(0, -1).join('.')} block to vary; add one first`);
    throw new Error(`${name}: not a field a sweep can vary; valid paths: ${fields.map((f) => f.path.join('.')).join(', ')}`);
  }
  return field;
}

/**
 * A copy of the scenario with the field at `path` set to `value` (a number, or a list for list fields).
 * The path must name a field of the schema (resolveParamPath); the walk reads own properties only.
 */
export function applyParam(scenario: ScenarioInput, path: readonly string[], value: ParamValue): ScenarioInput {
  const field = resolveParamPath(scenario, path);
  const name = path.join('.');
  if (typeof value === 'number' && field.kind !== 'number') throw new Error(`${name}: not a number in the scenario, so it cannot be swept by a range`);
  if (typeof value !== 'number' && field.kind !== 'list') throw new Error(`${name}: not a list in the scenario, so it cannot be swept by sets`);
  const copy = structuredClone(scenario) as unknown as Record<string, unknown>;
  const own = (node: Record<string, unknown>, key: string): unknown => (Object.hasOwn(node, key) ? node[key] : undefined);
  let node: Record<string, unknown> = copy;
  for (let i = 0; i < path.length - 1; i++) {
    const key = path[i]!;
    let next: unknown;
    if (i === 1 && path[0] === 'strategies') next = (node as unknown as { id: string }[]).find((s) => s.id === key);
    else next = own(node, key);
    // A nightly scope of "all" becomes { activeWithinDays } when that is what is swept.
    if (next === 'all' && key === 'scope' && path[i + 1] === 'activeWithinDays') next = node[key] = {};
    if (next === undefined && i === 0 && key === 'executor') next = node[key] = {};
    if (next === undefined || next === null || typeof next !== 'object') {
      if (i === path.length - 2 && key === 'llm') throw new Error(`${name}: the scenario has no cost.llm block to vary`);
      throw new Error(`${name}: the scenario has no "${path.slice(0, i + 1).join('.')}"`);
    }
    node = next as Record<string, unknown>;
  }
  const leaf = path[path.length - 1]!;
  const current = own(node, leaf);
  if (typeof value === 'number') {
    if (current !== undefined && typeof current !== 'number') throw new Error(`${name}: not a number in the scenario, so it cannot be swept by a range`);
  } else if (current !== undefined && !Array.isArray(current)) throw new Error(`${name}: not a list in the scenario, so it cannot be swept by sets`);
  Object.defineProperty(node, leaf, { value, enumerable: true, writable: true, configurable: true });
  return copy as unknown as ScenarioInput;
}

/** Every combination of the parameters' values, first parameter outermost. */
export function grid(specs: readonly ParamSpec[]): ParamValue[][] {
  return specs.reduce<ParamValue[][]>((acc, spec) => acc.flatMap((prefix) => spec.values.map((v) => [...prefix, v])), [[]]);
}

/** Simulations a sweep needs: one per point for each strategy it re-simulates. */
export function gridSize(specs: readonly ParamSpec[]): number {
  return specs.reduce((n, s) => n * s.values.length, 1);
}
