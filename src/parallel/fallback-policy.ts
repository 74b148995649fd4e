// When a block runs sequentially instead of on workers. Dispatching a block to workers costs a few
// milliseconds (messages, wake-ups, collecting outputs), so small blocks lose; so do blocks of very light
// transactions, whose execution is cheaper than their Block-STM bookkeeping; a block dominated by one
// sender is a nonce chain that Block-STM can only execute in order. Runs abandoned mid-way (invalid
// transaction, capacity, worker failure) fall back in executeBlockParallel itself.
import type { Block } from "../block/types.js";
import type { ExecutionMode } from "./stats.js";

export type ModeOption = "auto" | ExecutionMode;

/** Below this many transactions the dispatch overhead exceeds what two threads can save. */
export const MIN_PARALLEL_TXS = 32;
/**
 * At or below this average gas limit per transaction (a plain value transfer is 21,000) a transaction holds
 * less work than its Block-STM bookkeeping: a block of 2,000 plain transfers ran at 0.84x of sequential
 * on 2 threads (`lanes bench`, docs/dex-case-study.md), where ERC-20 transfers (~52,000 gas) gained.
 */
export const MIN_AVERAGE_GAS_LIMIT = 25_000n;
/** Above this share of one sender's transactions the block is essentially one dependency chain. */
export const MAX_SENDER_SHARE = 0.5;

export interface ModeDecision {
  mode: ExecutionMode;
  reason: string;
}

export function chooseMode(block: Block, threads: number, option: ModeOption): ModeDecision {
  const n = block.transactions.length;
  if (option === "sequential") return { mode: "sequential", reason: "sequential mode requested" };
  if (option === "parallel") return { mode: "parallel", reason: "parallel mode requested" };
  if (n === 0) return { mode: "sequential", reason: "no transactions" };
  if (threads < 2) return { mode: "sequential", reason: "one thread" };
  if (n < MIN_PARALLEL_TXS)
    return { mode: "sequential", reason: `small block (${n} < ${MIN_PARALLEL_TXS} txs)` };
  let gasLimits = 0n;
  for (const tx of block.transactions) gasLimits += tx.gasLimit;
  if (gasLimits <= MIN_AVERAGE_GAS_LIMIT * BigInt(n)) {
    const average = gasLimits / BigInt(n);
    return {
      mode: "sequential",
      reason: `light transactions (average gas limit ${average} <= ${MIN_AVERAGE_GAS_LIMIT})`,
    };
  }
  const perSender = new Map<bigint, number>();
  let top = 0;
  for (const tx of block.transactions) {
    const count = (perSender.get(tx.sender) ?? 0) + 1;
    perSender.set(tx.sender, count);
    if (count > top) top = count;
  }
  if (top > n * MAX_SENDER_SHARE) {
    return { mode: "sequential", reason: `serial block (${top} of ${n} txs from one sender)` };
  }
  return { mode: "parallel", reason: `auto: ${n} txs on ${threads} threads` };
}
