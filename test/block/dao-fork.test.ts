// The DAO fork as chain-config data: the drain at the DAO block and the extra-data marker of the ten blocks
// from it (src/block/dao-fork.ts). The fixtures (HomesteadToDaoAt5) judge the whole; these pin the pieces.
import assert from "node:assert/strict";
import { test } from "node:test";
import { configForNetwork } from "../../src/block/chain-config.js";
import {
  applyDaoHardFork,
  checkDaoExtraData,
  DAO_DRAIN_LIST,
  DAO_EXTRA_DATA,
  DAO_REFUND_CONTRACT,
  isDaoForkBlock,
} from "../../src/block/dao-fork.js";
import { InvalidBlockError } from "../../src/block/errors.js";
import type { BlockHeader } from "../../src/block/types.js";
import { InMemoryState } from "../../src/state/memory-state.js";

const rules = configForNetwork(1n, "HomesteadToDaoAt5")!.rulesAt(5n, 0n);

test("the drain list has the 116 distinct mainnet accounts", () => {
  assert.equal(DAO_DRAIN_LIST.length, 116);
  assert.equal(new Set(DAO_DRAIN_LIST).size, 116);
  assert.ok(!DAO_DRAIN_LIST.includes(DAO_REFUND_CONTRACT));
});

test("the drain moves every listed balance to the refund contract, which it creates", () => {
  const state = new InMemoryState();
  const [a, b] = [DAO_DRAIN_LIST[0]!, DAO_DRAIN_LIST[115]!];
  state.putAccount(a, { balance: 7n });
  state.putAccount(b, { balance: 100n, nonce: 3n });
  state.putAccount(0x1234n, { balance: 9n });
  state.applyDiff(applyDaoHardFork(state, rules));
  assert.equal(state.accounts.get(DAO_REFUND_CONTRACT)?.balance, 107n);
  assert.equal(state.accounts.get(a)?.balance, 0n);
  assert.equal(state.accounts.get(b)?.balance, 0n);
  assert.equal(state.accounts.get(b)?.nonce, 3n);
  assert.equal(state.accounts.get(0x1234n)?.balance, 9n);
  assert.ok(isDaoForkBlock(rules, 5n));
  assert.ok(!isDaoForkBlock(rules, 6n));
  assert.ok(!isDaoForkBlock(configForNetwork(1n, "Homestead")!.rulesAt(5n, 0n), 5n));
});

test("blocks 5 to 14 need the dao-hard-fork extra data; others do not", () => {
  const header = (number: bigint, extraData: Uint8Array) => ({ number, extraData }) as BlockHeader;
  const bad = new Uint8Array([0x42]);
  for (const n of [4n, 15n]) checkDaoExtraData(header(n, bad), rules);
  for (const n of [5n, 14n]) {
    checkDaoExtraData(header(n, DAO_EXTRA_DATA), rules);
    assert.throws(
      () => checkDaoExtraData(header(n, bad), rules),
      (e: unknown) => e instanceof InvalidBlockError && e.code === "EXTRA_DATA_INVALID_DAO",
    );
  }
  assert.equal(new TextDecoder().decode(DAO_EXTRA_DATA), "dao-hard-fork");
});
