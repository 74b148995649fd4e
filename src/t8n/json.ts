// JSON field readers for geth-style t8n input, on top of the shared fixture readers. geth's encoders write
// `null` for absent optional fields and accept addresses without the 0x prefix (UnprefixedAddress), so both
// are tolerated here; everything else is as strict as the fixture readers.

import { bytesToBigInt } from "../primitives/hex.js";
import {
  asAddress,
  asFixedBytes,
  asQuantity,
  FieldError,
  type JsonObject,
  join,
  optional,
  required,
} from "../primitives/json-read.js";

const MAX_U256 = (1n << 256n) - 1n;
const BARE_ADDRESS = /^[0-9a-fA-F]{40}$/;

/** An optional field; `null` counts as absent. */
export function opt<T>(
  obj: JsonObject,
  key: string,
  path: string,
  read: (v: unknown, p: string) => T,
): T | undefined {
  return obj[key] === null ? undefined : optional(obj, key, path, read);
}

/** A required field (null is "missing" too). */
export function req<T>(obj: JsonObject, key: string, path: string, read: (v: unknown, p: string) => T): T {
  if (obj[key] === null) throw new FieldError(join(path, key), "missing (null)");
  return read(required(obj, key, path), join(path, key));
}

/** An address, with or without the 0x prefix. */
export function readAddress(value: unknown, path: string): bigint {
  if (typeof value === "string" && BARE_ADDRESS.test(value)) return asAddress(`0x${value}`, path);
  if (value === "0x") throw new FieldError(path, "empty address");
  return asAddress(value, path);
}

/** A 32-byte hash as bytes. */
export function readHash(value: unknown, path: string): Uint8Array {
  return asFixedBytes(value, 32, path);
}

/** A 32-byte hash as a word (block hashes). */
export function readWord(value: unknown, path: string): bigint {
  return bytesToBigInt(readHash(value, path));
}

/** A 256-bit quantity (storage keys and values are often written unpadded by hand). */
export function readU256(value: unknown, path: string): bigint {
  const n = asQuantity(value, path);
  if (n > MAX_U256) throw new FieldError(path, "value exceeds 256 bits");
  return n;
}
