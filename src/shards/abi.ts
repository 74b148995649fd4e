// A small, strict Solidity ABI codec for what the shard protocol encodes and decodes itself: the
// cross-shard precompile's input and output, ShardHub calls, and L1 logs. Types: uintN, address, bool,
// bytes32, bytes, string, and dynamic arrays T[] of those. Decoding is strict: offsets and lengths must stay
// inside the data, integers in range, addresses and booleans cleanly zero-extended; any violation is an
// AbiError. (Tests use viem; this keeps viem out of the runtime.)
import { bigIntToBytes, bytesToBigInt, concatBytes } from "../primitives/hex.js";
import { keccak256 } from "../primitives/keccak.js";

export class AbiError extends Error {
  override name = "AbiError";
}

export type AbiType = string;
export type AbiValue = bigint | boolean | Uint8Array | string | AbiValue[];

/** The 4-byte selector of a function signature, e.g. "call(uint64,address,bytes)". */
export function selector(signature: string): Uint8Array {
  return keccak256(new TextEncoder().encode(signature)).slice(0, 4);
}

/** keccak256 of an event signature: its topic 0. */
export function eventTopic(signature: string): Uint8Array {
  return keccak256(new TextEncoder().encode(signature));
}

function isDynamic(t: AbiType): boolean {
  return t === "bytes" || t === "string" || t.endsWith("[]");
}

function uintBits(t: AbiType): number | undefined {
  const m = /^uint(\d+)$/.exec(t);
  return m === null ? undefined : Number(m[1]);
}

function padRight(b: Uint8Array): Uint8Array {
  const out = new Uint8Array(Math.ceil(b.length / 32) * 32);
  out.set(b);
  return out;
}

function encodeStatic(t: AbiType, v: AbiValue): Uint8Array {
  const bits = uintBits(t);
  if (bits !== undefined) {
    if (typeof v !== "bigint" || v < 0n || v >= 1n << BigInt(bits)) throw new AbiError(`${t}: ${String(v)}`);
    return bigIntToBytes(v, 32);
  }
  if (t === "address") {
    if (typeof v !== "bigint" || v < 0n || v >= 1n << 160n) throw new AbiError(`address: ${String(v)}`);
    return bigIntToBytes(v, 32);
  }
  if (t === "bool") return bigIntToBytes(v === true ? 1n : 0n, 32);
  if (t === "bytes32") {
    if (!(v instanceof Uint8Array) || v.length !== 32) throw new AbiError("bytes32: not 32 bytes");
    return v;
  }
  throw new AbiError(`unsupported ABI type ${t}`);
}

function encodeDynamic(t: AbiType, v: AbiValue): Uint8Array {
  if (t === "bytes" || t === "string") {
    const b = t === "string" ? new TextEncoder().encode(v as string) : (v as Uint8Array);
    if (!(b instanceof Uint8Array)) throw new AbiError(`${t}: not bytes`);
    return concatBytes(bigIntToBytes(BigInt(b.length), 32), padRight(b));
  }
  if (!Array.isArray(v)) throw new AbiError(`${t}: not an array`);
  const inner = t.slice(0, -2);
  return concatBytes(
    bigIntToBytes(BigInt(v.length), 32),
    encodeTuple(
      v.map(() => inner),
      v,
    ),
  );
}

/** The ABI encoding of `values` as the tuple `types` (function arguments, abi.encode). */
export function encodeTuple(types: readonly AbiType[], values: readonly AbiValue[]): Uint8Array {
  if (types.length !== values.length) throw new AbiError("argument count mismatch");
  const heads: Uint8Array[] = [];
  const tails: Uint8Array[] = [];
  let tailOffset = 32 * types.length;
  for (let i = 0; i < types.length; i++) {
    const t = types[i]!;
    if (isDynamic(t)) {
      const tail = encodeDynamic(t, values[i]!);
      heads.push(bigIntToBytes(BigInt(tailOffset), 32));
      tails.push(tail);
      tailOffset += tail.length;
    } else {
      heads.push(encodeStatic(t, values[i]!));
    }
  }
  return concatBytes(...heads, ...tails);
}

/** Call data: selector of `signature` + the arguments (types are read from the signature). */
export function encodeCall(signature: string, values: readonly AbiValue[]): Uint8Array {
  return concatBytes(selector(signature), encodeTuple(signatureTypes(signature), values));
}

/** The parameter types of "name(t1,t2,...)" (no tuples). */
export function signatureTypes(signature: string): AbiType[] {
  const m = /^[A-Za-z_$][\w$]*\((.*)\)$/.exec(signature);
  if (m === null) throw new AbiError(`bad signature ${signature}`);
  return m[1] === "" ? [] : m[1]!.split(",");
}

function word(data: Uint8Array, at: number): bigint {
  if (at < 0 || at + 32 > data.length) throw new AbiError("word past the end of the data");
  return bytesToBigInt(data.subarray(at, at + 32));
}

function offsetWord(data: Uint8Array, at: number): number {
  const w = word(data, at);
  if (w > BigInt(data.length)) throw new AbiError("offset or length past the end of the data");
  return Number(w);
}

function decodeStatic(t: AbiType, data: Uint8Array, at: number): AbiValue {
  const w = word(data, at);
  const bits = uintBits(t);
  if (bits !== undefined) {
    if (w >= 1n << BigInt(bits)) throw new AbiError(`${t} out of range`);
    return w;
  }
  if (t === "address") {
    if (w >= 1n << 160n) throw new AbiError("address not zero-extended");
    return w;
  }
  if (t === "bool") {
    if (w > 1n) throw new AbiError("bool is neither 0 nor 1");
    return w === 1n;
  }
  if (t === "bytes32") return data.slice(at, at + 32);
  throw new AbiError(`unsupported ABI type ${t}`);
}

function decodeDynamic(t: AbiType, data: Uint8Array, at: number, depth: number): AbiValue {
  const length = offsetWord(data, at);
  if (t === "bytes" || t === "string") {
    if (at + 32 + length > data.length) throw new AbiError(`${t} past the end of the data`);
    const b = data.slice(at + 32, at + 32 + length);
    return t === "string" ? new TextDecoder().decode(b) : b;
  }
  if (depth > 4) throw new AbiError("arrays nested too deeply");
  const inner = t.slice(0, -2);
  if (at + 32 + length * 32 > data.length) throw new AbiError("array past the end of the data");
  return decodeTupleAt(
    Array.from({ length }, () => inner),
    data.subarray(at + 32),
    depth + 1,
  );
}

function decodeTupleAt(types: readonly AbiType[], data: Uint8Array, depth: number): AbiValue[] {
  const out: AbiValue[] = [];
  for (let i = 0; i < types.length; i++) {
    const t = types[i]!;
    out.push(
      isDynamic(t) ? decodeDynamic(t, data, offsetWord(data, 32 * i), depth) : decodeStatic(t, data, 32 * i),
    );
  }
  return out;
}

/** Decodes `data` as the tuple `types`. */
export function decodeTuple(types: readonly AbiType[], data: Uint8Array): AbiValue[] {
  return decodeTupleAt(types, data, 0);
}
