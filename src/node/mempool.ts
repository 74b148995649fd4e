// The transaction pool: admission (the checks geth's pool makes against the head state), then per sender,
// transactions keyed by nonce. "Pending" are those that follow the sender's current nonce without a gap; the
// rest are "queued". Replacing a transaction (same sender and nonce) needs both fee caps raised by at least
// 10%, as geth's default price bump.
import { GAS_PER_BLOB } from "../block/blob-gas.js";
import { delegationTarget } from "../evm/delegation.js";
import type { ForkRules } from "../evm/forks.js";
import { bytesToHex } from "../primitives/hex.js";
import type { StateReader } from "../state/types.js";
import type { SignedTransaction } from "../tx/codec/types.js";
import { validateStatic } from "../tx/codec/validate-static.js";
import { isTxError, serverError, txError } from "./rpc-errors.js";

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

/** What admission checks a transaction against: the chain's head. */
export interface AdmissionView {
  chainId: bigint;
  /** The rules of the next block. */
  rules: ForkRules;
  /** The next block's gas limit. */
  gasLimit: bigint;
  /** The head state. */
  state: StateReader;
  /** Whether a transaction with this hash is already in a block. */
  isMined(hash: Uint8Array): boolean;
  /** Senders that may send although they have code (impersonated contracts); default none. */
  mayHaveCode?(sender: bigint): boolean;
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

  /**
   * Checks `signed` as geth's pool does against the head (chain id, static validity and intrinsic gas, gas
   * within the block gas limit, nonce not below the account's, balance for gas * fee cap + value + blob gas,
   * sender without code unless delegated under EIP-7702), then adds it. Throws the RpcError geth would give.
   */
  admit(signed: SignedTransaction, view: AdmissionView): PoolTx {
    const { tx } = signed;
    const hashHex = bytesToHex(signed.hash);
    if (this.byHash.has(hashHex) || view.isMined(signed.hash)) throw serverError("already known");
    if (tx.chainId !== undefined && tx.chainId !== view.chainId)
      throw serverError("invalid chain id for signer");
    try {
      validateStatic(tx, view.rules);
    } catch (e) {
      if (isTxError(e)) throw txError(e);
      throw e;
    }
    if (tx.gasLimit > view.gasLimit) throw serverError("exceeds block gas limit");
    const account = view.state.getAccount(tx.sender);
    if (tx.nonce < (account?.nonce ?? 0n)) throw serverError("nonce too low");
    const maxFee = tx.type >= 2 ? tx.maxFeePerGas : tx.gasPrice;
    if (tx.type >= 2 && tx.maxPriorityFeePerGas > tx.maxFeePerGas) {
      throw serverError("max priority fee per gas higher than max fee per gas");
    }
    const blobGas = tx.type === 3 ? BigInt(tx.blobVersionedHashes.length) * GAS_PER_BLOB : 0n;
    const cost = tx.gasLimit * maxFee + tx.value + blobGas * tx.maxFeePerBlobGas;
    if ((account?.balance ?? 0n) < cost) throw serverError("insufficient funds for gas * price + value");
    const code = view.state.getCode(tx.sender);
    const delegated = view.rules.eip7702 && delegationTarget(code) !== undefined;
    if (code.length > 0 && !delegated && view.mayHaveCode?.(tx.sender) !== true) {
      throw serverError("sender not an eoa");
    }
    this.add(signed, hashHex);
    return this.byHash.get(hashHex)!;
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

  /** Every pooled transaction, split into pending and queued (txpool_content). */
  content(nonceOf: (sender: bigint) => bigint): { pending: PoolTx[]; queued: PoolTx[] } {
    const pending: PoolTx[] = [];
    const queued: PoolTx[] = [];
    for (const [sender, queue] of this.bySender) {
      let next = nonceOf(sender);
      for (const nonce of [...queue.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))) {
        const entry = queue.get(nonce)!;
        if (nonce === next) {
          pending.push(entry);
          next++;
        } else queued.push(entry);
      }
    }
    return { pending, queued };
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
