import { type IdentityOutcome, type PackedIdentityOutcome, attributeOf, keyOf, readIdentityOutcome, viaOf } from '../../src/core/importing/identity-sink';

const hexOf = (b: Uint8Array) => Buffer.from(b).toString('hex');

/** The identity outcome as the store reads it, every column spelled out per contact. */
export function contactTable(p: PackedIdentityOutcome) {
  const { contacts: t, quality }: IdentityOutcome = readIdentityOutcome(p, hexOf);
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
