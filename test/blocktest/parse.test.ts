// Blockchain-test fixture parsing: the fields the runner needs, and errors that name the file, test and field.
import assert from "node:assert/strict";
import { test } from "node:test";
import { FixtureError, parseBlockchainFixtureText, parseBlockchainTest } from "../../src/blocktest/parse.js";
import { bytesToHex } from "../../src/primitives/hex.js";
import { ChainBuilder, fixtureJson, type Json } from "./fake-chain.js";

function sample(): { [key: string]: Json } {
  const chain = new ChainBuilder();
  const b1 = chain.child(chain.genesis);
  return fixtureJson(
    chain,
    [{ block: b1 }, { block: Uint8Array.of(0xc0), expectException: "BlockException.X" }],
    b1,
  );
}

test("parses network, pre, genesis, blocks, lastblockhash, postState and config", () => {
  const raw = sample();
  raw.config = {
    network: "Prague",
    chainid: "0x0a",
    blobSchedule: { Prague: { target: "0x06", max: "0x09", baseFeeUpdateFraction: "0x4c6964" } },
  };
  const t = parseBlockchainTest("name", raw);
  assert.equal(t.name, "name");
  assert.equal(t.network, "Cancun");
  assert.equal(t.pre.size, 1);
  assert.equal(bytesToHex(t.genesisHash), (raw.genesisBlockHeader as { hash: string }).hash);
  assert.equal(t.blocks.length, 2);
  assert.equal(t.blocks[0]!.expectException, undefined);
  assert.deepEqual(t.blocks[1], { rlp: Uint8Array.of(0xc0), expectException: "BlockException.X" });
  assert.equal(bytesToHex(t.lastBlockHash), raw.lastblockhash);
  assert.equal(typeof t.postState, "object");
  assert.equal(t.postStateHash, undefined);
  assert.equal(t.config.chainId, 10n);
  assert.deepEqual(t.config.blobSchedules.get("Prague"), {
    target: 6,
    max: 9,
    baseFeeUpdateFraction: 5007716n,
  });
});

test("without config the chain id is 1; postStateHash may replace postState", () => {
  const raw = sample();
  delete raw.postState;
  raw.postStateHash = `0x${"ab".repeat(32)}`;
  const t = parseBlockchainTest("x", raw);
  assert.equal(t.config.chainId, 1n);
  assert.equal(t.postState, undefined);
  assert.equal(bytesToHex(t.postStateHash!), `0x${"ab".repeat(32)}`);
});

test("malformed tests name the field", () => {
  const cases: [(t: { [key: string]: Json }) => void, RegExp][] = [
    [(t) => delete t.network, /^network: missing$/],
    [(t) => delete t.postState, /^postState: missing \(neither postState nor postStateHash\)$/],
    [(t) => (t.postState = []), /^postState: expected an object, got an array$/],
    [(t) => (t.blocks = {}), /^blocks: expected an array/],
    [(t) => ((t.blocks as Json[])[0] = { expectException: "x" }), /^blocks\[0\]\.rlp: missing$/],
    [(t) => ((t.blocks as Json[])[0] = { rlp: "0xzz" }), /^blocks\[0\]\.rlp: invalid hex/],
    [(t) => (t.lastblockhash = "0x01"), /^lastblockhash: expected 32 bytes, got 1$/],
    [(t) => (t.genesisBlockHeader = {}), /^genesisBlockHeader\.hash: missing$/],
    [
      (t) => (t.config = { blobSchedule: { Cancun: { target: 1 } } }),
      /^config\.blobSchedule\.Cancun\.max: missing$/,
    ],
  ];
  for (const [edit, message] of cases) {
    const raw = sample();
    edit(raw);
    assert.throws(
      () => parseBlockchainTest("x", raw),
      (e: Error) => message.test(e.message),
      message.source,
    );
  }
});

test("a file must be a JSON object of tests; one bad test does not hide the others", () => {
  assert.throws(
    () => parseBlockchainFixtureText("f.json", "{ nope"),
    (e) => {
      assert.ok(e instanceof FixtureError);
      assert.match(e.message, /^f\.json: invalid JSON/);
      return true;
    },
  );
  assert.throws(() => parseBlockchainFixtureText("f.json", "[1]"), /f\.json: expected a JSON object/);
  const bad = sample();
  delete bad.pre;
  const parsed = parseBlockchainFixtureText("f.json", JSON.stringify({ good: sample(), bad }));
  assert.equal(parsed.length, 2);
  assert.ok("test" in parsed[0]!);
  assert.deepEqual(parsed[1], { name: "bad", error: "f.json: bad: pre: missing" });
});
