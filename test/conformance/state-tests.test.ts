// Conformance suite: every state test in the shared fixtures, run on worker threads against the compiled
// EVM. Asserts a pass rate of at least 99.5% per set, that every failure is listed in known-failures.json,
// and that no listed entry has started passing (so the list only shrinks). See docs/conformance.md; the
// driver is shared with the blockchain-test suite (suite.ts).
import { conformanceSuite } from "./suite.js";

conformanceSuite({
  title: "state tests",
  unit: "case",
  knownFailures: "known-failures.json",
  sets: [
    // 20,969 Cancun cases and 473 of older forks (Pyspecs entries, run since the pre-Cancun fork rules).
    { set: "GeneralStateTests", expected: 21_442 },
    { set: "prague-state-tests", expected: 9_919 },
    { set: "osaka-state-tests", expected: 10_557 },
  ],
  minPassRate: 99.5,
  workerUrl: new URL("./state-worker.js", import.meta.url),
  chunkSize: 4,
  // Folders whose small files run for tens of seconds each (loopMul, static_Call50000_sha256, ...).
  slowFirst: [/[/\\]vmPerformance[/\\]/, /[/\\]stTimeConsuming[/\\]/, /[/\\]stQuadraticComplexityTest[/\\]/],
});
