// The pre-block state as flat hash tables in SharedArrayBuffers, readable from every worker thread through
// the StateReader interface without a copy per worker: posting the buffers to a worker shares them. Built
// once from an InMemoryState on the main thread, then kept current by applying each block's diff in place
// (between blocks, while no worker reads), so a node or a benchmark does not copy its state per block.
// Tables are allocated with headroom; when a diff does not fit, applyDiff says so and the caller rebuilds.
//
// Layout (all little-endian 32-bit words):
//   accountSlots   Int32Array, power-of-two open-addressing table: 0 empty, else record index + 1
//   accounts       ACCOUNT_WORDS per record: address(5) nonce(2) balance(8) codeHash(8) codeOffset
//                  codeLength flags(bit 0: deleted) storageGeneration liveSlots(non-zero slots)
//   storageSlots   Int32Array, power-of-two table over (account record, slot): 0 empty, else entry + 1
//   storage        STORAGE_WORDS per entry: account record(1) generation(1) slot(8) value(8); an entry
//                  counts only while its generation is its account's (deletion and storage clearing bump
//                  the account's generation instead of erasing entries)
//   code           the distinct code blobs back to back

import { getWords, putWords } from "../block-stm/location-key.js";
import { nextPowerOfTwo } from "../block-stm/shared-layout.js";
import { EMPTY_CODE_HASH } from "../primitives/keccak.js";
import type { InMemoryState } from "../state/memory-state.js";
import type { Account, StateDiff, StateReader } from "../state/types.js";

const A_ADDRESS = 0;
const A_NONCE = 5;
const A_BALANCE = 7;
const A_CODE_HASH = 15;
const A_CODE_OFFSET = 23;
const A_CODE_LENGTH = 24;
const A_FLAGS = 25;
const A_GENERATION = 26;
const A_LIVE_SLOTS = 27;
const ACCOUNT_WORDS = 28;
const FLAG_DELETED = 1;

const S_ACCOUNT = 0;
const S_GENERATION = 1;
const S_SLOT = 2;
const S_VALUE = 10;
const STORAGE_WORDS = 18;

/** Structured-cloneable: what a worker needs to read the snapshot. */
export interface SnapshotBuffers {
  /** Unique per snapshot, so a worker can keep its decoded caches while the same snapshot is reused. */
  id: string;
  accountSlots: SharedArrayBuffer;
  accounts: SharedArrayBuffer;
  storageSlots: SharedArrayBuffer;
  storage: SharedArrayBuffer;
  code: SharedArrayBuffer;
}

let snapshotSerial = 0;

/** Mixes the words of a key into a table index (an FNV-1a-style multiply-xor over 32-bit words). */
function mix(h: number, word: number): number {
  return Math.imul(h ^ word, 0x01000193) >>> 0;
}

function addressHash(words: Uint32Array, at: number): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < 5; i++) h = mix(h, words[at + i]!);
  return h ^ (h >>> 15);
}

function storageHash(record: number, words: Uint32Array, at: number): number {
  let h = mix(0x811c9dc5, record);
  for (let i = 0; i < 8; i++) h = mix(h, words[at + i]!);
  return h ^ (h >>> 15);
}

function hashToWords(hash: Uint8Array, out: Uint32Array, at: number): void {
  for (let i = 0; i < 8; i++) {
    const b = i * 4;
    out[at + i] = (hash[b]! | (hash[b + 1]! << 8) | (hash[b + 2]! << 16) | (hash[b + 3]! << 24)) >>> 0;
  }
}

/** Reads 8 words as 32 bytes (the inverse of hashToWords); EMPTY_CODE_HASH itself when equal to it. */
export function wordsToHash(words: ArrayLike<number>, at: number): Uint8Array {
  const out = new Uint8Array(32);
  let empty = true;
  for (let i = 0; i < 8; i++) {
    const w = words[at + i]!;
    const b = i * 4;
    out[b] = w & 0xff;
    out[b + 1] = (w >>> 8) & 0xff;
    out[b + 2] = (w >>> 16) & 0xff;
    out[b + 3] = (w >>> 24) & 0xff;
    for (let k = 0; k < 4; k++) if (out[b + k] !== EMPTY_CODE_HASH[b + k]) empty = false;
  }
  return empty ? EMPTY_CODE_HASH : out;
}

export { hashToWords };

function hashKey(hash: Uint8Array): string {
  return Buffer.from(hash).toString("hex");
}

function newId(): string {
  return `${process.pid}:${++snapshotSerial}:${Math.random()}`;
}

