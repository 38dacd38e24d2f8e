/**
 * Sensitivity of monthly cost to each cost input, moved by ±delta. Cost is linear in every unit
 * price given the job counts, so no re-simulation is needed: the run's counts and the cost rules of
 * §4 give every figure.
 */
import { type Scenario, type ScenarioInput, validateScenario } from '../scenario';
import { costSummary } from '../sim/finalize';
import type { StrategySummary } from '../sim/results';
import type { SimWindow } from '../sim/replay';
import { applyParam } from './params';

export const COST_INPUTS = [
  ['cost', 'cpuMsPerScore'],
  ['cost', 'usdPerVcpuHour'],
  ['cost', 'llm', 'inputTokens'],
  ['cost', 'llm', 'outputTokens'],
  ['cost', 'llm', 'usdPerMillionInput'],
  ['cost', 'llm', 'usdPerMillionOutput'],
  ['cost', 'llm', 'llmBatchDiscount'],
  ['cost', 'db', 'readsPerScore'],
  ['cost', 'db', 'writesPerScore'],
  ['cost', 'db', 'usdPerMillionReads'],
  ['cost', 'db', 'usdPerMillionWrites'],
] as const;

/** The inputs as a planner names them. */
export const INPUT_LABELS: Readonly<Record<string, string>> = {
  'cost.cpuMsPerScore': 'CPU ms per score',
  'cost.usdPerVcpuHour': 'Price per vCPU hour',
  'cost.llm.inputTokens': 'LLM input tokens per score',
  'cost.llm.outputTokens': 'LLM output tokens per score',
  'cost.llm.usdPerMillionInput': 'LLM price, input tokens',
  'cost.llm.usdPerMillionOutput': 'LLM price, output tokens',
  'cost.llm.llmBatchDiscount': 'LLM batch discount',
  'cost.db.readsPerScore': 'DB reads per score',
  'cost.db.writesPerScore': 'DB writes per score',
  'cost.db.usdPerMillionReads': 'DB price per million reads',
  'cost.db.usdPerMillionWrites': 'DB price per million writes',
};

export interface SensitivityRow {
  input: string;
  /** The input as a planner names it ("LLM batch discount"). */
  label: string;
  strategy: string;
  baseValue: number;
  lowMonthlyUsd: number;
  baseMonthlyUsd: number;
  highMonthlyUsd: number;
  /** |high − low|: the bar length in a tornado chart. */
  swingUsd: number;
}

function monthly(scenario: Scenario, summary: StrategySummary, strategyIndex: number, days: number): number {
  const window = { days } as SimWindow;
  const partial = { scoreJobs: summary.scoreJobs, discountedJobs: summary.discountedJobs } as Parameters<typeof costSummary>[3];
  return costSummary(scenario, scenario.strategies[strategyIndex]!, window, partial).perMonthUsd;
}

function valid(input: ScenarioInput): Scenario {
  const v = validateScenario(input);
  if (!v.ok) throw new Error(v.errors.join('; '));
  return v.scenario;
}

function valueAt(scenario: ScenarioInput, path: readonly string[]): number | undefined {
  let node: unknown = scenario;
  for (const key of path) node = (node as Record<string, unknown> | undefined)?.[key];
  return typeof node === 'number' ? node : undefined;
}

/** Rows sorted by swing, largest first (the order of a tornado chart). */
export function sensitivity(scenario: ScenarioInput, strategies: readonly StrategySummary[], days: number, delta = 0.2): SensitivityRow[] {
  const base = valid(scenario);
  const rows: SensitivityRow[] = [];
  for (const path of COST_INPUTS) {
    const baseValue = valueAt(base, path);
    if (baseValue === undefined) continue;
    // A discount is a share: it moves within [0, 1].
    const clamp = (v: number) => (path[path.length - 1] === 'llmBatchDiscount' ? Math.min(1, Math.max(0, v)) : v);
    const low = valid(applyParam(base, path, clamp(baseValue * (1 - delta))));
    const high = valid(applyParam(base, path, clamp(baseValue * (1 + delta))));
    strategies.forEach((s, i) => {
      const lowMonthlyUsd = monthly(low, s, i, days);
      const highMonthlyUsd = monthly(high, s, i, days);
      rows.push({ input: path.join('.'), label: INPUT_LABELS[path.join('.')] ?? path.join('.'), strategy: s.id, baseValue, lowMonthlyUsd, baseMonthlyUsd: monthly(base, s, i, days), highMonthlyUsd, swingUsd: Math.abs(highMonthlyUsd - lowMonthlyUsd) });
    });
  }
  return rows.sort((a, b) => b.swingUsd - a.swingUsd || a.input.localeCompare(b.input) || a.strategy.localeCompare(b.strategy));
}
