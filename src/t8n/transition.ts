// The t8n state transition: executeBlock's steps (pre-block system calls, transactions, withdrawals,
// EIP-7685 requests) composed from the block layer's pieces, with one difference that rules executeBlock
// out: a transaction that is invalid is skipped and reported, not fatal, and the rest of the block goes on
// (geth's `evm t8n` semantics, which test fillers rely on to build blocks from candidate transactions).

import { GAS_PER_BLOB, maxBlobGasPerBlock } from "../block/blob-gas.js";
import { collectBlockRequests } from "../block/block-requests.js";
import { MAINNET_DEPOSIT_CONTRACT_ADDRESS } from "../block/deposits.js";
import { OverlayState } from "../block/overlay-state.js";
import { blockLogsBloom, makeReceipt, receiptsRoot } from "../block/receipts.js";
import { computeRequestsHash } from "../block/requests.js";
import { processBeaconBlockRoot, processParentBlockHash } from "../block/system-calls/index.js";
import type { Receipt, Withdrawal } from "../block/types.js";
import { applyWithdrawals, withdrawalsRoot } from "../block/withdrawals.js";
import type { BlockEnv } from "../evm/env.js";
import type { ForkRules } from "../evm/forks.js";
import type { Log } from "../evm/log.js";
import { InvalidTransactionError } from "../primitives/errors.js";
import type { InMemoryState } from "../state/memory-state.js";
import { logsHash } from "../statetest/logs-hash.js";
import { orderedTrieRoot } from "../trie/index.js";
import { applyTransaction, type TxResult } from "../tx/execute.js";
import type { Transaction } from "../tx/types.js";
import type { PreparedTx, TxEntry } from "./tx-prepare.js";

export interface TransitionInput {
  pre: InMemoryState;
  env: BlockEnv;
  rules: ForkRules;
  txs: readonly TxEntry[];
  withdrawals: readonly Withdrawal[];
  /** EIP-4788 input; the beacon-roots call is skipped when undefined (as geth's t8n does). */
  parentBeaconBlockRoot: Uint8Array | undefined;
  /** EIP-2935 input; the history call is skipped when undefined (geth: when the env has no blockHashes). */
  parentHash: Uint8Array | undefined;
  depositContract?: bigint;
}

export interface IncludedTx extends PreparedTx {
  /** Position in the input list (rejected transactions keep their slot, so this can skip numbers). */
  inputIndex: number;
  result: TxResult;
  receipt: Receipt;
  effectiveGasPrice: bigint;
}

export interface RejectedTx {
  index: number;
  error: string;
}

export interface TransitionOutput {
  post: OverlayState;
  stateRoot: Uint8Array;
  included: IncludedTx[];
  rejected: RejectedTx[];
  gasUsed: bigint;
  blobGasUsed: bigint;
  txRoot: Uint8Array;
  receiptsRoot: Uint8Array;
  logsBloom: Uint8Array;
  /** keccak256(rlp(all logs)): the state-test logs commitment. */
  logsHash: Uint8Array;
  withdrawalsRoot: Uint8Array;
  /** EIP-7685 requests (type byte included, empty ones left out); undefined before Prague. */
  requests: Uint8Array[] | undefined;
  requestsHash: Uint8Array | undefined;
}

export function effectiveGasPrice(tx: Transaction, baseFee: bigint): bigint {
  if (tx.type < 2) return tx.gasPrice;
  const tip = tx.maxFeePerGas - baseFee;
  return baseFee + (tx.maxPriorityFeePerGas < tip ? tx.maxPriorityFeePerGas : tip);
}

