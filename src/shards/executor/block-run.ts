// One shard block being built, transaction by transaction, on the shard's execution thread: the deliver
// system transaction (deposits and messages), the local phase (the shard's own transactions, which cannot
// reach another shard: one that tries is set aside for the cross-shard phase), then the cross-shard phase
// (transactions that call other shards, and the serve transactions through which other shards' sessions
// run here), and finally the result. Block phases are those of executeBlock (src/block/block-execution.ts),
// so replaying the finished block through executeBlock gives the same result, which sealing checks.
import { BlockExecution } from "../../block/block-execution.js";
import { InvalidBlockError } from "../../block/errors.js";
import type { BlockHeader, BlockResult } from "../../block/types.js";
import { InvalidTransactionError } from "../../primitives/errors.js";
import { bytesToHex } from "../../primitives/hex.js";
import type { InMemoryState } from "../../state/memory-state.js";
import { signTransaction } from "../../tx/codec/signing.js";
import type { SignedTransaction, UnsignedTransaction } from "../../tx/codec/types.js";
import { applyTransaction } from "../../tx/execute.js";
import { encodeCall } from "../abi.js";
import { CROSS_SHARD_ADDRESS } from "../addresses.js";
import type { ShardChain } from "../chain.js";
import { CrossShardEscape, type CrossShardPort, ESCAPE_PORT } from "../port.js";
import { encodeSystemOps, type SystemOp } from "../system-ops.js";

/** Gas limit of a serve transaction (it pays only its own call: the session's gas is the origin's). */
export const SERVE_GAS = 40_000n;

export type LocalOutcome =
  | { kind: "included"; status: 0 | 1 }
  | { kind: "escaped" }
  | { kind: "deferred"; reason: string }
  | { kind: "dropped"; reason: string };

export class ShardBlockRun {
  readonly execution: BlockExecution;
  /** The block's transactions so far, in order (user and system). */
  readonly transactions: SignedTransaction[] = [];
  private operatorNonce: bigint;

  constructor(
    readonly chain: ShardChain,
    readonly header: BlockHeader,
    readonly pre: InMemoryState,
    blockHash: (n: bigint) => bigint,
    private readonly operatorKey: Uint8Array,
    readonly operator: bigint,
  ) {
    this.execution = new BlockExecution({ header, transactions: [], withdrawals: [] }, pre, chain.config, {
      blockHash,
    });
    this.operatorNonce = this.execution.state.getAccount(operator)?.nonce ?? 0n;
  }

  get gasUsed(): bigint {
    return this.execution.gasUsed;
  }

  /**
   * Executes `signed` with cross-shard calls going to `port`. Invalid transactions (nonce, funds, gas
   * allowance) throw InvalidTransactionError / InvalidBlockError and leave the block unchanged; so does a
   * CrossShardEscape from the escape port.
   */
  private apply(signed: SignedTransaction, port: CrossShardPort): 0 | 1 {
    const run = this.execution;
    run.checkAllowance(this.transactions.length, signed.tx);
    this.chain.precompile.reset(port);
    const result = applyTransaction(run.state, signed.tx, run.env, run.rules);
    run.addTransaction(signed.tx, result);
    this.transactions.push(signed);
    return result.status;
  }

  /** A transaction of the local phase. */
  local(signed: SignedTransaction): LocalOutcome {
    try {
      return { kind: "included", status: this.apply(signed, ESCAPE_PORT) };
    } catch (e) {
      if (e instanceof CrossShardEscape) return { kind: "escaped" };
      if (e instanceof InvalidBlockError) return { kind: "deferred", reason: e.message };
      if (e instanceof InvalidTransactionError) return { kind: "dropped", reason: e.message };
      throw e;
    }
  }

  /** A transaction of the cross-shard phase (its calls go through `port`, live). */
  cross(signed: SignedTransaction, port: CrossShardPort): LocalOutcome {
    try {
      return { kind: "included", status: this.apply(signed, port) };
    } catch (e) {
      if (e instanceof InvalidBlockError) return { kind: "deferred", reason: e.message };
      if (e instanceof InvalidTransactionError) return { kind: "dropped", reason: e.message };
      throw e;
    }
  }

  private systemTransaction(data: Uint8Array, gasLimit: bigint): SignedTransaction {
    const baseFee = this.header.baseFeePerGas ?? 0n;
    const tx: UnsignedTransaction = {
      type: 2,
      chainId: this.chain.config.chainId,
      nonce: this.operatorNonce++,
      gasLimit,
      to: CROSS_SHARD_ADDRESS,
      value: 0n,
      data,
      gasPrice: baseFee,
      maxFeePerGas: baseFee,
      maxPriorityFeePerGas: 0n,
      accessList: [],
      maxFeePerBlobGas: 0n,
      blobVersionedHashes: [],
      authorizationList: [],
    };
    return signTransaction(tx, this.operatorKey);
  }

  /** The deliver system transaction (first in the block), if there is anything to deliver. */
  deliver(ops: readonly SystemOp[]): void {
    if (ops.length === 0) return;
    const data = encodeCall("deliver(bytes)", [encodeSystemOps(ops)]);
    const signed = this.systemTransaction(data, 300_000n + 48n * BigInt(data.length));
    this.systemApply(signed, ESCAPE_PORT, "deliver");
  }

  /** A serve system transaction for session `index`, its inbound calls arriving through `port`. */
  serve(index: number, port: CrossShardPort): 0 | 1 {
    const signed = this.systemTransaction(encodeCall("serve(uint256)", [BigInt(index)]), SERVE_GAS);
    return this.systemApply(signed, port, `serve(${index})`);
  }

  private systemApply(signed: SignedTransaction, port: CrossShardPort, what: string): 0 | 1 {
    try {
      return this.apply(signed, port);
    } catch (e) {
      if (e instanceof InvalidBlockError || e instanceof InvalidTransactionError) {
        // The operator's own transaction cannot be invalid unless the shard is misconfigured.
        throw new Error(`the ${what} system transaction ${bytesToHex(signed.hash)} is invalid: ${e.message}`);
      }
      throw e;
    }
  }

  finish(): BlockResult {
    return this.execution.finish();
  }
}
