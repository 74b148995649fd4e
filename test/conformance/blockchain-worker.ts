// Worker thread of the blockchain-test conformance suite: runs the fixture files it is sent with the
// compiled blocktest runner and reports one compact result per file (a "case" is one test). `node --test`
// may also load this file as a test file; without a parent port it does nothing.
import { parentPort } from "node:worker_threads";
import type { BlockExecutor } from "../../src/blocktest/block-layer.js";
import { defaultBlockLayer } from "../../src/blocktest/default-layer.js";
import { runBlockchainFile } from "../../src/blocktest/runner.js";
import type { FileResult, FileTask, RunMessage, WorkerMessage } from "./protocol.js";

/** Keeps messages small even when a broken executor makes every account differ. */
const MAX_DIFF_LINES = 40;

/**
 * THE PARALLEL-EXECUTOR HOOK. Every block of every test must also run through the parallel executor: set
 * this to `executeBlockParallel` (same signature as `executeBlock`) once it exists. Each block that reaches
 * execution then runs through both from the same parent state, and any difference in the result (state
 * root, receipts root, bloom, gas, blob gas, requests hash, or accept/reject) fails the test as an
 * "executors diverge" error. Until then only the sequential reference runs.
 */
const PARALLEL_EXECUTOR: BlockExecutor | undefined = undefined;

const layer = defaultBlockLayer();

export function runBlockchainFixtureFile({ file, skipReason }: FileTask): FileResult {
  const started = performance.now();
  const result: FileResult = { file, cases: 0, passed: 0, skipped: {}, failures: [], ms: 0, notes: [] };
  const counters = { blocks: 0, "invalid blocks rejected for another reason": 0 };
  for (const outcome of runBlockchainFile(file, {
    layer,
    diff: true,
    skipReason,
    crossCheck: PARALLEL_EXECUTOR,
  })) {
    if (outcome.kind === "skip") {
      result.skipped[outcome.reason] = (result.skipped[outcome.reason] ?? 0) + 1;
      continue;
    }
    result.cases++;
    if (outcome.kind === "error") {
      result.failures.push({ file, name: outcome.name, error: outcome.error });
      continue;
    }
    counters.blocks += outcome.blocks;
    counters["invalid blocks rejected for another reason"] += outcome.exceptionMismatches;
    if (outcome.pass) {
      result.passed++;
      if (outcome.error !== undefined) result.notes!.push(`${outcome.name}: ${outcome.error}`);
      continue;
    }
    const diff = outcome.diff?.slice(0, MAX_DIFF_LINES);
    if (outcome.diff && outcome.diff.length > MAX_DIFF_LINES) {
      diff?.push(`... ${outcome.diff.length - MAX_DIFF_LINES} more differences`);
    }
    result.failures.push({ file, name: outcome.name, error: outcome.error ?? "failed", diff });
  }
  result.counters = counters;
  result.ms = performance.now() - started;
  return result;
}

const port = parentPort;
if (port) {
  port.on("message", (message: RunMessage) => {
    for (const task of message.files) {
      const reply: WorkerMessage = { type: "file", result: runBlockchainFixtureFile(task) };
      port.postMessage(reply);
    }
    const idle: WorkerMessage = { type: "idle" };
    port.postMessage(idle);
  });
}
