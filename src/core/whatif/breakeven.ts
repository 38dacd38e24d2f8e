/** Where one strategy's monthly cost crosses another's as volume scales. */

export const DEFAULT_FACTORS = [0.25, 0.5, 1, 2, 4, 8, 16];

export interface Crossover {
  /** Above this factor `more` costs more than `less`; below it, the other way round. */
  factor: number;
  more: string;
  less: string;
  statement: string;
}

/**
 * Sign changes of cost(a) − cost(b) between consecutive factors, located by linear interpolation of
 * the difference in log(factor) (volume factors are spaced geometrically).
 */
export function crossovers(factors: readonly number[], costs: Record<string, number[]>, kinds: Record<string, string> = {}): Crossover[] {
  const ids = Object.keys(costs);
  const out: Crossover[] = [];
  for (let x = 0; x < ids.length; x++) {
    for (let y = x + 1; y < ids.length; y++) {
      const a = ids[x]!;
      const b = ids[y]!;
      for (let i = 0; i + 1 < factors.length; i++) {
        const d0 = costs[a]![i]! - costs[b]![i]!;
        const d1 = costs[a]![i + 1]! - costs[b]![i + 1]!;
        if (d0 === 0 || Math.sign(d0) === Math.sign(d1)) continue;
        const l0 = Math.log(factors[i]!);
        const l1 = Math.log(factors[i + 1]!);
        const factor = Math.exp(l0 + ((l1 - l0) * -d0) / (d1 - d0));
        const [more, less] = d1 > 0 ? [a, b] : [b, a];
        const name = (id: string) => (kinds[id] ? `${id} (${kinds[id]})` : id);
        out.push({ factor, more, less, statement: `${name(more)} costs more than ${name(less)} above ×${factor.toPrecision(2)} of today's volume` });
      }
    }
  }
  return out.sort((p, q) => p.factor - q.factor);
}
