/** Grows a typed array to `size`, keeping its contents. */
export function grown<A extends Float64Array | Int32Array | Uint8Array>(a: A, size: number): A {
  const out = new (a.constructor as new (n: number) => A)(size);
  out.set(a);
  return out;
}
