// What a workload generator produces: the pre-state, the header of the benchmark block and its signed
// transactions (raw bytes and the decoded Transaction objects the executor consumes), all a pure function
// of (workload id, seed, size).
import type {
  Block,
  BlockHeader,
  ChainConfig,
  ExecuteBlockOptions,
  Withdrawal,
} from "../../src/block/types.js";
import type { InMemoryState } from "../../src/state/memory-state.js";
import type { SignedTransaction } from "../../src/tx/codec/types.js";
import type { SetupStats } from "./setup.js";

export const WORKLOAD_IDS = [
  "eth-transfer",
  "erc20-transfer",
  "erc20-one-sender",
  "erc721-mint",
  "uniswap-v2-swap",
  "uniswap-v2-zipf",
  "uniswap-v2-one-pool",
  "mixed",
  "rollup-blobs",
  "zk-verify",
  "defi-mix",
] as const;

export type WorkloadId = (typeof WORKLOAD_IDS)[number];

export function isWorkloadId(s: string): s is WorkloadId {
  return (WORKLOAD_IDS as readonly string[]).includes(s);
}

export interface Workload {
  /** A WorkloadId, or `block:<file name>` for a block read from a file (tools/workloads/block-file.ts). */
  id: string;
  seed: number;
  /** The state before the benchmark block (genesis + setup blocks applied). Never mutated by executeBlock. */
  preState: InMemoryState;
  chainConfig: ChainConfig;
  /** The benchmark block's header; result fields (state root, receipts root, gas used, bloom) are zero. */
  header: BlockHeader;
  /** The benchmark block's transactions in order: `raw` (EIP-2718 bytes), `tx` (decoded, sender set), `hash`. */
  transactions: SignedTransaction[];
  /** What it took to build the pre-state. */
  setup: SetupStats;
  /** Facts about the workload's shape (pool count, distinct senders...), for reports. */
  shape: Record<string, number | string>;
  /** The block's withdrawals (none for the generated workloads). */
  withdrawals?: Withdrawal[];
  /** Options every Lanes executor gets with this block (a block file's ancestor hashes, system calls). */
  executeOptions?: ExecuteBlockOptions;
  /**
   * Transactions that carry no signature (a block file may give only `from`): their `raw` is empty, so
   * engines that submit signed bytes (ethereumjs, EDR, anvil) cannot run the block.
   */
  unsignedTxs?: number;
}

export interface GenerateOptions {
  seed: number;
  /** Number of benchmark transactions (generators that emit transactions in pairs round up to even). */
  txs: number;
}

export interface WorkloadGenerator {
  id: WorkloadId;
  description: string;
  /** Expected gas per transaction, to turn a gas target into a transaction count. */
  gasPerTx: number;
  generate(options: GenerateOptions): Promise<Workload>;
}

/** The executor's view of a workload's benchmark block. */
export function lanesBlock(w: Workload): Block {
  return {
    header: w.header,
    transactions: w.transactions.map((t) => t.tx),
    withdrawals: w.withdrawals ?? [],
  };
}
