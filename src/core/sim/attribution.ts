/**
 * What drives a strategy's cost: its jobs and their cost attributed to what caused each request (the
 * trigger type, or the batch run), to the local hour it started, or to an attribute of its contact.
 * Per job: compute + LLM (with the batch discount where it applies) + database; a write-back call's
 * API cost is shared by the records it carries. Fixed capacity is a line of its own. The rows add up
 * to the run's jobs and total cost.
 */
import type { Scenario } from '../scenario';
import { usdPerCall, unitCosts } from './finalize';
import { CAUSE_BATCH_RUN, CAUSE_MICRO_BATCH } from './jobs';
import type { PipelineJobs } from './pipeline';
import type { Replay } from './replay';

export const ATTRIBUTE_BY = ['trigger', 'hour', 'country', 'company-size', 'source'] as const;
export type AttributeBy = (typeof ATTRIBUTE_BY)[number];

export interface AttributionRow {
  key: string;
  jobs: number;
  costUsd: number;
  perMonthUsd: number;
  /** Share of the strategy's total cost. */
  share: number;
}

export interface Attribution {
  strategy: string;
  by: AttributeBy;
  rows: AttributionRow[];
  jobs: number;
  totalUsd: number;
}

/** What a request's cause reads as. */
export function causeLabel(cause: number, typeNames: readonly string[], kind: string): string {
  if (cause === CAUSE_BATCH_RUN) return kind === 'hybrid' ? 'full refresh (batch run)' : 'nightly run (batch run)';
  if (cause === CAUSE_MICRO_BATCH) return 'micro-batch run';
  return typeNames[cause] ?? `type ${cause}`;
}

export interface AttributionInput {
  replay: Replay;
  scenario: Scenario;
  strategyIndex: number;
  jobs: PipelineJobs;
  by: AttributeBy;
  /** The local hour of day (0–23) each hour of the window starts at: the scenario's time zone. */
  localHourOfWindowHour: Int32Array;
  /** For country, company-size and source: the value per contact index (null: none). */
  contactValues?: readonly (string | null)[];
}

export function attribute({ replay, scenario, strategyIndex, jobs, by, localHourOfWindowHour, contactValues }: AttributionInput): Attribution {
  const strategy = scenario.strategies[strategyIndex]!;
  const units = unitCosts(scenario);
  const perJob = units.compute + units.llm + units.db;
  const perDiscountedJob = units.compute + units.llm * (1 - units.llmBatchDiscount) + units.db;
  const apiShare = apiShares(jobs, usdPerCall(scenario, strategy));
  const { requests, timing } = jobs;
  const { contactStart, cause, discounted } = requests;
  const typeNames = replay.columns.typeNames;
  const totals = new Map<string, { jobs: number; costUsd: number }>();
  const add = (key: string, cost: number) => {
    const row = totals.get(key);
    if (row) {
      row.jobs++;
      row.costUsd += cost;
    } else totals.set(key, { jobs: 1, costUsd: cost });
  };
  const start = replay.window.start;
  for (let rank = 0; rank < replay.order.length; rank++) {
    for (let j = contactStart[rank]!; j < contactStart[rank + 1]!; j++) {
      const s = timing[2 * j]!;
      if (s === Infinity) continue;
      const cost = (discounted[j] === 1 ? perDiscountedJob : perJob) + (apiShare.get(timing[2 * j + 1]!) ?? 0);
      let key: string;
      if (by === 'trigger') key = causeLabel(cause[j]!, typeNames, strategy.kind);
      else if (by === 'hour') key = `${String(localHourOfWindowHour[Math.floor((s - start) / 3_600_000)]!).padStart(2, '0')}:00`;
      else key = contactValues?.[replay.order[rank]!] ?? '(none)';
      add(key, cost);
    }
  }
  const fixedUsd = strategy.fixedUsdPerDay * replay.window.days;
  if (fixedUsd > 0) totals.set('fixed capacity (per day)', { jobs: 0, costUsd: fixedUsd });
  let totalUsd = 0;
  let count = 0;
  for (const row of totals.values()) {
    totalUsd += row.costUsd;
    count += row.jobs;
  }
  const days = replay.window.days;
  const rows = [...totals]
    .map(([key, row]) => ({ key, jobs: row.jobs, costUsd: row.costUsd, perMonthUsd: days > 0 ? (row.costUsd / days) * 30 : 0, share: totalUsd > 0 ? row.costUsd / totalUsd : 0 }))
    .sort((a, b) => b.costUsd - a.costUsd || a.key.localeCompare(b.key));
  return { strategy: strategy.id, by, rows, jobs: count, totalUsd };
}

/**
 * A call's API cost spread over the records it carries: per visibility time, the cost of the calls
 * made at that instant ÷ the records they carried.
 */
function apiShares(jobs: PipelineJobs, perCall: number): Map<number, number> {
  const shares = new Map<number, number>();
  if (perCall === 0) return shares;
  const calls = new Map<number, number>();
  for (const x of jobs.writeBack.callTimes) calls.set(x, (calls.get(x) ?? 0) + 1);
  const records = new Map<number, number>();
  for (const v of jobs.writeBack.visible) if (v !== Infinity) records.set(v, (records.get(v) ?? 0) + 1);
  for (const [x, n] of calls) shares.set(x, (n * perCall) / (records.get(x) ?? 1));
  return shares;
}
