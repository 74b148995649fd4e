// Runs one state-test case (test, fork, indexes) and judges it against the fixture's expectations.
// Never throws: any failure, including a crash in the executor, becomes a failing CaseResult.
import type { ForkRules } from "../evm/forks.js";
import { InvalidTransactionError } from "../primitives/errors.js";
import { bytesEqual, bytesToHex } from "../primitives/hex.js";
import { EMPTY_LIST_HASH } from "../primitives/keccak.js";
import type { InMemoryState } from "../state/memory-state.js";
import { stateRoot } from "../trie/index.js";
import { applyTransaction } from "../tx/execute.js";
import { buildBlockEnv } from "./block-env.js";
import type { PostEntry, StateTestFixture } from "./fixture.js";
import { logsHash } from "./logs-hash.js";
import { buildPreState, touchCoinbase } from "./pre-state.js";
import { buildTransaction } from "./transaction.js";

/** The executor under test; injectable so the harness itself can be tested without the EVM. */
export type Executor = typeof applyTransaction;

export interface CaseResult {
  pass: boolean;
  /** Root and logs hash actually produced; undefined only if even the root could not be computed. */
  stateRoot: Uint8Array | undefined;
  logsHash: Uint8Array | undefined;
  /** Why the case failed (several reasons joined by "; "). */
  error: string | undefined;
  /** The post-state, for diffing a failure against the fixture's expected `state`. */
  state: InMemoryState;
}

function message(e: unknown): string {
  if (e instanceof Error) return `${e.name}: ${e.message}`;
  return String(e);
}

/**
 * `pre` may be passed in to share one built pre-state across a test's cases; it is cloned, never mutated.
 */
export function runCase(
  test: StateTestFixture,
  rules: ForkRules,
  entry: PostEntry,
  options: { execute?: Executor; pre?: InMemoryState } = {},
): CaseResult {
  const execute = options.execute ?? applyTransaction;
  const state = options.pre ? options.pre.clone() : buildPreState(test.pre);
  const problems: string[] = [];
  let logs = EMPTY_LIST_HASH;
  let rejected: InvalidTransactionError | undefined;
  let outcome = "";
  try {
    const env = buildBlockEnv(test.env, rules, test.config.chainId);
    const tx = buildTransaction(test.transaction, entry.indexes, test.config.chainId, entry.txbytes);
    const result = execute(state, tx, env, rules);
    state.applyDiff(result.diff);
    logs = logsHash(result.logs);
    outcome = ` (status ${result.status}, gasUsed ${result.gasUsed}${result.error ? `, ${result.error}` : ""})`;
  } catch (e) {
    if (e instanceof InvalidTransactionError) rejected = e;
    else problems.push(`exception: ${message(e)}`);
  }
  // EEST's convention: a rejected transaction leaves the state untouched (StateTestFixture.filler).
  if (rejected === undefined || test.filler !== "eest") touchCoinbase(state, test.env.coinbase, rules.eip161);

  let root: Uint8Array | undefined;
  try {
    root = stateRoot(state.accounts);
  } catch (e) {
    problems.push(`state root: ${message(e)}`);
  }
  if (problems.length === 0) {
    if (entry.expectException !== undefined && rejected === undefined) {
      problems.push(
        `expected exception ${entry.expectException}, but the transaction was accepted${outcome}`,
      );
    } else if (entry.expectException === undefined && rejected !== undefined) {
      problems.push(`unexpected rejection: ${rejected.message}`);
    }
    if (root && !bytesEqual(root, entry.hash)) {
      problems.push(`state root ${bytesToHex(root)}, want ${bytesToHex(entry.hash)}${outcome}`);
    }
    if (!bytesEqual(logs, entry.logs))
      problems.push(`logs hash ${bytesToHex(logs)}, want ${bytesToHex(entry.logs)}`);
  }
  return {
    pass: problems.length === 0,
    stateRoot: root,
    logsHash: logs,
    error: problems.length > 0 ? problems.join("; ") : undefined,
    state,
  };
}
