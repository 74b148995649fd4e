// A block header given as a JSON object with JSON-RPC field names (eth_getBlockByNumber, geth's ExtWitness
// headers): parentHash, sha3Uncles, miner, stateRoot, transactionsRoot, receiptsRoot, logsBloom, difficulty,
// number, gasLimit, gasUsed, timestamp, extraData, mixHash, nonce, and the fork fields baseFeePerGas,
// withdrawalsRoot, blobGasUsed, excessBlobGas, parentBeaconBlockRoot, requestsHash when present. A `hash`
// field, when given, must be the hash of the header the other fields make.
import { headerHash } from "../block/header.js";
import type { BlockHeader } from "../block/types.js";
import { bytesEqual, bytesToHex } from "../primitives/hex.js";
import {
  asAddress,
  asBytes,
  asFixedBytes,
  asObject,
  asQuantity,
  FieldError,
  type JsonObject,
  join,
  required,
} from "../primitives/json-read.js";
import { WitnessError } from "./errors.js";

const U64 = (1n << 64n) - 1n;

function hash32(o: JsonObject, key: string, path: string): Uint8Array {
  return asFixedBytes(required(o, key, path), 32, join(path, key));
}

function quantity(o: JsonObject, key: string, path: string, max?: bigint): bigint {
  const v = asQuantity(required(o, key, path), join(path, key));
  if (max !== undefined && v > max) throw new FieldError(join(path, key), "above 2^64 - 1");
  return v;
}

function present(o: JsonObject, key: string): boolean {
  return o[key] !== undefined && o[key] !== null;
}

/** Parses a JSON-RPC header object; `path` names it in errors (FieldError). */
export function parseHeaderJson(value: unknown, path: string): BlockHeader {
  const o = asObject(value, path);
  const header: BlockHeader = {
    parentHash: hash32(o, "parentHash", path),
    ommersHash: hash32(o, "sha3Uncles", path),
    coinbase: asAddress(required(o, "miner", path), join(path, "miner")),
    stateRoot: hash32(o, "stateRoot", path),
    transactionsRoot: hash32(o, "transactionsRoot", path),
    receiptsRoot: hash32(o, "receiptsRoot", path),
    logsBloom: asFixedBytes(required(o, "logsBloom", path), 256, join(path, "logsBloom")),
    difficulty: quantity(o, "difficulty", path),
    number: quantity(o, "number", path),
    gasLimit: quantity(o, "gasLimit", path, U64),
    gasUsed: quantity(o, "gasUsed", path, U64),
    timestamp: quantity(o, "timestamp", path, U64),
    extraData: asBytes(required(o, "extraData", path), join(path, "extraData")),
    mixHash: hash32(o, "mixHash", path),
    nonce: asFixedBytes(required(o, "nonce", path), 8, join(path, "nonce")),
  };
  if (present(o, "baseFeePerGas")) header.baseFeePerGas = quantity(o, "baseFeePerGas", path);
  if (present(o, "withdrawalsRoot")) header.withdrawalsRoot = hash32(o, "withdrawalsRoot", path);
  if (present(o, "blobGasUsed")) header.blobGasUsed = quantity(o, "blobGasUsed", path, U64);
  if (present(o, "excessBlobGas")) header.excessBlobGas = quantity(o, "excessBlobGas", path, U64);
  if (present(o, "parentBeaconBlockRoot"))
    header.parentBeaconBlockRoot = hash32(o, "parentBeaconBlockRoot", path);
  if (present(o, "requestsHash")) header.requestsHash = hash32(o, "requestsHash", path);
  let computed: Uint8Array;
  try {
    computed = headerHash(header);
  } catch (e) {
    // A fork field present while an earlier one is missing cannot be encoded.
    throw new FieldError(path, e instanceof Error ? e.message : String(e));
  }
  if (present(o, "hash")) {
    const given = hash32(o, "hash", path);
    if (!bytesEqual(given, computed)) {
      throw new FieldError(
        join(path, "hash"),
        `is ${bytesToHex(given)}, the fields hash to ${bytesToHex(computed)}`,
      );
    }
  }
  return header;
}

/** A witness header given as JSON (headers[index]); malformed ones are WitnessErrors. */
export function headerFromJson(value: unknown, index: number): BlockHeader {
  try {
    return parseHeaderJson(value, `headers[${index}]`);
  } catch (e) {
    if (e instanceof FieldError) throw new WitnessError("malformed", e.message);
    throw e;
  }
}