export class SharedStateSnapshot {
  private readonly accountSlots: Int32Array;
  private readonly accounts: Uint32Array;
  private readonly storageSlots: Int32Array;
  private readonly storage: Uint32Array;
  private readonly code: Uint8Array;
  /** Main-thread indexes for applyDiff (workers probe the tables instead). */
  private readonly recordOf = new Map<bigint, number>();
  private readonly slotEntries = new Map<number, Map<bigint, number>>();
  private readonly codeOffsets = new Map<string, number>();
  private recordCount = 0;
  private entryCount = 0;
  private codeCursor = 0;

  private constructor(readonly buffers: SnapshotBuffers) {
    this.accountSlots = new Int32Array(buffers.accountSlots);
    this.accounts = new Uint32Array(buffers.accounts);
    this.storageSlots = new Int32Array(buffers.storageSlots);
    this.storage = new Uint32Array(buffers.storage);
    this.code = new Uint8Array(buffers.code);
  }

  /**
   * Copies `state` into shared buffers (O(accounts + slots + code bytes)), with room to grow.
   * `partialStorage`: accounts whose storage `state` holds only in part (an image of an execution witness,
   * src/witness); each counts one more live slot than it holds, so hasStorage says true for it while a
   * slot it lacks still reads as zero (the witness verifier checks every slot a transaction read).
   */
  static fromState(state: InMemoryState, partialStorage: Iterable<bigint> = []): SharedStateSnapshot {
    let slotCount = 0;
    let codeBytes = 0;
    const seen = new Set<string>();
    for (const a of state.accounts.values()) {
      slotCount += a.storage.size;
      if (a.code.length > 0 && !seen.has(hashKey(a.codeHash))) {
        seen.add(hashKey(a.codeHash));
        codeBytes += a.code.length;
      }
    }
    const accountCapacity = Math.max(1024, state.accounts.size * 2);
    const slotCapacity = Math.max(4096, slotCount * 2);
    const snapshot = new SharedStateSnapshot({
      id: newId(),
      accountSlots: new SharedArrayBuffer(nextPowerOfTwo(accountCapacity * 2) * 4),
      accounts: new SharedArrayBuffer(accountCapacity * ACCOUNT_WORDS * 4),
      storageSlots: new SharedArrayBuffer(nextPowerOfTwo(slotCapacity * 2) * 4),
      storage: new SharedArrayBuffer(slotCapacity * STORAGE_WORDS * 4),
      code: new SharedArrayBuffer(Math.max(1 << 20, codeBytes * 2)),
    });
    for (const [address, a] of state.accounts) {
      const record = snapshot.addRecord(address);
      snapshot.setAccount(record, a.nonce, a.balance, a.codeHash);
      if (a.code.length > 0) snapshot.setCode(record, a.codeHash, a.code);
      for (const [slot, value] of a.storage) snapshot.writeSlot(record, slot, value);
    }
    for (const address of partialStorage) {
      const record = snapshot.recordOf.get(address);
      if (record === undefined) continue;
      const at = record * ACCOUNT_WORDS + A_LIVE_SLOTS;
      snapshot.accounts[at] = snapshot.accounts[at]! + 1;
    }
    return snapshot;
  }

  /**
   * Applies a block's diff in place (only while no block is running on it) and gives the snapshot a new
   * id, so workers drop their caches. Returns false, changing nothing, when the diff does not fit in the
   * remaining room: build a new snapshot from the post-state then.
   */
  applyDiff(diff: StateDiff): boolean {
    let newRecords = 0;
    let newEntries = 0;
    let newCode = 0;
    for (const [address, change] of diff) {
      if (!this.recordOf.has(address)) newRecords++;
      newEntries += change.storage.size;
      if (change.code !== undefined) newCode += change.code.length;
    }
    if (
      this.recordCount + newRecords > this.accounts.length / ACCOUNT_WORDS ||
      this.entryCount + newEntries > this.storage.length / STORAGE_WORDS ||
      this.codeCursor + newCode > this.code.length
    ) {
      return false;
    }
    for (const [address, change] of diff) {
      if (change.account === undefined) {
        const record = this.recordOf.get(address);
        if (record === undefined) continue;
        const at = record * ACCOUNT_WORDS;
        this.accounts[at + A_FLAGS] = FLAG_DELETED;
        this.setAccount(record, 0n, 0n, EMPTY_CODE_HASH);
        this.accounts[at + A_CODE_LENGTH] = 0;
        this.clearStorage(record);
        continue;
      }
      let record = this.recordOf.get(address);
      if (record === undefined) record = this.addRecord(address);
      const at = record * ACCOUNT_WORDS;
      if ((this.accounts[at + A_FLAGS]! & FLAG_DELETED) !== 0) {
        // Re-created: it starts without code, like an account new to an InMemoryState.
        this.accounts[at + A_FLAGS] = 0;
        this.accounts[at + A_CODE_LENGTH] = 0;
      }
      this.setAccount(record, change.account.nonce, change.account.balance, change.account.codeHash);
      if (change.code !== undefined) this.setCode(record, change.account.codeHash, change.code);
      if (change.storageCleared) this.clearStorage(record);
      for (const [slot, value] of change.storage) this.writeSlot(record, slot, value);
    }
    this.buffers.id = newId();
    return true;
  }

