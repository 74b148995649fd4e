// Conformance suite: every blockchain test in the shared fixtures (block import: genesis, blocks, expected
// rejections, last block hash, post-state), run on worker threads against the compiled block layer. Asserts
// a pass rate of at least 99% per set, that every failure is listed in blockchain-known-failures.json, and
// that no listed entry has started passing. Shares the state-test suite's driver, pool and report
// (suite.ts, docs/conformance.md).
import { conformanceSuite } from "./suite.js";

conformanceSuite({
  title: "blockchain tests",
  unit: "test",
  knownFailures: "blockchain-known-failures.json",
  // Test counts from the fixtures' README; each set must hold exactly that many (a lost file fails the set).
  sets: [
    { set: "BlockchainTests/ValidBlocks", expected: 442 },
    { set: "BlockchainTests/InvalidBlocks", expected: 131 },
    { set: "prague-blockchain-tests", expected: 631 },
    { set: "osaka-blockchain-tests", expected: 465 },
  ],
  minPassRate: 99,
  workerUrl: new URL("./blockchain-worker.js", import.meta.url),
  chunkSize: 2,
  reportPrefix: "blockchain-",
});
