// The transaction pool: per sender, transactions keyed by nonce. "Pending" are those that follow the
// sender's current nonce without a gap; the rest are "queued". Replacing a transaction (same sender and
// nonce) needs both fee caps raised by at least 10%, as geth's default price bump.
import type { SignedTransaction } from "../tx/codec/types.js";
import { serverError } from "./rpc-errors.js";

export interface PoolTx {
  signed: SignedTransaction;
  hashHex: string;
  /** Arrival order, the tie-break after the tip. */
  seq: number;
}

export const PRICE_BUMP_PERCENT = 10n;

export interface MempoolLimits {
  maxTransactions: number;
  maxPerSender: number;
}

export class Mempool {
  private readonly bySender = new Map<bigint, Map<bigint, PoolTx>>();
  private readonly byHash = new Map<string, PoolTx>();
  private seq = 0;

  constructor(readonly limits: MempoolLimits = { maxTransactions: 10_000, maxPerSender: 1_000 }) {}

  get size(): number {
    return this.byHash.size;
  }

  get(hashHex: string): PoolTx | undefined {
    return this.byHash.get(hashHex);
  }

  /** Adds a transaction already checked against the state; returns the one it replaced, if any. */
  add(signed: SignedTransaction, hashHex: string): PoolTx | undefined {
    if (this.byHash.has(hashHex)) throw serverError("already known");
    const { tx } = signed;
    let queue = this.bySender.get(tx.sender);
    const existing = queue?.get(tx.nonce);
    if (existing !== undefined) {
      const old = existing.signed.tx;
      const bump = (fee: bigint) => fee + (fee * PRICE_BUMP_PERCENT) / 100n;
      if (
        tx.maxFeePerGas < bump(old.maxFeePerGas) ||
        tx.maxPriorityFeePerGas < bump(old.maxPriorityFeePerGas)
      ) {
        throw serverError("replacement transaction underpriced");
      }
    } else {
      if (this.byHash.size >= this.limits.maxTransactions) throw serverError("txpool is full");
      if ((queue?.size ?? 0) >= this.limits.maxPerSender) throw serverError("txpool is full for this sender");
    }
    if (queue === undefined) {
      queue = new Map();
      this.bySender.set(tx.sender, queue);
    }
    const entry: PoolTx = { signed, hashHex, seq: this.seq++ };
    queue.set(tx.nonce, entry);
    this.byHash.set(hashHex, entry);
    if (existing !== undefined) this.byHash.delete(existing.hashHex);
    return existing;
  }

  remove(entry: PoolTx): void {
    const { sender, nonce } = entry.signed.tx;
    const queue = this.bySender.get(sender);
    if (queue?.get(nonce) === entry) {
      queue.delete(nonce);
      if (queue.size === 0) this.bySender.delete(sender);
    }
    this.byHash.delete(entry.hashHex);
  }

  /** Drops every transaction whose nonce the chain has passed. */
  prune(nonceOf: (sender: bigint) => bigint): void {
    for (const [sender, queue] of this.bySender) {
      const next = nonceOf(sender);
      for (const [nonce, entry] of queue) if (nonce < next) this.remove(entry);
    }
  }

  /** Per sender, the executable run of transactions starting at the sender's next nonce. */
  pending(nonceOf: (sender: bigint) => bigint): PoolTx[][] {
    const out: PoolTx[][] = [];
    for (const [sender, queue] of this.bySender) {
      const run: PoolTx[] = [];
      for (let n = nonceOf(sender); ; n++) {
        const entry = queue.get(n);
        if (entry === undefined) break;
        run.push(entry);
      }
      if (run.length > 0) out.push(run);
    }
    return out;
  }

  counts(nonceOf: (sender: bigint) => bigint): { pending: number; queued: number } {
    let pending = 0;
    for (const run of this.pending(nonceOf)) pending += run.length;
    return { pending, queued: this.byHash.size - pending };
  }

  clear(): void {
    this.bySender.clear();
    this.byHash.clear();
  }
}
