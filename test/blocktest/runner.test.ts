// The file runner: one outcome per test, skipped networks, --run filtering, unreadable and malformed files.
import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, test } from "node:test";
import { runBlockchainFile } from "../../src/blocktest/runner.js";
import { BlocktestSummary } from "../../src/blocktest/summary.js";
import { bytesToHex } from "../../src/primitives/hex.js";
import { ChainBuilder, fakeLayer, fixtureJson } from "./fake-chain.js";

const dir = mkdtempSync(join(tmpdir(), "lanes-blocktest-"));
after(() => rmSync(dir, { recursive: true, force: true }));

function write(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

const chain = new ChainBuilder();
const b1 = chain.child(chain.genesis);
const good = fixtureJson(chain, [{ block: b1 }], b1);
const wrongHead = fixtureJson(chain, [{ block: b1 }], chain.genesis);
const future = fixtureJson(chain, [{ block: b1 }], b1, "Amsterdam");
const broken = fixtureJson(chain, [{ block: b1 }], b1);
delete broken.lastblockhash;

test("one outcome per test, in file order, with skips and malformed tests", () => {
  const file = write("mixed.json", JSON.stringify({ good, wrongHead, future, broken }));
  const outcomes = [...runBlockchainFile(file, { layer: fakeLayer() })];
  assert.deepEqual(
    outcomes.map((o) => [o.kind, "name" in o ? o.name : undefined]),
    [
      ["test", "good"],
      ["test", "wrongHead"],
      ["skip", "future"],
      ["error", "broken"],
    ],
  );
  const [ok, bad, skipped, malformed] = outcomes;
  assert.ok(ok && bad && skipped && malformed && outcomes.length === 4);
  assert.ok(ok.kind === "test" && ok.pass && ok.lastBlockHash === bytesToHex(b1.hash) && ok.blocks === 1);
  assert.ok(bad.kind === "test" && !bad.pass && /last block hash/.test(bad.error ?? ""));
  assert.ok(skipped.kind === "skip" && skipped.reason === "unsupported network Amsterdam");
  assert.ok(
    malformed.kind === "error" && malformed.error.endsWith("mixed.json: broken: lastblockhash: missing"),
  );

  const summary = new BlocktestSummary();
  for (const o of outcomes) summary.add(o);
  assert.deepEqual(summary.totals(), { passed: 1, failed: 1, skipped: 1 });
  assert.equal(summary.ok(), false);
  assert.match(summary.render(1), /1 passed, 2 failed, 1 skipped/);
});

test("--run filters by test name; skipReason skips everything", () => {
  const file = write("filter.json", JSON.stringify({ good, wrongHead }));
  const only = [...runBlockchainFile(file, { layer: fakeLayer(), run: /^good$/ })];
  assert.deepEqual(
    only.map((o) => o.kind === "test" && o.name),
    ["good"],
  );
  const skipped = [...runBlockchainFile(file, { layer: fakeLayer(), skipReason: "too slow" })];
  assert.ok(skipped.every((o) => o.kind === "skip" && o.reason === "too slow"));
});

test("an unreadable or non-JSON file is one error naming the file", () => {
  const missing = [...runBlockchainFile(join(dir, "absent.json"), { layer: fakeLayer() })];
  assert.equal(missing.length, 1);
  assert.ok(missing[0]!.kind === "error" && /absent\.json: cannot read/.test(missing[0]!.error));
  const garbage = [...runBlockchainFile(write("garbage.json", "{"), { layer: fakeLayer() })];
  assert.ok(garbage[0]!.kind === "error" && /garbage\.json: invalid JSON/.test(garbage[0]!.error));
});
