// Building a workload's pre-state honestly: a genesis (system contracts, funded accounts) and then setup
// blocks of real signed transactions (deployments, mints, liquidity) executed by Lanes' executeBlock, each
// block's diff applied before the next. Every setup transaction must succeed. What is left is the state
// the benchmark block starts from, and the number of the benchmark block.
import { executeBlock } from "../../src/block/execute-block.js";
import type { Receipt } from "../../src/block/types.js";
import { bigIntToBytes, bytesToBigInt } from "../../src/primitives/hex.js";
import { keccak256 } from "../../src/primitives/keccak.js";
import { rlpEncode } from "../../src/primitives/rlp.js";
import { InMemoryState } from "../../src/state/memory-state.js";
import type { SignedTransaction } from "../../src/tx/codec/types.js";
import { blockGasLimit, blockHeader, chainConfig, ETHER, FIRST_BLOCK_NUMBER, signTx } from "./chain.js";
import { type Account, account } from "./keys.js";
import { SYSTEM_CONTRACTS, systemContractCode } from "./system-contracts.js";
import type { Workload, WorkloadId } from "./types.js";

/** Every funded account starts with this much ETH. */
export const FUNDING = 100n * ETHER;
/** At most this much gas of setup transactions goes into one setup block. */
const SETUP_BLOCK_GAS = 500_000_000n;

/** CREATE address: keccak256(rlp([sender, nonce]))[12:]. */
export function createAddress(sender: bigint, nonce: bigint): bigint {
  return bytesToBigInt(keccak256(rlpEncode([bigIntToBytes(sender, 20), nonce])).subarray(12));
}

export interface SetupStats {
  blocks: number;
  transactions: number;
  gasUsed: bigint;
}

export class SetupChain {
  readonly state = new InMemoryState();
  readonly deployer: Account;
  /** The number of the next block (setup or benchmark). */
  number = FIRST_BLOCK_NUMBER;
  readonly stats: SetupStats = { blocks: 0, transactions: 0, gasUsed: 0n };
  private readonly nonces = new Map<bigint, bigint>();
  private pending: SignedTransaction[] = [];
  private pendingGas = 0n;
  private readonly receipts: Receipt[] = [];

  constructor(readonly seed: number) {
    for (const p of SYSTEM_CONTRACTS)
      this.state.putAccount(p.address, { nonce: 1n, code: systemContractCode(p) });
    this.deployer = account(seed, "deployer", 0);
    this.fund(this.deployer.address);
  }

  /** A direct allocation of ETH, as in a genesis (only for accounts that do not exist yet). */
  fund(address: bigint, balance: bigint = FUNDING): void {
    if (this.state.getAccount(address)) throw new Error(`account ${address.toString(16)} funded twice`);
    this.state.putAccount(address, { balance });
  }

  /** The next nonce of `address` (state nonce plus what has been handed out since). */
  nextNonce(address: bigint): bigint {
    const n = this.nonces.get(address) ?? this.state.getAccount(address)?.nonce ?? 0n;
    this.nonces.set(address, n + 1n);
    return n;
  }

  /** Queues a setup transaction; setup blocks are cut at SETUP_BLOCK_GAS. */
  send(from: Account, to: bigint | undefined, data: Uint8Array, gasLimit: bigint): SignedTransaction {
    if (this.pendingGas + gasLimit > SETUP_BLOCK_GAS) this.mine();
    const tx = signTx({ from, nonce: this.nextNonce(from.address), to, data, gasLimit });
    this.pending.push(tx);
    this.pendingGas += gasLimit;
    return tx;
  }

  /** Queues a deployment and returns the address it will have. */
  deploy(from: Account, initcode: Uint8Array, gasLimit: bigint): bigint {
    const tx = this.send(from, undefined, initcode, gasLimit);
    return createAddress(from.address, tx.tx.nonce);
  }

  /** Executes the queued transactions as one block; throws unless every one succeeded. */
  mine(): Receipt[] {
    if (this.pending.length === 0) return [];
    const txs = this.pending;
    this.pending = [];
    this.pendingGas = 0n;
    const header = blockHeader(this.seed, this.number, blockGasLimit(txs));
    const result = executeBlock(
      { header, transactions: txs.map((t) => t.tx), withdrawals: [] },
      this.state,
      chainConfig(),
    );
    result.receipts.forEach((r, i) => {
      if (r.status !== 1) throw new Error(`setup block ${this.number}: transaction ${i} failed`);
    });
    this.state.applyDiff(result.diff);
    this.number += 1n;
    this.stats.blocks += 1;
    this.stats.transactions += txs.length;
    this.stats.gasUsed += result.gasUsed;
    this.receipts.push(...result.receipts);
    return result.receipts;
  }

  /** Mines what is queued and returns every setup receipt so far, in order. */
  allReceipts(): Receipt[] {
    this.mine();
    return this.receipts;
  }

  /** Mines the remaining setup and wraps `txs` as the benchmark block on top of the resulting state. */
  finish(id: WorkloadId, txs: SignedTransaction[], shape: Workload["shape"]): Workload {
    this.mine();
    return {
      id,
      seed: this.seed,
      preState: this.state,
      chainConfig: chainConfig(),
      header: blockHeader(this.seed, this.number, blockGasLimit(txs)),
      transactions: txs,
      setup: { ...this.stats },
      shape,
    };
  }
}
