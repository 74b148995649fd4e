// A bigger pre-state for `lanes bench --state-accounts N`: N idle accounts added to a workload's pre-state,
// with storage in proportion (every 4th account is a contract-like account with 8 slots: 2 slots per added
// account on average), none of which the block touches. Shows how each engine's block time grows with the
// state: a root that follows the changes stays flat, one recomputed over the whole state does not.
// Deterministic: the same N gives the same accounts (the bound's worker threads rebuild it).
import type { InMemoryState } from "../../src/state/memory-state.js";

/** Accounts are spread over the address space (a multiplier that is odd, so distinct i give distinct addresses). */
const BASE = 0x5a0000000000000000000000000000000000000an;
const STRIDE = 0x9e3779b97f4a7c15f39cc0605cedc835n;
const MASK = (1n << 160n) - 1n;
export const SLOTS_PER_CONTRACT = 8;

export function paddingAddress(i: number): bigint {
  return (BASE + BigInt(i + 1) * STRIDE) & MASK;
}

/** Adds `accounts` idle accounts (and 2 slots per account on average) to `state`. */
export function padState(state: InMemoryState, accounts: number): void {
  for (let i = 0; i < accounts; i++) {
    const address = paddingAddress(i);
    if (state.accounts.has(address)) continue;
    const storage =
      i % 4 === 3
        ? new Map(Array.from({ length: SLOTS_PER_CONTRACT }, (_, k) => [BigInt(k), BigInt(i + k + 1)]))
        : undefined;
    state.putAccount(address, { nonce: 1n, balance: BigInt(i + 1) * 1_000_000_000n, storage });
  }
}
