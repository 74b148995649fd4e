// Balance credits under the devnet rule ForkRules.overflowPaymentHalts: what revm (and so anvil and EDR)
// does with a balance that would pass 2^256-1. Measured on anvil 1.7.1 and EDR 0.13 (docs/node.md): a
// transfer to an account at 2^256-1 is mined with status 0, all its gas used, the recipient unchanged and
// the value taken from the sender anyway; fee and refund credits saturate. Without the rule nothing here
// changes a credit: a balance past 2^256-1 then fails the state root (it cannot be encoded).
import type { WorldState } from "../state/world-state.js";
import type { ForkRules } from "./forks.js";

export const MAX_BALANCE = (1n << 256n) - 1n;

/** The halt reason revm reports (anvil's and EDR's callTracer `error`). */
export const OVERFLOW_PAYMENT = "OverflowPayment";

/** Whether crediting `amount` to `address` must halt (the rule is on and the balance would pass 2^256-1). */
export function paymentOverflows(
  rules: ForkRules,
  state: WorldState,
  address: bigint,
  amount: bigint,
): boolean {
  return (
    rules.overflowPaymentHalts === true && amount !== 0n && state.getBalance(address) + amount > MAX_BALANCE
  );
}

/** Credits `amount` to `address`, saturating at 2^256-1 under the rule (revm's fee and refund credits). */
export function creditBalance(rules: ForkRules, state: WorldState, address: bigint, amount: bigint): void {
  if (rules.overflowPaymentHalts === true && state.getBalance(address) + amount > MAX_BALANCE) {
    state.setBalance(address, MAX_BALANCE);
  } else {
    state.addBalance(address, amount);
  }
}
