// BlockExecution: the phases of executing one block, shared by the sequential reference (executeBlock) and
// the parallel executor, so both apply the same pre-block system calls, the same block-level allowances,
// the same receipt assembly and the same post-block processing. Only how each transaction's result is
// obtained differs: in order on this thread, or speculatively on workers and then folded here in order.

import type { BlockEnv } from "../evm/env.js";
import type { ForkRules } from "../evm/forks.js";
import type { InMemoryState } from "../state/memory-state.js";
import type { BlockPreState } from "../state/types.js";
import type { TxResult } from "../tx/execute.js";
import type { Transaction } from "../tx/types.js";
import { GAS_PER_BLOB, maxBlobGasPerBlock } from "./blob-gas.js";
import { blockEnvFromHeader } from "./block-env.js";
import { collectBlockRequests } from "./block-requests.js";
import { applyDaoHardFork, isDaoForkBlock } from "./dao-fork.js";
import { MAINNET_DEPOSIT_CONTRACT_ADDRESS } from "./deposits.js";
import { InvalidBlockError } from "./errors.js";
import { OverlayState, type PrecomputedStorageRoots } from "./overlay-state.js";
import { applyBlockRewards } from "./pow.js";
import { blockLogsBloom, makeReceipt, receiptsRoot } from "./receipts.js";
import { computeRequestsHash } from "./requests.js";
import { processParentBlockHash } from "./system-calls/eip2935.js";
import { processBeaconBlockRoot } from "./system-calls/eip4788.js";
import type { Block, BlockResult, ChainConfig, ExecuteBlockOptions, Receipt } from "./types.js";
import { applyWithdrawals, withdrawalsRoot } from "./withdrawals.js";

/** What the block needs from one transaction's execution (a TxResult, or its copy from a worker). */
export type TxOutcome = Pick<
  TxResult,
  "status" | "gasUsed" | "blobGasUsed" | "logs" | "createdAddress" | "diff"
> & {
  /** The receipt's bloom of `logs`, if computed already (saves the in-order phase the hashing). */
  logsBloom?: Uint8Array;
};

export class BlockExecution {
  readonly rules: ForkRules;
  readonly env: BlockEnv;
  /** The block so far: pre-state plus system calls plus the transactions folded in. */
  readonly state: OverlayState;
  readonly receipts: Receipt[] = [];
  gasUsed = 0n;
  blobGasUsed = 0n;
  private readonly maxBlobGas: bigint;
  private readonly systemCalls: boolean;

  /** Sets up the block and runs the pre-block system calls (EIP-4788 beacon root, EIP-2935 block hashes). */
  constructor(
    readonly block: Block,
    preState: InMemoryState | BlockPreState,
    readonly chainConfig: ChainConfig,
    options: ExecuteBlockOptions = {},
  ) {
    const { header } = block;
    // A proof-of-stake block has difficulty 0 (the header checks tied that to the terminal total difficulty).
    this.rules = chainConfig.rulesAt(header.number, header.timestamp, header.difficulty === 0n);
    this.env = blockEnvFromHeader(header, this.rules, chainConfig.chainId, options.blockHash);
    this.state = new OverlayState(preState);
    this.systemCalls = options.systemCalls !== false;
    this.maxBlobGas = maxBlobGasPerBlock(this.rules);
    // The DAO fork's irregular state change, before the transactions (chain-config data, dao-fork.ts).
    if (isDaoForkBlock(this.rules, header.number)) this.state.apply(applyDaoHardFork(this.state, this.rules));
    if (this.systemCalls) {
      if (header.parentBeaconBlockRoot !== undefined) {
        const diff = processBeaconBlockRoot(this.state, this.env, this.rules, header.parentBeaconBlockRoot);
        if (diff) this.state.apply(diff);
      }
      const diff = processParentBlockHash(this.state, this.env, this.rules, header.parentHash);
      if (diff) this.state.apply(diff);
    }
  }

