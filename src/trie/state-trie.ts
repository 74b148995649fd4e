// The world-state trie kept alongside a mutable state (InMemoryState): the account trie and one storage trie
// per account, as persistent tries (persistent-trie.ts), brought up to date incrementally.
//
// The maps of the state stay the source of truth; the tries are a cache of them that can never be used stale:
// every `sync` compares each account with what its trie leaf was built from (nonce, balance, code hash bytes,
// the identity of its storage map) and its storage with what its storage trie reflects. That pass costs a few
// comparisons per account and hashes nothing; only what differs is re-encoded and re-hashed. Storage is the
// part that cannot be compared cheaply, so it is tracked:
// - a `SlotMap` (the storage maps InMemoryState creates) counts its writes in `version`. The state's own
//   applyDiff tells the cache which slots it wrote (`noteStorageWrites`), so those are updated one by one;
//   any other write (a version the cache did not see) makes sync rebuild that account's storage trie;
// - a plain Map (put in by code writing `state.accounts` directly) is compared entry by entry with a snapshot
//   of what its trie holds, and only differing slots are updated;
// - a storage map that is not the one the trie was built from (re-created account, cleared storage,
//   putAccount, `accounts.set`) is rebuilt from scratch.
import { bytesEqual } from "../primitives/hex.js";
import { byteLength, integerRlpLength, writeIntegerRlp } from "../primitives/rlp-writer.js";
import type { TrieEntry } from "./builder.js";
import { hashedAddressKey, hashedSlotKey } from "./key-cache.js";
import {
  type TrieNode,
  type TrieUpdate,
  trieFromEntries,
  trieRootHash,
  trieUpdateMany,
} from "./persistent-trie.js";
import { encodeAccount, type TrieAccount } from "./state-root.js";

const MAX_U256 = (1n << 256n) - 1n;
const MAX_ADDRESS = (1n << 160n) - 1n;

/** A storage map that counts its writes, so that a trie built from it can tell whether it is still current. */
export class SlotMap extends Map<bigint, bigint> {
  /** Incremented by every set, delete and clear. */
  version = 0;

  constructor(entries?: Iterable<readonly [bigint, bigint]>) {
    super();
    if (entries !== undefined) for (const [slot, value] of entries) super.set(slot, value);
  }

  override set(slot: bigint, value: bigint): this {
    this.version++;
    return super.set(slot, value);
  }

  override delete(slot: bigint): boolean {
    this.version++;
    return super.delete(slot);
  }

  override clear(): void {
    this.version++;
    super.clear();
  }
}

function checkWord(value: bigint, what: string): void {
  if (value < 0n || value > MAX_U256) throw new RangeError(`${what} out of uint256 range: ${value}`);
}

/** The trie key of a storage slot: keccak(32-byte slot), range-checked. */
export function storageKey(slot: bigint): Uint8Array {
  checkWord(slot, "storage slot");
  return hashedSlotKey(slot);
}

/** The storage-trie leaf value of a slot value (rlp of its minimal bytes); undefined for zero (absent). */
export function storageValue(value: bigint): Uint8Array | undefined {
  if (value === 0n) return undefined;
  checkWord(value, "storage value");
  const length = byteLength(value);
  const out = new Uint8Array(integerRlpLength(value, length));
  writeIntegerRlp(out, 0, value, length);
  return out;
}

/**
 * The state-trie leaf value of an account, rlp([nonce, balance, storageRoot, codeHash]): the same bytes as
 * encodeAccount, written directly. Nonce and balance must be uint256 (checked); the hashes 32 bytes.
 */
export function encodeAccountLeaf(
  nonce: bigint,
  balance: bigint,
  storageRoot: Uint8Array,
  codeHash: Uint8Array,
): Uint8Array {
  checkWord(nonce, "nonce");
  checkWord(balance, "balance");
  if (storageRoot.length !== 32 || codeHash.length !== 32) {
    return encodeAccount(nonce, balance, storageRoot, codeHash);
  }
  const nonceLength = byteLength(nonce);
  const balanceLength = byteLength(balance);
  const payload = integerRlpLength(nonce, nonceLength) + integerRlpLength(balance, balanceLength) + 66;
  // payload is at least 68 and at most 132 bytes: a two-byte list header.
  const out = new Uint8Array(2 + payload);
  out[0] = 0xf8;
  out[1] = payload;
  let pos = writeIntegerRlp(out, 2, nonce, nonceLength);
  pos = writeIntegerRlp(out, pos, balance, balanceLength);
  out[pos++] = 0xa0;
  out.set(storageRoot, pos);
  pos += 32;
  out[pos++] = 0xa0;
  out.set(codeHash, pos);
  return out;
}

/** The state-trie key of an address: keccak(20-byte address), range-checked. */
export function accountKey(address: bigint): Uint8Array {
  if (address < 0n || address > MAX_ADDRESS) throw new RangeError(`address out of range: ${address}`);
  return hashedAddressKey(address);
}

