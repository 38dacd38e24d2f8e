import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { applyParam, grid, paramScope, parseParamSpec, sweepableFields } from '../../src/core/whatif/params';
import { paretoFrontier } from '../../src/core/whatif/frontier';
import { sensitivity } from '../../src/core/whatif/sensitivity';
import type { StrategySummary } from '../../src/core/sim/results';
import { TEST_COST } from '../helpers/scenario';
import type { ScenarioInput } from '../../src/core/scenario';

const SCENARIO: ScenarioInput = {
  name: 't',
  cost: TEST_COST,
  strategies: [
    { id: 'nightly', kind: 'nightly-batch', at: '02:00', scope: 'all' },
    { id: 'events', kind: 'event-triggered', triggers: ['demo_request'], debounceMinutes: 30 },
  ],
};

describe('sweep parameters', () => {
  it('parses ranges without drift', () => {
    expect(parseParamSpec('strategies.events.debounceMinutes=0:240:30')).toEqual({ path: ['strategies', 'events', 'debounceMinutes'], values: [0, 30, 60, 90, 120, 150, 180, 210, 240] });
    expect(parseParamSpec('cost.cpuMsPerScore=0:1:0.1').values).toEqual([0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1]);
  });

  it.each(['debounce', 'x=1:0:1', 'x=0:10:0', 'x=0:1e9:1', 'x=a:b:c'])('rejects %j with a clear message', (text) => {
    expect(() => parseParamSpec(text)).toThrow(/--param/);
  });

  it('sets a strategy field by strategy id, and names what is missing', () => {
    const s = applyParam(SCENARIO, ['strategies', 'events', 'debounceMinutes'], 5);
    expect((s.strategies[1] as { debounceMinutes: number }).debounceMinutes).toBe(5);
    expect((SCENARIO.strategies[1] as { debounceMinutes: number }).debounceMinutes).toBe(30);
    expect(() => applyParam(SCENARIO, ['strategies', 'evnts', 'debounceMinutes'], 5)).toThrow(/no strategy "evnts" \(strategies: nightly, events\)/);
    expect(() => applyParam(SCENARIO, ['strategies', 'nightly', 'at'], 5)).toThrow(/strategies\.nightly\.at: not a field a sweep can vary; valid paths: .*strategies\.nightly\.scope\.activeWithinDays/);
    expect(() => applyParam({ ...SCENARIO, cost: { ...TEST_COST, llm: undefined } }, ['cost', 'llm', 'inputTokens'], 5)).toThrow(/no cost\.llm block/);
  });

  it.each(['__proto__.x', 'constructor.prototype.x', 'cost.__proto__.polluted', 'cost.constructor', 'strategies.events.__proto__', 'strategies.__proto__.x', 'significant.length', 'cost.llm.toString'])(
    'refuses %s without touching any prototype, listing the valid paths',
    (path) => {
      expect(() => applyParam(SCENARIO, path.split('.'), 1)).toThrow(/not a field a sweep can vary; valid paths: significant, executor\.batchScoresPerSecond, .*cost\.cpuMsPerScore|no strategy "__proto__"/);
      expect(() => applyParam(SCENARIO, path.split('.'), ['demo_request'])).toThrow();
      expect(({} as Record<string, unknown>).x).toBeUndefined();
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
      expect(Object.prototype).not.toHaveProperty('x');
    },
  );

  it('lists exactly the numeric and list fields of the schema, with their bounds', () => {
    const fields = sweepableFields(SCENARIO);
    const byPath = new Map(fields.map((f) => [f.path.join('.'), f]));
    expect(byPath.get('strategies.events.debounceMinutes')).toMatchObject({ kind: 'number', min: 0, minExclusive: false });
    expect(byPath.get('strategies.nightly.scope.activeWithinDays')).toMatchObject({ kind: 'number', min: 0, minExclusive: true, integer: true });
    expect(byPath.get('cost.llm.llmBatchDiscount')).toMatchObject({ min: 0, max: 1 });
    expect(byPath.get('strategies.events.triggers')).toMatchObject({ kind: 'list' });
    expect([...byPath.keys()].some((p) => /timezone|window|name|\.id$|\.kind$|\.at$/.test(p))).toBe(false);
  });

  it('classifies what a parameter changes', () => {
    expect(paramScope(['cost', 'db', 'readsPerScore'])).toEqual({ kind: 'cost' });
    expect(paramScope(['strategies', 'events', 'debounceMinutes'])).toEqual({ kind: 'strategy', id: 'events' });
    expect(() => paramScope(['timezone'])).toThrow(/cannot be swept/);
  });

  it('crosses two parameters into a grid', () => {
    expect(grid([{ path: ['a'], values: [1, 2] }, { path: ['b'], values: [10, 20, 30] }])).toEqual([[1, 10], [1, 20], [1, 30], [2, 10], [2, 20], [2, 30]]);
  });
});

