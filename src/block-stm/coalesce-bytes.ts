// Before a worker's reply is structured-cloned: every Uint8Array element of the array outputs is moved into
// one ArrayBuffer (same bytes, now a view of it; the same array object twice becomes one copy). The
// serializer writes a shared buffer once and each view as a reference, and the main thread then allocates
// one buffer instead of one per byte string (an ERC-20 transfer's output holds three: the log data and two
// code hashes). Both serializing and deserializing the reply are on the critical path at the end of the
// block (figures: docs/parallel.md, "What comes back"). Outputs keep their meaning: only where the bytes
// live changes.
export function coalesceBytes(outputs: readonly unknown[]): void {
  let total = 0;
  const seen = new Map<Uint8Array, Uint8Array>();
  for (const output of outputs) {
    if (!Array.isArray(output)) continue;
    for (const element of output) {
      if (element instanceof Uint8Array && !seen.has(element)) {
        seen.set(element, element);
        total += element.length;
      }
    }
  }
  if (seen.size < 2) return;
  const pool = new Uint8Array(total);
  let at = 0;
  for (const bytes of seen.keys()) {
    pool.set(bytes, at);
    seen.set(bytes, pool.subarray(at, at + bytes.length));
    at += bytes.length;
  }
  for (const output of outputs) {
    if (!Array.isArray(output)) continue;
    for (let i = 0; i < output.length; i++) {
      const element: unknown = output[i];
      if (element instanceof Uint8Array) output[i] = seen.get(element);
    }
  }
}
