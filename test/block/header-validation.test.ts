// Header validation: a real parent/child pair from a fixture passes, and each single-field corruption is
// rejected with the execution-spec-tests name geth-filled fixtures use.
import assert from "node:assert/strict";
import { join } from "node:path";
import { test } from "node:test";
import { BlockException, InvalidBlockError } from "../../src/block/errors.js";
import { validateHeader } from "../../src/block/header-validation.js";
import type { BlockHeader } from "../../src/block/types.js";
import { getForkRules } from "../../src/evm/forks.js";
import { fixtureDir } from "../helpers/ethereum-tests.js";
import { loadFixtures } from "./fixture-chain.js";

const cancunDir = fixtureDir("BlockchainTests/ValidBlocks");
const pragueDir = fixtureDir("prague-blockchain-tests");

function pair(file: string): { parent: BlockHeader; child: BlockHeader } {
  const f = loadFixtures(file)[0]!;
  return { parent: f.genesis, child: f.blocks[0]!.block.header };
}

function expectCode(fn: () => void, code: string, what: string): void {
  assert.throws(fn, (e: unknown) => e instanceof InvalidBlockError && e.code === code, what);
}

test("Cancun: a valid header passes and each corruption has its exception", { skip: !cancunDir }, () => {
  const { parent, child } = pair(join(cancunDir!, "bcExample/basefeeExample.json"));
  const rules = getForkRules("Cancun");
  validateHeader(child, parent, rules);

  const cases: [Partial<BlockHeader>, string][] = [
    [{ parentHash: new Uint8Array(32) }, BlockException.UNKNOWN_PARENT_ZERO],
    [{ parentHash: new Uint8Array(32).fill(1) }, BlockException.UNKNOWN_PARENT],
    [{ extraData: new Uint8Array(33) }, BlockException.EXTRA_DATA_TOO_BIG],
    [{ nonce: Uint8Array.of(0, 0, 0, 0, 0, 0, 0, 1) }, BlockException.INCORRECT_BLOCK_FORMAT],
    [{ ommersHash: new Uint8Array(32) }, BlockException.IMPORT_IMPOSSIBLE_UNCLES_OVER_PARIS],
    [{ timestamp: parent.timestamp }, BlockException.INVALID_BLOCK_TIMESTAMP_OLDER_THAN_PARENT],
    [{ difficulty: 1n }, BlockException.IMPORT_IMPOSSIBLE_DIFFICULTY_OVER_PARIS],
    [{ gasLimit: 1n << 63n }, BlockException.GASLIMIT_TOO_BIG],
    [{ gasUsed: child.gasLimit + 1n }, BlockException.GAS_USED_OVERFLOW],
    [{ number: child.number + 1n }, BlockException.INVALID_BLOCK_NUMBER],
    [{ gasLimit: parent.gasLimit - parent.gasLimit / 1024n }, BlockException.INVALID_GASLIMIT],
    [{ baseFeePerGas: child.baseFeePerGas! + 1n }, BlockException.INVALID_BASEFEE_PER_GAS],
    [{ blobGasUsed: 1n }, BlockException.INCORRECT_BLOB_GAS_USED],
    [{ excessBlobGas: 131072n }, BlockException.INCORRECT_EXCESS_BLOB_GAS],
    [{ requestsHash: new Uint8Array(32) }, BlockException.INCORRECT_BLOCK_FORMAT],
    [{ parentBeaconBlockRoot: undefined }, BlockException.INCORRECT_BLOCK_FORMAT],
  ];
  for (const [change, code] of cases) {
    expectCode(
      () => validateHeader({ ...child, ...change }, parent, rules),
      code,
      `${Object.keys(change)} -> ${code}`,
    );
  }
});

test("Prague: the requests hash is required", { skip: !pragueDir }, () => {
  const file = join(
    pragueDir!,
    "prague/eip7685_general_purpose_el_requests/test_valid_multi_type_requests.json",
  );
  const { parent, child } = pair(file);
  const rules = getForkRules("Prague");
  validateHeader(child, parent, rules);
  const { requestsHash: _, ...withoutRequests } = child;
  expectCode(
    () => validateHeader(withoutRequests, parent, rules),
    BlockException.INCORRECT_BLOCK_FORMAT,
    "requestsHash",
  );
});
