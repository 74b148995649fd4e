// The small, strict ABI codec of the co-processors' call interfaces: a 4-byte selector, then the Solidity
// ABI encoding of the arguments. Strict like Solidity's own decoder: offsets and lengths must stay inside
// the input, integers must be in range and cleanly sign- or zero-extended, booleans 0 or 1. Any violation
// is a CoprocessorInputError (the call fails).
import { bytesToBigInt } from "../primitives/hex.js";
import { keccak256 } from "../primitives/keccak.js";
import { CoprocessorInputError } from "./types.js";

export type AbiType = "bytes" | "uint256" | "int32" | "uint8" | "bool" | "uint256[]" | "uint256[8]";
export type AbiValue = Uint8Array | bigint | number | boolean | bigint[];

/** The 4-byte selector of `signature` ("dot(bytes,bytes)") as a big-endian uint32. */
export function selectorOf(signature: string): number {
  const h = keccak256(new TextEncoder().encode(signature));
  return ((h[0]! << 24) | (h[1]! << 16) | (h[2]! << 8) | h[3]!) >>> 0;
}

export function readSelector(input: Uint8Array): number {
  if (input.length < 4) throw new CoprocessorInputError("input shorter than a selector");
  return ((input[0]! << 24) | (input[1]! << 16) | (input[2]! << 8) | input[3]!) >>> 0;
}

const TWO_255 = 1n << 255n;
const TWO_256 = 1n << 256n;

function word(data: Uint8Array, at: number): bigint {
  if (at + 32 > data.length || at < 0) throw new CoprocessorInputError("argument past the end of the input");
  return bytesToBigInt(data.subarray(at, at + 32));
}

/** A word used as an offset or length: must fit in the input. */
function smallWord(data: Uint8Array, at: number): number {
  const w = word(data, at);
  if (w > BigInt(data.length)) throw new CoprocessorInputError("offset or length past the end of the input");
  return Number(w);
}

function headSize(t: AbiType): number {
  return t === "uint256[8]" ? 256 : 32;
}

/** Decodes the arguments after the selector (`input` is the whole call data). */
export function decodeArgs(input: Uint8Array, types: readonly AbiType[]): AbiValue[] {
  const data = input.subarray(4);
  const out: AbiValue[] = [];
  let head = 0;
  for (const t of types) {
    switch (t) {
      case "bytes": {
        const offset = smallWord(data, head);
        const length = smallWord(data, offset);
        if (offset + 32 + length > data.length)
          throw new CoprocessorInputError("bytes past the end of the input");
        out.push(data.subarray(offset + 32, offset + 32 + length));
        break;
      }
      case "uint256":
        out.push(word(data, head));
        break;
      case "int32": {
        const w = word(data, head);
        const value = w >= TWO_255 ? w - TWO_256 : w;
        if (value < -(1n << 31n) || value >= 1n << 31n) throw new CoprocessorInputError("int32 out of range");
        out.push(Number(value));
        break;
      }
      case "uint8": {
        const w = word(data, head);
        if (w > 255n) throw new CoprocessorInputError("uint8 out of range");
        out.push(Number(w));
        break;
      }
      case "bool": {
        const w = word(data, head);
        if (w > 1n) throw new CoprocessorInputError("bool is neither 0 nor 1");
        out.push(w === 1n);
        break;
      }
      case "uint256[8]": {
        const values: bigint[] = [];
        for (let i = 0; i < 8; i++) values.push(word(data, head + 32 * i));
        out.push(values);
        break;
      }
      case "uint256[]": {
        const offset = smallWord(data, head);
        const length = smallWord(data, offset);
        if (offset + 32 + length * 32 > data.length)
          throw new CoprocessorInputError("array past the end of the input");
        const values: bigint[] = [];
        for (let i = 0; i < length; i++) values.push(word(data, offset + 32 + 32 * i));
        out.push(values);
        break;
      }
    }
    head += headSize(t);
  }
  return out;
}

function padded(length: number): number {
  return Math.ceil(length / 32) * 32;
}

/** ABI encoding of a single `bytes` return value. */
export function encodeBytes(value: Uint8Array): Uint8Array {
  const out = new Uint8Array(64 + padded(value.length));
  out[31] = 0x20;
  writeUint(out, 32, value.length);
  out.set(value, 64);
  return out;
}

/** Size of encodeBytes' output for `length` bytes (for gas formulas). */
export function encodedBytesSize(length: number): number {
  return 64 + padded(length);
}

function writeUint(out: Uint8Array, at: number, value: number): void {
  let v = value;
  for (let i = at + 31; i >= at && v > 0; i--) {
    out[i] = v % 256;
    v = Math.floor(v / 256);
  }
}

/** Writes a signed 32-bit value as a sign-extended ABI word. */
export function writeInt(out: Uint8Array, at: number, value: number): void {
  const fill = value < 0 ? 0xff : 0;
  out.fill(fill, at, at + 28);
  out[at + 28] = (value >>> 24) & 0xff;
  out[at + 29] = (value >>> 16) & 0xff;
  out[at + 30] = (value >>> 8) & 0xff;
  out[at + 31] = value & 0xff;
}

/** ABI encoding of static words: unsigned numbers or signed int32s (`signed` marks which). */
export function encodeWords(values: readonly number[], signed: readonly boolean[]): Uint8Array {
  const out = new Uint8Array(32 * values.length);
  for (let i = 0; i < values.length; i++) {
    if (signed[i] === true) writeInt(out, 32 * i, values[i]!);
    else writeUint(out, 32 * i, values[i]!);
  }
  return out;
}

/** A dimension argument: a uint256 that must not exceed `max`. */
export function dimension(value: AbiValue, max: number, what: string): number {
  if (typeof value !== "bigint" || value > BigInt(max)) {
    throw new CoprocessorInputError(`${what} exceeds ${max}`);
  }
  return Number(value);
}
