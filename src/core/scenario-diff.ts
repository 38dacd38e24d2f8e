/**
 * What differs between two scenarios, field by field (strategies matched by id): what names a run
 * ("Default — events.debounceMinutes 30 → 60") and what a comparison of two runs lists.
 */
export interface ScenarioChange {
  path: string;
  from: string;
  to: string;
}

function show(v: unknown): string {
  if (v === undefined) return '—';
  if (typeof v === 'string') return v;
  return JSON.stringify(v);
}

/** Leaves of a scenario by path; strategies keyed by id, lists as their JSON. */
function leaves(node: unknown, prefix: string, out: Map<string, unknown>): void {
  if (Array.isArray(node)) {
    if (prefix === 'strategies') {
      for (const s of node as { id?: unknown }[]) leaves(s, `strategies.${String(s?.id)}`, out);
      return;
    }
    out.set(prefix, node);
    return;
  }
  if (node && typeof node === 'object') {
    for (const [k, v] of Object.entries(node)) if (k !== 'name' || prefix !== '') leaves(v, prefix ? `${prefix}.${k}` : k, out);
    return;
  }
  out.set(prefix, node);
}

/** Every field whose value differs (the scenario's name aside), in the order of the newer scenario. */
export function scenarioDiff(before: unknown, after: unknown): ScenarioChange[] {
  const a = new Map<string, unknown>();
  const b = new Map<string, unknown>();
  leaves(before, '', a);
  leaves(after, '', b);
  const paths = [...new Set([...b.keys(), ...a.keys()])];
  return paths.filter((p) => show(a.get(p)) !== show(b.get(p))).map((p) => ({ path: p, from: show(a.get(p)), to: show(b.get(p)) }));
}

/** A run's default name: its scenario's, and what changed since the run before it. */
export function runName(scenarioName: string, changes: readonly ScenarioChange[], otherDataset?: string): string {
  const parts = changes.slice(0, 2).map((c) => `${c.path.replace(/^strategies\./, '')} ${c.from} → ${c.to}`);
  if (changes.length > 2) parts.push(`${changes.length - 2} more`);
  if (otherDataset) parts.unshift(`on ${otherDataset}`);
  return parts.length ? `${scenarioName} — ${parts.join(', ')}` : scenarioName;
}