/** A storage trie built in one pass from a storage map (zero values skipped). */
export function storageTrieOf(storage: Iterable<readonly [bigint, bigint]>): TrieNode | undefined {
  const entries: TrieEntry[] = [];
  for (const [slot, value] of storage) {
    if (value === 0n) continue;
    entries.push({ key: storageKey(slot), value: storageValue(value)! });
  }
  return trieFromEntries(entries);
}

/** A storage map identity no real map has: forces a rebuild of the storage trie at the next sync. */
const UNTRACKED: ReadonlyMap<bigint, bigint> = new Map();

/** What one account's leaf in the account trie, and its storage trie, were built from. */
interface Cached {
  nonce: bigint;
  balance: bigint;
  /** A private copy, so that even an in-place change of the account's code hash bytes is seen. */
  codeHash: Uint8Array;
  /** Root of `trie`, as written into the leaf. */
  storageRoot: Uint8Array;
  /** The storage map `trie` follows (its identity). */
  storage: ReadonlyMap<bigint, bigint>;
  /** For a SlotMap: the version `trie` plus `pending` reflect. */
  version: number;
  /** For a plain Map: the non-zero slots `trie` holds. */
  snapshot: Map<bigint, bigint> | undefined;
  trie: TrieNode | undefined;
  /** Slots applyDiff wrote since `trie` was last updated (SlotMap only). */
  pending: Set<bigint> | undefined;
}

function leafOf(c: Cached): Uint8Array {
  return encodeAccountLeaf(c.nonce, c.balance, c.storageRoot, c.codeHash);
}

/**
 * The account trie and storage tries of a state, as of its last `sync`. Read `accountTrie` / `storageTrie`
 * only right after a sync (InMemoryState.syncedTries does both).
 */
export class StateTrieCache {
  private root: TrieNode | undefined;
  private readonly cached: Map<bigint, Cached>;

  private constructor(root: TrieNode | undefined, cached: Map<bigint, Cached>) {
    this.root = root;
    this.cached = cached;
  }

  /** Builds every trie from scratch, in one pass each. */
  static build(accounts: ReadonlyMap<bigint, TrieAccount>): StateTrieCache {
    const cached = new Map<bigint, Cached>();
    const entries: TrieEntry[] = [];
    for (const [address, account] of accounts) {
      const key = accountKey(address);
      const c = StateTrieCache.fresh(account);
      cached.set(address, c);
      entries.push({ key, value: leafOf(c) });
    }
    return new StateTrieCache(trieFromEntries(entries), cached);
  }

  private static fresh(account: TrieAccount): Cached {
    const c: Cached = {
      nonce: account.nonce,
      balance: account.balance,
      codeHash: account.codeHash.slice(),
      storageRoot: new Uint8Array(0),
      storage: UNTRACKED,
      version: 0,
      snapshot: undefined,
      trie: undefined,
      pending: undefined,
    };
    StateTrieCache.rebuildStorage(c, account.storage);
    c.storageRoot = trieRootHash(c.trie);
    return c;
  }

  private static rebuildStorage(c: Cached, storage: ReadonlyMap<bigint, bigint>): void {
    c.trie = storageTrieOf(storage);
    c.storage = storage;
    c.pending = undefined;
    if (storage instanceof SlotMap) {
      c.version = storage.version;
      c.snapshot = undefined;
    } else {
      c.version = 0;
      c.snapshot = new Map();
      for (const [slot, value] of storage) if (value !== 0n) c.snapshot.set(slot, value);
    }
  }

  /** Brings the storage trie up to date with `storage`; returns whether it may have changed. */
  private static syncStorage(c: Cached, storage: ReadonlyMap<bigint, bigint>): boolean {
    if (storage !== c.storage) {
      StateTrieCache.rebuildStorage(c, storage);
      return true;
    }
    if (storage instanceof SlotMap) {
      if (storage.version !== c.version) {
        StateTrieCache.rebuildStorage(c, storage);
        return true;
      }
      const pending = c.pending;
      if (pending === undefined) return false;
      const updates: TrieUpdate[] = [];
      for (const slot of pending) {
        updates.push({ key: storageKey(slot), value: storageValue(storage.get(slot) ?? 0n) });
      }
      c.trie = trieUpdateMany(c.trie, updates);
      c.pending = undefined;
      return true;
    }
    // A plain map: compare with the snapshot of what the trie holds.
    const snapshot = c.snapshot!;
    const updates: TrieUpdate[] = [];
    let count = 0;
    for (const [slot, value] of storage) {
      if (value === 0n) continue;
      count++;
      if (snapshot.get(slot) === value) continue;
      updates.push({ key: storageKey(slot), value: storageValue(value) });
      snapshot.set(slot, value);
    }
    if (count !== snapshot.size) {
      for (const slot of snapshot.keys()) {
        if ((storage.get(slot) ?? 0n) !== 0n) continue;
        updates.push({ key: storageKey(slot), value: undefined });
        snapshot.delete(slot);
      }
    }
    if (updates.length === 0) return false;
    c.trie = trieUpdateMany(c.trie, updates);
    return true;
  }

