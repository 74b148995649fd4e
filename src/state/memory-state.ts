// A mutable in-memory state store: the pre-state of a test or block, updated by applying diffs.
// It keeps its state trie (account trie and storage tries) as a cache, built the first time a root is asked
// for and then brought up to date incrementally (src/trie/state-trie.ts); see docs/trie.md.
import { EMPTY_CODE_HASH, keccak256 } from "../primitives/keccak.js";
import { SlotMap, StateTrieCache } from "../trie/state-trie.js";
import type { Account, StateDiff, StateReader } from "./types.js";

export interface StoredAccount extends Account {
  code: Uint8Array;
  storage: Map<bigint, bigint>;
}

const EMPTY_CODE = new Uint8Array(0);

export class InMemoryState implements StateReader {
  /**
   * The accounts. Code may read and write this map and the accounts in it directly: the trie cache checks
   * everything it relies on at every root (see StateTrieCache.sync), so no write can leave it stale.
   */
  readonly accounts = new Map<bigint, StoredAccount>();
  /** The state trie, once a root has been asked for. */
  private tries: StateTrieCache | undefined;

  getAccount(address: bigint): Account | undefined {
    return this.accounts.get(address);
  }

  getCode(address: bigint): Uint8Array {
    return this.accounts.get(address)?.code ?? EMPTY_CODE;
  }

  getStorage(address: bigint, slot: bigint): bigint {
    return this.accounts.get(address)?.storage.get(slot) ?? 0n;
  }

  hasStorage(address: bigint): boolean {
    const storage = this.accounts.get(address)?.storage;
    if (!storage) return false;
    for (const value of storage.values()) if (value !== 0n) return true;
    return false;
  }

  /** Whether the account has a non-zero slot not among `written`'s keys (see BlockPreState.hasStorageBeyond). */
  hasStorageBeyond(address: bigint, written: ReadonlyMap<bigint, bigint>): boolean {
    const storage = this.accounts.get(address)?.storage;
    if (!storage) return false;
    for (const [slot, value] of storage) if (value !== 0n && !written.has(slot)) return true;
    return false;
  }

  /** Creates or replaces an account wholesale (genesis allocations, test pre-states). */
  putAccount(
    address: bigint,
    fields: { nonce?: bigint; balance?: bigint; code?: Uint8Array; storage?: Map<bigint, bigint> },
  ): void {
    const code = fields.code ?? EMPTY_CODE;
    const storage = new SlotMap();
    if (fields.storage) for (const [k, v] of fields.storage) if (v !== 0n) storage.set(k, v);
    this.accounts.set(address, {
      nonce: fields.nonce ?? 0n,
      balance: fields.balance ?? 0n,
      code,
      codeHash: code.length === 0 ? EMPTY_CODE_HASH : keccak256(code),
      storage,
    });
  }

  applyDiff(diff: StateDiff): void {
    const tries = this.tries;
    for (const [address, change] of diff) {
      if (change.account === undefined) {
        this.accounts.delete(address);
        continue;
      }
      let stored = this.accounts.get(address);
      if (!stored) {
        stored = {
          nonce: 0n,
          balance: 0n,
          codeHash: EMPTY_CODE_HASH,
          code: EMPTY_CODE,
          storage: new SlotMap(),
        };
        this.accounts.set(address, stored);
      }
      stored.nonce = change.account.nonce;
      stored.balance = change.account.balance;
      if (change.code !== undefined) {
        stored.code = change.code;
        stored.codeHash = change.account.codeHash;
      }
      // A new map: the trie cache sees a different map and rebuilds this account's (small) storage trie.
      if (change.storageCleared) stored.storage = new SlotMap();
      if (change.storage.size === 0) continue;
      const storage = stored.storage;
      const follow = tries?.canFollowWrites(address, storage) === true;
      for (const [slot, value] of change.storage) {
        if (value === 0n) storage.delete(slot);
        else storage.set(slot, value);
      }
      if (follow) tries!.storageWritten(address, storage as SlotMap, change.storage.keys());
    }
  }

  /** A deep copy; it shares this state's tries (immutable) and keeps them up to date on its own. */
  clone(): InMemoryState {
    const copy = new InMemoryState();
    for (const [address, a] of this.accounts) {
      // A literal in applyDiff's field order, not a spread: spread copies get a V8 map each (see
      // tx/codec/with-sender.ts), and every account read of the copy would be megamorphic.
      copy.accounts.set(address, {
        nonce: a.nonce,
        balance: a.balance,
        codeHash: a.codeHash,
        code: a.code,
        storage: new SlotMap(a.storage),
      });
    }
    if (this.tries !== undefined) copy.tries = this.tries.cloneFor(this.accounts, copy.accounts);
    return copy;
  }

  /**
   * The state trie brought up to date with the accounts (built on the first call): its account trie and
   * storage tries stay valid until the next mutation. For OverlayState, which builds a block's post-state
   * root on top of them without modifying them.
   */
  syncedTries(): StateTrieCache {
    if (this.tries === undefined) {
      this.tries = StateTrieCache.build(this.accounts);
      return this.tries;
    }
    try {
      this.tries.sync(this.accounts);
    } catch (e) {
      // A half-applied sync (an out-of-range value) must not be reused.
      this.tries = undefined;
      throw e;
    }
    return this.tries;
  }

  /** The state root (EIP-161 cleanup is the caller's business), computed incrementally from the last one. */
  stateRoot(): Uint8Array {
    return this.syncedTries().rootHash();
  }

  /** Drops the state trie (memory); the next root rebuilds it. */
  dropTries(): void {
    this.tries = undefined;
  }
}
