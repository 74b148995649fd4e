// What recent blocks taught about conflicts: when a block stops on conflicts (a dependency chain, see
// BlockExecutor's conflict check), the contract most of its transactions called is remembered for the next
// few blocks, and a block dominated by the same contract runs sequentially straight away instead of paying
// the parallel attempt again (a hot pool or a one-sender contract stays hot for a while). Entries expire, so
// a contract that stops being a chain gets a parallel attempt again. Process-wide, like the default pool.
import type { Transaction } from "../tx/types.js";

/** How many later blocks an entry sends straight to sequential before a parallel attempt is made again. */
export const REMEMBER_BLOCKS = 8;
/** The most-called contract must receive at least this share of the block's transactions to count. */
export const DOMINANT_SHARE = 0.25;

/** The contract at least DOMINANT_SHARE of the transactions call (the most-called one), if any. */
export function dominantRecipient(txs: readonly Transaction[]): bigint | undefined {
  const counts = new Map<bigint, number>();
  let best: bigint | undefined;
  let top = 0;
  for (const tx of txs) {
    if (tx.to === undefined || tx.data.length === 0) continue;
    const n = (counts.get(tx.to) ?? 0) + 1;
    counts.set(tx.to, n);
    if (n > top) {
      top = n;
      best = tx.to;
    }
  }
  return best !== undefined && top >= txs.length * DOMINANT_SHARE ? best : undefined;
}

export class ConflictHistory {
  /** contract -> blocks left during which its blocks run sequentially. */
  private readonly entries = new Map<bigint, number>();

  /** A block dominated by `recipient` stopped on conflicts. */
  recordChain(recipient: bigint): void {
    this.entries.set(recipient, REMEMBER_BLOCKS);
  }

  /** Whether a block dominated by `recipient` should skip the parallel attempt (counts the block). */
  predictsChain(recipient: bigint): boolean {
    const left = this.entries.get(recipient);
    if (left === undefined) return false;
    if (left <= 1) this.entries.delete(recipient);
    else this.entries.set(recipient, left - 1);
    return true;
  }

  clear(): void {
    this.entries.clear();
  }
}

export const conflictHistory = new ConflictHistory();
