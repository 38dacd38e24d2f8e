/** Chart series as the contract carries them: plain arrays, which cross JSON and structured clone alike. */
import type { StrategySeries } from '../core/sim/results';
import type { SeriesPayload } from '../shared/contract';

export function seriesPayload(series: readonly StrategySeries[]): SeriesPayload[] {
  return series.map((s) => ({
    id: s.id,
    opsPerMinute: [...s.opsPerMinute],
    jobsPerHour: [...s.jobsPerHour],
    costPerHour: [...s.costPerHour],
    stalenessEdgesSeconds: s.stalenessEdgesSeconds.map((e) => (Number.isFinite(e) ? e : null)),
    stalenessCounts: s.stalenessCounts,
    backlogPerMinute: s.backlogPerMinute && [...s.backlogPerMinute],
    callsPerDay: s.callsPerDay && [...s.callsPerDay],
  }));
}
