// @vitest-environment happy-dom
import { cleanup, render } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { BreakevenChart, ForecastChart, FrontierChart, TornadoChart, frontierDots } from '../../src/renderer/charts/whatif-charts';
import { LIGHT } from '../../src/renderer/charts/model';
import type { SweepResult } from '../../src/shared/types';
import type { StrategySummary } from '../../src/core/sim/results';
import { RUN } from './fixture-run';

afterEach(cleanup);

const summary = (id: string, monthly: number, p90: number | null) =>
  ({ ...RUN.result.strategies[0]!, id, cost: { ...RUN.result.strategies[0]!.cost, perMonthUsd: monthly }, freshness: { ...RUN.result.strategies[0]!.freshness, p90Seconds: p90 } }) as StrategySummary;

const SWEEP: SweepResult = {
  dataset: 'd',
  scenario: 's',
  params: [{ path: 'strategies.events.debounceMinutes', values: [0, 30, 60] }],
  varying: ['events'],
  points: [
    { values: [0], strategies: [summary('nightly', 60, 80_000), summary('events', 30, 10)] },
    { values: [30], strategies: [summary('nightly', 60, 80_000), summary('events', 25, 1800)] },
    { values: [60], strategies: [summary('nightly', 60, 80_000), summary('events', 26, 3600)] },
  ],
  frontier: [
    { point: 0, strategy: 'events' },
    { point: 1, strategy: 'events' },
  ],
  simulations: 4,
  seconds: 0.1,
};

describe('what-if charts', () => {
  it('plot only the varying strategy and ring the frontier points', () => {
    const dots = frontierDots(SWEEP);
    expect(dots.map((d) => [d.point, d.strategy, d.onFrontier])).toEqual([
      [0, 'events', true],
      [1, 'events', true],
      [2, 'events', false],
    ]);
    const { container } = render(<FrontierChart dots={dots} theme={LIGHT} />);
    expect(container.querySelectorAll('circle[data-frontier="yes"]')).toHaveLength(2);
    expect(container.querySelector('path[data-frontier-line]')!.getAttribute('d')).toMatch(/^M[\d.]+,[\d.]+L[\d.]+,[\d.]+$/);
  });

  it('draw break-even curves with their crossover marks, forecast bands and tornado bars', () => {
    const be = render(
      <BreakevenChart
        theme={LIGHT}
        result={{ dataset: 'd', scenario: 's', factors: [1, 2, 4], strategies: [{ id: 'a', kind: 'x', monthlyUsd: [1, 3, 9], scoreJobs: [1, 2, 3], peakOpsPerMinute: [1, 1, 1] }, { id: 'b', kind: 'y', monthlyUsd: [2, 3.5, 5], scoreJobs: [1, 2, 3], peakOpsPerMinute: [1, 1, 1] }], crossovers: [{ factor: 2.16, more: 'a', less: 'b', statement: '' }] }}
      />,
    );
    expect(be.container.querySelectorAll('path[data-series]')).toHaveLength(2);
    expect(be.container.querySelector('[data-crossover="2.16"]')).not.toBeNull();
    const inputs = { months: 2, growthContacts: 0, growthEvents: 0, priceChange: 0, replicates: 10, seed: 1, startMonth: '2026-04' };
    const fc = render(<ForecastChart theme={LIGHT} result={{ run: 1, scenario: 's', dataset: 'd', scale: 1, replicates: 10, seed: 1, inputs, startMonth: '2026-04', totals: [], rows: [1, 2].map((month) => ({ month, monthStart: `2026-0${3 + month}`, days: 30, strategy: 'a', costUsd: 10 * month, costLowUsd: 9 * month, costHighUsd: 11 * month, jobs: 1, jobsLow: 1, jobsHigh: 1, peakOpsPerMinute: 5, peakLow: 4, peakHigh: 6 })) }} />);
    expect([...fc.container.querySelectorAll('text')].map((t) => t.textContent)).toEqual(expect.arrayContaining(['Apr 2026', 'May']));
    expect(fc.container.querySelectorAll('path[data-band]')).toHaveLength(1);
    const tornado = render(<TornadoChart theme={LIGHT} rows={[{ input: 'cost.cpuMsPerScore', label: 'CPU ms per score', strategy: 'a', baseValue: 1, lowMonthlyUsd: 8, baseMonthlyUsd: 10, highMonthlyUsd: 12, swingUsd: 4 }]} />);
    expect(tornado.container.querySelectorAll('[data-input="cost.cpuMsPerScore"] rect')).toHaveLength(2);
  });
});

describe('log axes', () => {
  it('label 1-2-5 steps, or whole decades when there are many', async () => {
    const { logTicks } = await import('../../src/renderer/charts/Axis');
    expect(logTicks([1, 100])).toEqual([1, 2, 5, 10, 20, 50, 100]);
    expect(logTicks([10, 100_000])).toEqual([10, 100, 1000, 10_000, 100_000]);
  });
});
