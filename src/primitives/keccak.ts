// Keccak-256 (Ethereum's hash) on top of @noble/hashes, plus the constant hashes the EVM keeps asking for.
import { keccak_256 } from "@noble/hashes/sha3.js";
import { bytesToBigInt, hexToBytes } from "./hex.js";

export function keccak256(data: Uint8Array): Uint8Array {
  return keccak_256(data);
}

export function keccak256Word(data: Uint8Array): bigint {
  return bytesToBigInt(keccak_256(data));
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
