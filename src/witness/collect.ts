// From what a block read and what it changed to the witness's nodes, codes and keys: the verifier's own
// TrieBackedState runs against the full pre-state (RecordingSource) and reads every account, slot and code
// the block read, then computes the post-state root from the block's diff; every node and code it loads is
// recorded. Since verification performs the same reads (the block executes the same way from the same
// values) and the same root update, the recorded set is exactly what it needs: complete, and nothing more.
// A function of (pre-state, reads as sets, diff) only, so a sequential run and the union of a parallel run's
// final read sets give the same witness.
import { bigIntToBytes, bigIntToBytes32, bytesEqual, bytesToHex } from "../primitives/hex.js";
import type { InMemoryState } from "../state/memory-state.js";
import type { StateDiff } from "../state/types.js";
import type { AccessSet } from "./access.js";
import { sortByHash, sortKeys } from "./format.js";
import { RecordingSource } from "./sources.js";
import { TrieBackedState } from "./trie-state.js";

export interface CollectedState {
  state: Uint8Array[];
  codes: Uint8Array[];
  keys: Uint8Array[];
  /** The post-state root the witness's root update computes (checked against the execution's). */
  stateRoot: Uint8Array;
}

export function collectWitnessState(pre: InMemoryState, access: AccessSet, diff: StateDiff): CollectedState {
  const source = new RecordingSource(pre);
  const state = new TrieBackedState(source);
  const addresses = new Set<bigint>(access.accounts);
  const slots: [bigint, bigint][] = [];
  for (const address of access.accounts) state.getAccount(address);
  for (const [address, set] of access.slots) {
    for (const slot of set) {
      state.getStorage(address, slot);
      slots.push([address, slot]);
    }
  }
  for (const address of access.codes) state.getCode(address);
  const stateRoot = state.stateRootAfter(diff);
  for (const [address, change] of diff) {
    addresses.add(address);
    for (const slot of change.storage.keys()) slots.push([address, slot]);
  }
  const keys: Uint8Array[] = [];
  for (const address of addresses) keys.push(bigIntToBytes(address, 20));
  for (const [, slot] of slots) keys.push(bigIntToBytes32(slot));
  return {
    state: sortByHash(source.nodes.values()),
    codes: sortByHash(source.codes.values()),
    keys: sortKeys(keys),
    stateRoot,
  };
}

/** Throws when the witness's root update disagrees with the execution's root (a bug, never expected). */
export function checkCollectedRoot(collected: CollectedState, executed: Uint8Array): void {
  if (!bytesEqual(collected.stateRoot, executed)) {
    throw new Error(
      `internal: the witness's post-state root ${bytesToHex(collected.stateRoot)} differs from the execution's ${bytesToHex(executed)}`,
    );
  }
}
