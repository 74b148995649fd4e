// Parses state-test JSON into typed fixtures. The file-level rules (a malformed file fails as a whole, a
// malformed test alone) and the `pre` and `config` readers are shared with blockchain tests (src/fixture-io/).
import { parseAlloc } from "../fixture-io/alloc.js";
import { parseConfig } from "../fixture-io/config.js";
import { FixtureError, fixtureFileParser, type ParsedEntry } from "../fixture-io/fixture-file.js";
import {
  asAddress,
  asBytes,
  asFixedBytes,
  asIndex,
  asObject,
  asQuantity,
  asString,
  FieldError,
  join,
  listOf,
  optional,
  required,
} from "../primitives/json-read.js";
import type { AccessListEntry, Authorization } from "../tx/types.js";
import type { CaseIndexes, FixtureEnv, PostEntry, StateTestFixture, TxTemplate } from "./fixture.js";

// Re-exported: callers of the state-test parser (and test/block's fixture chain) import them from here.
export { FixtureError, parseAlloc };

export type ParsedTest = ParsedEntry<StateTestFixture>;

/** Parses one file's text. Throws FixtureError for invalid JSON or a non-object top level. */
export const parseFixtureText = fixtureFileParser(parseTest);

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
    filler: isEestFill(obj._info) ? "eest" : "retesteth",
  };
}

/** EEST writes `fixture-format` into `_info`; retesteth-filled ethereum/tests (Pyspecs included) do not. */
function isEestFill(info: unknown): boolean {
  return typeof info === "object" && info !== null && "fixture-format" in info;
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