  /**
   * Brings every trie up to date with `accounts` (the map this cache was built from, or its clone's). Throws
   * RangeError for an out-of-range address, slot or value; the cache is then unusable and must be dropped.
   */
  sync(accounts: ReadonlyMap<bigint, TrieAccount>): void {
    const updates: TrieUpdate[] = [];
    const cached = this.cached;
    let seen = 0;
    // forEach rather than for-of: no [key, value] entry allocated per account in this every-root pass.
    accounts.forEach((account, address) => {
      seen++;
      const c = cached.get(address);
      if (c === undefined) {
        const fresh = StateTrieCache.fresh(account);
        cached.set(address, fresh);
        updates.push({ key: accountKey(address), value: leafOf(fresh) });
      } else if (StateTrieCache.syncAccount(c, account)) {
        updates.push({ key: accountKey(address), value: leafOf(c) });
      }
    });
    if (seen !== cached.size) {
      for (const address of cached.keys()) {
        if (accounts.has(address)) continue;
        updates.push({ key: hashedAddressKey(address), value: undefined });
        cached.delete(address);
      }
    }
    this.root = trieUpdateMany(this.root, updates);
  }

  /** Brings `c` up to date with `account`; returns whether its leaf changed. */
  private static syncAccount(c: Cached, account: TrieAccount): boolean {
    let leafChanged = false;
    if (StateTrieCache.syncStorage(c, account.storage)) {
      const storageRoot = trieRootHash(c.trie);
      if (!bytesEqual(storageRoot, c.storageRoot)) {
        c.storageRoot = storageRoot;
        leafChanged = true;
      }
    }
    if (c.nonce !== account.nonce || c.balance !== account.balance) {
      c.nonce = account.nonce;
      c.balance = account.balance;
      leafChanged = true;
    }
    if (!bytesEqual(c.codeHash, account.codeHash)) {
      c.codeHash = account.codeHash.slice();
      leafChanged = true;
    }
    return leafChanged;
  }

  /**
   * Called by the owning state before it writes slots into `storage`, the storage map of `address`, in place.
   * Returns whether the cache can follow the writes slot by slot (then call `storageWritten` afterwards with
   * the slots written); when it returns false the next sync finds out by itself.
   */
  canFollowWrites(address: bigint, storage: ReadonlyMap<bigint, bigint>): boolean {
    const c = this.cached.get(address);
    return (
      c !== undefined && c.storage === storage && storage instanceof SlotMap && c.version === storage.version
    );
  }

  /** After writes that `canFollowWrites` allowed: records the slots written (the trie is updated at sync). */
  storageWritten(address: bigint, storage: SlotMap, slots: Iterable<bigint>): void {
    const c = this.cached.get(address)!;
    let pending = c.pending;
    if (pending === undefined) {
      pending = new Set();
      c.pending = pending;
    }
    for (const slot of slots) pending.add(slot);
    c.version = storage.version;
  }

  /**
   * A cache for a copy of the state, sharing every trie (they are immutable). `source` is the state this
   * cache follows and `copy` its copy: each copied account with a SlotMap the cache was following keeps being
   * followed through the copy's map; anything else is rebuilt at the copy's first sync.
   */
  cloneFor(source: ReadonlyMap<bigint, TrieAccount>, copy: ReadonlyMap<bigint, TrieAccount>): StateTrieCache {
    const cached = new Map<bigint, Cached>();
    for (const [address, c] of this.cached) {
      const from = source.get(address)?.storage;
      const to = copy.get(address)?.storage;
      const followed =
        from !== undefined &&
        from === c.storage &&
        from instanceof SlotMap &&
        c.version === from.version &&
        to instanceof SlotMap;
      // A literal in fresh()'s field order, not a spread (a V8 map per copy: see tx/codec/with-sender.ts).
      cached.set(address, {
        nonce: c.nonce,
        balance: c.balance,
        codeHash: c.codeHash,
        storageRoot: c.storageRoot,
        storage: followed ? to : UNTRACKED,
        version: followed ? to.version : 0,
        snapshot: undefined,
        trie: c.trie,
        pending: followed && c.pending !== undefined ? new Set(c.pending) : undefined,
      });
    }
    return new StateTrieCache(this.root, cached);
  }

  /** Root of the account trie as of the last sync. */
  get accountTrie(): TrieNode | undefined {
    return this.root;
  }

  /** The storage trie of `address` as of the last sync (undefined when empty or the account is absent). */
  storageTrie(address: bigint): TrieNode | undefined {
    return this.cached.get(address)?.trie;
  }

  /** The state root as of the last sync. */
  rootHash(): Uint8Array {
    return trieRootHash(this.root);
  }
}
