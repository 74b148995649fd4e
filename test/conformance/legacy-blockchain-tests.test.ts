// Legacy-fork blockchain tests: the pre-Cancun blockchain tests of ../shared/legacy-fork-tests (Frontier to
// Shanghai, transitions between them), run with the blockchain suite's worker (blockchain-worker.ts) and
// driver (suite.ts), in `npm test` (all of them: about 45 s on 2 quiet cores). The parallel cross-check and
// witness checks of the
// worker are off here unless LANES_PARALLEL_CROSSCHECK=1 (the block layer is what these tests judge; the
// parallel executor's own suites cover it). The Ethash seal is never verified (docs/blocks.md). Every
// network runs, the DAO fork (HomesteadToDaoAt5) and the Merge by total difficulty
// (ArrowGlacierToParisAtDiffC0000) included.
import { existsSync } from "node:fs";
import { resolve } from "node:path";
import { conformanceSuite } from "./suite.js";

process.env.LANES_PARALLEL_CROSSCHECK ??= "0";

function locate(set: string): string | undefined {
  const root = resolve(process.env.LEGACY_FORK_TESTS ?? "../shared/legacy-fork-tests");
  const dir = resolve(root, set);
  if (!existsSync(dir)) {
    console.log(
      `# skipping ${set}: fixtures not found (set LEGACY_FORK_TESTS to the legacy-fork-tests folder)`,
    );
    return undefined;
  }
  return dir;
}

conformanceSuite({
  title: "legacy blockchain tests",
  unit: "test",
  knownFailures: "legacy-blockchain-known-failures.json",
  locate,
  // Test counts from the fixtures' README.
  sets: [
    { set: "ethereum-legacytests-71560ec/Constantinople/BlockchainTests/ValidBlocks", expected: 1_370 },
    { set: "ethereum-legacytests-71560ec/Constantinople/BlockchainTests/InvalidBlocks", expected: 528 },
    { set: "ethereum-tests-2e37a9f/BlockchainTests/ValidBlocks", expected: 1_541 },
    { set: "ethereum-tests-2e37a9f/BlockchainTests/InvalidBlocks", expected: 539 },
    { set: "ethereum-tests-2e37a9f/BlockchainTests/TransitionTests", expected: 21 },
    { set: "eest-v5.4.0/blockchain_tests", expected: 1_992 },
  ],
  minPassRate: 95,
  workerUrl: new URL("./blockchain-worker.js", import.meta.url),
  chunkSize: 2,
  reportPrefix: "legacy-blockchain-",
});
