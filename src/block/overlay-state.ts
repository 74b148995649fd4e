// A copy-on-write view of a block in progress: the pre-state (never mutated) plus the merged diffs of the
// system calls, transactions and withdrawals applied so far. Transactions read through it, so no clone of
// the pre-state is made per transaction, and at the end it yields the block's merged diff and state root.
// The base is an InMemoryState, or any BlockPreState (a witness-backed state for stateless verification, a
// recorder of the block's reads for witness generation), which then computes the post-state root itself.
import { InMemoryState, type StoredAccount } from "../state/memory-state.js";
import type { Account, AccountDiff, BlockPreState, StateDiff, StateReader } from "../state/types.js";
import { stateRoot, type TrieAccount } from "../trie/index.js";
import { type TrieNode, type TrieUpdate, trieRootHash, trieUpdateMany } from "../trie/persistent-trie.js";
import { accountKey, encodeAccountLeaf, storageKey, storageValue } from "../trie/state-trie.js";

const EMPTY_CODE = new Uint8Array(0);

/**
 * The storage of every entry the block has written no slot of (most accounts: senders, the fee recipient).
 * Shared, so it is never written: `apply` gives an entry a map of its own before its first slot write, and
 * every other use of `Entry.storage` only reads it.
 */
const NO_SLOTS: Map<bigint, bigint> = new Map();

/** The non-zero slots of `base` overwritten by `written`, as (trie key, value). */
function* postSlots(
  base: ReadonlyMap<bigint, bigint> | undefined,
  written: ReadonlyMap<bigint, bigint>,
): Generator<readonly [Uint8Array, bigint]> {
  if (base !== undefined) {
    for (const [slot, value] of base) {
      if (value !== 0n && !written.has(slot)) yield [storageKey(slot), value];
    }
  }
  for (const [slot, value] of written) if (value !== 0n) yield [storageKey(slot), value];
}

/** An existing account's leaf; its storage root is `storageRoot` when given, else hashed here. */
function accountLeaf(
  tries: { storageTrie(address: bigint): TrieNode | undefined },
  address: bigint,
  e: Entry,
  storageRoot: Uint8Array | undefined,
): Uint8Array {
  let root = storageRoot;
  if (root === undefined) {
    // Base storage survives unless cleared; an account the base lacks has none.
    let storage = e.storageCleared ? undefined : tries.storageTrie(address);
    if (e.storage.size > 0) {
      const slots: TrieUpdate[] = [];
      for (const [slot, value] of e.storage)
        slots.push({ key: storageKey(slot), value: storageValue(value) });
      storage = trieUpdateMany(storage, slots);
    }
    root = trieRootHash(storage);
  }
  const { nonce, balance, codeHash } = e.account!;
  return encodeAccountLeaf(nonce, balance, root, codeHash);
}

/** One account as the overlay knows it; its presence in the map makes it authoritative over the base. */
interface Entry {
  /** undefined: deleted (or created and removed again) in this block. */
  account: Account | undefined;
  /** New code; undefined means "still the base's code". */
  code: Uint8Array | undefined;
  /** Slots written in this block; 0n entries shadow the base's values. NO_SLOTS (shared) until the first. */
  storage: Map<bigint, bigint>;
  /** Whether the base's storage is gone (the account was deleted or re-created in this block). */
  storageCleared: boolean;
  /** Bumped by every change of `storage`, `storageCleared` or the account's existence (see postStorage). */
  version: number;
}

/**
 * Storage roots hashed on other threads (the parallel executor's workers: src/parallel/storage-root-jobs.ts),
 * each for an account's storage as it stood at a given version of its entry. stateRoot uses a root only when
 * the entry still has that version, and hashes every other account itself.
 */
export interface PrecomputedStorageRoots {
  /** The accounts posted for hashing elsewhere, with the storage version each job was made from. */
  posted(): ReadonlyMap<bigint, number>;
  /** No more jobs: what no other thread has started is left to the caller. */
  close(): void;
  /** After close: waits briefly for the started jobs; the roots written, by account (a missing one is hashed by the caller). */
  roots(): ReadonlyMap<bigint, Uint8Array>;
}

