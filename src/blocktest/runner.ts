// Runs every test of one blockchain-test file and yields one outcome per test, skipped test or malformed
// entry. Shared by the `lanes blocktest` command and the conformance suite's worker threads; reading the file
// and walking its tests is shared with the state-test runner (src/fixture-io/fixture-file.ts).
import { type ErrorOutcome, errorMessage, runFixtureFile } from "../fixture-io/fixture-file.js";
import type { BlockExecutor, BlockLayer } from "./block-layer.js";
import type { BlockchainTestFixture } from "./fixture.js";
import { parseBlockchainFixtureText } from "./parse.js";
import { runBlockchainTest } from "./run-test.js";

export interface RunBlockchainOptions {
  /** The block layer (decoders, header validation, chain config, executor). */
  layer: BlockLayer;
  /** Run only tests whose name matches. */
  run?: RegExp;
  /** Attach a post-state diff to failing tests. */
  diff?: boolean;
  /** Do not run anything: report every test as skipped for this reason (files too slow to run). */
  skipReason?: string;
  /**
   * The hook for checking the parallel executor: when set, every block that reaches execution also runs
   * through this executor from the same parent state, and any difference from `layer.execute` fails the
   * test. Unset, only `layer.execute` (the sequential reference) runs.
   */
  crossCheck?: BlockExecutor;
}

export interface TestOutcome {
  kind: "test";
  file: string;
  name: string;
  network: string;
  pass: boolean;
  lastBlockHash: string;
  error?: string;
  diff?: string[];
  blocks: number;
  /** Expected-invalid blocks rejected for another reason than the one expected (not failures). */
  exceptionMismatches: number;
}

export interface SkipOutcome {
  kind: "skip";
  file: string;
  name: string;
  network: string;
  reason: string;
}

export type { ErrorOutcome };
export type BlockchainOutcome = TestOutcome | SkipOutcome | ErrorOutcome;

function runOne(file: string, test: BlockchainTestFixture, options: RunBlockchainOptions): BlockchainOutcome {
  const base = { file, name: test.name, network: test.network };
  if (options.skipReason !== undefined) return { kind: "skip", ...base, reason: options.skipReason };
  const chainConfig = options.layer.chainConfig(test.network, test.config);
  if (typeof chainConfig === "string") return { kind: "skip", ...base, reason: chainConfig };
  const outcome: TestOutcome = {
    kind: "test",
    ...base,
    pass: false,
    lastBlockHash: "",
    blocks: test.blocks.length,
    exceptionMismatches: 0,
  };
  try {
    const result = runBlockchainTest(test, {
      execute: options.layer.execute,
      chainConfig,
      crossCheck: options.crossCheck,
      diff: options.diff,
    });
    outcome.pass = result.pass;
    outcome.lastBlockHash = result.lastBlockHash;
    outcome.exceptionMismatches = result.exceptionMismatches;
    if (result.error !== undefined) outcome.error = result.error;
    if (result.diff !== undefined) outcome.diff = result.diff;
  } catch (e) {
    // runBlockchainTest catches the layers' failures itself; this guards the harness's own code paths.
    outcome.error = `runner: ${errorMessage(e)}`;
  }
  return outcome;
}

export function runBlockchainFile(file: string, options: RunBlockchainOptions): Generator<BlockchainOutcome> {
  return runFixtureFile(file, parseBlockchainFixtureText, options.run, (test) => [
    runOne(file, test, options),
  ]);
}
