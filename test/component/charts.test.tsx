// @vitest-environment happy-dom
/** Chart components render real marks from their data; SVG snapshots with numbers rounded. */
import { cleanup, render, screen } from '@testing-library/react';
import fc from 'fast-check';
import { renderToStaticMarkup } from 'react-dom/server';
import { afterEach, describe, expect, it } from 'vitest';
import { CostBreakdownChart, CumulativeCostChart, HeatmapChart, OpsChart, StalenessCdfChart } from '../../src/renderer/charts/charts';
import { LIGHT, costBreakdown, cumulativeCost, downsampleMinMax, hourOfWeek, opsLines, stalenessCdf } from '../../src/renderer/charts/model';
import { SummaryCards } from '../../src/renderer/views/ResultsView';
import { RUN } from './fixture-run';

afterEach(cleanup);

/** Rounds every number in the markup so snapshots do not churn on float noise. */
function stable(svg: string): string {
  return svg.replace(/-?\d+\.\d+/g, (n) => String(Math.round(Number(n) * 10) / 10));
}

describe('chart view-models', () => {
  it('accumulate cost per hour', () => {
    const [nightly] = cumulativeCost(RUN);
    expect(nightly!.points.at(-1)![1]).toBeCloseTo(4, 9); // 2 days × $2 at 02:00
    expect(nightly!.points).toHaveLength(49);
  });

  it('build the staleness CDF over all significant events, unscored ones never reached', () => {
    const [, events] = stalenessCdf(RUN);
    expect(events!.points.map((p) => p[1])).toEqual([0.7, 0.8, 0.9, 0.9]);
  });

  it('average jobs per hour of the week in the scenario zone', () => {
    const cells = hourOfWeek(RUN, 0);
    // Mar 2 2026 is a Monday: 02:00 on Monday and Tuesday had 10 jobs each.
    expect(cells.find((c) => c.day === 0 && c.hour === 2)?.value).toBe(10);
    expect(cells.find((c) => c.day === 1 && c.hour === 2)?.value).toBe(10);
    expect(cells).toHaveLength(48);
  });

  it('break monthly cost into components', () => {
    expect(costBreakdown(RUN)[0]!.parts.map((p) => p.value)).toEqual([15, 37.5, 7.5, 0, 0]);
  });

  it('downsample to the pixel width keeping every pixel column extreme', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 1000 }), { minLength: 1, maxLength: 3000 }), fc.integer({ min: 5, max: 300 }), (ys, pixels) => {
        const points = ys.map((y, i): [number, number] => [i, y]);
        const out = downsampleMinMax(points, 0, ys.length - 1, pixels);
        expect(out.length).toBeLessThanOrEqual(Math.max(ys.length, 2 * pixels + 2));
        expect(Math.max(...out.map((p) => p[1]))).toBe(Math.max(...ys));
        expect(Math.min(...out.map((p) => p[1]))).toBe(Math.min(...ys));
        for (let i = 1; i < out.length; i++) expect(out[i]![0]).toBeGreaterThanOrEqual(out[i - 1]![0]);
      }),
    );
  });
});

describe('charts', () => {
  it('draw one line per strategy, the capacity line and a brush layer', () => {
    const { container } = render(<OpsChart lines={opsLines(RUN)} capacity={400} theme={LIGHT} />);
    expect(container.querySelectorAll('path[data-series]')).toHaveLength(2);
    expect(container.querySelector('[data-capacity="400"]')).not.toBeNull();
    expect(container.querySelector('g.brush')).not.toBeNull();
    // 2,880 minutes drawn on ~640 pixels: at most two points per pixel column per line.
    const d = container.querySelector('path[data-series="nightly"]')!.getAttribute('d')!;
    expect(d.split('L').length).toBeLessThanOrEqual(2 * 640 + 2);
    expect(d.split('L').length).toBeGreaterThan(100);
  });

  it('render to stable SVG (cumulative cost, CDF, heatmap, breakdown)', () => {
    const markup = [
      renderToStaticMarkup(<CumulativeCostChart lines={cumulativeCost(RUN)} theme={LIGHT} />),
      renderToStaticMarkup(<StalenessCdfChart lines={stalenessCdf(RUN)} theme={LIGHT} />),
      renderToStaticMarkup(<HeatmapChart cells={hourOfWeek(RUN, 1)} theme={LIGHT} label="events" />),
      renderToStaticMarkup(<CostBreakdownChart bars={costBreakdown(RUN)} theme={LIGHT} />),
    ].map(stable);
    expect(markup[3]).toContain('data-series="nightly"');
    expect(markup).toMatchSnapshot();
  });

  it('mark the cheapest and the freshest strategy on the summary cards', () => {
    render(<SummaryCards run={RUN} />);
    const events = screen.getByText('events', { selector: 'h3' }).closest('article')!;
    expect(events.className).toContain('cheapest');
    expect(events.className).toContain('freshest');
    expect(events.querySelector('[data-field="perMonthUsd"]')!.textContent).toBe('$22.50');
    expect(events.querySelector('[data-field="p90Seconds"]')!.textContent).toBe('10 min');
  });
});
