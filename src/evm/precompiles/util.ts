// Shared precompile plumbing: result constructors, word counting and allocation-free byte/bigint helpers.
import type { PrecompileResult } from "./types.js";

/** Shared empty output; a zero-length array cannot be mutated, so sharing it is safe. */
export const EMPTY = new Uint8Array(0);

/** Failure: the caller burns all gas it gave, so gasUsed carries no meaning. */
export const FAILURE: PrecompileResult = Object.freeze({ success: false, gasUsed: 0, output: EMPTY });

export function ok(gasUsed: number, output: Uint8Array): PrecompileResult {
  return { success: true, gasUsed, output };
}

/**
 * Rethrows `e` when it is the JavaScript stack running out. The curve libraries throw on invalid input,
 * which a precompile reports as its own result; a stack overflow (the EVM run from deep inside a caller's
 * own recursion, so that a precompile starts near the stack's end) says nothing about the input and must
 * never become a result.
 */
export function rethrowStackOverflow(e: unknown): void {
  if (e instanceof RangeError && e.message.includes("call stack")) throw e;
}

/** Number of 32-byte words covering `length` bytes (the unit of the hashing precompiles' gas). */
export function wordCount(length: number): number {
  return Math.floor((length + 31) / 32);
}

const HEX: string[] = [];
for (let i = 0; i < 256; i++) HEX.push(i.toString(16).padStart(2, "0"));

/**
 * Big-endian unsigned value of input[start, start+length), where bytes past the end of `input` read as zero
 * (the EVM's implicit right-padding of call data).
 */
export function readBigInt(input: Uint8Array, start: number, length: number): bigint {
  const end = Math.min(start + length, input.length);
  if (start >= end) return 0n;
  let hex = "0x0";
  for (let i = start; i < end; i++) hex += HEX[input[i]!];
  const value = BigInt(hex);
  const missing = start + length - end;
  return missing === 0 ? value : value << BigInt(8 * missing);
}

/** Writes `value` big-endian into out[offset, offset+length), which must be zero; the value must fit. */
export function writeBigInt(out: Uint8Array, offset: number, length: number, value: bigint): void {
  let v = value;
  for (let i = offset + length - 1; i >= offset && v > 0n; i--) {
    out[i] = Number(v & 0xffn);
    v >>= 8n;
  }
}

/** True if input[start, end) is all zero (bytes past the end of input count as zero). */
export function isZeroRange(input: Uint8Array, start: number, end: number): boolean {
  const stop = Math.min(end, input.length);
  for (let i = start; i < stop; i++) if (input[i] !== 0) return false;
  return true;
}

/**
 * Copies input into `scratch` and zero-fills the rest: the fixed-size view of right-padded call data
 * for precompiles that accept short input. Only safe because precompiles run synchronously.
 */
export function padInto(scratch: Uint8Array, input: Uint8Array): Uint8Array {
  if (input.length >= scratch.length) {
    scratch.set(input.subarray(0, scratch.length));
  } else {
    scratch.set(input);
    scratch.fill(0, input.length);
  }
  return scratch;
}
