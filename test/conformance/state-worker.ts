// Worker thread of the state-test conformance suite: runs the fixture files it is sent with the compiled
// runner and reports one compact result per file (worker-kit.ts). `node --test dist/test/` also loads this
// file as a test file; without a parent port it does nothing.
import { runFile } from "../../src/statetest/runner.js";
import type { FileResult, FileTask } from "./protocol.js";
import { foldOutcomes, serveFiles } from "./worker-kit.js";

export function runFixtureFile({ file, skipReason }: FileTask): FileResult {
  return foldOutcomes(file, runFile(file, { diff: true, skipReason }), {
    where: ({ fork, index }) => ({ fork, index }),
  });
}

serveFiles(runFixtureFile);
