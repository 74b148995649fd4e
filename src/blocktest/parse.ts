// Parses blockchain-test JSON into typed fixtures. As for state tests (and with the same shared readers for
// the file, `pre` and `config`), a file that is not a JSON object of tests fails as a whole (FixtureError
// naming the file), while a malformed test fails alone.
import { parseAlloc } from "../fixture-io/alloc.js";
import { parseConfig } from "../fixture-io/config.js";
import { FixtureError, fixtureFileParser, type ParsedEntry } from "../fixture-io/fixture-file.js";
import {
  asBytes,
  asFixedBytes,
  asObject,
  asString,
  FieldError,
  join,
  listOf,
  optional,
  required,
} from "../primitives/json-read.js";
import type { BlockchainTestFixture, BlockFixture } from "./fixture.js";

export { FixtureError };

export type ParsedBlockchainTest = ParsedEntry<BlockchainTestFixture>;

/** Parses one file's text. Throws FixtureError for invalid JSON or a non-object top level. */
export const parseBlockchainFixtureText = fixtureFileParser(parseBlockchainTest);

export function parseBlockchainTest(name: string, raw: unknown): BlockchainTestFixture {
  const obj = asObject(raw, "");
  const genesis = asObject(required(obj, "genesisBlockHeader", ""), "genesisBlockHeader");
  const postState = obj.postState;
  const postStateHash = optional(obj, "postStateHash", "", (v, p) => asFixedBytes(v, 32, p));
  if (postState === undefined && postStateHash === undefined) {
    throw new FieldError("postState", "missing (neither postState nor postStateHash)");
  }
  if (postState !== undefined) asObject(postState, "postState");
  const network = asString(required(obj, "network", ""), "network");
  return {
    name,
    network,
    pre: parseAlloc(required(obj, "pre", ""), "pre"),
    genesisRLP: asBytes(required(obj, "genesisRLP", ""), "genesisRLP"),
    genesisHash: asFixedBytes(
      required(genesis, "hash", "genesisBlockHeader"),
      32,
      join("genesisBlockHeader", "hash"),
    ),
    blocks: listOf(required(obj, "blocks", ""), "blocks", (v, p) => parseBlock(v, p, network)),
    lastBlockHash: asFixedBytes(required(obj, "lastblockhash", ""), 32, "lastblockhash"),
    postState,
    postStateHash,
    config: parseConfig(obj.config, "config"),
  };
}

/**
 * A block, with the exception it must be rejected with: `expectException`, or in the legacy tests
 * (ethereum/legacytests) `expectException<network>` or `expectExceptionALL`.
 */
function parseBlock(raw: unknown, path: string, network: string): BlockFixture {
  const obj = asObject(raw, path);
  const expectException =
    optional(obj, "expectException", path, asString) ??
    optional(obj, `expectException${network}`, path, asString) ??
    optional(obj, "expectExceptionALL", path, asString);
  return { rlp: asBytes(required(obj, "rlp", path), join(path, "rlp")), expectException };
}
