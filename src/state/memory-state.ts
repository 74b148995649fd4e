// A mutable in-memory state store: the pre-state of a test or block, updated by applying diffs.
// It keeps its state trie (account trie and storage tries) as a cache, built the first time a root is asked
// for and then brought up to date incrementally (src/trie/state-trie.ts); see docs/trie.md.
//
// Every write goes through this class's methods (the `accounts` it exposes are read-only), which record the
// changed accounts in a dirty set and the slots written in place with the trie cache: a root after a change
// costs the changed accounts and slots, not the size of the state.
import { EMPTY_CODE_HASH, keccak256 } from "../primitives/keccak.js";
import { StateTrieCache } from "../trie/state-trie.js";
import type { Account, StateDiff, StateReader } from "./types.js";

/** An account as the state stores it. Read-only outside this module: write through InMemoryState. */
export interface StoredAccount extends Account {
  readonly nonce: bigint;
  readonly balance: bigint;
  /** Never written in place (the trie cache keeps a reference to it). */
  readonly codeHash: Uint8Array;
  readonly code: Uint8Array;
  readonly storage: ReadonlyMap<bigint, bigint>;
}

/** The mutable record behind a StoredAccount (this module only). */
interface AccountRecord {
  nonce: bigint;
  balance: bigint;
  codeHash: Uint8Array;
  code: Uint8Array;
  storage: Map<bigint, bigint>;
}

const EMPTY_CODE = new Uint8Array(0);

export class InMemoryState implements StateReader {
  private readonly records = new Map<bigint, AccountRecord>();
  /** The state trie, once a root has been asked for. */
  private tries: StateTrieCache | undefined;
  /** Accounts changed since the tries' last sync (kept only while there are tries). */
  private readonly dirty = new Set<bigint>();

  /** The accounts, read-only: write through putAccount, deleteAccount, setStorage and applyDiff. */
  get accounts(): ReadonlyMap<bigint, StoredAccount> {
    return this.records;
  }

  getAccount(address: bigint): Account | undefined {
    return this.records.get(address);
  }

  getCode(address: bigint): Uint8Array {
    return this.records.get(address)?.code ?? EMPTY_CODE;
  }

  getStorage(address: bigint, slot: bigint): bigint {
    return this.records.get(address)?.storage.get(slot) ?? 0n;
  }

  hasStorage(address: bigint): boolean {
    const storage = this.records.get(address)?.storage;
    if (!storage) return false;
    for (const value of storage.values()) if (value !== 0n) return true;
    return false;
  }

  private changed(address: bigint): void {
    if (this.tries !== undefined) this.dirty.add(address);
  }

  /** Whether the account has a non-zero slot not among `written`'s keys (see BlockPreState.hasStorageBeyond). */
  hasStorageBeyond(address: bigint, written: ReadonlyMap<bigint, bigint>): boolean {
    const storage = this.records.get(address)?.storage;
    if (!storage) return false;
    for (const [slot, value] of storage) if (value !== 0n && !written.has(slot)) return true;
    return false;
  }

  /** Creates or replaces an account wholesale (genesis allocations, test pre-states, loaded state). */
  putAccount(
    address: bigint,
    fields: {
      nonce?: bigint;
      balance?: bigint;
      code?: Uint8Array;
      /** keccak256(code), when the caller has it already (not checked). */
      codeHash?: Uint8Array;
      storage?: ReadonlyMap<bigint, bigint>;
    },
  ): void {
    const code = fields.code ?? EMPTY_CODE;
    const storage = new Map<bigint, bigint>();
    if (fields.storage) for (const [k, v] of fields.storage) if (v !== 0n) storage.set(k, v);
    this.records.set(address, {
      nonce: fields.nonce ?? 0n,
      balance: fields.balance ?? 0n,
      code,
      codeHash: fields.codeHash ?? (code.length === 0 ? EMPTY_CODE_HASH : keccak256(code)),
      storage,
    });
    this.changed(address);
  }

  /** Removes an account (and its storage); no-op when absent. */
  deleteAccount(address: bigint): void {
    if (this.records.delete(address)) this.changed(address);
  }

  /** Writes one slot of an existing account (0n deletes it). Throws when the account does not exist. */
  setStorage(address: bigint, slot: bigint, value: bigint): void {
    const record = this.records.get(address);
    if (record === undefined) throw new Error(`setStorage: account ${address.toString(16)} does not exist`);
    if (value === 0n) record.storage.delete(slot);
    else record.storage.set(slot, value);
    if (this.tries !== undefined) {
      this.dirty.add(address);
      this.tries.storageWritten(address, record.storage, [slot]);
    }
  }

  applyDiff(diff: StateDiff): void {
    const tries = this.tries;
    for (const [address, change] of diff) {
      if (tries !== undefined) this.dirty.add(address);
      if (change.account === undefined) {
        this.records.delete(address);
        continue;
      }
      let stored = this.records.get(address);
      if (!stored) {
        stored = {
          nonce: 0n,
          balance: 0n,
          codeHash: EMPTY_CODE_HASH,
          code: EMPTY_CODE,
          storage: new Map(),
        };
        this.records.set(address, stored);
      }
      stored.nonce = change.account.nonce;
      stored.balance = change.account.balance;
      if (change.code !== undefined) {
        stored.code = change.code;
        stored.codeHash = change.account.codeHash;
      }
      // A new map: the trie cache sees a different map and rebuilds this account's (small) storage trie.
      if (change.storageCleared) stored.storage = new Map();
      if (change.storage.size === 0) continue;
      const storage = stored.storage;
      for (const [slot, value] of change.storage) {
        if (value === 0n) storage.delete(slot);
        else storage.set(slot, value);
      }
      if (tries !== undefined) tries.storageWritten(address, storage, change.storage.keys());
    }
  }

  /** A deep copy; it shares this state's tries (immutable) and keeps them up to date on its own. */
  clone(): InMemoryState {
    const copy = new InMemoryState();
    for (const [address, a] of this.records) {
      // A literal in applyDiff's field order, not a spread: spread copies get a V8 map each (see
      // tx/codec/with-sender.ts), and every account read of the copy would be megamorphic.
      copy.records.set(address, {
        nonce: a.nonce,
        balance: a.balance,
        codeHash: a.codeHash,
        code: a.code,
        storage: new Map(a.storage),
      });
    }
    if (this.tries !== undefined) {
      copy.tries = this.tries.cloneFor(this.records, copy.records);
      for (const address of this.dirty) copy.dirty.add(address);
    }
    return copy;
  }

  /**
   * The state trie brought up to date with the accounts (built on the first call): its account trie and
   * storage tries stay valid until the next mutation. For OverlayState, which builds a block's post-state
   * root on top of them without modifying them.
   */
  syncedTries(): StateTrieCache {
    if (this.tries === undefined) {
      this.tries = StateTrieCache.build(this.records);
      this.dirty.clear();
      return this.tries;
    }
    if (this.dirty.size === 0) return this.tries;
    try {
      this.tries.sync(this.records, this.dirty);
    } catch (e) {
      // A half-applied sync (an out-of-range value) must not be reused.
      this.tries = undefined;
      this.dirty.clear();
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
    this.dirty.clear();
  }
}
