// BLAKE2F precompile (0x09, EIP-152): the BLAKE2b compression function F with a caller-chosen round count.
import type { Precompile } from "./types.js";
import { FAILURE, ok } from "./util.js";

const INPUT_SIZE = 213;

// BLAKE2b IV as (low, high) 32-bit halves.
// biome-ignore format: pairs read best one 64-bit word per line
const IV = new Uint32Array([
  0xf3bcc908, 0x6a09e667,
  0x84caa73b, 0xbb67ae85,
  0xfe94f82b, 0x3c6ef372,
  0x5f1d36f1, 0xa54ff53a,
  0xade682d1, 0x510e527f,
  0x2b3e6c1f, 0x9b05688c,
  0xfb41bd6b, 0x1f83d9ab,
  0x137e2179, 0x5be0cd19,
]);

// Message word schedule; round i uses row i mod 10 (rounds 10 and 11 of BLAKE2b repeat rows 0 and 1).
// biome-ignore format: one permutation per line
const SIGMA = new Uint8Array([
  0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15,
  14, 10, 4, 8, 9, 15, 13, 6, 1, 12, 0, 2, 11, 7, 5, 3,
  11, 8, 12, 0, 5, 2, 15, 13, 10, 14, 3, 6, 7, 1, 9, 4,
  7, 9, 3, 1, 13, 12, 11, 14, 2, 6, 5, 10, 4, 0, 15, 8,
  9, 0, 5, 7, 2, 4, 10, 15, 14, 1, 11, 12, 6, 8, 3, 13,
  2, 12, 6, 10, 0, 11, 8, 3, 4, 13, 7, 5, 15, 14, 1, 9,
  12, 5, 1, 15, 14, 13, 4, 10, 0, 7, 6, 3, 9, 2, 8, 11,
  13, 11, 7, 14, 12, 1, 3, 9, 5, 0, 15, 4, 8, 6, 2, 10,
  6, 15, 14, 9, 11, 3, 0, 8, 12, 2, 13, 7, 1, 4, 10, 5,
  10, 2, 8, 4, 7, 6, 1, 5, 15, 11, 9, 14, 3, 12, 13, 0,
]);

// Working state and message as 32-bit halves (64-bit lanes without BigInt). Reused: calls are synchronous.
const vl = new Uint32Array(16);
const vh = new Uint32Array(16);
const ml = new Uint32Array(16);
const mh = new Uint32Array(16);

function readU32LE(data: Uint8Array, offset: number): number {
  return (
    (data[offset]! | (data[offset + 1]! << 8) | (data[offset + 2]! << 16) | (data[offset + 3]! << 24)) >>> 0
  );
}

function writeU32LE(out: Uint8Array, offset: number, value: number): void {
  out[offset] = value;
  out[offset + 1] = value >>> 8;
  out[offset + 2] = value >>> 16;
  out[offset + 3] = value >>> 24;
}

/** The BLAKE2b mixing function G on lanes a, b, c, d with message words x, y. */
function mix(a: number, b: number, c: number, d: number, x: number, y: number): void {
  // v[a] = v[a] + v[b] + m[x]
  let lo = vl[a]! + vl[b]! + ml[x]!;
  vh[a] = vh[a]! + vh[b]! + mh[x]! + Math.floor(lo / 0x100000000);
  vl[a] = lo;
  // v[d] = (v[d] ^ v[a]) >>> 32
  let dl = vl[d]! ^ vl[a]!;
  let dh = vh[d]! ^ vh[a]!;
  vl[d] = dh;
  vh[d] = dl;
  // v[c] = v[c] + v[d]
  lo = vl[c]! + vl[d]!;
  vh[c] = vh[c]! + vh[d]! + Math.floor(lo / 0x100000000);
  vl[c] = lo;
  // v[b] = (v[b] ^ v[c]) >>> 24
  let bl = vl[b]! ^ vl[c]!;
  let bh = vh[b]! ^ vh[c]!;
  vl[b] = (bl >>> 24) | (bh << 8);
  vh[b] = (bh >>> 24) | (bl << 8);
  // v[a] = v[a] + v[b] + m[y]
  lo = vl[a]! + vl[b]! + ml[y]!;
  vh[a] = vh[a]! + vh[b]! + mh[y]! + Math.floor(lo / 0x100000000);
  vl[a] = lo;
  // v[d] = (v[d] ^ v[a]) >>> 16
  dl = vl[d]! ^ vl[a]!;
  dh = vh[d]! ^ vh[a]!;
  vl[d] = (dl >>> 16) | (dh << 16);
  vh[d] = (dh >>> 16) | (dl << 16);
  // v[c] = v[c] + v[d]
  lo = vl[c]! + vl[d]!;
  vh[c] = vh[c]! + vh[d]! + Math.floor(lo / 0x100000000);
  vl[c] = lo;
  // v[b] = (v[b] ^ v[c]) >>> 63, i.e. rotate left by 1
  bl = vl[b]! ^ vl[c]!;
  bh = vh[b]! ^ vh[c]!;
  vl[b] = (bl << 1) | (bh >>> 31);
  vh[b] = (bh << 1) | (bl >>> 31);
}

