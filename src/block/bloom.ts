// The 2048-bit logs bloom (Yellow Paper 4.3.1): for the address and each topic of every log, three bits
// chosen by the low 11 bits of the first three byte pairs of keccak256(value).
import type { Log } from "../evm/log.js";
import { keccak256, keccak256Into } from "../primitives/keccak.js";

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

/**
 * The three bloom bits of recent addresses and topics (11 bits each, packed into one number), by value: a
 * block's logs repeat them (every Transfer log has the same event topic and, in a token's block, the same
 * address), so each is hashed once instead of once per log. Bounded by clearing when full.
 */
const addressBits = new Map<bigint, number>();
const topicBits = new Map<bigint, number>();
const CACHE_LIMIT = 4096;
const TWO_160 = 1n << 160n;
const TWO_256 = 1n << 256n;
const scratch = new Uint8Array(32);
const scratchView = new DataView(scratch.buffer);
const hash = new Uint8Array(32);

function bitsOf(value: bigint, length: number, cache: Map<bigint, number>): number {
  let bits = cache.get(value);
  if (bits === undefined) {
    if (value < 0n || value >= (length === 32 ? TWO_256 : TWO_160))
      throw new RangeError(`bloom value out of range: ${value}`);
    // The value as `length` big-endian bytes (setBigUint64 keeps the low 64 bits), hashed into `hash`.
    if (length === 32) {
      scratchView.setBigUint64(0, value >> 192n);
      scratchView.setBigUint64(8, value >> 128n);
    } else {
      scratchView.setUint32(0, Number(value >> 128n));
    }
    scratchView.setBigUint64(length - 16, value >> 64n);
    scratchView.setBigUint64(length - 8, value);
    keccak256Into(scratch, 0, length, hash, 0);
    const h = hash;
    bits =
      (((h[0]! << 8) | h[1]!) & 2047) +
      (((h[2]! << 8) | h[3]!) & 2047) * 2048 +
      (((h[4]! << 8) | h[5]!) & 2047) * 4194304;
    if (cache.size >= CACHE_LIMIT) cache.clear();
    cache.set(value, bits);
  }
  return bits;
}

function setBits(bloom: Uint8Array, packed: number): void {
  let p = packed;
  for (let i = 0; i < 3; i++) {
    const bit = p % 2048;
    p = Math.floor(p / 2048);
    bloom[BLOOM_BYTES - 1 - (bit >> 3)]! |= 1 << (bit & 7);
  }
}

/** Adds one log (its address, then each topic) to `bloom`. */
export function addLogToBloom(bloom: Uint8Array, log: Log): void {
  setBits(bloom, bitsOf(log.address, 20, addressBits));
  for (const topic of log.topics) setBits(bloom, bitsOf(topic, 32, topicBits));
}

export function logsBloom(logs: Iterable<Log>): Uint8Array {
  const bloom = new Uint8Array(BLOOM_BYTES);
  for (const log of logs) addLogToBloom(bloom, log);
  return bloom;
}

/** ORs `other` into `into` (a block's bloom is the union of its receipts' blooms). */
export function orBloom(into: Uint8Array, other: Uint8Array): void {
  if (into.byteOffset % 4 === 0 && other.byteOffset % 4 === 0) {
    // 64 words instead of 256 bytes (a block ORs one bloom per receipt).
    const a = new Int32Array(into.buffer, into.byteOffset, BLOOM_BYTES / 4);
    const b = new Int32Array(other.buffer, other.byteOffset, BLOOM_BYTES / 4);
    for (let i = 0; i < BLOOM_BYTES / 4; i++) a[i]! |= b[i]!;
    return;
  }
  for (let i = 0; i < BLOOM_BYTES; i++) into[i]! |= other[i]!;
}
