// Compute-heavy example: generate n pseudo-random 64-bit numbers (an LCG from `seed`), heap-sort them and
// return a checksum of the sorted order. The same algorithm is in the C, Rust and Solidity versions, so
// results must be equal and gas and time comparable (npm run bench:wasm).
// @abi function sortChecksum(uint256 seed, uint256 n) returns (uint256)
import { Calldata, returnU256, revertMessage, U256, unknownSelector } from "lanes";

function siftDown(a: StaticArray<u64>, start: i32, end: i32): void {
  let root = start;
  for (;;) {
    let child = 2 * root + 1;
    if (child >= end) return;
    if (child + 1 < end && unchecked(a[child]) < unchecked(a[child + 1])) child++;
    const r = unchecked(a[root]);
    const c = unchecked(a[child]);
    if (r >= c) return;
    unchecked((a[root] = c));
    unchecked((a[child] = r));
    root = child;
  }
}

function sortChecksum(seed: u64, n: i32): u64 {
  const a = new StaticArray<u64>(n);
  let x = seed;
  for (let i = 0; i < n; i++) {
    x = x * 6364136223846793005 + 1442695040888963407;
    unchecked((a[i] = x));
  }
  for (let start = n / 2 - 1; start >= 0; start--) siftDown(a, start, n);
  for (let end = n - 1; end > 0; end--) {
    const t = unchecked(a[0]);
    unchecked((a[0] = a[end]));
    unchecked((a[end] = t));
    siftDown(a, 0, end);
  }
  let sum: u64 = 0;
  for (let i = 0; i < n; i++) sum += unchecked(a[i]) * <u64>(i + 1);
  return sum;
}

export function user_entrypoint(len: i32): i32 {
  const args = Calldata.read(len);
  if (args.selector() === 0x202acdc9) {
    const n = args.word(1);
    if (n.m1 !== 0 || n.m2 !== 0 || n.hi !== 0 || n.lo > 100000) revertMessage("n too large");
    return returnU256(U256.fromU64(sortChecksum(args.word(0).lo, <i32>n.lo)));
  }
  return unknownSelector();
}
