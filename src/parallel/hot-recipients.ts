// Accounts that several transactions of a block pay by plain value transfer (an exchange's deposit
// address, a popular EOA), found from the transactions alone before the block runs. Their payers write
// credits as commutative deltas (see tx-state-reader.ts and applyTransaction's deferValueTransfer), so they
// do not conflict with one another. A payer is only a candidate: at execution it still checks that the
// recipient has no code, and pays the ordinary way otherwise.
import type { ForkRules } from "../evm/forks.js";
import { isPlainTransferShape } from "../tx/execute.js";
import type { Transaction } from "../tx/types.js";

export class HotRecipients {
  private readonly payee: (bigint | undefined)[];

  /** `byRecipient`: per hot recipient, its candidate payers' indices, ascending (see `find`). */
  constructor(
    readonly byRecipient: ReadonlyMap<bigint, readonly number[]>,
    txCount: number,
  ) {
    this.payee = new Array(txCount);
    for (const [recipient, payers] of byRecipient) for (const i of payers) this.payee[i] = recipient;
  }

  /** Lists the hot recipients of a block (on the main thread, once; workers get `byRecipient`). */
  static find(txs: readonly Transaction[], coinbase: bigint, rules: ForkRules): HotRecipients {
    const candidates = new Map<bigint, number[]>();
    for (let i = 0; i < txs.length; i++) {
      const tx = txs[i]!;
      const to = tx.to;
      // The shapes applyTransaction may defer (it checks the recipient's code at execution).
      if (to === undefined || !isPlainTransferShape(tx, coinbase, rules)) continue;
      let list = candidates.get(to);
      if (list === undefined) {
        list = [];
        candidates.set(to, list);
      }
      list.push(i);
    }
    // One payer conflicts with nobody over its recipient.
    for (const [recipient, payers] of candidates) if (payers.length < 2) candidates.delete(recipient);
    return new HotRecipients(candidates, txs.length);
  }

  /** Whether transaction `tx` is a candidate payer of a hot recipient (may defer its credit). */
  isPayer(tx: number): boolean {
    return this.payee[tx] !== undefined;
  }

  /** Whether `tx` may defer a credit to `recipient`. */
  pays(tx: number, recipient: bigint): boolean {
    return this.payee[tx] === recipient;
  }

  /** Index into byRecipient.get(recipient) of the first payer after transaction `after`. */
  static firstAfter(payers: readonly number[], after: number): number {
    let lo = 0;
    let hi = payers.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (payers[mid]! <= after) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}
