import { type IdentityOutcome, attributeOf, keyOf, viaOf } from '../../src/core/importing/identity-sink';

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
