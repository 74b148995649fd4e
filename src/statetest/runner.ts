// Runs every case of one fixture file and yields one outcome per case, skipped case or malformed entry.
// Shared by the `lanes statetest` command and the conformance suite's worker threads; reading the file and
// walking its tests is shared with the blockchain-test runner (src/fixture-io/fixture-file.ts).
import type { ChainConfig } from "../block/types.js";
import type { ForkRules } from "../evm/forks.js";
import { type ErrorOutcome, errorMessage, runFixtureFile } from "../fixture-io/fixture-file.js";
import { bytesToHex } from "../primitives/hex.js";
import type { InMemoryState } from "../state/memory-state.js";
import { resolveForkRules } from "./block-env.js";
import type { CaseIndexes, StateTestFixture } from "./fixture.js";
import { parseFixtureText } from "./parse.js";
import { diffPostState } from "./post-diff.js";
import { buildPreState } from "./pre-state.js";
import { type Executor, runCase } from "./run-case.js";

export interface RunFileOptions {
  /** Run only this fork's cases (others are filtered out, not counted). */
  fork?: string;
  /** Run only tests whose name matches. */
  run?: RegExp;
  /** Attach a post-state diff to failing cases whose fixture has `state`. */
  diff?: boolean;
  /** Do not run anything: report every case as skipped for this reason (files known to be too slow). */
  skipReason?: string;
  /**
   * Run only the first case of each (test, fork); report the others as skipped for this reason (a
   * deterministic sample of a large set: every test and fork, one transaction variant each).
   */
  firstCasePerFork?: string;
  execute?: Executor;
  /**
   * A chain (`lanes statetest --genesis`: a geth genesis' schedule) that replaces each post entry's named
   * fork: every case runs under the rules this chain schedules for the fixture's block number and timestamp,
   * with this chain's id, and is still judged by that entry's expectations (so it passes where the schedule
   * gives the entry's fork). A case the schedule gives no rules for is skipped with the reason.
   */
  chain?: ChainConfig;
}

export interface CaseOutcome {
  kind: "case";
  file: string;
  name: string;
  fork: string;
  index: CaseIndexes;
  pass: boolean;
  stateRoot: string;
  logsHash: string;
  error?: string;
  diff?: string[];
}

/** A case of a fork Lanes does not implement (Frontier..Shanghai entries in Pyspecs). */
export interface SkipOutcome {
  kind: "skip";
  file: string;
  name: string;
  fork: string;
  index: CaseIndexes;
  reason: string;
}

export type { ErrorOutcome };
export type Outcome = CaseOutcome | SkipOutcome | ErrorOutcome;

/** The rules `chain` schedules for the test's block, or why there are none. */
function chainRules(chain: ChainConfig, test: StateTestFixture): ForkRules | string {
  try {
    return chain.rulesAt(test.env.number, test.env.timestamp);
  } catch (e) {
    return `the genesis' schedule: ${errorMessage(e)}`;
  }
}

function* runTest(file: string, test: StateTestFixture, options: RunFileOptions): Generator<Outcome> {
  let pre: InMemoryState | undefined;
  // Under a chosen chain, its chain id signs and runs the transaction (CHAINID, EIP-155).
  const chain = options.chain;
  const chainTest =
    chain === undefined || chain.chainId === test.config.chainId
      ? test
      : { ...test, config: { ...test.config, chainId: chain.chainId } };
  for (const [fork, entries] of test.post) {
    if (options.fork !== undefined && fork !== options.fork) continue;
    const chosen =
      options.chain === undefined ? resolveForkRules(fork, test.config) : chainRules(options.chain, test);
    const rules = typeof chosen === "string" ? undefined : chosen;
    for (const [i, entry] of entries.entries()) {
      const base = { file, name: test.name, fork, index: entry.indexes };
      if (!rules || options.skipReason !== undefined) {
        const why = typeof chosen === "string" ? chosen : `unsupported fork ${fork}`;
        yield { kind: "skip", ...base, reason: rules ? options.skipReason! : why };
        continue;
      }
      if (i > 0 && options.firstCasePerFork !== undefined) {
        yield { kind: "skip", ...base, reason: options.firstCasePerFork };
        continue;
      }
      try {
        pre ??= buildPreState(test.pre);
        const result = runCase(chainTest, rules, entry, { execute: options.execute, pre });
        const outcome: CaseOutcome = {
          kind: "case",
          ...base,
          pass: result.pass,
          stateRoot: result.stateRoot ? bytesToHex(result.stateRoot) : "",
          logsHash: result.logsHash ? bytesToHex(result.logsHash) : "",
        };
        if (result.error !== undefined) outcome.error = result.error;
        if (!result.pass && options.diff && entry.state !== undefined) {
          outcome.diff = diffPostState(entry.state, result.state);
        }
        yield outcome;
      } catch (e) {
        // runCase catches executor failures itself; this guards the harness's own code paths.
        yield {
          kind: "case",
          ...base,
          pass: false,
          stateRoot: "",
          logsHash: "",
          error: `runner: ${errorMessage(e)}`,
        };
      }
    }
  }
}

export function runFile(file: string, options: RunFileOptions = {}): Generator<Outcome> {
  return runFixtureFile(file, parseFixtureText, options.run, (test) => runTest(file, test, options));
}
