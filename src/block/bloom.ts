// The 2048-bit logs bloom (Yellow Paper 4.3.1): for the address and each topic of every log, three bits
// chosen by the low 11 bits of the first three byte pairs of keccak256(value).
import type { Log } from "../evm/log.js";
import { bigIntToBytes, bigIntToBytes32 } from "../primitives/hex.js";
import { keccak256 } from "../primitives/keccak.js";

export const BLOOM_BYTES = 256;

/** Sets the three bloom bits of `value` in `bloom` (a 256-byte big-endian bit array). */
export function addToBloom(bloom: Uint8Array, value: Uint8Array): void {
  const h = keccak256(value);
  for (let i = 0; i < 6; i += 2) {
    const bit = ((h[i]! << 8) | h[i + 1]!) & 2047;
    // Bit 0 is the least significant bit of the last byte.
    bloom[BLOOM_BYTES - 1 - (bit >> 3)]! |= 1 << (bit & 7);
  }
}

/** Adds one log (its address, then each topic) to `bloom`. */
export function addLogToBloom(bloom: Uint8Array, log: Log): void {
  addToBloom(bloom, bigIntToBytes(log.address, 20));
  for (const topic of log.topics) addToBloom(bloom, bigIntToBytes32(topic));
}

export function logsBloom(logs: Iterable<Log>): Uint8Array {
  const bloom = new Uint8Array(BLOOM_BYTES);
  for (const log of logs) addLogToBloom(bloom, log);
  return bloom;
}

/** ORs `other` into `into` (a block's bloom is the union of its receipts' blooms). */
export function orBloom(into: Uint8Array, other: Uint8Array): void {
  for (let i = 0; i < BLOOM_BYTES; i++) into[i]! |= other[i]!;
}