  /**
   * The block-level allowances for transaction `index`, checked before it executes as in execution-specs'
   * check_transaction: its gas limit within the gas left in the block, its blobs within the blob gas left.
   */
  checkAllowance(index: number, tx: Transaction): void {
    const gasAvailable = this.block.header.gasLimit - this.gasUsed;
    if (tx.gasLimit > gasAvailable) {
      throw InvalidBlockError.transaction(
        index,
        "GAS_ALLOWANCE_EXCEEDED",
        `gas limit ${tx.gasLimit} above the ${gasAvailable} gas left in the block`,
      );
    }
    const txBlobGas = tx.type === 3 ? BigInt(tx.blobVersionedHashes.length) * GAS_PER_BLOB : 0n;
    if (this.blobGasUsed + txBlobGas > this.maxBlobGas) {
      throw InvalidBlockError.transaction(
        index,
        "TYPE_3_TX_MAX_BLOB_GAS_ALLOWANCE_EXCEEDED",
        `blob gas ${txBlobGas} above the ${this.maxBlobGas - this.blobGasUsed} blob gas left in the block`,
      );
    }
  }

  /** Folds the next transaction's outcome into the block: its state changes, gas and receipt. */
  addTransaction(tx: Transaction, outcome: TxOutcome): void {
    this.state.apply(outcome.diff);
    this.gasUsed += outcome.gasUsed;
    this.blobGasUsed += outcome.blobGasUsed;
    // Before EIP-658 (Byzantium) each receipt carries the state root after its transaction.
    const root = this.rules.eip658 ? undefined : this.state.stateRoot();
    this.receipts.push(makeReceipt(tx.type, outcome, this.gasUsed, root));
  }

  /**
   * Withdrawals, the EIP-7685 requests (deposits, EIP-7002/7251 system calls), roots: the result.
   * `precomputed.receiptsRoot`: gives the root of these very receipts hashed elsewhere (the parallel
   * executor's workers hash the leaves while this thread computes the state root), or undefined.
   * `precomputed.storageRoots`: storage roots other threads hashed (OverlayState.stateRoot says when each is
   * used); stateRoot closes it (a caller that fails earlier closes it itself).
   */
  finish(
    precomputed: { receiptsRoot?: () => Uint8Array | undefined; storageRoots?: PrecomputedStorageRoots } = {},
  ): BlockResult {
    const { block, state, env, rules, receipts } = this;
    if (rules.blockReward > 0n) {
      state.apply(applyBlockRewards(state, block.header, block.ommers ?? [], rules));
    }
    if (block.withdrawals !== undefined && block.withdrawals.length > 0) {
      state.apply(applyWithdrawals(state, block.withdrawals));
    }
    let requests: Uint8Array[] = [];
    let requestsHash: Uint8Array | undefined;
    if (rules.eip7685) {
      const depositContract = this.chainConfig.depositContractAddress ?? MAINNET_DEPOSIT_CONTRACT_ADDRESS;
      requests = collectBlockRequests(state, env, rules, receipts, depositContract, this.systemCalls);
      requestsHash = computeRequestsHash(requests);
    }
    const result: BlockResult = {
      receipts,
      gasUsed: this.gasUsed,
      blobGasUsed: this.blobGasUsed,
      diff: state.toDiff(),
      stateRoot: state.stateRoot(precomputed.storageRoots),
      // Receipts hashed elsewhere carry no state root: before Byzantium they are hashed here.
      receiptsRoot: (rules.eip658 ? precomputed.receiptsRoot?.() : undefined) ?? receiptsRoot(receipts),
      logsBloom: blockLogsBloom(receipts),
      requests,
    };
    if (block.withdrawals !== undefined) result.withdrawalsRoot = withdrawalsRoot(block.withdrawals);
    if (requestsHash !== undefined) result.requestsHash = requestsHash;
    return result;
  }
}
