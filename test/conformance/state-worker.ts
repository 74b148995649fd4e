// Worker thread of the conformance suite: runs the fixture files it is sent with the compiled runner and
// reports one compact result per file. `node --test dist/test/` also loads this file as a test file; without
// a parent port it does nothing.
import { parentPort } from "node:worker_threads";
import { runFile } from "../../src/statetest/runner.js";
import type { FileResult, FileTask, RunMessage, WorkerMessage } from "./protocol.js";

/** Keeps messages small even when a broken executor makes every account differ. */
const MAX_DIFF_LINES = 40;

export function runFixtureFile({ file, skipReason }: FileTask): FileResult {
  const started = performance.now();
  const result: FileResult = { file, cases: 0, passed: 0, skipped: {}, failures: [], ms: 0 };
  for (const outcome of runFile(file, { diff: true, skipReason })) {
    if (outcome.kind === "skip") {
      result.skipped[outcome.reason] = (result.skipped[outcome.reason] ?? 0) + 1;
      continue;
    }
    result.cases++;
    if (outcome.kind === "error") {
      result.failures.push({ file, name: outcome.name, error: outcome.error });
    } else if (outcome.pass) {
      result.passed++;
    } else {
      const diff = outcome.diff?.slice(0, MAX_DIFF_LINES);
      if (outcome.diff && outcome.diff.length > MAX_DIFF_LINES) {
        diff?.push(`... ${outcome.diff.length - MAX_DIFF_LINES} more differences`);
      }
      result.failures.push({
        file,
        name: outcome.name,
        fork: outcome.fork,
        index: outcome.index,
        error: outcome.error ?? "failed",
        diff,
      });
    }
  }
  result.ms = performance.now() - started;
  return result;
}

const port = parentPort;
if (port) {
  port.on("message", (message: RunMessage) => {
    for (const task of message.files) {
      const reply: WorkerMessage = { type: "file", result: runFixtureFile(task) };
      port.postMessage(reply);
    }
    const idle: WorkerMessage = { type: "idle" };
    port.postMessage(idle);
  });
}
