// Parses blockchain-test JSON into typed fixtures. As for state tests, a file that is not a JSON object of
// tests fails as a whole (FixtureError naming the file), while a malformed test fails alone.
import type { BlobSchedule } from "../evm/forks.js";
import type { FixtureConfig } from "../statetest/fixture.js";
import {
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
} from "../statetest/json-read.js";
import { FixtureError, parseAlloc } from "../statetest/parse.js";
import type { BlockchainTestFixture, BlockFixture } from "./fixture.js";

export { FixtureError };

export type ParsedBlockchainTest =
  | { name: string; test: BlockchainTestFixture }
  | { name: string; error: string };

/** Parses one file's text. Throws FixtureError for invalid JSON or a non-object top level. */
export function parseBlockchainFixtureText(file: string, text: string): ParsedBlockchainTest[] {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new FixtureError(file, `invalid JSON: ${e instanceof Error ? e.message : String(e)}`);
  }
  if (typeof json !== "object" || json === null || Array.isArray(json)) {
    throw new FixtureError(file, "expected a JSON object of test name -> test");
  }
  const out: ParsedBlockchainTest[] = [];
  for (const [name, raw] of Object.entries(json)) {
    try {
      out.push({ name, test: parseBlockchainTest(name, raw) });
    } catch (e) {
      out.push({ name, error: `${file}: ${name}: ${e instanceof Error ? e.message : String(e)}` });
    }
  }
  return out;
}

export function parseBlockchainTest(name: string, raw: unknown): BlockchainTestFixture {
  const obj = asObject(raw, "");
  const genesis = asObject(required(obj, "genesisBlockHeader", ""), "genesisBlockHeader");
  const postState = obj.postState;
  const postStateHash = optional(obj, "postStateHash", "", (v, p) => asFixedBytes(v, 32, p));
  if (postState === undefined && postStateHash === undefined) {
    throw new FieldError("postState", "missing (neither postState nor postStateHash)");
  }
  if (postState !== undefined) asObject(postState, "postState");
  return {
    name,
    network: asString(required(obj, "network", ""), "network"),
    pre: parseAlloc(required(obj, "pre", ""), "pre"),
    genesisRLP: asBytes(required(obj, "genesisRLP", ""), "genesisRLP"),
    genesisHash: asFixedBytes(
      required(genesis, "hash", "genesisBlockHeader"),
      32,
      join("genesisBlockHeader", "hash"),
    ),
    blocks: asArray(required(obj, "blocks", ""), "blocks").map((b, i) => parseBlock(b, join("blocks", i))),
    lastBlockHash: asFixedBytes(required(obj, "lastblockhash", ""), 32, "lastblockhash"),
    postState,
    postStateHash,
    config: parseConfig(obj.config, "config"),
  };
}

function parseBlock(raw: unknown, path: string): BlockFixture {
  const obj = asObject(raw, path);
  return {
    rlp: asBytes(required(obj, "rlp", path), join(path, "rlp")),
    expectException: optional(obj, "expectException", path, asString),
  };
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

/** EEST's `config` (chain id, per-fork blob schedule); ethereum/tests fixtures have none, so chain id 1. */
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