  private addRecord(address: bigint): number {
    const record = this.recordCount++;
    const at = record * ACCOUNT_WORDS;
    putWords(this.accounts, at + A_ADDRESS, 5, address);
    hashToWords(EMPTY_CODE_HASH, this.accounts, at + A_CODE_HASH);
    const mask = this.accountSlots.length - 1;
    let i = addressHash(this.accounts, at + A_ADDRESS) & mask;
    while (this.accountSlots[i] !== 0) i = (i + 1) & mask;
    this.accountSlots[i] = record + 1;
    this.recordOf.set(address, record);
    return record;
  }

  private setAccount(record: number, nonce: bigint, balance: bigint, codeHash: Uint8Array): void {
    const at = record * ACCOUNT_WORDS;
    putWords(this.accounts, at + A_NONCE, 2, nonce);
    putWords(this.accounts, at + A_BALANCE, 8, balance);
    hashToWords(codeHash, this.accounts, at + A_CODE_HASH);
  }

  private setCode(record: number, codeHash: Uint8Array, code: Uint8Array): void {
    const at = record * ACCOUNT_WORDS;
    this.accounts[at + A_CODE_LENGTH] = code.length;
    if (code.length === 0) return;
    let offset = this.codeOffsets.get(hashKey(codeHash));
    if (offset === undefined) {
      offset = this.codeCursor;
      this.code.set(code, offset);
      this.codeCursor += code.length;
      this.codeOffsets.set(hashKey(codeHash), offset);
    }
    this.accounts[at + A_CODE_OFFSET] = offset;
  }

  private clearStorage(record: number): void {
    const at = record * ACCOUNT_WORDS;
    this.accounts[at + A_GENERATION] = (this.accounts[at + A_GENERATION]! + 1) >>> 0;
    this.accounts[at + A_LIVE_SLOTS] = 0;
    this.slotEntries.delete(record);
  }

  private writeSlot(record: number, slot: bigint, value: bigint): void {
    const at = record * ACCOUNT_WORDS;
    let entries = this.slotEntries.get(record);
    if (entries === undefined) {
      entries = new Map();
      this.slotEntries.set(record, entries);
    }
    const storage = this.storage;
    const existing = entries.get(slot);
    if (existing !== undefined) {
      const e = existing * STORAGE_WORDS;
      const wasLive = getWords(storage, e + S_VALUE, 8) !== 0n;
      putWords(storage, e + S_VALUE, 8, value);
      this.accounts[at + A_LIVE_SLOTS] =
        this.accounts[at + A_LIVE_SLOTS]! + (value !== 0n ? 1 : 0) - (wasLive ? 1 : 0);
      return;
    }
    if (value === 0n) return;
    const entry = this.entryCount++;
    const e = entry * STORAGE_WORDS;
    storage[e + S_ACCOUNT] = record;
    storage[e + S_GENERATION] = this.accounts[at + A_GENERATION]!;
    putWords(storage, e + S_SLOT, 8, slot);
    putWords(storage, e + S_VALUE, 8, value);
    const mask = this.storageSlots.length - 1;
    let i = storageHash(record, storage, e + S_SLOT) & mask;
    while (this.storageSlots[i] !== 0) i = (i + 1) & mask;
    this.storageSlots[i] = entry + 1;
    entries.set(slot, entry);
    this.accounts[at + A_LIVE_SLOTS] = this.accounts[at + A_LIVE_SLOTS]! + 1;
  }
}

const EMPTY_CODE = new Uint8Array(0);

/**
 * A StateReader over snapshot buffers, for one thread. Decoded accounts and code are cached (a snapshot
 * changes only between blocks, and then gets a new id, so a worker makes a new reader), so hot accounts
 * cost one Map lookup after their first read.
 */
