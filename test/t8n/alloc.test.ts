// Allocs in geth's JSON form: reading geth's variations, writing geth's exact shape, and the round trip.
import assert from "node:assert/strict";
import { test } from "node:test";
import { bytesToHex } from "../../src/primitives/hex.js";
import { FieldError } from "../../src/primitives/json-read.js";
import { buildPreState } from "../../src/statetest/pre-state.js";
import { formatAlloc, parseT8nAlloc } from "../../src/t8n/alloc.js";
import { stateRoot } from "../../src/trie/index.js";
import { GETH_SAMPLE, scenarioAlloc } from "./helpers.js";

test("geth's variations: nonce omitted, unprefixed address, null fields, decimal and unpadded numbers", () => {
  const alloc = parseT8nAlloc(
    {
      a94f5374fce5edbc8e2a8697c15331677e6ebf0b: { balance: "1000", code: null, storage: null },
      "0x0000000000000000000000000000000000001000": {
        balance: "0x0",
        nonce: "0x01",
        code: "0x60ff",
        storage: {
          "0x1": "0x02",
          "0x0000000000000000000000000000000000000000000000000000000000000003": "0x0",
        },
      },
    },
    "alloc",
  );
  const sender = alloc.get(0xa94f5374fce5edbc8e2a8697c15331677e6ebf0bn)!;
  assert.equal(sender.balance, 1000n);
  assert.equal(sender.nonce, 0n);
  assert.equal(sender.code.length, 0);
  const contract = alloc.get(0x1000n)!;
  assert.equal(contract.nonce, 1n);
  assert.equal(bytesToHex(contract.code), "0x60ff");
  assert.equal(contract.storage.get(1n), 2n);
});

test("malformed accounts are rejected with the field path", () => {
  const bad = (alloc: unknown, pattern: RegExp) =>
    assert.throws(
      () => parseT8nAlloc(alloc, "alloc"),
      (e) => e instanceof FieldError && pattern.test(e.message),
    );
  bad({ "0x01": { nonce: "0x0" } }, /alloc\.0x01\.balance: missing/);
  bad({ "0x01": { balance: "0x1", code: "0xzz" } }, /alloc\.0x01\.code: invalid hex/);
  bad({ "0x01": { balance: "0x1", storage: { "0x1": "nope" } } }, /storage/);
  bad({ nonsense: { balance: "0x1" } }, /alloc\.nonsense/);
  bad(
    { "0x1": { balance: "0x1" }, "0x0000000000000000000000000000000000000001": { balance: "0x2" } },
    /listed twice/,
  );
  bad([], /expected an object/);
  bad({ "0x01": { balance: `0x1${"0".repeat(64)}` } }, /alloc\.0x01\.balance: exceeds 256 bits/);
  bad({ "0x01": { balance: "0x1", nonce: "0x10000000000000000" } }, /nonce: exceeds 64 bits/);
  bad(
    { "0x01": { balance: "0x1", storage: { "0x1": `0x1${"0".repeat(64)}` } } },
    /storage\.0x1: exceeds 256 bits/,
  );
});

test("formatting matches geth: sorted, code/storage/nonce only when set, 32-byte storage words", () => {
  const alloc = parseT8nAlloc(GETH_SAMPLE.input.alloc, "");
  const state = buildPreState(alloc);
  state.setStorage(0x1100n, 1n, 0xffn);
  state.setStorage(0x1100n, 0n, 1n);
  state.putAccount(0x2adc25665018aa1fe0e6bc666dac8fc2697ff9ban, { balance: 0x31c8fn });
  const json = formatAlloc(state.accounts);
  assert.deepEqual(Object.keys(json), [
    "0x0000000000000000000000000000000000001000",
    "0x0000000000000000000000000000000000001100",
    "0x2adc25665018aa1fe0e6bc666dac8fc2697ff9ba",
    "0xa94f5374fce5edbc8e2a8697c15331677e6ebf0b",
  ]);
  assert.deepEqual(
    json["0x0000000000000000000000000000000000001100"],
    GETH_SAMPLE.alloc["0x0000000000000000000000000000000000001100"],
  );
  assert.deepEqual(Object.keys(json["0x0000000000000000000000000000000000001100"]!), [
    "code",
    "storage",
    "balance",
    "nonce",
  ]);
  assert.deepEqual(json["0x2adc25665018aa1fe0e6bc666dac8fc2697ff9ba"], { balance: "0x31c8f" });
});

test("round trip: format(parse(x)) is x for canonical input, and the state root survives", () => {
  const canonical = formatAlloc(buildPreState(parseT8nAlloc(scenarioAlloc(), "")).accounts);
  const again = formatAlloc(buildPreState(parseT8nAlloc(canonical, "")).accounts);
  assert.deepEqual(again, canonical);
  assert.equal(JSON.stringify(again), JSON.stringify(canonical), "same key order too");
  const root = (alloc: unknown) => bytesToHex(stateRoot(buildPreState(parseT8nAlloc(alloc, "")).accounts));
  assert.equal(root(canonical), root(scenarioAlloc()));
});
