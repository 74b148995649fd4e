// A 1,024-deep call chain runs without a bigger JavaScript stack: nested frames live on Evm's explicit
// frame stack, not on the JS stack. The chain runs on a `new Worker` with default resource limits (and
// the test runner itself no longer raises the stack size: test/evm/calls.test.ts runs depth 1024 on the
// main thread's default stack). The frame at depth 1023 calls ECRECOVER, which must recover the signer there.
import assert from "node:assert/strict";
import { test } from "node:test";
import { Worker } from "node:worker_threads";
import type { ChainReport } from "./deep-call-chain-worker.js";

function check(report: ChainReport | undefined, label: string): void {
  assert.ok(report !== undefined, label);
  assert.equal(report.error, undefined, label);
  assert.equal(report.status, 1, label);
  assert.equal(report.frames, "1025", `${label}: frames at depths 0..1024 ran`);
  assert.equal(report.recovered, `0x${"00".repeat(12)}a94f5374fce5edbc8e2a8697c15331677e6ebf0b`, label);
  // Frames at depths 0..1024, then the call from depth 1024 that the depth check refuses.
  assert.equal(report.tracedDepth, 1026, label);
  assert.equal(report.deepestError, "max call depth exceeded", label);
  assert.equal(report.tracedStatus, "ok", label);
}

test("a 1,024-deep call chain with ECRECOVER near the bottom runs on a default Worker, traced and untraced", async () => {
  const worker = new Worker(new URL("./deep-call-chain-worker.js", import.meta.url));
  const reports = await new Promise<{ plain?: ChainReport; nearStackEnd?: ChainReport }>(
    (resolve, reject) => {
      worker.once("message", resolve);
      worker.once("error", reject);
      worker.once("exit", (code) => reject(new Error(`worker exited with ${code} before reporting`)));
    },
  );
  await worker.terminate();
  check(reports.plain, "on the worker's stack");
  // Worker threads get 4 MB of stack by default, which recursion at ~1 KB per level also fits; the chain
  // must also run with a tenth of that left, which only a frame loop can do.
  check(reports.nearStackEnd, "with a tenth of the worker's stack left");
});
