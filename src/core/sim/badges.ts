/**
 * Which strategy is cheapest and which freshest, as every face marks them. A strategy that scores
 * nothing is neither (it is cheap because it does nothing). Freshest is ranked on the share of all
 * significant events scored within an hour — unscored events count as never scored — then on p90
 * staleness; p90 alone is over scored events only and would crown a strategy that scores a third.
 */
import type { StrategySummary } from './results';

export interface Badges {
  cheapest: string | null;
  freshest: string | null;
}

export const FRESHEST_RULE = 'Freshest: the largest share of all significant events scored within 1 h (unscored events count as never), then the shortest p90. Strategies that score nothing are not ranked.';

export function badges(strategies: readonly StrategySummary[]): Badges {
  const working = strategies.filter((s) => s.scoreJobs > 0);
  const cheapest = [...working].sort((a, b) => a.cost.perMonthUsd - b.cost.perMonthUsd)[0]?.id ?? null;
  const fresh = working.filter((s) => s.freshness.within1h !== null && s.freshness.scored > 0);
  const freshest =
    [...fresh].sort((a, b) => b.freshness.within1h! - a.freshness.within1h! || (a.freshness.p90Seconds ?? Infinity) - (b.freshness.p90Seconds ?? Infinity))[0]?.id ?? null;
  return { cheapest, freshest };
}

/** The share of significant events never scored, or null when there are none. */
export function unscoredShare(s: StrategySummary): number | null {
  return s.freshness.significantEvents === 0 ? null : s.freshness.unscored / s.freshness.significantEvents;
}
