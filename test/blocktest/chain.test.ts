// The importer's chain logic with a stand-in executor: head selection, rejections and the chain going on
// from the last valid head, side chains and BLOCKHASH, post-state checks, and the parallel-executor hook.
import assert from "node:assert/strict";
import { test } from "node:test";
import type { BlockExecutor } from "../../src/blocktest/block-layer.js";
import type { BlockchainTestFixture } from "../../src/blocktest/fixture.js";
import { parseBlockchainTest } from "../../src/blocktest/parse.js";
import { runBlockchainTest } from "../../src/blocktest/run-test.js";
import { bytesToBigInt, bytesToHex } from "../../src/primitives/hex.js";
import { keccak256 } from "../../src/primitives/keccak.js";
import { type RlpDecoded, rlpDecode, rlpEncode } from "../../src/primitives/rlp.js";
import { stateRoot } from "../../src/trie/index.js";
import {
  type BuiltBlock,
  ChainBuilder,
  cancunConfig,
  fakeExecute,
  fixtureJson,
  RECORDER,
  RICH,
} from "./fake-chain.js";

type Blocks = Parameters<typeof fixtureJson>[1];

function run(
  chain: ChainBuilder,
  blocks: Blocks,
  head: BuiltBlock,
  edit?: (t: BlockchainTestFixture) => void,
) {
  const fixture = parseBlockchainTest("t", fixtureJson(chain, blocks, head));
  edit?.(fixture);
  return runBlockchainTest(fixture, { execute: fakeExecute, chainConfig: cancunConfig, diff: true });
}

const w = (address: bigint, amount: bigint, index = 0n) => ({ index, validatorIndex: 0n, address, amount });

test("a linear chain imports, ends on its last block and matches the post-state", () => {
  const chain = new ChainBuilder();
  const b1 = chain.child(chain.genesis, [w(RICH, 5n)]);
  const b2 = chain.child(b1, [w(0x1234n, 7n, 1n)]);
  const r = run(chain, [{ block: b1 }, { block: b2 }], b2);
  assert.equal(r.error, undefined);
  assert.equal(r.pass, true);
  assert.equal(r.lastBlockHash, bytesToHex(b2.hash));
  assert.equal(r.imported, 2);
});

test("an expected-invalid block is rejected and the chain goes on from the last valid head", () => {
  const chain = new ChainBuilder();
  const b1 = chain.child(chain.genesis);
  const bad = chain.child(b1, [w(RICH, 1n)], (h) => {
    h.stateRoot = new Uint8Array(32).fill(1);
  });
  const b2 = chain.child(b1, [w(RICH, 2n)]);
  const r = run(
    chain,
    [{ block: b1 }, { block: bad, expectException: "BlockException.INVALID_STATE_ROOT" }, { block: b2 }],
    b2,
  );
  assert.equal(r.pass, true, r.error);
  assert.equal(r.error, undefined, "the reason matched exactly, so there is no note");
  assert.equal(r.rejected, 1);
  assert.equal(r.lastBlockHash, bytesToHex(b2.hash));
});

