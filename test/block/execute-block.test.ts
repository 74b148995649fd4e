// executeBlock end to end on fixture blocks: the computed state root, receipts root, logs bloom, gas used
// and requests hash equal the header's, the pre-state is left alone, and invalid blocks are refused with
// the fixture's exception.
import assert from "node:assert/strict";
import { join } from "node:path";
import { test } from "node:test";
import { InvalidBlockError } from "../../src/block/errors.js";
import { executeBlock } from "../../src/block/execute-block.js";
import { validateBlockResult } from "../../src/block/result-validation.js";
import { bytesToBigInt, bytesToHex } from "../../src/primitives/hex.js";
import { stateRoot } from "../../src/trie/index.js";
import { fixtureDir } from "../helpers/ethereum-tests.js";
import { type LoadedFixture, loadFixtures, mismatch, replay } from "./fixture-chain.js";

const cancunDir = fixtureDir("BlockchainTests");
const pragueDir = fixtureDir("prague-blockchain-tests/prague");
const osakaDir = fixtureDir("osaka-blockchain-tests/osaka");

function firstBlockMatchesHeader(f: LoadedFixture): void {
  const { block } = f.blocks[0]!;
  const preRoot = bytesToHex(stateRoot(f.pre.accounts));
  const result = executeBlock(block, f.pre, f.config!, { blockHash: () => bytesToBigInt(f.genesisHash) });
  const h = block.header;
  assert.equal(bytesToHex(result.stateRoot), bytesToHex(h.stateRoot), "state root");
  assert.equal(bytesToHex(result.receiptsRoot), bytesToHex(h.receiptsRoot), "receipts root");
  assert.equal(bytesToHex(result.logsBloom), bytesToHex(h.logsBloom), "logs bloom");
  assert.equal(result.gasUsed, h.gasUsed, "gas used");
  assert.equal(result.blobGasUsed, h.blobGasUsed ?? 0n, "blob gas used");
  assert.equal(result.receipts.length, block.transactions.length);
  assert.equal(result.receipts.at(-1)?.cumulativeGasUsed ?? 0n, h.gasUsed);
  validateBlockResult(h, result);
  // Execution works on an overlay: the pre-state is exactly as it was, and the diff reproduces the root.
  assert.equal(bytesToHex(stateRoot(f.pre.accounts)), preRoot);
  const post = f.pre.clone();
  post.applyDiff(result.diff);
  assert.equal(bytesToHex(stateRoot(post.accounts)), bytesToHex(h.stateRoot));
}

function replayMatches(file: string): LoadedFixture[] {
  const fixtures = loadFixtures(file);
  for (const f of fixtures) {
    const failures = replay(f)
      .steps.map(mismatch)
      .filter((m) => m !== undefined);
    assert.deepEqual(failures, [], f.name);
  }
  return fixtures;
}

test("Cancun: a type-2 creation block", { skip: !cancunDir }, () => {
  firstBlockMatchesHeader(loadFixtures(join(cancunDir!, "ValidBlocks/bcExample/basefeeExample.json"))[0]!);
});

test("Cancun: a block with logs (bloom and receipts)", { skip: !cancunDir }, () => {
  const f = loadFixtures(join(cancunDir!, "ValidBlocks/bcValidBlockTest/log1_correct.json"))[0]!;
  assert.ok(f.blocks[0]!.block.header.logsBloom.some((b) => b !== 0));
  firstBlockMatchesHeader(f);
});

test("Cancun: a chain of blocks with withdrawals", { skip: !cancunDir }, () => {
  const [f] = replayMatches(join(cancunDir!, "InvalidBlocks/bc4895-withdrawals/accountInteractions.json"));
  assert.ok(f!.blocks.some((b) => (b.block.withdrawals?.length ?? 0) > 0));
});

test("Prague: an invalid transaction rejects the block with its index", { skip: !pragueDir }, () => {
  // Transaction 0's authorization bumps the nonce transaction 1 was signed with.
  const file = join(pragueDir!, "eip7702_set_code_tx/test_invalid_transaction_after_authorization.json");
  const f = loadFixtures(file)[0]!;
  const { block, expectException } = f.blocks.find((b) => b.expectException !== undefined)!;
  assert.throws(
    () => executeBlock(block, f.pre, f.config!),
    (e: unknown) =>
      e instanceof InvalidBlockError &&
      e.kind === "TransactionException" &&
      e.txIndex === 1 &&
      e.matches(expectException!),
  );
});

test("Cancun: without system calls the beacon root is not stored", { skip: !cancunDir }, () => {
  const f = loadFixtures(join(cancunDir!, "ValidBlocks/bcExample/basefeeExample.json"))[0]!;
  const result = executeBlock(f.blocks[0]!.block, f.pre, f.config!, { systemCalls: false });
  assert.notEqual(bytesToHex(result.stateRoot), bytesToHex(f.blocks[0]!.block.header.stateRoot));
});

test("Prague: deposit, withdrawal and consolidation requests", { skip: !pragueDir }, () => {
  const file = join(pragueDir!, "eip7685_general_purpose_el_requests/test_valid_multi_type_requests.json");
  const f = loadFixtures(file)[0]!;
  firstBlockMatchesHeader(f);
  const result = executeBlock(f.blocks[0]!.block, f.pre, f.config!);
  assert.deepEqual(
    result.requests.map((r) => r[0]),
    [0, 1, 2],
  );
  assert.equal(bytesToHex(result.requestsHash!), bytesToHex(f.blocks[0]!.block.header.requestsHash!));
});

test("Prague: EIP-2935 history and the requests failure modes", { skip: !pragueDir }, () => {
  replayMatches(
    join(pragueDir!, "eip2935_historical_block_hashes_from_state/test_block_hashes_history.json"),
  );
  replayMatches(join(pragueDir!, "eip6110_deposits/test_invalid_layout.json"));
  replayMatches(join(pragueDir!, "eip7002_el_triggerable_withdrawals/test_system_contract_errors.json"));
});

test("Osaka: EIP-7918 reserve-price excess blob gas over a chain", { skip: !osakaDir }, () => {
  replayMatches(join(osakaDir!, "eip7918_blob_reserve_price/test_reserve_price_boundary.json"));
});