/**
 * Input: rounds (4 bytes big-endian) || h (64) || m (128) || t (16) || f (1), words little-endian.
 * Gas is one per round, so the round count (up to 2^32 - 1) is bounded by the gas limit.
 */
export const blake2f: Precompile = (input, gasLimit) => {
  if (input.length !== INPUT_SIZE) return FAILURE;
  const rounds = ((input[0]! << 24) | (input[1]! << 16) | (input[2]! << 8) | input[3]!) >>> 0;
  if (rounds > gasLimit) return FAILURE;
  const final = input[212];
  if (final !== 0 && final !== 1) return FAILURE;
  for (let i = 0; i < 8; i++) {
    vl[i] = readU32LE(input, 4 + 8 * i);
    vh[i] = readU32LE(input, 8 + 8 * i);
    vl[i + 8] = IV[2 * i]!;
    vh[i + 8] = IV[2 * i + 1]!;
  }
  for (let i = 0; i < 16; i++) {
    ml[i] = readU32LE(input, 68 + 8 * i);
    mh[i] = readU32LE(input, 72 + 8 * i);
  }
  // Offset counter t = (t0, t1) and the final-block flag.
  vl[12] = vl[12]! ^ readU32LE(input, 196);
  vh[12] = vh[12]! ^ readU32LE(input, 200);
  vl[13] = vl[13]! ^ readU32LE(input, 204);
  vh[13] = vh[13]! ^ readU32LE(input, 208);
  if (final === 1) {
    vl[14] = ~vl[14]!;
    vh[14] = ~vh[14]!;
  }
  for (let r = 0; r < rounds; r++) {
    const s = (r % 10) * 16;
    mix(0, 4, 8, 12, SIGMA[s]!, SIGMA[s + 1]!);
    mix(1, 5, 9, 13, SIGMA[s + 2]!, SIGMA[s + 3]!);
    mix(2, 6, 10, 14, SIGMA[s + 4]!, SIGMA[s + 5]!);
    mix(3, 7, 11, 15, SIGMA[s + 6]!, SIGMA[s + 7]!);
    mix(0, 5, 10, 15, SIGMA[s + 8]!, SIGMA[s + 9]!);
    mix(1, 6, 11, 12, SIGMA[s + 10]!, SIGMA[s + 11]!);
    mix(2, 7, 8, 13, SIGMA[s + 12]!, SIGMA[s + 13]!);
    mix(3, 4, 9, 14, SIGMA[s + 14]!, SIGMA[s + 15]!);
  }
  // h' = h ^ v[0..8] ^ v[8..16]
  const output = new Uint8Array(64);
  for (let i = 0; i < 8; i++) {
    writeU32LE(output, 8 * i, readU32LE(input, 4 + 8 * i) ^ vl[i]! ^ vl[i + 8]!);
    writeU32LE(output, 8 * i + 4, readU32LE(input, 8 + 8 * i) ^ vh[i]! ^ vh[i + 8]!);
  }
  return ok(rounds, output);
};
