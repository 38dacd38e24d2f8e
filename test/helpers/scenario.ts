import { type Scenario, type ScenarioInput, validateScenario } from '../../src/core/scenario';

/**
 * Round unit prices so hand computations stay readable: compute $0.001, LLM $0.0045 (before any
 * discount), database $0.000008 per job; 8 ops per job, 1 per event.
 */
export const TEST_COST: ScenarioInput['cost'] = {
  cpuMsPerScore: 3600,
  usdPerVcpuHour: 1,
  llm: { inputTokens: 1000, outputTokens: 100, usdPerMillionInput: 3, usdPerMillionOutput: 15, llmBatchDiscount: 0.5 },
  db: { readsPerScore: 6, writesPerScore: 2, writesPerEvent: 1, usdPerMillionReads: 1, usdPerMillionWrites: 1, capacityOpsPerMinute: 10 },
};

export function scenarioOf(input: Partial<ScenarioInput> & Pick<ScenarioInput, 'strategies'>): Scenario {
  const result = validateScenario({ name: 'test', cost: TEST_COST, ...input });
  if (!result.ok) throw new Error(result.errors.join('\n'));
  return result.scenario;
}
