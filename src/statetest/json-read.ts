// Strict readers for untrusted fixture JSON: each names the field path it failed on, so a malformed fixture
// produces "transaction.gasLimit[2]: invalid hex quantity" instead of a TypeError deep in the runner.
import { HexError, hexToBytes, parseQuantity } from "../primitives/hex.js";

export type JsonObject = { readonly [key: string]: unknown };

/** A fixture field that is missing or malformed; `path` is the dotted field path inside one test. */
export class FieldError extends Error {
  override name = "FieldError";
  constructor(
    readonly path: string,
    reason: string,
  ) {
    super(path ? `${path}: ${reason}` : reason);
  }
}

const MAX_ADDRESS = (1n << 160n) - 1n;
/** ethereum/tests writes out-of-range values this way (e.g. a tx value above 2^256). */
const BIGINT_MARKER = "0x:bigint ";

function describe(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  if (typeof value === "string") return value.length > 40 ? `"${value.slice(0, 40)}..."` : `"${value}"`;
  return typeof value === "object" ? "an object" : `${typeof value} ${String(value)}`;
}

export function asObject(value: unknown, path: string): JsonObject {
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new FieldError(path, `expected an object, got ${describe(value)}`);
  }
  return value as JsonObject;
}

export function asArray(value: unknown, path: string): readonly unknown[] {
  if (!Array.isArray(value)) throw new FieldError(path, `expected an array, got ${describe(value)}`);
  return value;
}

export function required(obj: JsonObject, key: string, path: string): unknown {
  const value = obj[key];
  if (value === undefined) throw new FieldError(join(path, key), "missing");
  return value;
}

export function join(path: string, key: string | number): string {
  if (typeof key === "number") return `${path}[${key}]`;
  return path ? `${path}.${key}` : key;
}

export function asQuantity(value: unknown, path: string): bigint {
  if (typeof value === "string" && value.startsWith(BIGINT_MARKER)) {
    return asQuantity(value.slice(BIGINT_MARKER.length).trim(), path);
  }
  if (typeof value !== "string" && typeof value !== "number") {
    throw new FieldError(path, `expected a quantity, got ${describe(value)}`);
  }
  try {
    return parseQuantity(value);
  } catch (e) {
    throw new FieldError(path, e instanceof HexError ? e.message : String(e));
  }
}

/** A small non-negative integer such as an index or a blob count. */
export function asIndex(value: unknown, path: string): number {
  const n = asQuantity(value, path);
  if (n > BigInt(Number.MAX_SAFE_INTEGER)) throw new FieldError(path, `index too large: ${n}`);
  return Number(n);
}

export function asBytes(value: unknown, path: string): Uint8Array {
  if (typeof value !== "string") throw new FieldError(path, `expected hex bytes, got ${describe(value)}`);
  try {
    return hexToBytes(value);
  } catch (e) {
    throw new FieldError(path, e instanceof HexError ? e.message : String(e));
  }
}

export function asFixedBytes(value: unknown, length: number, path: string): Uint8Array {
  const bytes = asBytes(value, path);
  if (bytes.length !== length) throw new FieldError(path, `expected ${length} bytes, got ${bytes.length}`);
  return bytes;
}

export function asAddress(value: unknown, path: string): bigint {
  const address = asQuantity(value, path);
  if (address > MAX_ADDRESS) throw new FieldError(path, "address longer than 20 bytes");
  return address;
}

export function asString(value: unknown, path: string): string {
  if (typeof value !== "string") throw new FieldError(path, `expected a string, got ${describe(value)}`);
  return value;
}

export function optional<T>(
  obj: JsonObject,
  key: string,
  path: string,
  read: (v: unknown, p: string) => T,
): T | undefined {
  const value = obj[key];
  return value === undefined ? undefined : read(value, join(path, key));
}
