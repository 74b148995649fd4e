// The fixed-size location key: 14 u32 words = kind (1) + address (5) + slot (8). It covers every EVM
// location with one shape so the interning table needs no variants:
//   account fields   (KIND_NONCE | KIND_BALANCE | KIND_CODE_HASH, address, slot = 0)
//   storage          (KIND_STORAGE, address, slot)
// Words are little-endian (word 0 of the address is its low 32 bits). Other users (the synthetic test VM)
// pick any kind >= KIND_USER. Variable-size values (code bytes) are not locations' values: the code-hash
// location is versioned here, and the EVM binding keeps the bytes in its content-addressed arena
// (src/parallel/code-arena.ts), so the core stays free of variable-size values.
import { KEY_WORDS } from "./shared-layout.js";

export const KIND_NONCE = 1;
export const KIND_BALANCE = 2;
export const KIND_CODE_HASH = 3;
export const KIND_STORAGE = 4;
/** A transaction's deferred fee-recipient credit; the address words hold the transaction index. */
export const KIND_FEE = 5;
/** A transaction's deferred credit to the recipient of its plain value transfer; address words: tx index. */
export const KIND_CREDIT = 6;
/**
 * Markers read (never written) only when a block's pre-state reads are collected for an execution witness:
 * an account's code bytes taken from the pre-block state (address words: the account), and a BLOCKHASH
 * (address words: the block number). Reads of unwritten locations always validate; they only put the fact
 * into the read set, which code-hash reads alone cannot say (EXTCODEHASH needs no code).
 */
export const KIND_CODE = 7;
export const KIND_BLOCK_HASH = 8;
/** First kind free for non-EVM users of the engine. */
export const KIND_USER = 16;

const KIND_WORD = 0;
const ADDRESS_WORD = 1;
const SLOT_WORD = 6;

export function newKeyBuffer(): Uint32Array {
  return new Uint32Array(KEY_WORDS);
}

// One 64-bit lane seen as two 32-bit words: storing a bigint into a BigUint64Array takes its low 64 bits
// natively (no BigInt.asUintN and shifts to split it), and reading one builds a 64-bit bigint from two words
// the same way. LO/HI say which word is which on this machine's byte order.
const lane = new BigUint64Array(1);
const laneWords = new Uint32Array(lane.buffer);
const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
const LO = LITTLE_ENDIAN ? 0 : 1;
const HI = 1 - LO;

/** Writes the low `words` 32-bit words of `value` into `out` from `at`, least significant first. */
export function putWords(out: Uint32Array, at: number, words: number, value: bigint): void {
  if (value < 0x100000000n) {
    out[at] = Number(value);
    out.fill(0, at + 1, at + words);
    return;
  }
  // 64 bits per step through `lane` (measured ~2.5x faster on 256-bit values than BigInt.asUintN and
  // shifts per 32-bit word): this runs for every key and value a parallel transaction reads or writes.
  let v = value;
  for (let i = 0; i < words; i += 2) {
    if (v === 0n) {
      out.fill(0, at + i, at + words);
      return;
    }
    lane[0] = v;
    out[at + i] = laneWords[LO]!;
    if (i + 1 < words) out[at + i + 1] = laneWords[HI]!;
    v >>= 64n;
  }
}

/** Reads `words` 32-bit words from `at` (least significant first) as an unsigned bigint. */
export function getWords(key: ArrayLike<number>, at: number, words: number): bigint {
  let top = words - 1;
  while (top > 0 && key[at + top] === 0) top--;
  if (top === 0) return BigInt(key[at]!);
  // 64-bit chunks through `lane`, most significant first.
  let v = 0n;
  let i = top % 2 === 0 ? top : top - 1;
  for (; i >= 0; i -= 2) {
    laneWords[LO] = key[at + i]!;
    laneWords[HI] = i + 1 <= top ? key[at + i + 1]! : 0;
    const chunk = lane[0]!;
    v = v === 0n ? chunk : (v << 64n) | chunk;
  }
  return v;
}

/** Fills `out` with the key of an account field (nonce, balance or code hash). */
export function writeAccountKey(out: Uint32Array, kind: number, address: bigint): void {
  out[KIND_WORD] = kind;
  putWords(out, ADDRESS_WORD, 5, address);
  out.fill(0, SLOT_WORD, KEY_WORDS);
}

/**
 * Fills `out` with the key of an account field from the address's five words (`addressWords`, as putWords
 * wrote them): callers that keep an account's words skip the BigInt conversion on every further key.
 */
export function writeAccountKeyFromWords(out: Uint32Array, kind: number, addressWords: Uint32Array): void {
  out[KIND_WORD] = kind;
  for (let i = 0; i < 5; i++) out[ADDRESS_WORD + i] = addressWords[i]!;
  out.fill(0, SLOT_WORD, KEY_WORDS);
}

/** Fills `out` with the key of a storage slot of the account whose five words are `addressWords`. */
export function writeStorageKeyFromWords(out: Uint32Array, addressWords: Uint32Array, slot: bigint): void {
  out[KIND_WORD] = KIND_STORAGE;
  for (let i = 0; i < 5; i++) out[ADDRESS_WORD + i] = addressWords[i]!;
  putWords(out, SLOT_WORD, 8, slot);
}

/** Fills `out` with the key of a storage slot. */
export function writeStorageKey(out: Uint32Array, address: bigint, slot: bigint): void {
  out[KIND_WORD] = KIND_STORAGE;
  putWords(out, ADDRESS_WORD, 5, address);
  putWords(out, SLOT_WORD, 8, slot);
}

/**
 * Fills `out` with a key whose address and slot fit in 32 bits each: no BigInt work, for hot paths of
 * callers that number their locations themselves (the synthetic VM).
 */
export function writeSmallKey(out: Uint32Array, kind: number, address: number, slot: number): void {
  out.fill(0);
  out[KIND_WORD] = kind;
  out[ADDRESS_WORD] = address >>> 0;
  out[SLOT_WORD] = slot >>> 0;
}

export function keyKind(key: Uint32Array): number {
  return key[KIND_WORD]!;
}

export function keyAddress(key: Uint32Array): bigint {
  return getWords(key, ADDRESS_WORD, 5);
}

export function keySlot(key: Uint32Array): bigint {
  return getWords(key, SLOT_WORD, 8);
}

/** The low 32 bits of the slot (for writeSmallKey users). */
export function keySmallSlot(key: Uint32Array): number {
  return key[SLOT_WORD]!;
}