describe('Pareto frontier', () => {
  it('keeps the points nothing beats on both cost and freshness', () => {
    const points = [
      { monthlyUsd: 10, p90Seconds: 100 },
      { monthlyUsd: 5, p90Seconds: 200 },
      { monthlyUsd: 20, p90Seconds: 50 },
      { monthlyUsd: 15, p90Seconds: 150 }, // beaten by the first
      { monthlyUsd: 5, p90Seconds: null }, // as cheap as the second, never fresh
    ];
    expect(paretoFrontier(points)).toEqual([0, 1, 2]);
  });

  it('never keeps a dominated point, and keeps at least one', () => {
    const point = fc.record({ monthlyUsd: fc.integer({ min: 0, max: 50 }), p90Seconds: fc.option(fc.integer({ min: 0, max: 50 }), { nil: null }) });
    fc.assert(
      fc.property(fc.array(point, { minLength: 1, maxLength: 30 }), (points) => {
        const frontier = paretoFrontier(points);
        expect(frontier.length).toBeGreaterThan(0);
        const f = (p: (typeof points)[number]) => p.p90Seconds ?? Infinity;
        for (const i of frontier) {
          for (const q of points) {
            const p = points[i]!;
            expect(q.monthlyUsd <= p.monthlyUsd && f(q) <= f(p) && (q.monthlyUsd < p.monthlyUsd || f(q) < f(p))).toBe(false);
          }
        }
      }),
    );
  });
});

describe('sensitivity', () => {
  // 100 jobs, 40 of them batch jobs, over 10 days. Per job: compute $0.001, LLM $0.0045 (input $0.003,
  // output $0.0015; half price for batch jobs), database $0.000008.
  // Base: 0.1 + (60 + 20) × 0.0045 + 0.0008 = $0.4608 → $1.3824 a month (× 30 / 10).
  const summary = { id: 'nightly', scoreJobs: 100, discountedJobs: 40 } as StrategySummary;
  const rows = sensitivity(SCENARIO, [summary], 10, 0.2);
  const row = (input: string) => rows.find((r) => r.input === input)!;

  it('moves compute with cpuMsPerScore', () => {
    // Compute ±20% = ±$0.02 → ±$0.06 a month.
    expect(row('cost.cpuMsPerScore').baseMonthlyUsd).toBeCloseTo(1.3824, 10);
    expect(row('cost.cpuMsPerScore').lowMonthlyUsd).toBeCloseTo(1.3224, 10);
    expect(row('cost.cpuMsPerScore').highMonthlyUsd).toBeCloseTo(1.4424, 10);
  });

  it('moves the LLM input price and the token count alike', () => {
    // Input ±20% = ±$0.0006 per job, 80 full-price-equivalent jobs → ±$0.048 → ±$0.144 a month.
    for (const input of ['cost.llm.usdPerMillionInput', 'cost.llm.inputTokens']) {
      expect(row(input).lowMonthlyUsd).toBeCloseTo(1.2384, 10);
      expect(row(input).highMonthlyUsd).toBeCloseTo(1.5264, 10);
      expect(row(input).swingUsd).toBeCloseTo(0.288, 10);
    }
  });

  it('raises cost when the batch discount falls', () => {
    // Discount 0.4 / 0.6: the 40 batch jobs' LLM is 40 × 0.0045 × 0.6 or × 0.4 = $0.108 or $0.072.
    expect(row('cost.llm.llmBatchDiscount').lowMonthlyUsd).toBeCloseTo(1.3824 + 0.054, 10);
    expect(row('cost.llm.llmBatchDiscount').highMonthlyUsd).toBeCloseTo(1.3824 - 0.054, 10);
  });

  it('orders inputs by swing, largest first', () => {
    expect(rows[0]!.input).toBe('cost.llm.inputTokens');
    expect(rows.map((r) => r.swingUsd)).toEqual([...rows.map((r) => r.swingUsd)].sort((a, b) => b - a));
  });
});

describe('set-valued and scope parameters', () => {
  it('parses trigger sets and applies them to list fields only', () => {
    const spec = parseParamSpec('strategies.events.triggers=demo_request|demo_request,pricing_page_visit');
    expect(spec.values).toEqual([['demo_request'], ['demo_request', 'pricing_page_visit']]);
    const s = applyParam(SCENARIO, spec.path, spec.values[1]!);
    expect((s.strategies[1] as { triggers: string[] }).triggers).toEqual(['demo_request', 'pricing_page_visit']);
    expect(() => applyParam(SCENARIO, ['strategies', 'events', 'debounceMinutes'], ['x'])).toThrow(/not a list/);
  });

  it('turns a nightly scope of "all" into activeWithinDays when that is swept', () => {
    const s = applyParam(SCENARIO, ['strategies', 'nightly', 'scope', 'activeWithinDays'], 7);
    expect((s.strategies[0] as { scope: unknown }).scope).toEqual({ activeWithinDays: 7 });
    expect(SCENARIO.strategies[0]).toMatchObject({ scope: 'all' });
  });
});
