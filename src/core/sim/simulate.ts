/**
 * Whole-scenario simulation in one thread: the reference the worker pool must agree with, and what
 * tests and small callers use. The pool runs the same shard functions in parallel.
 */
import { type Scenario, isPipelined } from '../scenario';
import { type Alloc, type EventColumns, buildContactMajor, plainAlloc } from './columns';
import { finalizeStrategy } from './finalize';
import { mergePartials, type StrategyPartial } from './partial';
import { type Replay, prepareReplay } from './replay';
import type { StrategySeries, StrategySummary } from './results';
import { countRunMembers, simulateShard } from './shard';

/** Splits [0, contacts) into `count` contiguous rank ranges of near-equal size. */
export function shardBounds(contacts: number, count: number): number[] {
  const k = Math.max(1, Math.min(count, Math.max(1, contacts)));
  return Array.from({ length: k + 1 }, (_, i) => Math.round((i * contacts) / k));
}

/** Each shard's starting positions in the batch runs: the sum of member counts of all earlier shards. */
export function runOffsetsFor(replay: Replay, scenario: Scenario, strategyIndex: number, bounds: readonly number[]): Int32Array[] {
  const offsets: Int32Array[] = [];
  let running: Int32Array | undefined;
  for (let s = 0; s + 1 < bounds.length; s++) {
    if (!running) running = countRunMembers(replay, scenario, strategyIndex, 0, 0);
    offsets.push(Int32Array.from(running));
    if (s + 2 < bounds.length) {
      const counts = countRunMembers(replay, scenario, strategyIndex, bounds[s]!, bounds[s + 1]!);
      for (let k = 0; k < running.length; k++) running[k] = (running[k] as number) + (counts[k] as number);
    }
  }
  return offsets;
}

/**
 * What in a scenario cannot work on a dataset, grouped by cause into one message each, with what to
 * do: event types it names that the dataset does not hold (a typo, or another source's vocabulary);
 * strategies none of whose triggers occur (they score nothing); no significant event at all.
 */
export function scenarioWarnings(scenario: Scenario, typeNames: readonly string[]): string[] {
  const present = new Set(typeNames);
  const where = new Map<string, string[]>();
  const note = (name: string, place: string) => {
    if (present.has(name)) return;
    if (!where.has(name)) where.set(name, []);
    if (!where.get(name)!.includes(place)) where.get(name)!.push(place);
  };
  for (const name of scenario.significant) note(name, 'significant');
  const silent: string[] = [];
  for (const s of scenario.strategies) {
    const triggers = s.kind === 'micro-batch' || s.kind === 'event-triggered' ? s.triggers : s.kind === 'hybrid' ? s.eventTriggered.triggers : [];
    for (const name of triggers) note(name, `triggers of ${s.id}`);
    if ((s.kind === 'micro-batch' || s.kind === 'event-triggered') && !triggers.some((t) => present.has(t))) silent.push(s.id);
  }
  const warnings: string[] = [];
  if (where.size > 0) {
    const listed = [...where].map(([name, places]) => `${name} (${places.join('; ')})`).join(', ');
    warnings.push(`Event types the scenario names do not occur in the dataset: ${listed}. Pick the significant events and triggers from the dataset's own types (Scenario), or start from the scenario proposed for it.`);
  }
  if (silent.length > 0) {
    warnings.push(`${silent.length === 1 ? `Strategy ${silent[0]} has` : `Strategies ${silent.join(', ')} have`} no trigger that occurs in the dataset, so ${silent.length === 1 ? 'it scores' : 'they score'} nothing and ${silent.length === 1 ? 'is' : 'are'} not ranked.`);
  }
  if (typeNames.length > 0 && !scenario.significant.some((t) => present.has(t))) {
    warnings.push('No significant event occurs in the dataset, so no freshness can be measured: choose significant events the dataset holds.');
  }
  return warnings;
}

export interface InProcessResult {
  replay: Replay;
  strategies: StrategySummary[];
  series: StrategySeries[];
  partials: StrategyPartial[];
  warnings: string[];
}

/** Simulates every strategy, each split into shards at `splits` (rank bounds, default one shard). */
export function simulateInProcess(columns: EventColumns, scenario: Scenario, options: { shards?: number; alloc?: Alloc } = {}): InProcessResult {
  const alloc = options.alloc ?? plainAlloc;
  const replay = prepareReplay(columns, buildContactMajor(columns, alloc), scenario, alloc);
  const strategies: StrategySummary[] = [];
  const series: StrategySeries[] = [];
  const partials: StrategyPartial[] = [];
  scenario.strategies.forEach((strategy, strategyIndex) => {
    // A strategy with a queue or a write-back is one pass over all its jobs: one shard.
    const bounds = shardBounds(replay.order.length, isPipelined(scenario, strategy) ? 1 : (options.shards ?? 1));
    const offsets = runOffsetsFor(replay, scenario, strategyIndex, bounds);
    const parts: StrategyPartial[] = [];
    for (let s = 0; s + 1 < bounds.length; s++) {
      parts.push(simulateShard(replay, scenario, { strategyIndex, rankFrom: bounds[s]!, rankTo: bounds[s + 1]!, runOffsets: offsets[s] }));
    }
    const partial = mergePartials(replay.window, parts);
    const final = finalizeStrategy({ scenario, strategyIndex, window: replay.window, eventsPerMinute: replay.eventsPerMinute, ingest: replay.ingest, partial });
    strategies.push(final.summary);
    series.push(final.series);
    partials.push(partial);
  });
  return { replay, strategies, series, partials, warnings: scenarioWarnings(scenario, columns.typeNames) };
}
