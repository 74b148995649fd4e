// Keccak-256 (Ethereum's hash), plus the constant hashes the EVM keeps asking for.
// Backed by our own WebAssembly Keccak (keccak-wasm.ts), which takes its input and leaves its output in its
// own memory: keccak dominates the KECCAK256 opcode, storage-slot derivation and every trie root, and for
// those short inputs hash-wasm's JavaScript wrapper (init/update/digest, used until 2026-12-07) cost about
// as much as its compression function (docs/evm.md, "The block path"). @noble/hashes measured 9.8 us per
// 64-byte hash against hash-wasm's 1.3 us. Synchronous, no state between calls.

import { hexToBytes } from "./hex.js";
import { keccak, keccakInto, keccakWord } from "./keccak-wasm.js";

/** keccak256(data) as a new 32-byte array. */
export function keccak256(data: Uint8Array): Uint8Array {
  return keccak(data);
}

/** keccak256(data) as a 256-bit big-endian integer. */
export function keccak256Word(data: Uint8Array): bigint {
  return keccakWord(data, 0, data.length);
}

/** keccak256(data[start, end)) as a 256-bit big-endian integer, with no copy of the range. */
export function keccak256RangeWord(data: Uint8Array, start: number, end: number): bigint {
  return keccakWord(data, start, end);
}

/** Writes keccak256(data[start, end)) at out[pos, pos + 32) (no array allocated). */
export function keccak256Into(
  data: Uint8Array,
  start: number,
  end: number,
  out: Uint8Array,
  pos: number,
): void {
  keccakInto(data, start, end, out, pos);
}

/** keccak256 of the empty string: the code hash of every account without code. */
export const EMPTY_CODE_HASH = hexToBytes(
  "0xc5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470",
);
/** Root of the empty Merkle-Patricia trie, keccak256(rlp("")). */
export const EMPTY_TRIE_ROOT = hexToBytes(
  "0x56e81f171bcc55a6ff8345e692c0f86e5b48e01b996cadc001622fb5e363b421",
);
/** keccak256(rlp([])): the hash of an empty log list and of an empty ommers list. */
export const EMPTY_LIST_HASH = hexToBytes(
  "0x1dcc4de8dec75d7aab85b567b6ccd41ad312451b948a7413f0a142fd40d49347",
);
