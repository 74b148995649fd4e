// The Lanes co-processors from AssemblyScript: typed wrappers over static calls to their reserved addresses
// (the same ABI as contracts/coprocessors/ILanesSimd.sol). A failed co-processor call (bad lengths, out of
// gas) reverts the caller with the co-processor's (empty) revert data, as a failed Solidity call would.
import { AbiWriter, Bytes } from "./abi";
import { staticCall } from "./call";
import { U256 } from "./u256";

// Addresses as u64 constants (an object-valued global would need a start function, which contracts may not
// have): U256.fromU64(SIMD_ADDRESS).
/** The SIMD co-processor (int8/int32 vector math), 0x…0c01. */
export const SIMD_ADDRESS: u64 = 0x0c01;
/** The Groth16 (BN254) verifier co-processor, 0x…0c02: reach it with staticCall and ILanesGroth16's ABI. */
export const GROTH16_ADDRESS: u64 = 0x0c02;

function padded(n: u32): u32 {
  return (n + 31) & ~31;
}

function appendBytes(w: AbiWriter, b: Bytes): void {
  w.u64(<u64>b.len).bytes(b.ptr, b.len).zeros(padded(b.len) - b.len);
}

/** sum(a[i] * b[i]) over int8 vectors of equal length (wrapping modulo 2^32). */
export function simdDot(a: Bytes, b: Bytes): i32 {
  const w = new AbiWriter(4 + 128 + padded(a.len) + padded(b.len));
  w.selector(0x03421bcb).u64(0x40).u64(<u64>(0x60 + padded(a.len)));
  appendBytes(w, a);
  appendBytes(w, b);
  const r = staticCall(U256.fromU64(SIMD_ADDRESS), w).orBubble();
  return <i32>(<u32>r.word(0).lo);
}

/** y = W x: W int8 rows x cols (row-major), x int8 cols; y int32 rows, big-endian (4 bytes each). */
export function simdMatVec(weights: Bytes, rows: u64, cols: u64, x: Bytes): Bytes {
  const w = new AbiWriter(4 + 192 + padded(weights.len) + padded(x.len));
  w.selector(0x79e01f27)
    .u64(0x80)
    .u64(rows)
    .u64(cols)
    .u64(<u64>(0xa0 + padded(weights.len)));
  appendBytes(w, weights);
  appendBytes(w, x);
  const r = staticCall(U256.fromU64(SIMD_ADDRESS), w).orBubble();
  // bytes return: offset word, length word, the bytes.
  const n = <u32>r.word(1).lo;
  return new Bytes(r.ptr + 64, n);
}

/** The first index of the largest int32 of a non-empty big-endian int32 vector. */
export function simdArgmax(x: Bytes): u32 {
  const w = new AbiWriter(4 + 64 + padded(x.len));
  w.selector(0x76073be9).u64(0x20);
  appendBytes(w, x);
  return <u32>staticCall(U256.fromU64(SIMD_ADDRESS), w).orBubble().word(0).lo;
}
