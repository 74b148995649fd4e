// Transactions in JSON with Ethereum JSON-RPC field names (what geth's `evm t8n` reads and
// `eth_getTransactionByHash` returns): type, chainId, nonce, gas, gasPrice or maxFeePerGas and
// maxPriorityFeePerGas, to, value, input, accessList, maxFeePerBlobGas, blobVersionedHashes,
// authorizationList, and v/r/s (or yParity). t8n adds `secretKey` and `protected`; `lanes run` adds `from`.
// Only the shape is checked here; whether the transaction is valid is for the codec and the executor.

import {
  asArray,
  asBytes,
  asFixedBytes,
  asIndex,
  asObject,
  asQuantity,
  FieldError,
  type JsonObject,
  join,
  listOf,
} from "../primitives/json-read.js";
import type { TxSignature, UnsignedTransaction } from "../tx/codec/types.js";
import type { AccessListEntry, Authorization, TxType } from "../tx/types.js";
import { opt, readAddress, readU256, req } from "./json.js";

export interface TxJson {
  body: UnsignedTransaction;
  /** The signature, when the JSON carries a non-zero one. */
  signature: TxSignature | undefined;
  /** t8n: sign with this key when there is no signature. */
  secretKey: Uint8Array | undefined;
  /** t8n (legacy only): false signs without EIP-155 replay protection. Default true. */
  protected: boolean;
  /** `lanes run`: the sender to impersonate (or to check a signature against). */
  from: bigint | undefined;
  /** Whether `nonce` was given (`lanes run` derives a missing one). */
  hasNonce: boolean;
}

export interface TxJsonOptions {
  /** Used when the JSON has no `chainId`. */
  chainId: bigint;
  /** t8n requires `nonce`, as geth does; `lanes run` does not. */
  requireNonce: boolean;
}

function readBool(value: unknown, path: string): boolean {
  if (typeof value !== "boolean") throw new FieldError(path, "expected true or false");
  return value;
}

function readType(value: unknown, path: string): TxType {
  const n = asIndex(value, path);
  if (n > 4) throw new FieldError(path, `unsupported transaction type ${n}`);
  return n as TxType;
}

/** `to`: absent, null or "" mean contract creation. */
function readTo(obj: JsonObject, path: string): bigint | undefined {
  const value = obj.to;
  if (value === undefined || value === null || value === "") return undefined;
  return readAddress(value, join(path, "to"));
}

function parseAccessList(raw: unknown, path: string): AccessListEntry[] {
  return listOf(raw, path, (entry, p) => {
    const obj = asObject(entry, p);
    const keys = req(obj, "storageKeys", p, asArray);
    return {
      address: req(obj, "address", p, readAddress),
      storageKeys: keys.map((k, j) => readU256(k, join(join(p, "storageKeys"), j))),
    };
  });
}

function parseAuthorization(raw: unknown, path: string): Authorization {
  const obj = asObject(raw, path);
  // geth writes both `yParity` and `v` (equal for 7702 tuples); either one is enough.
  const yParity = opt(obj, "yParity", path, asQuantity) ?? opt(obj, "v", path, asQuantity);
  if (yParity === undefined) throw new FieldError(join(path, "yParity"), "missing (neither yParity nor v)");
  return {
    chainId: req(obj, "chainId", path, asQuantity),
    address: req(obj, "address", path, readAddress),
    nonce: req(obj, "nonce", path, asQuantity),
    yParity,
    r: req(obj, "r", path, asQuantity),
    s: req(obj, "s", path, asQuantity),
  };
}

/** The type the fields imply when `type` is absent, most specific first. */
function inferType(obj: JsonObject): TxType {
  const has = (key: string) => obj[key] !== undefined && obj[key] !== null;
  if (has("authorizationList")) return 4;
  if (has("blobVersionedHashes")) return 3;
  if (has("maxFeePerGas") || has("maxPriorityFeePerGas")) return 2;
  if (has("accessList")) return 1;
  return 0;
}

function readSignature(obj: JsonObject, path: string): TxSignature | undefined {
  const v = opt(obj, "v", path, asQuantity) ?? opt(obj, "yParity", path, asQuantity);
  const r = opt(obj, "r", path, asQuantity);
  const s = opt(obj, "s", path, asQuantity);
  if (v === undefined && r === undefined && s === undefined) return undefined;
  // An all-zero signature is geth's marker for "unsigned, sign with secretKey".
  if ((v ?? 0n) === 0n && (r ?? 0n) === 0n && (s ?? 0n) === 0n) return undefined;
  if (v === undefined || r === undefined || s === undefined) {
    throw new FieldError(path, "incomplete signature (v, r and s must all be given)");
  }
  return { v, r, s };
}

function readFees(obj: JsonObject, path: string, type: TxType) {
  if (type <= 1) {
    const gasPrice = req(obj, "gasPrice", path, asQuantity);
    return { gasPrice, maxFeePerGas: gasPrice, maxPriorityFeePerGas: gasPrice };
  }
  return {
    gasPrice: 0n,
    maxFeePerGas: req(obj, "maxFeePerGas", path, asQuantity),
    maxPriorityFeePerGas: req(obj, "maxPriorityFeePerGas", path, asQuantity),
  };
}

/** Parses one transaction object; throws FieldError naming the field for malformed input. */
export function parseTxJson(raw: unknown, path: string, options: TxJsonOptions): TxJson {
  const obj = asObject(raw, path);
  const type = opt(obj, "type", path, readType) ?? inferType(obj);
  const nonce = options.requireNonce
    ? req(obj, "nonce", path, asQuantity)
    : opt(obj, "nonce", path, asQuantity);
  const gas = opt(obj, "gas", path, asQuantity) ?? opt(obj, "gasLimit", path, asQuantity);
  if (gas === undefined) throw new FieldError(join(path, "gas"), "missing");
  const data = opt(obj, "input", path, asBytes) ?? opt(obj, "data", path, asBytes) ?? new Uint8Array(0);
  const body: UnsignedTransaction = {
    type,
    chainId: opt(obj, "chainId", path, asQuantity) ?? options.chainId,
    nonce: nonce ?? 0n,
    gasLimit: gas,
    to: readTo(obj, path),
    value: opt(obj, "value", path, asQuantity) ?? 0n,
    data,
    ...readFees(obj, path, type),
    accessList: opt(obj, "accessList", path, parseAccessList) ?? [],
    maxFeePerBlobGas: type === 3 ? req(obj, "maxFeePerBlobGas", path, asQuantity) : 0n,
    blobVersionedHashes:
      type === 3 ? req(obj, "blobVersionedHashes", path, (v, p) => listOf(v, p, asBytes)) : [],
    authorizationList:
      type === 4 ? req(obj, "authorizationList", path, (v, p) => listOf(v, p, parseAuthorization)) : [],
  };
  return {
    body,
    signature: readSignature(obj, path),
    secretKey: opt(obj, "secretKey", path, (v, p) => asFixedBytes(v, 32, p)),
    protected: opt(obj, "protected", path, readBool) ?? true,
    from: opt(obj, "from", path, readAddress),
    hasNonce: nonce !== undefined,
  };
}

/** Parses a JSON array of transactions (`txs`); `path` prefixes field errors. */
export function parseTxJsonList(raw: unknown, path: string, options: TxJsonOptions): TxJson[] {
  return listOf(raw, path, (tx, p) => parseTxJson(tx, p, options));
}
