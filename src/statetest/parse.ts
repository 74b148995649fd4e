// Parses state-test JSON into typed fixtures. A malformed file fails as a whole (FixtureError naming the file);
// a malformed test inside a well-formed file fails alone, so one bad entry does not hide the rest.
import type { BlobSchedule } from "../evm/forks.js";
import type { AccessListEntry, Authorization } from "../tx/types.js";
import type {
  Alloc,
  AllocAccount,
  CaseIndexes,
  FixtureConfig,
  FixtureEnv,
  PostEntry,
  StateTestFixture,
  TxTemplate,
} from "./fixture.js";
import {
  asAddress,
  asArray,
  asBytes,
  asFixedBytes,
  asIndex,
  asObject,
  asQuantity,
  asString,
  FieldError,
  type JsonObject,
  join,
  optional,
  required,
} from "./json-read.js";

/** A fixture file that cannot be read at all; the message starts with the file path. */
export class FixtureError extends Error {
  override name = "FixtureError";
  constructor(
    readonly file: string,
    readonly reason: string,
  ) {
    super(`${file}: ${reason}`);
  }
}

export type ParsedTest = { name: string; test: StateTestFixture } | { name: string; error: string };

/** Parses one file's text. Throws FixtureError for invalid JSON or a non-object top level. */
export function parseFixtureText(file: string, text: string): ParsedTest[] {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new FixtureError(file, `invalid JSON: ${e instanceof Error ? e.message : String(e)}`);
  }
  if (typeof json !== "object" || json === null || Array.isArray(json)) {
    throw new FixtureError(file, "expected a JSON object of test name -> test");
  }
  const out: ParsedTest[] = [];
  for (const [name, raw] of Object.entries(json)) {
    try {
      out.push({ name, test: parseTest(name, raw) });
    } catch (e) {
      out.push({ name, error: `${file}: ${name}: ${e instanceof Error ? e.message : String(e)}` });
    }
  }
  return out;
}

export function parseTest(name: string, raw: unknown): StateTestFixture {
  const obj = asObject(raw, "");
  const transaction = parseTransaction(required(obj, "transaction", ""), "transaction");
  return {
    name,
    env: parseEnv(required(obj, "env", ""), "env"),
    pre: parseAlloc(required(obj, "pre", ""), "pre"),
    transaction,
    post: parsePost(required(obj, "post", ""), "post", transaction),
    config: parseConfig(obj.config, "config"),
  };
}

export function parseAlloc(raw: unknown, path: string): Alloc {
  const alloc: Alloc = new Map();
  for (const [key, value] of Object.entries(asObject(raw, path))) {
    const p = join(path, key);
    alloc.set(asAddress(key, p), parseAccount(value, p));
  }
  return alloc;
}

function parseAccount(raw: unknown, path: string): AllocAccount {
  const obj = asObject(raw, path);
  const storage = new Map<bigint, bigint>();
  const rawStorage = obj.storage === undefined ? {} : asObject(obj.storage, join(path, "storage"));
  for (const [slot, value] of Object.entries(rawStorage)) {
    const p = join(join(path, "storage"), slot);
    storage.set(asQuantity(slot, p), asQuantity(value, p));
  }
  return {
    nonce: asQuantity(required(obj, "nonce", path), join(path, "nonce")),
    balance: asQuantity(required(obj, "balance", path), join(path, "balance")),
    code: optional(obj, "code", path, asBytes) ?? new Uint8Array(0),
    storage,
  };
}

function parseEnv(raw: unknown, path: string): FixtureEnv {
  const obj = asObject(raw, path);
  const quantity = (key: string) => asQuantity(required(obj, key, path), join(path, key));
  return {
    coinbase: asAddress(required(obj, "currentCoinbase", path), join(path, "currentCoinbase")),
    gasLimit: quantity("currentGasLimit"),
    number: quantity("currentNumber"),
    timestamp: quantity("currentTimestamp"),
    difficulty: optional(obj, "currentDifficulty", path, asQuantity) ?? 0n,
    random: optional(obj, "currentRandom", path, asQuantity),
    baseFee: optional(obj, "currentBaseFee", path, asQuantity),
    excessBlobGas: optional(obj, "currentExcessBlobGas", path, asQuantity),
  };
}

function listOf<T>(raw: unknown, path: string, read: (v: unknown, p: string) => T): T[] {
  return asArray(raw, path).map((v, i) => read(v, join(path, i)));
}

function parseAccessList(raw: unknown, path: string): AccessListEntry[] {
  return listOf(raw, path, (entry, p) => {
    const obj = asObject(entry, p);
    return {
      address: asAddress(required(obj, "address", p), join(p, "address")),
      storageKeys: listOf(required(obj, "storageKeys", p), join(p, "storageKeys"), asQuantity),
    };
  });
}

function parseAuthorization(raw: unknown, path: string): Authorization {
  const obj = asObject(raw, path);
  const quantity = (key: string) => asQuantity(required(obj, key, path), join(path, key));
  // EEST writes both `v` and `yParity` (equal for 7702 tuples); hand-written fixtures may carry only one.
  const yParity = optional(obj, "yParity", path, asQuantity) ?? optional(obj, "v", path, asQuantity);
  if (yParity === undefined) throw new FieldError(join(path, "yParity"), "missing (neither yParity nor v)");
  return {
    chainId: quantity("chainId"),
    address: asAddress(required(obj, "address", path), join(path, "address")),
    nonce: quantity("nonce"),
    yParity,
    r: quantity("r"),
    s: quantity("s"),
  };
}

