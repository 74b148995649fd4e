// The slice of the Solidity ABI the workloads need: calldata with static words (uint, address, bool as
// bigint), dynamic `bytes` and dynamic arrays of words, encoded per the ABI spec (head of words and offsets,
// then the tails). Reading a word out of log data is the only decoding needed.
import { bigIntToBytes32, bytesToBigInt, concatBytes } from "../../src/primitives/hex.js";

export type AbiArg = bigint | { bytes: Uint8Array } | { words: readonly bigint[] };

export const word = (v: bigint): Uint8Array => bigIntToBytes32(v);

function padded(bytes: Uint8Array): Uint8Array {
  const out = new Uint8Array(Math.ceil(bytes.length / 32) * 32);
  out.set(bytes);
  return out;
}

function tail(arg: Exclude<AbiArg, bigint>): Uint8Array {
  if ("bytes" in arg) return concatBytes(word(BigInt(arg.bytes.length)), padded(arg.bytes));
  return concatBytes(word(BigInt(arg.words.length)), ...arg.words.map(word));
}

/** ABI-encoded arguments (no selector): constructor arguments, or the body of a call. */
export function encodeArgs(args: readonly AbiArg[]): Uint8Array {
  const heads: Uint8Array[] = [];
  const tails: Uint8Array[] = [];
  let offset = BigInt(args.length * 32);
  for (const arg of args) {
    if (typeof arg === "bigint") {
      heads.push(word(arg));
      continue;
    }
    const t = tail(arg);
    heads.push(word(offset));
    tails.push(t);
    offset += BigInt(t.length);
  }
  return concatBytes(...heads, ...tails);
}

/** `selector || encodeArgs(args)`. */
export function encodeCall(selector: Uint8Array, args: readonly AbiArg[]): Uint8Array {
  return concatBytes(selector, encodeArgs(args));
}

/** Word `index` of ABI-encoded data (e.g. a non-indexed event field). */
export function readWord(data: Uint8Array, index: number): bigint {
  const slice = data.subarray(index * 32, index * 32 + 32);
  if (slice.length !== 32) throw new RangeError(`no word ${index} in ${data.length} bytes`);
  return bytesToBigInt(slice);
}
