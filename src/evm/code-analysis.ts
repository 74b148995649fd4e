// Jump-destination analysis, done once per code object and cached (code arrays are immutable once deployed).

const cache = new WeakMap<Uint8Array, Uint8Array>();

/** A byte per code position: 1 where a JUMPDEST opcode (not PUSH data) stands. */
export function jumpDestinations(code: Uint8Array): Uint8Array {
  let map = cache.get(code);
  if (map !== undefined) return map;
  map = new Uint8Array(code.length);
  for (let pc = 0; pc < code.length; pc++) {
    const op = code[pc]!;
    if (op === 0x5b) map[pc] = 1;
    else if (op >= 0x60 && op <= 0x7f) pc += op - 0x5f;
  }
  cache.set(code, map);
  return map;
}
