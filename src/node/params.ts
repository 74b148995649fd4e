// Strict parsing of JSON-RPC parameters. Every failure is an RpcError -32602 naming the parameter, so no
// malformed value can reach the engine (or throw something the server would report as internal).
import { bytesToBigInt, hexToBytes } from "../primitives/hex.js";
import type { CallMessage } from "../trace/index.js";
import type { AccessListEntry, Authorization } from "../tx/types.js";
import { invalidParams } from "./rpc-errors.js";

// Leading zeros are tolerated (geth refuses them; some clients send them).
const HEX_QUANTITY = /^0x[0-9a-fA-F]{1,64}$/;
const HEX_DATA = /^0x([0-9a-fA-F]{2})*$/;
const MAX_U256 = (1n << 256n) - 1n;

export function param(params: readonly unknown[], index: number): unknown {
  return params[index];
}

export function quantity(value: unknown, name: string, max = MAX_U256): bigint {
  if (typeof value !== "string" || !HEX_QUANTITY.test(value)) {
    throw invalidParams(`invalid ${name}: expected a hex quantity`);
  }
  const n = BigInt(value);
  if (n > max) throw invalidParams(`invalid ${name}: out of range`);
  return n;
}

/** A quantity that must fit a JS number (counts, indices). */
export function smallQuantity(value: unknown, name: string): number {
  if (typeof value === "number" && Number.isSafeInteger(value) && value >= 0) return value;
  return Number(quantity(value, name, BigInt(Number.MAX_SAFE_INTEGER)));
}

export function data(value: unknown, name: string, maxBytes = 8 * 1024 * 1024): Uint8Array {
  if (typeof value !== "string" || value.length > 2 + 2 * maxBytes || !HEX_DATA.test(value)) {
    throw invalidParams(`invalid ${name}: expected 0x-prefixed hex data`);
  }
  return hexToBytes(value);
}

export function fixedData(value: unknown, name: string, length: number): Uint8Array {
  const bytes = data(value, name, length);
  if (bytes.length !== length) throw invalidParams(`invalid ${name}: expected ${length} bytes`);
  return bytes;
}

export function address(value: unknown, name = "address"): bigint {
  return bytesToBigInt(fixedData(value, name, 20));
}

export function hash(value: unknown, name = "hash"): Uint8Array {
  return fixedData(value, name, 32);
}

/** A storage slot or word given as a quantity (geth also accepts up to 32 bytes of hex data). */
export function word(value: unknown, name: string): bigint {
  if (typeof value !== "string" || !/^0x[0-9a-fA-F]{1,64}$/.test(value)) {
    throw invalidParams(`invalid ${name}: expected up to 32 bytes of hex`);
  }
  return BigInt(value);
}

export function bool(value: unknown, name: string, fallback: boolean): boolean {
  if (value === undefined || value === null) return fallback;
  if (typeof value !== "boolean") throw invalidParams(`invalid ${name}: expected a boolean`);
  return value;
}

export function object(value: unknown, name: string): Record<string, unknown> {
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw invalidParams(`invalid ${name}: expected an object`);
  }
  return value as Record<string, unknown>;
}

export type BlockTag =
  | { kind: "latest" }
  | { kind: "pending" }
  | { kind: "earliest" }
  | { kind: "number"; number: bigint }
  | { kind: "hash"; hash: Uint8Array };

/**
 * A block tag or number; EIP-1898 objects ({blockNumber} / {blockHash}) too. Absent means latest. A plain JSON
 * number (a non-negative safe integer) is a block number too, as Hardhat accepts it (OpenZeppelin's TrieProof
 * test sends one); geth accepts only hex strings.
 */