export class SnapshotReader implements StateReader {
  private readonly accountSlots: Int32Array;
  private readonly accounts: Uint32Array;
  private readonly storageSlots: Int32Array;
  private readonly storage: Uint32Array;
  private readonly code: Uint8Array;
  private readonly accountCache = new Map<bigint, number>();
  private readonly decoded = new Map<number, Account>();
  private readonly codeCache = new Map<number, Uint8Array>();
  private readonly key = new Uint32Array(8);

  constructor(readonly buffers: SnapshotBuffers) {
    this.accountSlots = new Int32Array(buffers.accountSlots);
    this.accounts = new Uint32Array(buffers.accounts);
    this.storageSlots = new Int32Array(buffers.storageSlots);
    this.storage = new Uint32Array(buffers.storage);
    this.code = new Uint8Array(buffers.code);
  }

  /** The account's record index, or -1. */
  private record(address: bigint): number {
    const cached = this.accountCache.get(address);
    if (cached !== undefined) return cached;
    const key = this.key;
    putWords(key, 0, 5, address);
    const slots = this.accountSlots;
    const mask = slots.length - 1;
    const accounts = this.accounts;
    let found = -1;
    for (let i = addressHash(key, 0) & mask; slots[i] !== 0; i = (i + 1) & mask) {
      const r = slots[i]! - 1;
      const at = r * ACCOUNT_WORDS + A_ADDRESS;
      if (
        accounts[at] === key[0] &&
        accounts[at + 1] === key[1] &&
        accounts[at + 2] === key[2] &&
        accounts[at + 3] === key[3] &&
        accounts[at + 4] === key[4]
      ) {
        found = r;
        break;
      }
    }
    this.accountCache.set(address, found);
    return found;
  }

  /** The live record of `address`, or -1 (absent or deleted). */
  private live(address: bigint): number {
    const r = this.record(address);
    return r >= 0 && (this.accounts[r * ACCOUNT_WORDS + A_FLAGS]! & FLAG_DELETED) === 0 ? r : -1;
  }

  getAccount(address: bigint): Account | undefined {
    const r = this.live(address);
    if (r < 0) return undefined;
    let account = this.decoded.get(r);
    if (account === undefined) {
      const at = r * ACCOUNT_WORDS;
      account = {
        nonce: getWords(this.accounts, at + A_NONCE, 2),
        balance: getWords(this.accounts, at + A_BALANCE, 8),
        codeHash: wordsToHash(this.accounts, at + A_CODE_HASH),
      };
      this.decoded.set(r, account);
    }
    // A copy: the EVM's account objects are its own (it never mutates them, but callers may).
    return { nonce: account.nonce, balance: account.balance, codeHash: account.codeHash };
  }

  getCode(address: bigint): Uint8Array {
    const r = this.live(address);
    if (r < 0) return EMPTY_CODE;
    const at = r * ACCOUNT_WORDS;
    const length = this.accounts[at + A_CODE_LENGTH]!;
    if (length === 0) return EMPTY_CODE;
    const offset = this.accounts[at + A_CODE_OFFSET]!;
    let code = this.codeCache.get(offset);
    if (code === undefined) {
      code = this.code.slice(offset, offset + length); // an unshared copy, cached per thread
      this.codeCache.set(offset, code);
    }
    return code;
  }

  getStorage(address: bigint, slot: bigint): bigint {
    const r = this.live(address);
    if (r < 0 || this.accounts[r * ACCOUNT_WORDS + A_LIVE_SLOTS] === 0) return 0n;
    const generation = this.accounts[r * ACCOUNT_WORDS + A_GENERATION];
    const key = this.key;
    putWords(key, 0, 8, slot);
    const slots = this.storageSlots;
    const mask = slots.length - 1;
    const storage = this.storage;
    for (let i = storageHash(r, key, 0) & mask; slots[i] !== 0; i = (i + 1) & mask) {
      const e = (slots[i]! - 1) * STORAGE_WORDS;
      if (storage[e + S_ACCOUNT] !== r || storage[e + S_GENERATION] !== generation) continue;
      let same = true;
      for (let w = 0; w < 8; w++) {
        if (storage[e + S_SLOT + w] !== key[w]) {
          same = false;
          break;
        }
      }
      if (same) return getWords(storage, e + S_VALUE, 8);
    }
    return 0n;
  }

  hasStorage(address: bigint): boolean {
    const r = this.live(address);
    return r >= 0 && this.accounts[r * ACCOUNT_WORDS + A_LIVE_SLOTS]! > 0;
  }
}
