// A copy-on-write view of a block in progress: the pre-state (never mutated) plus the merged diffs of the
// system calls, transactions and withdrawals applied so far. Transactions read through it, so no clone of
// the pre-state is made per transaction, and at the end it yields the block's merged diff and state root.
// The base is an InMemoryState, or any BlockPreState (a witness-backed state for stateless verification, a
// recorder of the block's reads for witness generation), which then computes the post-state root itself.
import { InMemoryState, type StoredAccount } from "../state/memory-state.js";
import type { Account, AccountDiff, BlockPreState, StateDiff, StateReader } from "../state/types.js";
import { stateRoot, type TrieAccount } from "../trie/index.js";
import { type TrieUpdate, trieRootHash, trieUpdateMany } from "../trie/persistent-trie.js";
import { accountKey, encodeAccountLeaf, storageKey, storageValue } from "../trie/state-trie.js";

const EMPTY_CODE = new Uint8Array(0);

/** One account as the overlay knows it; its presence in the map makes it authoritative over the base. */
interface Entry {
  /** undefined: deleted (or created and removed again) in this block. */
  account: Account | undefined;
  /** New code; undefined means "still the base's code". */
  code: Uint8Array | undefined;
  /** Slots written in this block; 0n entries shadow the base's values. */
  storage: Map<bigint, bigint>;
  /** Whether the base's storage is gone (the account was deleted or re-created in this block). */
  storageCleared: boolean;
}

export class OverlayState implements StateReader {
  private readonly entries = new Map<bigint, Entry>();

  constructor(readonly base: InMemoryState | BlockPreState) {}

  /** The base as an InMemoryState, for what only a full state can give (the post-state as a store). */
  private memoryBase(): InMemoryState {
    if (this.base instanceof InMemoryState) return this.base;
    throw new TypeError("OverlayState: this needs an InMemoryState base");
  }

  getAccount(address: bigint): Account | undefined {
    const e = this.entries.get(address);
    return e !== undefined ? e.account : this.base.getAccount(address);
  }

  getCode(address: bigint): Uint8Array {
    const e = this.entries.get(address);
    if (e === undefined) return this.base.getCode(address);
    if (e.account === undefined) return EMPTY_CODE;
    return e.code ?? this.base.getCode(address);
  }

  getStorage(address: bigint, slot: bigint): bigint {
    const e = this.entries.get(address);
    if (e !== undefined) {
      const v = e.storage.get(slot);
      if (v !== undefined) return v;
      if (e.storageCleared || e.account === undefined) return 0n;
    }
    return this.base.getStorage(address, slot);
  }

  hasStorage(address: bigint): boolean {
    const e = this.entries.get(address);
    if (e === undefined) return this.base.hasStorage(address);
    if (e.account === undefined) return false;
    for (const v of e.storage.values()) if (v !== 0n) return true;
    if (e.storageCleared) return false;
    // A base slot counts unless this block overwrote it (necessarily with zero, or the loop above returned).
    return this.base.hasStorageBeyond(address, e.storage);
  }

  /** Folds one transaction's (or system call's, or the withdrawals') diff into the overlay. */
  apply(diff: StateDiff): void {
    for (const [address, change] of diff) {
      let e = this.entries.get(address);
      if (change.account === undefined) {
        if (e === undefined) {
          e = { account: undefined, code: undefined, storage: new Map(), storageCleared: true };
          this.entries.set(address, e);
        } else {
          e.account = undefined;
          e.code = undefined;
          e.storage = new Map();
          e.storageCleared = true;
        }
        continue;
      }
      if (e === undefined) {
        e = { account: undefined, code: undefined, storage: new Map(), storageCleared: false };
        this.entries.set(address, e);
      } else if (e.account === undefined) {
        // Re-created after a deletion in this block: whatever code the base had is gone.
        e.code = EMPTY_CODE;
      }
      e.account = {
        nonce: change.account.nonce,
        balance: change.account.balance,
        codeHash: change.account.codeHash,
      };
      if (change.code !== undefined) e.code = change.code;
      if (change.storageCleared) {
        e.storage = new Map();
        e.storageCleared = true;
      }
      for (const [slot, value] of change.storage) e.storage.set(slot, value);
    }
  }