export function blockTag(value: unknown, name = "block"): BlockTag {
  if (value === undefined || value === null) return { kind: "latest" };
  if (typeof value === "number" && Number.isSafeInteger(value) && value >= 0) {
    return { kind: "number", number: BigInt(value) };
  }
  if (typeof value === "string") {
    switch (value) {
      case "latest":
      case "safe":
      case "finalized":
        return { kind: "latest" };
      case "pending":
        return { kind: "pending" };
      case "earliest":
        return { kind: "earliest" };
      default:
        // A bare 32-byte block hash (EIP-1898 allows it as a string too).
        if (value.length === 66) return { kind: "hash", hash: hash(value, name) };
        return { kind: "number", number: quantity(value, name, BigInt(Number.MAX_SAFE_INTEGER)) };
    }
  }
  if (typeof value === "object" && !Array.isArray(value)) {
    const o = value as Record<string, unknown>;
    if (o.blockHash !== undefined) return { kind: "hash", hash: hash(o.blockHash, `${name}.blockHash`) };
    if (o.blockNumber !== undefined) return blockTag(o.blockNumber, `${name}.blockNumber`);
  }
  throw invalidParams(`invalid ${name}: expected a block number or tag`);
}

export function accessList(value: unknown, name = "accessList"): AccessListEntry[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw invalidParams(`invalid ${name}: expected an array`);
  return value.map((e, i) => {
    const o = object(e, `${name}[${i}]`);
    const keys = o.storageKeys ?? [];
    if (!Array.isArray(keys)) throw invalidParams(`invalid ${name}[${i}].storageKeys`);
    return {
      address: address(o.address, `${name}[${i}].address`),
      storageKeys: keys.map((k, j) => bytesToBigInt(hash(k, `${name}[${i}].storageKeys[${j}]`))),
    };
  });
}

export function authorizationList(value: unknown, name = "authorizationList"): Authorization[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw invalidParams(`invalid ${name}: expected an array`);
  return value.map((e, i) => {
    const o = object(e, `${name}[${i}]`);
    return {
      chainId: quantity(o.chainId, `${name}[${i}].chainId`),
      address: address(o.address, `${name}[${i}].address`),
      nonce: quantity(o.nonce, `${name}[${i}].nonce`, (1n << 64n) - 1n),
      yParity: quantity(o.yParity ?? o.v, `${name}[${i}].yParity`),
      r: quantity(o.r, `${name}[${i}].r`),
      s: quantity(o.s, `${name}[${i}].s`),
    };
  });
}

/** The transaction-like object of eth_call, eth_estimateGas, debug_traceCall and eth_sendTransaction. */
export interface CallRequest extends CallMessage {
  type?: number;
}

export function callRequest(value: unknown, name = "transaction"): CallRequest {
  const o = object(value, name);
  const req: CallRequest = {};
  const opt = <T>(key: string, parse: (v: unknown, n: string) => T): T | undefined =>
    o[key] === undefined || o[key] === null ? undefined : parse(o[key], `${name}.${key}`);
  req.from = opt("from", address);
  req.to = opt("to", address);
  req.gas = opt("gas", (v, n) => quantity(v, n, (1n << 64n) - 1n));
  req.gasPrice = opt("gasPrice", quantity);
  req.maxFeePerGas = opt("maxFeePerGas", quantity);
  req.maxPriorityFeePerGas = opt("maxPriorityFeePerGas", quantity);
  req.maxFeePerBlobGas = opt("maxFeePerBlobGas", quantity);
  req.value = opt("value", quantity);
  req.nonce = opt("nonce", (v, n) => quantity(v, n, (1n << 64n) - 1n));
  req.chainId = opt("chainId", quantity);
  const input = opt("input", data);
  const legacyData = opt("data", data);
  if (input !== undefined && legacyData !== undefined && bytesToBigInt(input) !== bytesToBigInt(legacyData)) {
    throw invalidParams(`invalid ${name}: both "data" and "input" are set and differ`);
  }
  req.data = input ?? legacyData;
  if (o.accessList !== undefined && o.accessList !== null) req.accessList = accessList(o.accessList);
  if (o.authorizationList !== undefined && o.authorizationList !== null) {
    req.authorizationList = authorizationList(o.authorizationList);
  }
  if (o.blobVersionedHashes !== undefined && o.blobVersionedHashes !== null) {
    if (!Array.isArray(o.blobVersionedHashes)) throw invalidParams(`invalid ${name}.blobVersionedHashes`);
    req.blobVersionedHashes = o.blobVersionedHashes.map((h, i) =>
      hash(h, `${name}.blobVersionedHashes[${i}]`),
    );
  }
  const type = opt("type", (v, n) => Number(quantity(v, n, 4n)));
  if (type !== undefined) req.type = type;
  return req;
}
