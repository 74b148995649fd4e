// Worker thread of the legacy-fork state-test suite (legacy-state-tests.test.ts): runs the pre-Cancun
// fixture files it is sent and reports one compact result per file, with the passed cases per fork as
// counters. Every case runs (what `npm test` does); LANES_LEGACY_SAMPLE=1 runs only the first case of each
// (test, fork), a quick sample for development. `node --test dist/test/` also
// loads this file as a test file; without a parent port it does nothing.
import { runFile } from "../../src/statetest/runner.js";
import type { FileResult, FileTask } from "./protocol.js";
import { foldOutcomes, serveFiles } from "./worker-kit.js";

/** The skip reason of the cases the sample leaves out. */
export const SAMPLED_OUT =
  "not in the LANES_LEGACY_SAMPLE=1 sample (first case of each test and fork); npm test runs it";

/** Every case, unless LANES_LEGACY_SAMPLE=1 asks for the sample. */
export function legacyFullRun(): boolean {
  return process.env.LANES_LEGACY_SAMPLE !== "1";
}

export function runLegacyFile({ file, skipReason }: FileTask): FileResult {
  const counters: Record<string, number> = {};
  const options = {
    diff: true,
    skipReason,
    firstCasePerFork: legacyFullRun() ? undefined : SAMPLED_OUT,
  };
  const result = foldOutcomes(file, runFile(file, options), {
    where: ({ fork, index }) => ({ fork, index }),
    ran: ({ fork, pass }) => {
      if (pass) counters[`${fork} passed`] = (counters[`${fork} passed`] ?? 0) + 1;
    },
  });
  result.counters = counters;
  return result;
}

serveFiles(runLegacyFile);
