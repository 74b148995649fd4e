// Which blocks the node executes on its main thread instead of the block executor's thread: blocks of a few
// plain value transfers, whose cost is bounded and small (no contract code runs but the system calls).
import type { Block } from "../block/types.js";
import type { InMemoryState } from "../state/memory-state.js";

/** At most this many plain transfers run on the main thread (a few milliseconds at most). */
const MAX_MAIN_THREAD_TRANSFERS = 256;

/**
 * Whether every transaction of `block` is a plain value transfer to an account without code (no calldata,
 * no authorizations): such a block runs no contract code but the system calls, so its cost is bounded and
 * small, and it executes on the main thread.
 */
export function isPlainTransferBlock(block: Block, state: InMemoryState): boolean {
  if (block.transactions.length > MAX_MAIN_THREAD_TRANSFERS) return false;
  for (const tx of block.transactions) {
    if (tx.to === undefined || tx.data.length > 0 || tx.type === 4 || tx.type === 3) return false;
    if (state.getCode(tx.to).length > 0) return false;
  }
  return true;
}
