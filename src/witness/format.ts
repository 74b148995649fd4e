// The execution witness and its JSON form, the shape geth and reth give `debug_executionWitness`:
//   {"state": [rlp trie node...], "codes": [bytecode...], "keys": [address or slot...], "headers": [rlp header...]}
// each entry a 0x-prefixed hex string. Lanes writes every list sorted (nodes and codes by their keccak, keys
// by length then value, headers oldest first), so a witness is a canonical function of its content and two
// witnesses of one block compare byte for byte. It reads, besides, the older hash-keyed form of `state`,
// `codes` and `keys` (an object from keccak to preimage; each entry is checked against its key) and headers
// given as JSON objects with JSON-RPC field names (geth's ExtWitness), any order.
import { gzipSync } from "node:zlib";
import { encodeHeader } from "../block/header.js";
import { bytesEqual, bytesToHex, HexError, hexToBytes } from "../primitives/hex.js";
import { keccak256 } from "../primitives/keccak.js";
import { rlpEncode } from "../primitives/rlp.js";
import { WitnessError } from "./errors.js";
import { headerFromJson } from "./header-json.js";

export interface ExecutionWitness {
  /** RLP of every trie node (account trie and storage tries) execution and the post-state root need. */
  state: Uint8Array[];
  /** The bytecode of every pre-state account whose code execution loads. */
  codes: Uint8Array[];
  /** Preimages of the trie keys the witness proves: addresses (20 bytes) and storage slots (32 bytes). */
  keys: Uint8Array[];
  /** RLP headers of the ancestors: the parent (its state root is the pre-state root) back to the oldest
   *  block BLOCKHASH asks for, oldest first. Empty for a block without a chain (`lanes run` input). */
  headers: Uint8Array[];
}

export interface WitnessJson {
  state: string[];
  codes: string[];
  keys: string[];
  headers: string[];
}

function compareHex(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Sorted by keccak, duplicates dropped. */
export function sortByHash(items: Iterable<Uint8Array>): Uint8Array[] {
  const byHash = new Map<string, Uint8Array>();
  for (const item of items) byHash.set(bytesToHex(keccak256(item)), item);
  return [...byHash.keys()].sort(compareHex).map((h) => byHash.get(h)!);
}

/** Sorted by length, then bytes; duplicates dropped. */
export function sortKeys(items: Iterable<Uint8Array>): Uint8Array[] {
  const byHex = new Map<string, Uint8Array>();
  for (const item of items) byHex.set(bytesToHex(item), item);
  return [...byHex.keys()].sort((a, b) => a.length - b.length || compareHex(a, b)).map((h) => byHex.get(h)!);
}

export function witnessToJson(w: ExecutionWitness): WitnessJson {
  return {
    state: w.state.map(bytesToHex),
    codes: w.codes.map(bytesToHex),
    keys: w.keys.map(bytesToHex),
    headers: w.headers.map(bytesToHex),
  };
}

function hexItem(value: unknown, path: string): Uint8Array {
  if (typeof value !== "string" || !/^0[xX]/.test(value)) {
    throw new WitnessError("malformed", `${path}: expected a 0x-prefixed hex string`);
  }
  if (value.length % 2 !== 0) throw new WitnessError("malformed", `${path}: odd number of hex digits`);
  try {
    return hexToBytes(value);
  } catch (e) {
    if (e instanceof HexError) throw new WitnessError("malformed", `${path}: ${e.message}`);
    throw e;
  }
}

/** A list of hex strings, or an object keccak -> preimage whose every entry is checked. */
function byteList(value: unknown, field: string, check: (key: Uint8Array, item: Uint8Array) => boolean) {
  if (value === undefined || value === null) return [];
  if (Array.isArray(value)) return value.map((v, i) => hexItem(v, `${field}[${i}]`));
  if (typeof value === "object") {
    const out: Uint8Array[] = [];
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
      const key = hexItem(k, `${field} key ${k.slice(0, 20)}`);
      const item = hexItem(v, `${field}[${k}]`);
      if (!check(key, item)) {
        throw new WitnessError(
          "hash-mismatch",
          `${field}: the entry listed under ${k} hashes to ${bytesToHex(keccak256(item))}`,
        );
      }
      out.push(item);
    }
    return out;
  }
  throw new WitnessError("malformed", `${field}: expected an array of hex strings`);
}

const isHashOf = (key: Uint8Array, item: Uint8Array) => bytesEqual(key, keccak256(item));

/** Reads a witness from its JSON value (see the header comment for the forms accepted). */
export function witnessFromJson(raw: unknown): ExecutionWitness {
  if (typeof raw !== "object" || raw === null || Array.isArray(raw)) {
    throw new WitnessError("malformed", "a witness is an object {state, codes, keys, headers}");
  }
  const o = raw as Record<string, unknown>;
  if (o.state === undefined) throw new WitnessError("malformed", "witness: no `state` field");
  const headers: Uint8Array[] = [];
  if (o.headers !== undefined && o.headers !== null) {
    if (!Array.isArray(o.headers)) throw new WitnessError("malformed", "headers: expected an array");
    o.headers.forEach((h, i) => {
      headers.push(typeof h === "string" ? hexItem(h, `headers[${i}]`) : encodeHeader(headerFromJson(h, i)));
    });
  }
  for (const k of Object.keys(o)) {
    if (!["state", "codes", "keys", "headers"].includes(k)) {
      throw new WitnessError("malformed", `witness: unknown field ${JSON.stringify(k).slice(0, 40)}`);
    }
  }
  return {
    state: byteList(o.state, "state", isHashOf),
    codes: byteList(o.codes, "codes", isHashOf),
    // A key's hash is keccak of the address or slot.
    keys: byteList(o.keys, "keys", isHashOf),
    headers,
  };
}

export interface WitnessSize {
  /** Trie nodes, and their bytes. */
  nodes: number;
  nodeBytes: number;
  codes: number;
  codeBytes: number;
  keys: number;
  headers: number;
  headerBytes: number;
  /** The whole witness as one RLP list [state, codes, keys, headers]. */
  bytes: number;
  /** That RLP gzip-compressed (level 6). */
  compressedBytes: number;
  /** The JSON text (witnessToJson, no whitespace). */
  jsonBytes: number;
}

const sum = (items: Uint8Array[]) => items.reduce((n, b) => n + b.length, 0);

export function witnessSize(w: ExecutionWitness): WitnessSize {
  const binary = rlpEncode([w.state, w.codes, w.keys, w.headers]);
  return {
    nodes: w.state.length,
    nodeBytes: sum(w.state),
    codes: w.codes.length,
    codeBytes: sum(w.codes),
    keys: w.keys.length,
    headers: w.headers.length,
    headerBytes: sum(w.headers),
    bytes: binary.length,
    compressedBytes: gzipSync(binary).length,
    jsonBytes: JSON.stringify(witnessToJson(w)).length,
  };
}