/** Block-level reasons to skip a transaction that applyTransaction cannot see (checked first, as geth does). */
function blockAllowanceError(
  tx: Transaction,
  input: TransitionInput,
  gasUsed: bigint,
  blobGasUsed: bigint,
): string | undefined {
  const gasLeft = input.env.gasLimit - gasUsed;
  if (tx.gasLimit > gasLeft) {
    return `GAS_ALLOWANCE_EXCEEDED: gas limit ${tx.gasLimit} above the ${gasLeft} gas left in the block`;
  }
  if (tx.type === 3) {
    const blobGas = BigInt(tx.blobVersionedHashes.length) * GAS_PER_BLOB;
    const max = maxBlobGasPerBlock(input.rules);
    if (blobGasUsed + blobGas > max) {
      return `TYPE_3_TX_MAX_BLOB_GAS_ALLOWANCE_EXCEEDED: blob gas ${blobGas} above the ${max - blobGasUsed} blob gas left in the block`;
    }
  }
  return undefined;
}

function runSystemCallsBefore(state: OverlayState, input: TransitionInput): void {
  const { env, rules } = input;
  if (input.parentBeaconBlockRoot !== undefined) {
    const diff = processBeaconBlockRoot(state, env, rules, input.parentBeaconBlockRoot);
    if (diff) state.apply(diff);
  }
  if (input.parentHash !== undefined) {
    const diff = processParentBlockHash(state, env, rules, input.parentHash);
    if (diff) state.apply(diff);
  }
}

/** The block's requests (collectBlockRequests; throws InvalidBlockError on failure). */
function collectRequests(state: OverlayState, input: TransitionInput, receipts: Receipt[]): Uint8Array[] {
  const depositContract = input.depositContract ?? MAINNET_DEPOSIT_CONTRACT_ADDRESS;
  return collectBlockRequests(state, input.env, input.rules, receipts, depositContract);
}

/**
 * Runs the transition. Never mutates `input.pre`. Throws InvalidBlockError only for failures that no
 * skipping can get around (a malformed deposit event, a missing or failing request contract).
 */
export function applyTransition(input: TransitionInput): TransitionOutput {
  const { env, rules } = input;
  const state = new OverlayState(input.pre);
  runSystemCallsBefore(state, input);

  const included: IncludedTx[] = [];
  const rejected: RejectedTx[] = [];
  let gasUsed = 0n;
  let blobGasUsed = 0n;
  input.txs.forEach((entry, index) => {
    if (!entry.ok) {
      rejected.push({ index, error: entry.error });
      return;
    }
    const { tx } = entry.value;
    const allowance = blockAllowanceError(tx, input, gasUsed, blobGasUsed);
    if (allowance !== undefined) {
      rejected.push({ index, error: allowance });
      return;
    }
    let result: TxResult;
    try {
      result = applyTransaction(state, tx, env, rules);
    } catch (e) {
      if (!(e instanceof InvalidTransactionError)) throw e;
      rejected.push({ index, error: e.message });
      return;
    }
    state.apply(result.diff);
    gasUsed += result.gasUsed;
    blobGasUsed += result.blobGasUsed;
    included.push({
      ...entry.value,
      inputIndex: index,
      result,
      receipt: makeReceipt(tx.type, result, gasUsed),
      effectiveGasPrice: effectiveGasPrice(tx, env.baseFee),
    });
  });

  if (input.withdrawals.length > 0) state.apply(applyWithdrawals(state, input.withdrawals));

  const receipts = included.map((t) => t.receipt);
  const requests = rules.eip7685 ? collectRequests(state, input, receipts) : undefined;
  const allLogs: Log[] = included.flatMap((t) => t.result.logs);
  return {
    post: state,
    stateRoot: state.stateRoot(),
    included,
    rejected,
    gasUsed,
    blobGasUsed,
    txRoot: orderedTrieRoot(included.map((t) => t.raw)),
    receiptsRoot: receiptsRoot(receipts),
    logsBloom: blockLogsBloom(receipts),
    logsHash: logsHash(allLogs),
    withdrawalsRoot: withdrawalsRoot(input.withdrawals),
    requests,
    requestsHash: requests === undefined ? undefined : computeRequestsHash(requests),
  };
}
