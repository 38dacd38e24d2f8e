/** The cost-versus-freshness Pareto frontier: points no other point beats on both. */
export interface FrontierPoint {
  monthlyUsd: number;
  /** p90 staleness; null (nothing significant scored) ranks as worst. */
  p90Seconds: number | null;
}

const fresh = (p: FrontierPoint) => p.p90Seconds ?? Infinity;

/** Indices of the points on the frontier: no other point is as cheap and as fresh and better in one. */
export function paretoFrontier(points: readonly FrontierPoint[]): number[] {
  return points.flatMap((p, i) => {
    const dominated = points.some(
      (q, j) => j !== i && q.monthlyUsd <= p.monthlyUsd && fresh(q) <= fresh(p) && (q.monthlyUsd < p.monthlyUsd || fresh(q) < fresh(p)),
    );
    return dominated ? [] : [i];
  });
}
