// Fixture parsing: typed fields, defaults, and errors that name the file, the test and the field.
import assert from "node:assert/strict";
import { test } from "node:test";
import type { StateTestFixture } from "../../src/statetest/fixture.js";
import { FixtureError, type ParsedTest, parseFixtureText } from "../../src/statetest/parse.js";
import { CONTRACT, fileText, type Json, SENDER, sampleTest } from "./sample-fixture.js";

function parseOne(t: Json): ParsedTest {
  const parsed = parseFixtureText("dir/f.json", fileText(t));
  assert.equal(parsed.length, 1);
  return parsed[0]!;
}

function ok(t: Json): StateTestFixture {
  const parsed = parseOne(t);
  if ("error" in parsed) assert.fail(parsed.error);
  return parsed.test;
}

function errorOf(t: Json): string {
  const parsed = parseOne(t);
  assert.ok("error" in parsed, "expected a parse error");
  return parsed.error;
}

test("parses a fixture into typed fields", () => {
  const fixture = ok(sampleTest());
  assert.equal(fixture.name, "sample");
  assert.equal(fixture.env.number, 1n);
  assert.equal(fixture.env.baseFee, 7n);
  assert.equal(fixture.env.random, 0x20000n);
  assert.equal(fixture.pre.size, 2);
  const contract = fixture.pre.get(BigInt(CONTRACT))!;
  assert.equal(contract.nonce, 1n);
  assert.deepEqual([...contract.code], [0x60, 0x01, 0x60, 0x00, 0x55, 0x00]);
  assert.deepEqual([...contract.storage], [[1n, 2n]]);
  assert.equal(fixture.transaction.sender, BigInt(SENDER));
  assert.deepEqual(fixture.transaction.gasLimit, [21000n, 100000n]);
  assert.equal(fixture.transaction.data[1]!.length, 4);
  const cancun = fixture.post.get("Cancun")!;
  assert.equal(cancun.length, 2);
  assert.deepEqual(cancun[1]!.indexes, { data: 1, gas: 1, value: 1 });
  assert.equal(cancun[1]!.expectException, "TransactionException.INTRINSIC_GAS_TOO_LOW");
  assert.equal(fixture.config.chainId, 1n);
  assert.equal(fixture.config.blobSchedules.size, 0);
});

test("reads EEST config: chain id and blob schedules", () => {
  const t = sampleTest();
  t.config = {
    chainid: "0x05",
    blobSchedule: { Prague: { target: "0x06", max: "0x09", baseFeeUpdateFraction: "0x4c6964" } },
  };
  const fixture = ok(t);
  assert.equal(fixture.config.chainId, 5n);
  assert.deepEqual(fixture.config.blobSchedules.get("Prague"), {
    target: 6,
    max: 9,
    baseFeeUpdateFraction: 5007716n,
  });
});

test('"to": "" means contract creation', () => {
  const t = sampleTest();
  (t.transaction as { [k: string]: Json }).to = "";
  assert.equal(ok(t).transaction.to, undefined);
});

test("reads ethereum/tests' 0x:bigint values beyond 256 bits", () => {
  const t = sampleTest();
  (t.transaction as { [k: string]: Json }).value = [
    "0x:bigint 0x10000000000000000000000000000000000000000000000000000000000000001",
  ];
  (t.post as { [k: string]: Json }).Cancun = [
    { hash: `0x${"00".repeat(32)}`, logs: `0x${"00".repeat(32)}`, indexes: { data: 0, gas: 0, value: 0 } },
  ];
  assert.equal(ok(t).transaction.value[0], (1n << 256n) + 1n);
});

test("accessLists entries and authorization lists", () => {
  const t = sampleTest();
  const tx = t.transaction as { [k: string]: Json };
  tx.accessLists = [null, [{ address: CONTRACT, storageKeys: ["0x01"] }]];
  tx.authorizationList = [
    { chainId: "0x01", address: CONTRACT, nonce: "0x00", v: "0x01", r: "0x02", s: "0x03" },
  ];
  const fixture = ok(t);
  assert.deepEqual(fixture.transaction.accessLists, [
    null,
    [{ address: BigInt(CONTRACT), storageKeys: [1n] }],
  ]);
  assert.deepEqual(fixture.transaction.authorizationList, [
    { chainId: 1n, address: BigInt(CONTRACT), nonce: 0n, yParity: 1n, r: 2n, s: 3n },
  ]);
});

test("invalid JSON is a FixtureError naming the file", () => {
  assert.throws(
    () => parseFixtureText("dir/broken.json", "{ not json"),
    (e: unknown) => e instanceof FixtureError && e.message.startsWith("dir/broken.json: invalid JSON"),
  );
  assert.throws(() => parseFixtureText("dir/list.json", "[]"), /dir\/list\.json: expected a JSON object/);
});

test("a missing section names the file, test and field", () => {
  const t = sampleTest();
  delete t.pre;
  assert.equal(errorOf(t), "dir/f.json: sample: pre: missing");
});

test("bad hex names the field path", () => {
  const t = sampleTest();
  (t.transaction as { [k: string]: Json }).gasLimit = ["0x5208", "0xzz"];
  assert.match(errorOf(t), /^dir\/f\.json: sample: transaction\.gasLimit\[1\]: invalid hex quantity: 0xzz$/);
  const u = sampleTest();
  (u.transaction as { [k: string]: Json }).data = ["0x12g4"];
  assert.match(errorOf(u), /transaction\.data\[0\]: invalid hex/);
});

test("a post index past its axis is a fixture error", () => {
  const t = sampleTest();
  (t.post as { Cancun: { [k: string]: Json }[] }).Cancun[0]!.indexes = { data: 0, gas: 5, value: 0 };
  assert.match(errorOf(t), /post\.Cancun\[0\]\.indexes\.gas: index 5 out of range \(2 entries\)/);
});

test("a transaction needs a fee and a sender", () => {
  const t = sampleTest();
  delete (t.transaction as { [k: string]: Json }).gasPrice;
  assert.match(errorOf(t), /transaction\.gasPrice: missing \(neither gasPrice nor maxFeePerGas\)/);
  const u = sampleTest();
  const tx = u.transaction as { [k: string]: Json };
  delete tx.sender;
  delete tx.secretKey;
  assert.match(errorOf(u), /transaction\.sender: missing/);
});

test("one malformed test does not hide the others in its file", () => {
  const broken = sampleTest();
  delete broken.env;
  const parsed = parseFixtureText("f.json", JSON.stringify({ good: sampleTest(), bad: broken }));
  assert.deepEqual(
    parsed.map((p) => [p.name, "error" in p]),
    [
      ["good", false],
      ["bad", true],
    ],
  );
});
