// When a block runs sequentially instead of on workers. Dispatching a block to workers costs a few
// milliseconds (messages, wake-ups, collecting outputs), so small blocks lose; a block dominated by one
// sender is a nonce chain that Block-STM can only execute in order. Runs abandoned mid-way (invalid
// transaction, capacity, worker failure) fall back in executeBlockParallel itself.
import type { Block } from "../../block/types.js";
import type { ExecutionMode } from "./stats.js";

export type ModeOption = "auto" | ExecutionMode;

/** Below this many transactions the dispatch overhead exceeds what two threads can save. */
export const MIN_PARALLEL_TXS = 32;
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
