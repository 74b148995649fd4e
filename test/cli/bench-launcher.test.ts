// The seam between `lanes bench` (src/cli/bench.ts) and the harness it loads by path (bench/harness/main.ts):
// the harness's entry has the type the launcher assumes, and the path the launcher loads is the harness's.
// The installed-package case (no bench/: a clear message, exit 1) is checked by test/package/.
import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { test } from "node:test";
import { fileURLToPath } from "node:url";
import * as harness from "../../bench/harness/main.js";
import { type BenchHarness, HARNESS_URL } from "../../src/cli/bench.js";

test("bench/harness/main.ts provides what the launcher calls", () => {
  const entry: BenchHarness = harness; // a compile-time check: tsc fails here if the signature drifts
  assert.equal(typeof entry.benchMain, "function");
  assert.equal(entry.benchMain.length, 2);
});

test("the launcher loads the module this test imports", () => {
  const imported = new URL("../../bench/harness/main.js", import.meta.url);
  assert.equal(HARNESS_URL.href, imported.href);
  assert.ok(existsSync(fileURLToPath(HARNESS_URL)), fileURLToPath(HARNESS_URL));
});
