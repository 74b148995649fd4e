// What a block read from its pre-state (the accounts, storage slots, code and ancestor hashes), and the
// pre-state wrapper that records it while a block executes (RecordingPreState). A witness is built from
// these reads plus the block's diff (collect.ts); the parallel executor reports the same sets from the read
// sets of its final incarnations.
import { OverlayState } from "../block/overlay-state.js";
import type { InMemoryState } from "../state/memory-state.js";
import type { Account, BlockPreState, StateDiff } from "../state/types.js";

/** What a block read from its pre-state, as sets (AccessSet, or the parallel executor's PreStateReads). */
export interface PreStateAccess {
  readonly accounts: ReadonlySet<bigint>;
  readonly slots: ReadonlyMap<bigint, ReadonlySet<bigint>>;
  readonly codes: ReadonlySet<bigint>;
  readonly blockNumbers: ReadonlySet<bigint>;
}

export class AccessSet implements PreStateAccess {
  /** Accounts whose leaf was read (any field, code, storage or the storage root's emptiness). */
  readonly accounts = new Set<bigint>();
  /** Storage slots read, per account. */
  readonly slots = new Map<bigint, Set<bigint>>();
  /** Accounts whose code was loaded from the pre-state. */
  readonly codes = new Set<bigint>();
  /** Block numbers BLOCKHASH asked for. */
  readonly blockNumbers = new Set<bigint>();

  addSlot(address: bigint, slot: bigint): void {
    this.accounts.add(address);
    let set = this.slots.get(address);
    if (set === undefined) {
      set = new Set();
      this.slots.set(address, set);
    }
    set.add(slot);
  }

  addCode(address: bigint): void {
    this.accounts.add(address);
    this.codes.add(address);
  }

  merge(other: PreStateAccess): void {
    for (const a of other.accounts) this.accounts.add(a);
    for (const [a, slots] of other.slots) for (const s of slots) this.addSlot(a, s);
    for (const a of other.codes) this.codes.add(a);
    for (const n of other.blockNumbers) this.blockNumbers.add(n);
  }
}

/** An InMemoryState as a block's pre-state, recording every read the block makes of it. */
export class RecordingPreState implements BlockPreState {
  readonly access = new AccessSet();

  constructor(readonly state: InMemoryState) {}

  getAccount(address: bigint): Account | undefined {
    this.access.accounts.add(address);
    return this.state.getAccount(address);
  }

  getCode(address: bigint): Uint8Array {
    this.access.addCode(address);
    return this.state.getCode(address);
  }

  getStorage(address: bigint, slot: bigint): bigint {
    this.access.addSlot(address, slot);
    return this.state.getStorage(address, slot);
  }

  hasStorage(address: bigint): boolean {
    this.access.accounts.add(address);
    return this.state.hasStorage(address);
  }

  hasStorageBeyond(address: bigint, written: ReadonlyMap<bigint, bigint>): boolean {
    // The verifier answers this from the paths of `written`'s slots, which the block read before writing.
    this.access.accounts.add(address);
    return this.state.hasStorageBeyond(address, written);
  }

  stateRootAfter(diff: StateDiff): Uint8Array {
    const overlay = new OverlayState(this.state);
    overlay.apply(diff);
    return overlay.stateRoot();
  }
}
