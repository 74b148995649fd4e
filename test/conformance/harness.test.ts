// The conformance harness's own mechanics: known-failures matching and the worker pool's recovery from
// hung and crashed workers (with a stand-in worker, so no fixtures or EVM are involved).
import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { KnownFailureMatcher, loadKnownFailures } from "./known-failures.js";
import type { FileResult } from "./protocol.js";
import { SetRun } from "./set-report.js";
import { runFilesInWorkers } from "./worker-pool.js";

function withKnownFailures(json: string, run: (path: string) => void): void {
  const dir = mkdtempSync(join(tmpdir(), "lanes-known-"));
  try {
    writeFileSync(join(dir, "known.json"), json);
    run(join(dir, "known.json"));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

test("known failures: exact keys, * patterns, and malformed entries", () => {
  const json = JSON.stringify({
    "setA/test1/Cancun/d0g0v0": "reason one",
    "setA/test2/*": "whole test",
    "setB/x": "",
    "other/x": "unknown set",
  });
  withKnownFailures(json, (path) => {
    const known = loadKnownFailures(["setA", "setB"], path);
    assert.equal(known.entries.length, 2);
    assert.equal(known.problems.length, 2);
    const matcher = new KnownFailureMatcher(known.entries);
    assert.equal(matcher.match("setA/test1/Cancun/d0g0v0")?.reason, "reason one");
    assert.equal(matcher.match("setA/test1/Cancun/d1g0v0"), undefined);
    assert.equal(matcher.match("setA/test2/Prague/d3g1v0")?.key, "setA/test2/*");
    assert.equal(matcher.match("setA/test20/Prague/d3g1v0"), undefined);
  });
  withKnownFailures("{ nope", (path) => assert.equal(loadKnownFailures(["setA"], path).problems.length, 1));
});

test("case ids: per case, per malformed test, per file", () => {
  const run = new SetRun("prague-state-tests", "/fx/prague-state-tests");
  const file = "/fx/prague-state-tests/static/a.json";
  assert.equal(
    run.caseId({
      file,
      name: "t::x[fork_Prague]",
      fork: "Prague",
      index: { data: 1, gas: 2, value: 3 },
      error: "",
    }),
    "prague-state-tests/t::x[fork_Prague]/Prague/d1g2v3",
  );
  assert.equal(run.caseId({ file, name: "broken", error: "" }), "prague-state-tests/broken");
  assert.equal(run.caseId({ file, error: "" }), "prague-state-tests/static/a.json");
});

test("worker pool: every file gets a result, hung and crashed workers are replaced", async () => {
  const files = ["a1", "a2", "hang-1", "a3", "crash-1", "a4", "exit-1", "a5", "a6", "a7"];
  const results: FileResult[] = [];
  await runFilesInWorkers(
    files.map((file) => ({ file, skipReason: file === "a7" ? "skip: slow" : undefined })),
    {
      workerUrl: new URL("./fake-worker.js", import.meta.url),
      workers: 2,
      chunkSize: 3,
      // Generous: the clock starts before a fresh worker has loaded, which is slow on a busy machine.
      fileTimeoutMs: 5000,
      onResult: (r) => results.push(r),
    },
  );
  const byFile = new Map(results.map((r) => [r.file, r]));
  assert.deepEqual([...byFile.keys()].sort(), [...files].sort(), "one result per file");
  assert.equal(results.length, files.length);
  for (const file of ["a1", "a2", "a3", "a4", "a5", "a6"]) assert.equal(byFile.get(file)!.passed, 1, file);
  assert.deepEqual(byFile.get("a7")!.skipped, { "skip: slow": 1 });
  assert.match(byFile.get("hang-1")!.failures[0]!.error, /hang-1: worker timed out after 5 s/);
  assert.match(byFile.get("crash-1")!.failures[0]!.error, /crash-1: worker crashed: crashed on crash-1/);
  assert.match(byFile.get("exit-1")!.failures[0]!.error, /exit-1: worker exited with code 3/);
});

test("worker pool: the watchdog times a case, not a file (a file of slow cases that reports each one passes)", async () => {
  const results: FileResult[] = [];
  await runFilesInWorkers([{ file: "slow-4" }], {
    workerUrl: new URL("./fake-worker.js", import.meta.url),
    workers: 1,
    chunkSize: 1,
    // 4 cases x 1.5 s = 6 s in all, each case well inside the 4 s watchdog.
    fileTimeoutMs: 4000,
    onResult: (r) => results.push(r),
  });
  assert.equal(results.length, 1);
  assert.deepEqual(results[0]!.failures, [], "not taken for a hung worker");
  assert.equal(results[0]!.passed, 1);
});
