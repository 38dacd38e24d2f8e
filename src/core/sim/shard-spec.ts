/** What a worker is asked to simulate: one strategy over one range of contact ranks. */
export interface ShardSpec {
  strategyIndex: number;
  rankFrom: number;
  rankTo: number;
  /** Positions already taken in each batch run by contacts before rankFrom (see countRunMembers). */
  runOffsets?: Int32Array | undefined;
}

export type ProgressFn = (contactsDone: number) => void;

/** Contacts between progress reports. */
export const PROGRESS_EVERY = 16_384;