  /**
   * The block's merged change relative to the base: applying it to the pre-state gives the post-state.
   * Deletions of accounts the base never had are left out (they were created and removed within the block).
   */
  toDiff(): StateDiff {
    const diff: StateDiff = new Map();
    for (const [address, e] of this.entries) {
      if (e.account === undefined) {
        if (this.base.getAccount(address) !== undefined) {
          diff.set(address, { account: undefined, storageCleared: true, storage: new Map() });
        }
        continue;
      }
      const entry: AccountDiff = {
        // A literal, not a spread: spread copies get a map each (see tx/codec/with-sender.ts).
        account: { nonce: e.account.nonce, balance: e.account.balance, codeHash: e.account.codeHash },
        storageCleared: e.storageCleared,
        storage: new Map(e.storage),
      };
      if (e.code !== undefined) entry.code = e.code;
      diff.set(address, entry);
    }
    return diff;
  }

  /** Every account of the post-state with its full storage, for the state root. */
  *postAccounts(): Generator<[bigint, TrieAccount]> {
    for (const [address, account] of this.memoryBase().accounts) {
      if (!this.entries.has(address)) yield [address, account];
    }
    for (const [address, e] of this.entries) {
      if (e.account === undefined) continue;
      yield [address, { ...e.account, storage: this.mergedStorage(address, e) }];
    }
  }

  /**
   * The post-state root: the base's state trie (built on the base's first root, then kept up to date by it)
   * updated with the accounts this block changed, by path copying, so the base's tries are left as they are.
   * Costs O(changed accounts and slots x trie depth) hashing, plus the base's check of its own accounts.
   */
  stateRoot(): Uint8Array {
    if (!(this.base instanceof InMemoryState)) return this.base.stateRootAfter(this.toDiff());
    const tries = this.base.syncedTries();
    const accounts: TrieUpdate[] = [];
    for (const [address, e] of this.entries) {
      const key = accountKey(address);
      if (e.account === undefined) {
        accounts.push({ key, value: undefined });
        continue;
      }
      // Base storage survives unless cleared; an account the base lacks has none.
      let storage = e.storageCleared ? undefined : tries.storageTrie(address);
      if (e.storage.size > 0) {
        const slots: TrieUpdate[] = [];
        for (const [slot, value] of e.storage)
          slots.push({ key: storageKey(slot), value: storageValue(value) });
        storage = trieUpdateMany(storage, slots);
      }
      const { nonce, balance, codeHash } = e.account;
      accounts.push({ key, value: encodeAccountLeaf(nonce, balance, trieRootHash(storage), codeHash) });
    }
    return trieRootHash(trieUpdateMany(tries.accountTrie, accounts));
  }

  /** The post-state root rebuilt from scratch over every account (the reference for stateRoot). */
  fullStateRoot(): Uint8Array {
    return stateRoot(this.postAccounts());
  }

  /** Applies the overlay to a copy of the base (for callers that want the post-state as a store). */
  postState(): InMemoryState {
    const state = this.memoryBase().clone();
    state.applyDiff(this.toDiff());
    return state;
  }

  private mergedStorage(address: bigint, e: Entry): ReadonlyMap<bigint, bigint> {
    const baseAccount: StoredAccount | undefined = this.memoryBase().accounts.get(address);
    if (e.storageCleared || baseAccount === undefined || baseAccount.storage.size === 0) return e.storage;
    if (e.storage.size === 0) return baseAccount.storage;
    const merged = new Map(baseAccount.storage);
    for (const [slot, value] of e.storage) merged.set(slot, value);
    return merged;
  }
}
