// MODEXP (0x05): EIP-198 modular exponentiation with EIP-198 gas, EIP-2565 gas from Berlin; from Osaka EIP-7823 bounds, EIP-7883 gas.
import type { ForkRules } from "../forks.js";
import type { Precompile } from "./types.js";
import { FAILURE, ok, readBigInt, writeBigInt } from "./util.js";

/** EIP-7823: each of the three lengths above this many bytes makes the call fail. */
const MAX_LENGTH_7823 = 1024n;

/**
 * Gas for a call with these (256-bit) header lengths and the first min(32, expLength) bytes of the
 * exponent as `expHead`. Exact bigint arithmetic, so absurd lengths simply price out of any gas limit.
 */
export function modexpGas(
  baseLength: bigint,
  expLength: bigint,
  modLength: bigint,
  expHead: bigint,
  rules: ForkRules,
): bigint {
  const maxLength = baseLength > modLength ? baseLength : modLength;
  const words = (maxLength + 7n) / 8n;
  // Iteration count: bit length - 1 of the head, plus a per-byte multiplier for exponent bytes past 32.
  const headBits = expHead === 0n ? 0n : BigInt(expHead.toString(2).length - 1);
  let iterations = headBits;
  if (expLength > 32n) iterations += (expLength - 32n) * (rules.eip7883 ? 16n : 8n);
  if (iterations < 1n) iterations = 1n;
  if (!rules.eip2565) {
    // EIP-198 (Byzantium to Istanbul): a piecewise multiplication complexity, divided by 20, no minimum.
    const x = maxLength;
    const complexity =
      x <= 64n ? x * x : x <= 1024n ? (x * x) / 4n + 96n * x - 3072n : (x * x) / 16n + 480n * x - 199680n;
    return (complexity * iterations) / 20n;
  }
  if (rules.eip7883) {
    const complexity = maxLength > 32n ? 2n * words * words : 16n;
    const gas = complexity * iterations;
    return gas < 500n ? 500n : gas;
  }
  const gas = (words * words * iterations) / 3n;
  return gas < 200n ? 200n : gas;
}

export const modexp: Precompile = (input, gasLimit, rules) => {
  const baseLength = readBigInt(input, 0, 32);
  const expLength = readBigInt(input, 32, 32);
  const modLength = readBigInt(input, 64, 32);
  // The exponent starts after the base; when that offset is past any real input the head reads as zero.
  const expStart = 96n + baseLength;
  const headLength = expLength < 32n ? Number(expLength) : 32;
  const expHead = expStart > BigInt(input.length) ? 0n : readBigInt(input, Number(expStart), headLength);
  const gas = modexpGas(baseLength, expLength, modLength, expHead, rules);
  if (gas > BigInt(gasLimit)) return FAILURE;
  if (
    rules.eip7823 &&
    (baseLength > MAX_LENGTH_7823 || expLength > MAX_LENGTH_7823 || modLength > MAX_LENGTH_7823)
  ) {
    return FAILURE;
  }
  const gasUsed = Number(gas);
  // Before Osaka a zero modulus length with a huge exponent length is cheap; never touch the operands then.
  if (modLength === 0n) return ok(gasUsed, new Uint8Array(0));
  // Gas bounds every length that reaches here (the lengths enter the price quadratically or linearly).
  const bLen = Number(baseLength);
  const eLen = Number(expLength);
  const mLen = Number(modLength);
  const output = new Uint8Array(mLen);
  const modulus = readBigInt(input, 96 + bLen + eLen, mLen);
  if (modulus <= 1n) return ok(gasUsed, output);
  const base = readBigInt(input, 96, bLen);
  const exponent = readBigInt(input, 96 + bLen, eLen);
  writeBigInt(output, 0, mLen, modPow(base, exponent, modulus));
  return ok(gasUsed, output);
};

/**
 * base^exponent mod modulus (modulus > 1) by left-to-right sliding-window exponentiation: about one
 * squaring per exponent bit plus one multiplication per window, instead of one per set bit.
 */
export function modPow(base: bigint, exponent: bigint, modulus: bigint): bigint {
  const b = base % modulus;
  if (exponent === 0n) return 1n;
  if (b === 0n) return 0n;
  const bits = exponent.toString(2);
  const window = bits.length > 512 ? 5 : bits.length > 128 ? 4 : bits.length > 24 ? 3 : 1;
  // odd[i] = b^(2i+1)
  const odd: bigint[] = [b];
  if (window > 1) {
    const b2 = (b * b) % modulus;
    for (let i = 1; i < 1 << (window - 1); i++) odd.push((odd[i - 1]! * b2) % modulus);
  }
  let result = 1n;
  let i = 0;
  while (i < bits.length) {
    if (bits.charCodeAt(i) === 48) {
      result = (result * result) % modulus;
      i++;
      continue;
    }
    // Longest window starting here that ends in a 1 bit.
    let end = Math.min(i + window, bits.length);
    while (bits.charCodeAt(end - 1) === 48) end--;
    let value = 0;
    for (let j = i; j < end; j++) {
      result = (result * result) % modulus;
      value = (value << 1) | (bits.charCodeAt(j) - 48);
    }
    result = (result * odd[value >> 1]!) % modulus;
    i = end;
  }
  return result;
}