function parseTransaction(raw: unknown, path: string): TxTemplate {
  const obj = asObject(raw, path);
  const rawTo = asString(required(obj, "to", path), join(path, "to"));
  const gasPrice = optional(obj, "gasPrice", path, asQuantity);
  const maxFeePerGas = optional(obj, "maxFeePerGas", path, asQuantity);
  const maxPriorityFeePerGas = optional(obj, "maxPriorityFeePerGas", path, asQuantity);
  if (gasPrice === undefined && maxFeePerGas === undefined) {
    throw new FieldError(join(path, "gasPrice"), "missing (neither gasPrice nor maxFeePerGas)");
  }
  if (maxFeePerGas !== undefined && maxPriorityFeePerGas === undefined) {
    throw new FieldError(join(path, "maxPriorityFeePerGas"), "missing (required with maxFeePerGas)");
  }
  const sender = optional(obj, "sender", path, asAddress);
  const secretKey = optional(obj, "secretKey", path, (v, p) => asFixedBytes(v, 32, p));
  if (sender === undefined && secretKey === undefined) {
    throw new FieldError(join(path, "sender"), "missing (neither sender nor secretKey)");
  }
  const accessLists = optional(obj, "accessLists", path, (v, p) =>
    listOf(v, p, (entry, q) => (entry === null ? null : parseAccessList(entry, q))),
  );
  return {
    nonce: asQuantity(required(obj, "nonce", path), join(path, "nonce")),
    to: rawTo === "" ? undefined : asAddress(rawTo, join(path, "to")),
    gasPrice,
    maxFeePerGas,
    maxPriorityFeePerGas,
    data: listOf(required(obj, "data", path), join(path, "data"), asBytes),
    gasLimit: listOf(required(obj, "gasLimit", path), join(path, "gasLimit"), asQuantity),
    value: listOf(required(obj, "value", path), join(path, "value"), asQuantity),
    accessLists,
    sender,
    secretKey,
    blobVersionedHashes: optional(obj, "blobVersionedHashes", path, (v, p) => listOf(v, p, asBytes)),
    maxFeePerBlobGas: optional(obj, "maxFeePerBlobGas", path, asQuantity),
    authorizationList: optional(obj, "authorizationList", path, (v, p) => listOf(v, p, parseAuthorization)),
  };
}

function parseIndexes(raw: unknown, path: string, tx: TxTemplate): CaseIndexes {
  const obj = asObject(raw, path);
  const index = (key: "data" | "gas" | "value", axis: unknown[]) => {
    const i = asIndex(required(obj, key, path), join(path, key));
    // Checked here rather than when building the transaction: an index past its axis is a broken fixture.
    if (i >= axis.length)
      throw new FieldError(join(path, key), `index ${i} out of range (${axis.length} entries)`);
    return i;
  };
  const data = index("data", tx.data);
  if (tx.accessLists !== undefined && data >= tx.accessLists.length) {
    throw new FieldError(join(path, "data"), `no accessLists entry for data index ${data}`);
  }
  return { data, gas: index("gas", tx.gasLimit), value: index("value", tx.value) };
}

function parsePost(raw: unknown, path: string, tx: TxTemplate): Map<string, PostEntry[]> {
  const post = new Map<string, PostEntry[]>();
  for (const [fork, entries] of Object.entries(asObject(raw, path))) {
    const forkPath = join(path, fork);
    post.set(
      fork,
      listOf(entries, forkPath, (entry, p) => {
        const obj = asObject(entry, p);
        return {
          indexes: parseIndexes(required(obj, "indexes", p), join(p, "indexes"), tx),
          hash: asFixedBytes(required(obj, "hash", p), 32, join(p, "hash")),
          logs: asFixedBytes(required(obj, "logs", p), 32, join(p, "logs")),
          txbytes: optional(obj, "txbytes", p, asBytes),
          expectException: optional(obj, "expectException", p, asString),
          state: obj.state,
        };
      }),
    );
  }
  return post;
}

function parseBlobSchedule(raw: unknown, path: string): BlobSchedule {
  const obj: JsonObject = asObject(raw, path);
  return {
    target: asIndex(required(obj, "target", path), join(path, "target")),
    max: asIndex(required(obj, "max", path), join(path, "max")),
    baseFeeUpdateFraction: asQuantity(
      required(obj, "baseFeeUpdateFraction", path),
      join(path, "baseFeeUpdateFraction"),
    ),
  };
}

function parseConfig(raw: unknown, path: string): FixtureConfig {
  const blobSchedules = new Map<string, BlobSchedule>();
  if (raw === undefined) return { chainId: 1n, blobSchedules };
  const obj = asObject(raw, path);
  const schedules = optional(obj, "blobSchedule", path, asObject) ?? {};
  for (const [fork, schedule] of Object.entries(schedules)) {
    blobSchedules.set(fork, parseBlobSchedule(schedule, join(join(path, "blobSchedule"), fork)));
  }
  return { chainId: optional(obj, "chainid", path, asQuantity) ?? 1n, blobSchedules };
}
