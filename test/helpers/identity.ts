import { type IdentityOutcome, type PackedValues, attributeOf, keyOf, viaOf } from '../../src/core/importing/identity-sink';

/** The identity outcome as the store reads it, every column spelled out per contact. */
export function contactTable({ contacts: t, quality }: IdentityOutcome) {
  const each = <T>(f: (c: number) => T): T[] => Array.from({ length: t.n }, (_, c) => f(c));
  return {
    contacts: {
      key: each((c) => keyOf(t, 'key', c)),
      emailKey: each((c) => keyOf(t, 'emailKey', c)),
      phoneKey: each((c) => keyOf(t, 'phoneKey', c)),
      country: each((c) => attributeOf(t, 'country', c)),
      companySize: each((c) => attributeOf(t, 'companySize', c)),
      accountId: each((c) => attributeOf(t, 'accountId', c)),
      lifecycleStage: each((c) => attributeOf(t, 'lifecycleStage', c)),
      sourceSystem: each((c) => attributeOf(t, 'sourceSystem', c)),
      via: each((c) => viaOf(t, c)),
      root: t.root,
    },
    quality,
  };
}

/** A column of strings as codes into its distinct values. */
export function packValues(column: readonly (string | null)[]): PackedValues {
  const index = new Map<string, number>();
  const values: string[] = [];
  const codes = new Int32Array(column.length);
  for (let i = 0; i < column.length; i++) {
    const v = column[i];
    if (v === null || v === undefined) continue;
    let code = index.get(v);
    if (code === undefined) index.set(v, (code = values.push(v)));
    codes[i] = code;
  }
  return { values, codes };
}
