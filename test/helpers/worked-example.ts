/** ARCHITECTURE §7's worked example: contacts a, b, c, a 5-minute sync, one worker, a write-back. */
import type { ScenarioInput } from '../../src/core/scenario';
import type { TestEvent } from './columns';

export const WORKED_EVENTS: TestEvent[] = [
  { contact: 'a', at: '2026-03-01T01:00:00Z', type: 'page_view' },
  { contact: 'b', at: '2026-03-01T01:00:30Z', type: 'demo_request' },
  { contact: 'a', at: '2026-03-01T01:10:00Z', type: 'demo_request' },
  { contact: 'c', at: '2026-03-01T01:10:00Z', type: 'form_submit' },
];

export const WORKED_SCENARIO: Partial<ScenarioInput> & Pick<ScenarioInput, 'strategies'> = {
  ingest: { default: { mode: 'poll', everyMinutes: 5 } },
  executor: { batchScoresPerSecond: 50, workers: 1, serviceMs: 60_000 },
  writeBack: { recordsPerCall: 2, maxWaitSeconds: 120, rateLimit: { calls: 1, perSeconds: 300 } },
  strategies: [{ id: 'events', kind: 'event-triggered', triggers: ['demo_request', 'form_submit'], debounceMinutes: 0 }],
};