/** An account's post-block storage for hashing elsewhere (OverlayState.postStorage). */
export interface PostStorage {
  version: number;
  /** Slots this block wrote (zeros included). */
  written: number;
  /** An upper bound of the number of slots `slots` yields. */
  size: number;
  /** The non-zero slots after the block: (trie key = keccak(slot), value). */
  slots: Iterable<readonly [Uint8Array, bigint]>;
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
          e = { account: undefined, code: undefined, storage: NO_SLOTS, storageCleared: true, version: 0 };
          this.entries.set(address, e);
        } else {
          e.account = undefined;
          e.code = undefined;
          e.storage = NO_SLOTS;
          e.storageCleared = true;
          e.version++;
        }
        continue;
      }
      if (e === undefined) {
        e = { account: undefined, code: undefined, storage: NO_SLOTS, storageCleared: false, version: 0 };
        this.entries.set(address, e);
      } else if (e.account === undefined) {
        // Re-created after a deletion in this block: whatever code the base had is gone.
        e.code = EMPTY_CODE;
        e.version++;
      }
      // Adopted, not copied: Account objects are never modified after they are made (readers copy fields).
      e.account = change.account;
      if (change.code !== undefined) e.code = change.code;
      if (change.storageCleared) {
        e.storage = NO_SLOTS;
        e.storageCleared = true;
        e.version++;
      }
      if (change.storage.size > 0) {
        if (e.storage === NO_SLOTS) e.storage = new Map();
        for (const [slot, value] of change.storage) e.storage.set(slot, value);
        e.version++;
      }
    }
  }

  /**
   * The post-block storage of `address` as it stands now, for hashing its root on another thread; undefined
   * when the account does not exist now, the block wrote none of its storage, or the base is not a full state.
   */
  postStorage(address: bigint): PostStorage | undefined {
    const e = this.entries.get(address);
    if (e === undefined || e.account === undefined || e.storage.size === 0) return undefined;
    if (!(this.base instanceof InMemoryState)) return undefined;
    const written = e.storage;
    const base = e.storageCleared ? undefined : this.base.accounts.get(address)?.storage;
    return {
      version: e.version,
      written: written.size,
      size: (base?.size ?? 0) + written.size,
      slots: postSlots(base, written),
    };
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
  stateRoot(precomputed?: PrecomputedStorageRoots): Uint8Array {
    if (!(this.base instanceof InMemoryState)) {
      precomputed?.close();
      return this.base.stateRootAfter(this.toDiff());
    }
    const tries = this.base.syncedTries();
    const posted = precomputed?.posted();
    const accounts: TrieUpdate[] = [];
    let deferred: [bigint, Entry][] | undefined;
    for (const [address, e] of this.entries) {
      const key = accountKey(address);
      if (e.account === undefined) {
        accounts.push({ key, value: undefined });
        continue;
      }
      if (posted !== undefined && posted.get(address) === e.version) {
        deferred ??= [];
        deferred.push([address, e]);
        continue;
      }
      accounts.push({ key, value: accountLeaf(tries, address, e, undefined) });
    }
    const root = trieUpdateMany(tries.accountTrie, accounts);
    if (deferred === undefined || precomputed === undefined) {
      precomputed?.close();
      return trieRootHash(root);
    }
    // This thread's own work first (node hashes are memoised, so only the deferred accounts' paths are
    // hashed again below), while other threads hash the posted storage; then what they did not start
    // comes back here.
    trieRootHash(root);
    precomputed.close();
    const roots = precomputed.roots();
    const late: TrieUpdate[] = [];
    for (const [address, e] of deferred) {
      late.push({ key: accountKey(address), value: accountLeaf(tries, address, e, roots.get(address)) });
    }
    return trieRootHash(trieUpdateMany(root, late));
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
