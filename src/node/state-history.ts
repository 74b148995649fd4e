// Reverse diffs: what undoes a block's change to state. Stored per block, they give the state at an older
// block (current state with the reverse diffs of the later blocks applied, newest first) and let evm_revert
// rewind the chain.
import type { InMemoryState } from "../state/memory-state.js";
import type { AccountDiff, StateDiff } from "../state/types.js";

/** The diff that turns `pre.applyDiff(diff)` back into `pre`. Call before applying `diff` to `pre`. */
export function reverseDiff(pre: InMemoryState, diff: StateDiff): StateDiff {
  const out: StateDiff = new Map();
  for (const [address, change] of diff) {
    const before = pre.accounts.get(address);
    if (before === undefined) {
      // The account did not exist: undoing deletes it (with any storage it gained).
      out.set(address, { account: undefined, storageCleared: true, storage: new Map() });
      continue;
    }
    const entry: AccountDiff = {
      account: { nonce: before.nonce, balance: before.balance, codeHash: before.codeHash },
      storageCleared: false,
      storage: new Map(),
    };
    const wiped = change.account === undefined || change.storageCleared;
    if (wiped) {
      // The block dropped the whole storage: restore all of it over an empty map.
      entry.storageCleared = true;
      for (const [slot, value] of before.storage) entry.storage.set(slot, value);
    } else {
      for (const slot of change.storage.keys()) entry.storage.set(slot, before.storage.get(slot) ?? 0n);
    }
    if (change.code !== undefined || change.account === undefined) entry.code = before.code;
    out.set(address, entry);
  }
  return out;
}
