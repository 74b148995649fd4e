// Parses blockchain-test JSON into typed fixtures. As for state tests (and with the same shared readers for
// the file, `pre` and `config`), a file that is not a JSON object of tests fails as a whole (FixtureError
// naming the file), while a malformed test fails alone.

import { encodeBlockRlp } from "../block/block-rlp.js";
import type { BlockHeader } from "../block/types.js";
import { getForkRules, isForkName } from "../evm/forks.js";
import { parseAlloc } from "../fixture-io/alloc.js";
import { parseConfig } from "../fixture-io/config.js";
import { FixtureError, fixtureFileParser, type ParsedEntry } from "../fixture-io/fixture-file.js";
import {
  asAddress,
  asBytes,
  asFixedBytes,
  asObject,
  asQuantity,
  asString,
  FieldError,
  type JsonObject,
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
    genesisRLP:
      obj.genesisRLP === undefined
        ? genesisRlpFromHeader(genesis)
        : asBytes(required(obj, "genesisRLP", ""), "genesisRLP"),
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
 * The genesis block's RLP from `genesisBlockHeader`, for the legacy tests that carry no `genesisRLP`
 * (bcForgedTest): the header's fields in the fixtures' naming, no transactions, no ommers. Its hash is
 * then checked against the header's `hash` like any genesisRLP.
 */
function genesisRlpFromHeader(h: JsonObject): Uint8Array {
  const path = "genesisBlockHeader";
  const field = (key: string) => required(h, key, path);
  const bytes = (key: string, n: number) => asFixedBytes(field(key), n, join(path, key));
  const quantity = (key: string) => asQuantity(field(key), join(path, key));
  const header: BlockHeader = {
    parentHash: bytes("parentHash", 32),
    ommersHash: bytes("uncleHash", 32),
    coinbase: asAddress(field("coinbase"), join(path, "coinbase")),
    stateRoot: bytes("stateRoot", 32),
    transactionsRoot: bytes("transactionsTrie", 32),
    receiptsRoot: bytes("receiptTrie", 32),
    logsBloom: bytes("bloom", 256),
    difficulty: quantity("difficulty"),
    number: quantity("number"),
    gasLimit: quantity("gasLimit"),
    gasUsed: quantity("gasUsed"),
    timestamp: quantity("timestamp"),
    extraData: asBytes(field("extraData"), join(path, "extraData")),
    mixHash: bytes("mixHash", 32),
    nonce: bytes("nonce", 8),
  };
  if (h.baseFeePerGas !== undefined) header.baseFeePerGas = quantity("baseFeePerGas");
  if (h.withdrawalsRoot !== undefined) header.withdrawalsRoot = bytes("withdrawalsRoot", 32);
  return encodeBlockRlp(header, [], header.withdrawalsRoot === undefined ? undefined : []);
}

/**
 * A block, with the exception it must be rejected with: `expectException`, or in the legacy tests
 * (ethereum/legacytests) `expectException<network>` or `expectExceptionALL`, or, with none of those, a
 * block without `blockHeader`.
 */
/** Whether the network starts in a fork before the Merge (its tests follow the legacy conventions). */
function isProofOfWorkNetwork(network: string): boolean {
  const first = network.split("To")[0]!;
  return isForkName(first) && !getForkRules(first).eip4399;
}

/** The expected exception of a legacy block that names none but has no decoded header. */
export const LEGACY_MUST_FAIL = "(legacy: a block without blockHeader must be rejected)";

function parseBlock(raw: unknown, path: string, network: string): BlockFixture {
  const obj = asObject(raw, path);
  const expectException =
    optional(obj, "expectException", path, asString) ??
    optional(obj, `expectException${network}`, path, asString) ??
    optional(obj, "expectExceptionALL", path, asString) ??
    // The legacy convention (geth's block test runner, for the proof-of-work era's tests): a block given
    // without its decoded header must fail.
    (obj.blockHeader === undefined && isProofOfWorkNetwork(network) ? LEGACY_MUST_FAIL : undefined);
  return { rlp: asBytes(required(obj, "rlp", path), join(path, "rlp")), expectException };
}
