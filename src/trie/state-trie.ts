// The world-state trie kept alongside a mutable state (InMemoryState): the account trie and one storage trie
// per account, as persistent tries (persistent-trie.ts), brought up to date incrementally.
//
// The maps of the state stay the source of truth; the tries are a cache of them. Every write goes through the
// owning state (InMemoryState's methods: its maps are read-only to everyone else), which keeps a dirty set of
// the accounts it changed and tells the cache which slots it wrote in place, so a sync visits the changed
// accounts and slots only: the cost of a root follows the changes, not the size of the state. A storage map
// that is not the one the trie was built from (re-created account, cleared storage, putAccount) is rebuilt.
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
  /** Shared with the account: code-hash arrays are never written in place (the state's contract). */
  codeHash: Uint8Array;
  /** Root of `trie`, as written into the leaf. */
  storageRoot: Uint8Array;
  /** The storage map `trie` follows (its identity): a different map means "rebuild". */
  storage: ReadonlyMap<bigint, bigint>;
  trie: TrieNode | undefined;
  /** Slots written in place in `storage` since `trie` was last updated. */
  pending: Set<bigint> | undefined;
}

function leafOf(c: Cached): Uint8Array {
  return encodeAccountLeaf(c.nonce, c.balance, c.storageRoot, c.codeHash);
}

/**
 * The account trie and storage tries of a state, as of its last `sync`. The owning state reports every change:
 * which accounts changed (the `dirty` set given to `sync`) and which slots it wrote in place in a storage map
 * (`storageWritten`); a storage map replaced by another (cleared or re-created storage) is rebuilt. So a sync
 * costs the changed accounts and slots only, whatever the size of the state. Read `accountTrie` /
 * `storageTrie` only right after a sync (InMemoryState.syncedTries does both).
 */
export class StateTrieCache {
  private root: TrieNode | undefined;
  private readonly cached: Map<bigint, Cached>;
  /** Accounts the last sync looked at (what a root cost; for tests and measurements). */
  lastSyncAccounts = 0;

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
    const cache = new StateTrieCache(trieFromEntries(entries), cached);
    cache.lastSyncAccounts = accounts.size;
    return cache;
  }

  private static fresh(account: TrieAccount): Cached {
    const c: Cached = {
      nonce: account.nonce,
      balance: account.balance,
      codeHash: account.codeHash,
      storageRoot: new Uint8Array(0),
      storage: account.storage,
      trie: storageTrieOf(account.storage),
      pending: undefined,
    };
    c.storageRoot = trieRootHash(c.trie);
    return c;
  }

  /** Brings the storage trie up to date with `storage`; returns whether it may have changed. */
  private static syncStorage(c: Cached, storage: ReadonlyMap<bigint, bigint>): boolean {
    if (storage !== c.storage) {
      c.trie = storageTrieOf(storage);
      c.storage = storage;
      c.pending = undefined;
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

  /**
   * Brings the tries up to date with the accounts in `dirty` (addresses of `accounts` that changed, were
   * added or were removed since the last sync), then empties `dirty`. Throws RangeError for an out-of-range
   * address, slot or value; the cache is then unusable and must be dropped.
   */
  sync(accounts: ReadonlyMap<bigint, TrieAccount>, dirty: Set<bigint>): void {
    const updates: TrieUpdate[] = [];
    const cached = this.cached;
    for (const address of dirty) {
      const account = accounts.get(address);
      const c = cached.get(address);
      if (account === undefined) {
        if (c === undefined) continue;
        updates.push({ key: hashedAddressKey(address), value: undefined });
        cached.delete(address);
      } else if (c === undefined) {
        const fresh = StateTrieCache.fresh(account);
        cached.set(address, fresh);
        updates.push({ key: accountKey(address), value: leafOf(fresh) });
      } else if (StateTrieCache.syncAccount(c, account)) {
        updates.push({ key: accountKey(address), value: leafOf(c) });
      }
    }
    this.lastSyncAccounts = dirty.size;
    dirty.clear();
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
    if (c.codeHash !== account.codeHash) {
      if (!bytesEqual(c.codeHash, account.codeHash)) leafChanged = true;
      c.codeHash = account.codeHash;
    }
    return leafChanged;
  }

  /**
   * Called by the owning state after it wrote `slots` in place into `storage`, the storage map of `address`
   * (the account must also be in the next sync's dirty set). Writes to a map the cache does not follow need
   * no record: that map is rebuilt at the next sync anyway.
   */
  storageWritten(address: bigint, storage: ReadonlyMap<bigint, bigint>, slots: Iterable<bigint>): void {
    const c = this.cached.get(address);
    if (c === undefined || c.storage !== storage) return;
    let pending = c.pending;
    if (pending === undefined) {
      pending = new Set();
      c.pending = pending;
    }
    for (const slot of slots) pending.add(slot);
  }

  /**
   * A cache for a copy of the state, sharing every trie (they are immutable). `source` is the state this
   * cache follows and `copy` its copy (same addresses, copied storage maps): each account whose storage map
   * the cache was following is followed through the copy's map; any other is rebuilt at the copy's first
   * sync (it is in the dirty set the copy inherits).
   */
  cloneFor(source: ReadonlyMap<bigint, TrieAccount>, copy: ReadonlyMap<bigint, TrieAccount>): StateTrieCache {
    const cached = new Map<bigint, Cached>();
    for (const [address, c] of this.cached) {
      const from = source.get(address)?.storage;
      const to = copy.get(address)?.storage;
      const followed = from !== undefined && from === c.storage && to !== undefined;
      // A literal in fresh()'s field order, not a spread (a V8 map per copy: see tx/codec/with-sender.ts).
      cached.set(address, {
        nonce: c.nonce,
        balance: c.balance,
        codeHash: c.codeHash,
        storageRoot: c.storageRoot,
        storage: followed ? to : UNTRACKED,
        trie: c.trie,
        pending: followed && c.pending !== undefined ? new Set(c.pending) : undefined,
      });
    }
    const clone = new StateTrieCache(this.root, cached);
    return clone;
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
