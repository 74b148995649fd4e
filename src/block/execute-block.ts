// executeBlock: the sequential reference executor. Pre-block system calls, every transaction in order over a
// copy-on-write overlay of the pre-state, withdrawals, then the EIP-7685 requests (deposits from logs, the
// EIP-7002/7251 queues). Deterministic and synchronous; the pre-state is never mutated. The parallel
// executor must reproduce its BlockResult exactly.
import { InvalidTransactionError } from "../primitives/errors.js";
import type { InMemoryState } from "../state/memory-state.js";
import { applyTransaction } from "../tx/execute.js";
import { GAS_PER_BLOB, maxBlobGasPerBlock } from "./blob-gas.js";
import { blockEnvFromHeader } from "./block-env.js";
import { MAINNET_DEPOSIT_CONTRACT_ADDRESS, parseDepositRequests } from "./deposits.js";
import { InvalidBlockError } from "./errors.js";
import { OverlayState } from "./overlay-state.js";
import { blockLogsBloom, makeReceipt, receiptsRoot } from "./receipts.js";
import {
  CONSOLIDATION_REQUEST_TYPE,
  computeRequestsHash,
  DEPOSIT_REQUEST_TYPE,
  typedRequest,
  WITHDRAWAL_REQUEST_TYPE,
} from "./requests.js";
import { processParentBlockHash } from "./system-calls/eip2935.js";
import { processBeaconBlockRoot } from "./system-calls/eip4788.js";
import { processWithdrawalRequests } from "./system-calls/eip7002.js";
import { processConsolidationRequests } from "./system-calls/eip7251.js";
import type { Block, BlockResult, ChainConfig, ExecuteBlockOptions, Receipt } from "./types.js";
import { applyWithdrawals, withdrawalsRoot } from "./withdrawals.js";

/**
 * Executes `block` on `preState`. Throws InvalidBlockError when a transaction is invalid (kind
 * "TransactionException", with its index), a block gas or blob gas allowance is exceeded, a deposit event is
 * malformed, or a request system call fails. Header fields are not compared here (see validateBlockResult).
 */
export function executeBlock(
  block: Block,
  preState: InMemoryState,
  chainConfig: ChainConfig,
  options: ExecuteBlockOptions = {},
): BlockResult {
  const { header } = block;
  const rules = chainConfig.rulesAt(header.number, header.timestamp);
  const env = blockEnvFromHeader(header, rules, chainConfig.chainId, options.blockHash);
  const state = new OverlayState(preState);
  const systemCalls = options.systemCalls !== false;

  if (systemCalls) {
    if (header.parentBeaconBlockRoot !== undefined) {
      const diff = processBeaconBlockRoot(state, env, rules, header.parentBeaconBlockRoot);
      if (diff) state.apply(diff);
    }
    const diff = processParentBlockHash(state, env, rules, header.parentHash);
    if (diff) state.apply(diff);
  }

  const receipts: Receipt[] = [];
  const maxBlobGas = maxBlobGasPerBlock(rules);
  let gasUsed = 0n;
  let blobGasUsed = 0n;
  block.transactions.forEach((tx, i) => {
    // Block-level allowances come first, as in execution-specs' check_transaction.
    const gasAvailable = header.gasLimit - gasUsed;
    if (tx.gasLimit > gasAvailable) {
      throw InvalidBlockError.transaction(
        i,
        "GAS_ALLOWANCE_EXCEEDED",
        `gas limit ${tx.gasLimit} above the ${gasAvailable} gas left in the block`,
      );
    }
    const txBlobGas = tx.type === 3 ? BigInt(tx.blobVersionedHashes.length) * GAS_PER_BLOB : 0n;
    if (blobGasUsed + txBlobGas > maxBlobGas) {
      throw InvalidBlockError.transaction(
        i,
        "TYPE_3_TX_MAX_BLOB_GAS_ALLOWANCE_EXCEEDED",
        `blob gas ${txBlobGas} above the ${maxBlobGas - blobGasUsed} blob gas left in the block`,
      );
    }
    let result: ReturnType<typeof applyTransaction>;
    try {
      result = applyTransaction(state, tx, env, rules);
    } catch (e) {
      if (e instanceof InvalidTransactionError) throw InvalidBlockError.fromTransaction(i, e);
      throw e;
    }
    state.apply(result.diff);
    gasUsed += result.gasUsed;
    blobGasUsed += result.blobGasUsed;
    receipts.push(makeReceipt({ type: tx.type, ...result }, gasUsed));
  });

  if (block.withdrawals !== undefined && block.withdrawals.length > 0) {
    state.apply(applyWithdrawals(state, block.withdrawals));
  }

  const requests: Uint8Array[] = [];
  let requestsHash: Uint8Array | undefined;
  if (rules.eip7685) {
    const depositContract = chainConfig.depositContractAddress ?? MAINNET_DEPOSIT_CONTRACT_ADDRESS;
    const deposits = typedRequest(DEPOSIT_REQUEST_TYPE, parseDepositRequests(receipts, depositContract));
    if (deposits) requests.push(deposits);
    if (systemCalls) {
      const withdrawalRequests = processWithdrawalRequests(state, env, rules);
      state.apply(withdrawalRequests.diff);
      const w = typedRequest(WITHDRAWAL_REQUEST_TYPE, withdrawalRequests.data);
      if (w) requests.push(w);
      const consolidationRequests = processConsolidationRequests(state, env, rules);
      state.apply(consolidationRequests.diff);
      const c = typedRequest(CONSOLIDATION_REQUEST_TYPE, consolidationRequests.data);
      if (c) requests.push(c);
    }
    requestsHash = computeRequestsHash(requests);
  }

  const result: BlockResult = {
    receipts,
    gasUsed,
    blobGasUsed,
    diff: state.toDiff(),
    stateRoot: state.stateRoot(),
    receiptsRoot: receiptsRoot(receipts),
    logsBloom: blockLogsBloom(receipts),
    requests,
  };
  if (block.withdrawals !== undefined) result.withdrawalsRoot = withdrawalsRoot(block.withdrawals);
  if (requestsHash !== undefined) result.requestsHash = requestsHash;
  return result;
}
