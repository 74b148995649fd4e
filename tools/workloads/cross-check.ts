// The sequential cross-check: a workload's benchmark block through Lanes' executeBlock and through
// @ethereumjs/vm runBlock from the same pre-state, asserting identical block gas, receipts (status,
// gas, cumulative gas, logs), receipts root, bloom, requests hash and post-state root. The pre-state roots
// are compared first: if they differ, the engines did not start from the same state and nothing after is
// meaningful. On a post-state root mismatch, every account Lanes changed is read back from ethereumjs and
// compared field by field, to name the account and slot that differ.
import { executeBlock } from "../../src/block/execute-block.js";
import type { BlockResult } from "../../src/block/types.js";
import { bytesToHex } from "../../src/primitives/hex.js";
import { stateRoot } from "../../src/trie/index.js";
import {
  ethereumjsAccount,
  ethereumjsOutcome,
  prepareEthereumjs,
  runEthereumjs,
} from "./ethereumjs-block.js";
import { type BlockOutcome, compareOutcomes, lanesOutcome } from "./outcome.js";
import { lanesBlock, type Workload } from "./types.js";

export interface CrossCheckReport {
  id: string;
  transactions: number;
  lanes: BlockOutcome;
  ethereumjs: BlockOutcome;
  lanesResult: BlockResult;
  /** Every difference found (empty: the engines agree). */
  mismatches: string[];
  /** Transactions whose Lanes receipt has status 0. */
  failedTransactions: number[];
}

/** Lanes' root of an InMemoryState (the pre-state). */
export function inMemoryStateRoot(w: Workload): Uint8Array {
  return stateRoot(w.preState.accounts);
}

export async function crossCheck(w: Workload): Promise<CrossCheckReport> {
  const lanesResult = executeBlock(lanesBlock(w), w.preState, w.chainConfig);
  const lanes = lanesOutcome(lanesResult);
  const run = await prepareEthereumjs(w);
  const mismatches: string[] = [];
  const lanesPre = bytesToHex(inMemoryStateRoot(w));
  const ejsPre = bytesToHex(run.preStateRoot);
  if (lanesPre !== ejsPre) mismatches.push(`pre-state root: lanes ${lanesPre} vs ethereumjs ${ejsPre}`);
  let ethereumjs: BlockOutcome;
  try {
    ethereumjs = ethereumjsOutcome(await runEthereumjs(run, run.block, true));
  } catch (e) {
    throw new Error(`${w.id}: ethereumjs runBlock failed: ${e instanceof Error ? e.message : String(e)}`);
  }
  mismatches.push(...compareOutcomes(lanes, ethereumjs, ["lanes", "ethereumjs"]));
  if (bytesToHex(lanes.stateRoot) !== bytesToHex(ethereumjs.stateRoot)) {
    for (const [address, change] of lanesResult.diff) {
      const theirs = await ethereumjsAccount(run.vm, address, change.storage.keys());
      const who = `account ${address.toString(16).padStart(40, "0")}`;
      if (change.account === undefined || theirs === undefined) {
        if ((change.account === undefined) !== (theirs === undefined)) {
          mismatches.push(
            `${who}: lanes ${change.account ? "exists" : "deleted"}, ethereumjs ${theirs ? "exists" : "absent"}`,
          );
        }
        continue;
      }
      if (change.account.nonce !== theirs.nonce)
        mismatches.push(`${who} nonce: lanes ${change.account.nonce} vs ethereumjs ${theirs.nonce}`);
      if (change.account.balance !== theirs.balance)
        mismatches.push(`${who} balance: lanes ${change.account.balance} vs ethereumjs ${theirs.balance}`);
      if (bytesToHex(change.account.codeHash) !== bytesToHex(theirs.codeHash))
        mismatches.push(`${who} code hash differs`);
      for (const [slot, value] of change.storage) {
        const other = theirs.storage.get(slot);
        if (other !== value)
          mismatches.push(`${who} slot ${slot.toString(16)}: lanes ${value} vs ethereumjs ${other}`);
      }
    }
  }
  const failedTransactions: number[] = [];
  lanes.receipts.forEach((r, i) => {
    if (r.status !== 1) failedTransactions.push(i);
  });
  return {
    id: w.id,
    transactions: w.transactions.length,
    lanes,
    ethereumjs,
    lanesResult,
    mismatches,
    failedTransactions,
  };
}
