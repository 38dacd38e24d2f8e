/** How §7's figures are read and named wherever they are shown: CLI, app and report alike. */
import type { StalenessPart } from './partial';
import type { PipelineSummary } from './results';

/** Whether a strategy's pipeline block says more than §4's ideal pipeline would. */
export function hasPipeline(p: PipelineSummary): boolean {
  return (
    (p.ingest.maxDelaySeconds ?? 0) > 0 ||
    p.ingest.lostEvents + p.ingest.lateEvents > 0 ||
    (p.queue.maxWaitSeconds ?? 0) > 0 ||
    p.queue.droppedAtWindowEnd > 0 ||
    p.writeBack.calls > 0 ||
    p.writeBack.notWrittenByEnd > 0
  );
}

/** The parts of staleness as a planner names them, in the order they happen. */
export const STALENESS_PART_LABELS: Record<StalenessPart, string> = {
  ingest: 'sync / webhook delay',
  schedule: 'waiting for the strategy',
  queue: 'queue wait',
  service: 'scoring',
  writeBack: 'write-back wait',
};
