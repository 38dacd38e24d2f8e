/**
 * Simulation worker: runs shards of strategies over a replay whose columns live in SharedArrayBuffers,
 * so every worker reads the one copy the backend loaded.
 */
import { expose, transfer } from 'comlink';
import { parentPort } from 'node:worker_threads';
import type { Scenario } from '../core/scenario';
import type { StrategyPartial } from '../core/sim/partial';
import type { Replay } from '../core/sim/replay';
import { type ShardSpec, countRunMembers, simulateShard } from '../core/sim/shard';
import { endpointOf } from './comlink-node';
import type { StrategySummary } from '../core/sim/results';
import { simulateInProcess } from '../core/sim/simulate';
import { resampledColumns } from '../core/whatif/resample';
import { type ForecastSample, projectedPeaks } from '../core/whatif/forecast';

export interface SimWorkerApi {
  /** Simulates a scenario on the replay's contacts resampled by `draw` (in this thread, start to end). */
  simulateResampled(replay: Replay, scenario: Scenario, draw: Int32Array): StrategySummary[];
  /** The same, for a forecast: summaries, and each strategy's peak ops/min at each event factor. */
  forecastSample(replay: Replay, scenario: Scenario, draw: Int32Array, eventFactors: number[]): ForecastSample;
  countMembers(replay: Replay, scenario: Scenario, strategyIndex: number, rankFrom: number, rankTo: number): Int32Array;
  simulate(replay: Replay, scenario: Scenario, spec: ShardSpec, onProgress: (contactsDone: number) => void): StrategyPartial;
}

const api: SimWorkerApi = {
  simulateResampled(replay, scenario, draw) {
    return simulateInProcess(resampledColumns(replay.source.columns, replay.source.byContact, draw), scenario).strategies;
  },
  forecastSample(replay, scenario, draw, eventFactors) {
    const r = simulateInProcess(resampledColumns(replay.source.columns, replay.source.byContact, draw), scenario);
    return { strategies: r.strategies, peaks: r.partials.map((p) => projectedPeaks(scenario, r.replay.eventsPerMinute, p, eventFactors)) };
  },
  countMembers(replay, scenario, strategyIndex, rankFrom, rankTo) {
    const counts = countRunMembers(replay, scenario, strategyIndex, rankFrom, rankTo);
    return transfer(counts, [counts.buffer]);
  },
  simulate(replay, scenario, spec, onProgress) {
    const p = simulateShard(replay, scenario, spec, (done) => void onProgress(done));
    return transfer(p, [p.jobsPerMinute.buffer, p.discountedJobsPerMinute.buffer, p.staleness.buffer]);
  },
};

expose(api, endpointOf(parentPort!));
