// Worker thread of the blockchain-test conformance suite: runs the fixture files it is sent with the
// compiled blocktest runner and reports one compact result per file (a "case" is one test; worker-kit.ts).
// `node --test` may also load this file as a test file; without a parent port it does nothing.
import type { BlockExecutor } from "../../src/blocktest/block-layer.js";
import { defaultBlockLayer } from "../../src/blocktest/default-layer.js";
import { runBlockchainFile } from "../../src/blocktest/runner.js";
import type { FileResult, FileTask } from "./protocol.js";
import { foldOutcomes, serveFiles } from "./worker-kit.js";

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
  const counters = { blocks: 0, "invalid blocks rejected for another reason": 0 };
  const notes: string[] = [];
  const outcomes = runBlockchainFile(file, { layer, diff: true, skipReason, crossCheck: PARALLEL_EXECUTOR });
  const result = foldOutcomes(file, outcomes, {
    ran: (outcome) => {
      counters.blocks += outcome.blocks;
      counters["invalid blocks rejected for another reason"] += outcome.exceptionMismatches;
      // A passing test's error is a note (an invalid block rejected for another reason than expected).
      if (outcome.pass && outcome.error !== undefined) notes.push(`${outcome.name}: ${outcome.error}`);
    },
  });
  return { ...result, counters, notes };
}

serveFiles(runBlockchainFixtureFile);
