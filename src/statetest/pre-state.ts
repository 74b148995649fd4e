// Turns a fixture allocation into an InMemoryState, and applies the runner's end-of-block coinbase rule.
import { bytesEqual } from "../primitives/hex.js";
import { EMPTY_CODE_HASH } from "../primitives/keccak.js";
import { InMemoryState } from "../state/memory-state.js";
import type { Alloc } from "./fixture.js";

export function buildPreState(alloc: Alloc): InMemoryState {
  const state = new InMemoryState();
  for (const [address, account] of alloc) state.putAccount(address, account);
  return state;
}

/**
 * geth's statetest (which filled the fixtures) adds a zero balance to the coinbase after the transaction and
 * then deletes touched empty accounts (EIP-161). That matters only when the coinbase is empty and the
 * transaction was rejected or left it untouched, so the runner does it here rather than the executor.
 * Before EIP-161 (`clearEmpty` false) the touch creates an absent coinbase, empty, and deletes nothing.
 */
export function touchCoinbase(state: InMemoryState, coinbase: bigint, clearEmpty = true): void {
  const account = state.accounts.get(coinbase);
  if (!clearEmpty) {
    if (!account) state.putAccount(coinbase, {});
    return;
  }
  if (
    account &&
    account.nonce === 0n &&
    account.balance === 0n &&
    bytesEqual(account.codeHash, EMPTY_CODE_HASH)
  ) {
    state.deleteAccount(coinbase);
  }
}