test("a rejection for another reason than expected passes with a note in error", () => {
  const chain = new ChainBuilder();
  const b1 = chain.child(chain.genesis);
  const bad = chain.child(b1, [], (h) => {
    h.number = 5n;
  });
  const r = run(
    chain,
    [{ block: b1 }, { block: bad, expectException: "TransactionException.NONCE_MISMATCH_TOO_LOW" }],
    b1,
  );
  assert.equal(r.pass, true);
  assert.equal(r.exceptionMismatches, 1);
  assert.match(
    r.error ?? "",
    /block 2: rejected as BlockException.INVALID_BLOCK_NUMBER: number 5 does not follow parent 1; expected .*NONCE_MISMATCH_TOO_LOW \(different family/,
  );
});

test("undecodable blocks, unknown parents and bad bodies are rejections, not crashes", () => {
  const chain = new ChainBuilder();
  const b1 = chain.child(chain.genesis);
  const orphanParent = chain.child(b1);
  const orphan = chain.child(orphanParent);
  const badRoot = chain.child(b1, [w(RICH, 1n)], (h) => {
    h.withdrawalsRoot = new Uint8Array(32);
  });
  const r = run(
    chain,
    [
      { block: b1 },
      { block: Uint8Array.of(0xf8, 0x01), expectException: "BlockException.RLP_STRUCTURES_ENCODING" },
      { block: rlpEncode([1, 2]), expectException: "BlockException.RLP_STRUCTURES_ENCODING" },
      { block: orphan, expectException: "BlockException.UNKNOWN_PARENT" },
      { block: badRoot, expectException: "BlockException.INVALID_WITHDRAWALS_ROOT" },
    ],
    b1,
  );
  assert.equal(r.pass, true, r.error);
  assert.equal(r.error, undefined);
  assert.equal(r.rejected, 4);
});

test("withdrawal fields are checked as uint64 and 20-byte addresses", () => {
  const chain = new ChainBuilder();
  const b1 = chain.child(chain.genesis);
  const header = (rlpDecode(b1.rlp) as RlpDecoded[])[0]!;
  const wide = rlpEncode([header, [], [], [[new Uint8Array(9).fill(1), 0, new Uint8Array(20), 1]]]);
  const shortAddress = rlpEncode([header, [], [], [[0, 0, new Uint8Array(19), 1]]]);
  const r = run(
    chain,
    [
      {
        block: wide,
        expectException:
          "BlockException.RLP_STRUCTURES_ENCODING|BlockException.RLP_INVALID_FIELD_OVERFLOW_64",
      },
      {
        block: shortAddress,
        expectException: "BlockException.RLP_STRUCTURES_ENCODING|BlockException.RLP_INVALID_ADDRESS",
      },
    ],
    chain.genesis,
  );
  assert.equal(r.pass, true, r.error);
  assert.equal(r.error, undefined);
});

test("BLOCKHASH sees the ancestors of the block's own branch", () => {
  const chain = new ChainBuilder();
  const a1 = chain.child(chain.genesis);
  const a2 = chain.child(a1);
  const b1 = chain.child(chain.genesis, [w(RICH, 1n)]);
  const b2 = chain.child(b1);
  const b3 = chain.child(b2);
  const r = run(chain, [{ block: a1 }, { block: a2 }, { block: b1 }, { block: b2 }, { block: b3 }], b3);
  assert.equal(r.pass, true, r.error);
  const slots = b3.state.accounts.get(RECORDER)!.storage;
  assert.equal(slots.get(1n), bytesToBigInt(b1.hash));
  assert.equal(slots.get(2n), bytesToBigInt(b2.hash));
  assert.equal(slots.get(0n), bytesToBigInt(chain.genesis.hash));
  assert.notEqual(slots.get(1n), bytesToBigInt(a1.hash));
});

test("failures: a valid block rejected, an invalid block imported, a wrong head or post-state", () => {
  const chain = new ChainBuilder();
  const b1 = chain.child(chain.genesis, [w(RICH, 1n)]);
  const b2 = chain.child(b1);
  const wrongNumber = chain.child(b1, [], (h) => {
    h.number = 9n;
  });

  const rejected = run(chain, [{ block: b1 }, { block: wrongNumber }], b1);
  assert.equal(rejected.pass, false);
  assert.match(rejected.error ?? "", /block 2: rejected: BlockException.INVALID_BLOCK_NUMBER/);

  const accepted = run(
    chain,
    [{ block: b1 }, { block: b2, expectException: "BlockException.INVALID_GASLIMIT" }],
    b2,
  );
  assert.equal(accepted.pass, false);
  assert.match(
    accepted.error ?? "",
    /block 2: imported, but expected exception BlockException.INVALID_GASLIMIT/,
  );

  const wrongHead = run(chain, [{ block: b1 }, { block: b2 }], b1);
  assert.equal(wrongHead.pass, false);
  assert.match(wrongHead.error ?? "", /last block hash 0x[0-9a-f]{64} \(number 2\), want/);

  const wrongPost = run(chain, [{ block: b1 }], b1, (t) => {
    t.postState = {
      "0x000000000000000000000000000000000000aaaa": { nonce: "0x0", balance: "0x1", storage: {} },
    };
  });
  assert.equal(wrongPost.pass, false);
  assert.match(wrongPost.error ?? "", /post state: \d+ difference\(s\)/);
  assert.ok(wrongPost.diff?.some((d) => d.includes("balance")));
});

test("postStateHash is compared with the root of the final state", () => {
  const chain = new ChainBuilder();
  const b1 = chain.child(chain.genesis, [w(0x77n, 3n)]);
  const good = run(chain, [{ block: b1 }], b1, (t) => {
    t.postState = undefined;
    t.postStateHash = stateRoot(b1.state.accounts);
  });
  assert.equal(good.pass, true, good.error);
  const bad = run(chain, [{ block: b1 }], b1, (t) => {
    t.postState = undefined;
    t.postStateHash = new Uint8Array(32);
  });
  assert.match(bad.error ?? "", /post state root 0x[0-9a-f]{64}, postStateHash is 0x0{64}/);
});

test("the genesis must hash to genesisBlockHeader.hash and commit to the root of pre", () => {
  const chain = new ChainBuilder();
  const b1 = chain.child(chain.genesis);
  const wrongHash = run(chain, [{ block: b1 }], b1, (t) => {
    t.genesisHash = keccak256(new Uint8Array(1));
  });
  assert.match(wrongHash.error ?? "", /^genesis: hash 0x[0-9a-f]{64}, genesisBlockHeader.hash is/);
  const wrongPre = run(chain, [{ block: b1 }], b1, (t) => {
    t.pre.set(0x99n, { nonce: 0n, balance: 1n, code: new Uint8Array(0), storage: new Map() });
  });
  assert.match(wrongPre.error ?? "", /^genesis: root of pre/);
});

test("crossCheck: a second executor must agree on every executed block", () => {
  const chain = new ChainBuilder();
  const b1 = chain.child(chain.genesis, [w(RICH, 1n)]);
  const b2 = chain.child(b1);
  const fixture = parseBlockchainTest("t", fixtureJson(chain, [{ block: b1 }, { block: b2 }], b2));
  const calls: bigint[] = [];
  const agreeing: BlockExecutor = (block, pre, config, options) => {
    calls.push(block.header.number);
    return fakeExecute(block, pre, config, options);
  };
  const base = { execute: fakeExecute, chainConfig: cancunConfig };
  const same = runBlockchainTest(fixture, { ...base, crossCheck: agreeing });
  assert.equal(same.pass, true, same.error);
  assert.deepEqual(calls, [1n, 2n], "every block ran through the second executor");

  const wrongRoot: BlockExecutor = (block, pre, config, options) => ({
    ...fakeExecute(block, pre, config, options),
    stateRoot: new Uint8Array(32),
  });
  const diverging = runBlockchainTest(fixture, { ...base, crossCheck: wrongRoot });
  assert.equal(diverging.pass, false);
  assert.match(
    diverging.error ?? "",
    /block 1: executors diverge: the other executor rejected the block \(BlockException.INVALID_STATE_ROOT/,
  );
});

test("a crash in the executor fails the test with the block named, without throwing", () => {
  const chain = new ChainBuilder();
  const b1 = chain.child(chain.genesis);
  const fixture = parseBlockchainTest("t", fixtureJson(chain, [{ block: b1 }], b1));
  const execute: BlockExecutor = () => {
    throw new TypeError("boom");
  };
  const r = runBlockchainTest(fixture, { execute, chainConfig: cancunConfig });
  assert.equal(r.pass, false);
  assert.match(r.error ?? "", /block 1: rejected: crashed \(TypeError: boom\)/);
});
