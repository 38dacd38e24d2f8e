/** Company sizes to the bands LinkedIn and most CRMs use, from head counts, ranges or band labels. */

export const COMPANY_SIZE_BANDS = ['1-10', '11-50', '51-200', '201-500', '501-1000', '1001-5000', '5001-10000', '10001+'] as const;
export type CompanySizeBand = (typeof COMPANY_SIZE_BANDS)[number];

const UPPER = [10, 50, 200, 500, 1000, 5000, 10000, Infinity];

function bandOf(headcount: number): CompanySizeBand {
  const i = UPPER.findIndex((upper) => headcount <= upper);
  return COMPANY_SIZE_BANDS[i] as CompanySizeBand;
}

function count(token: string): number {
  const m = /^(\d+(?:\.\d+)?)(k|m)?$/.exec(token);
  if (!m) return NaN;
  const scale = m[2] === 'k' ? 1_000 : m[2] === 'm' ? 1_000_000 : 1;
  return Number(m[1]) * scale;
}

/** The band, or null when the value is not a size. A range is placed by its midpoint, "N+" just above N. */
export function normalizeCompanySize(raw: string): CompanySizeBand | null {
  const s = raw.trim().toLowerCase().replace(/,/g, '').replace(/\s*employees?$/, '').replace(/\s+/g, ' ');
  if (s === '') return null;
  if (s === 'self-employed' || s === 'self employed' || s === 'solo') return '1-10';
  const plus = /^(\d+(?:\.\d+)?[km]?)\s*\+$|^(?:more than|over|>)\s*(\d+(?:\.\d+)?[km]?)$/.exec(s);
  if (plus) {
    const n = count((plus[1] ?? plus[2]) as string);
    return Number.isFinite(n) ? bandOf(n + 1) : null;
  }
  const range = /^(\d+(?:\.\d+)?[km]?)\s*(?:-|–|—|to)\s*(\d+(?:\.\d+)?[km]?)$/.exec(s);
  if (range) {
    const lo = count(range[1] as string);
    const hi = count(range[2] as string);
    if (!Number.isFinite(lo) || !Number.isFinite(hi) || hi < lo) return null;
    return bandOf((lo + hi) / 2);
  }
  const n = count(s);
  return Number.isFinite(n) && n >= 1 ? bandOf(n) : null;
}
