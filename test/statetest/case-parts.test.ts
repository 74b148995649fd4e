// The pieces a case is judged with: block env conventions, the logs hash, the coinbase rule, the post diff.
import assert from "node:assert/strict";
import { test } from "node:test";
import { getForkRules } from "../../src/evm/forks.js";
import { bytesToHex, concatBytes, hexToBytes } from "../../src/primitives/hex.js";
import { EMPTY_LIST_HASH, keccak256, keccak256Word } from "../../src/primitives/keccak.js";
import { InMemoryState } from "../../src/state/memory-state.js";
import { buildBlockEnv, resolveForkRules } from "../../src/statetest/block-env.js";
import type { FixtureEnv } from "../../src/statetest/fixture.js";
import { logsHash } from "../../src/statetest/logs-hash.js";
import { diffPostState } from "../../src/statetest/post-diff.js";
import { touchCoinbase } from "../../src/statetest/pre-state.js";

const ENV: FixtureEnv = {
  coinbase: 0xc0n,
  gasLimit: 1000n,
  number: 300n,
  timestamp: 7n,
  difficulty: 0x20000n,
  random: undefined,
  baseFee: undefined,
  excessBlobGas: undefined,
};

test("BLOCKHASH(n) is keccak256 of the decimal n, within the 256-block window", () => {
  const env = buildBlockEnv(ENV, getForkRules("Cancun"), 1n);
  assert.equal(env.blockHash(299n), keccak256Word(new TextEncoder().encode("299")));
  assert.equal(env.blockHash(44n), keccak256Word(new TextEncoder().encode("44")));
  assert.equal(env.blockHash(43n), 0n);
  assert.equal(env.blockHash(300n), 0n);
});

test("env defaults: PREVRANDAO falls back to difficulty, base fee to 10, blob base fee to 1", () => {
  const env = buildBlockEnv(ENV, getForkRules("Cancun"), 5n);
  assert.equal(env.prevRandao, 0x20000n);
  assert.equal(env.baseFee, 10n);
  assert.equal(env.blobBaseFee, 1n);
  assert.equal(env.chainId, 5n);
  const withRandom = buildBlockEnv({ ...ENV, random: 9n, baseFee: 7n }, getForkRules("Cancun"), 1n);
  assert.equal(withRandom.prevRandao, 9n);
  assert.equal(withRandom.baseFee, 7n);
});

test("the blob base fee uses the fixture's blob schedule for the fork", () => {
  const config = {
    chainId: 1n,
    blobSchedules: new Map([["Prague", { target: 6, max: 9, baseFeeUpdateFraction: 3338477n }]]),
  };
  const rules = resolveForkRules("Prague", config)!;
  assert.equal(rules.blobSchedule.baseFeeUpdateFraction, 3338477n);
  assert.equal(buildBlockEnv({ ...ENV, excessBlobGas: 3338477n }, rules, 1n).blobBaseFee, 2n);
  assert.equal(resolveForkRules("Amsterdam", config), undefined);
  assert.equal(resolveForkRules("Osaka", config), getForkRules("Osaka"));
});

test("logs hash: keccak256(rlp([[address, [topics], data]]))", () => {
  assert.deepEqual(logsHash([]), EMPTY_LIST_HASH);
  const address = `${"00".repeat(19)}01`;
  const topic = `${"00".repeat(31)}02`;
  // Hand-encoded: outer list (61 bytes) > log list (59) > address (0x94), topics list (0xe1 > 0xa0), data (0x81 ff).
  const encoded = hexToBytes(`0xf83bf839 94${address} e1a0${topic} 81ff`.replaceAll(" ", ""));
  const got = logsHash([{ address: 1n, topics: [2n], data: Uint8Array.of(0xff) }]);
  assert.equal(bytesToHex(got), bytesToHex(keccak256(concatBytes(encoded))));
});

test("an empty coinbase is deleted after the transaction (EIP-161 touch), a funded one kept", () => {
  const state = new InMemoryState();
  state.putAccount(0xc0n, {});
  touchCoinbase(state, 0xc0n);
  assert.equal(state.getAccount(0xc0n), undefined);
  state.putAccount(0xc0n, { balance: 1n });
  touchCoinbase(state, 0xc0n);
  assert.equal(state.getAccount(0xc0n)?.balance, 1n);
});

test("post diff names accounts, fields and slots that differ", () => {
  const actual = new InMemoryState();
  actual.putAccount(0xaan, { nonce: 1n, balance: 100n, storage: new Map([[1n, 5n]]) });
  actual.putAccount(0xccn, { balance: 3n });
  const expected = {
    "0x00000000000000000000000000000000000000aa": {
      nonce: "0x02",
      balance: "0x64",
      code: "0x6000",
      storage: { "0x01": "0x06", "0x02": "0x01" },
    },
    "0x00000000000000000000000000000000000000bb": { nonce: "0x00", balance: "0x01", code: "0x", storage: {} },
  };
  const aa = "0x00000000000000000000000000000000000000aa";
  assert.deepEqual(diffPostState(expected, actual), [
    `${aa} nonce: want 2, got 1`,
    `${aa} code: want 0x6000 (2 bytes), got 0x (0 bytes)`,
    `${aa} storage[0x1]: want 0x6, got 0x5`,
    `${aa} storage[0x2]: want 0x1, got 0x0`,
    "0x00000000000000000000000000000000000000bb: missing (want nonce 0, balance 0x1, code 0 bytes, 0 slots)",
    "0x00000000000000000000000000000000000000cc: unexpected account (got nonce 0, balance 0x3, code 0 bytes, 0 slots)",
  ]);
  assert.deepEqual(diffPostState({ "0xzz": {} }, actual), [
    "cannot diff: state.0xzz: invalid hex quantity: 0xzz",
  ]);
});
