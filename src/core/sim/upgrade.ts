/**
 * Results stored by an engine before §7 have no pipeline block and no API cost: they ran §4's ideal
 * pipeline, whose figures these are (the staleness parts were not recorded).
 */
import { idealPipeline } from './finalize';
import { realtimeSummary } from './ingest';
import type { SimulationResult } from './results';

export function upgradeResult(result: SimulationResult): SimulationResult {
  if (result.strategies.every((s) => s.pipeline && s.cost.apiUsd !== undefined)) return result;
  return {
    ...result,
    strategies: result.strategies.map((s) => ({
      ...s,
      cost: { ...s.cost, apiUsd: s.cost.apiUsd ?? 0 },
      pipeline: s.pipeline ?? { ingest: realtimeSummary(result.events), ...idealPipeline(s.scoreJobs), staleness: null },
    })),
  };
}
