// The pre-block state as flat hash tables in SharedArrayBuffers, readable from every worker thread through
// the StateReader interface without a copy per worker: posting the buffers to a worker shares them. Built
// once from an InMemoryState on the main thread; immutable afterwards, so a caller that executes several
// blocks on the same pre-state (benchmarks, re-execution) builds it once and passes it along.
//
// Layout (all little-endian 32-bit words):
//   accountSlots   Int32Array, power-of-two open-addressing table: 0 empty, else record index + 1
//   accounts       ACCOUNT_WORDS per record: address(5) nonce(2) balance(8) codeHash(8) codeOffset
//                  codeLength flags(bit 0: has a non-zero storage slot)
//   storageSlots   Int32Array, power-of-two table over (account record, slot): 0 empty, else entry + 1
//   storage        STORAGE_WORDS per entry: account record(1) slot(8) value(8)
//   code           the distinct code blobs back to back

import { EMPTY_CODE_HASH } from "../../primitives/keccak.js";
import type { InMemoryState } from "../../state/memory-state.js";
import type { Account, StateReader } from "../../state/types.js";
import { getWords, putWords } from "../location-key.js";
import { nextPowerOfTwo } from "../shared-layout.js";

const A_ADDRESS = 0;
const A_NONCE = 5;
const A_BALANCE = 7;
const A_CODE_HASH = 15;
const A_CODE_OFFSET = 23;
const A_CODE_LENGTH = 24;
const A_FLAGS = 25;
const ACCOUNT_WORDS = 26;
const FLAG_HAS_STORAGE = 1;

const S_ACCOUNT = 0;
const S_SLOT = 1;
const S_VALUE = 9;
const STORAGE_WORDS = 17;

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

export class SharedStateSnapshot {
  private constructor(readonly buffers: SnapshotBuffers) {}

  /** Copies `state` into shared buffers (O(accounts + slots + code bytes)). */
  static fromState(state: InMemoryState): SharedStateSnapshot {
    const accountCount = state.accounts.size;
    let slotCount = 0;
    const codeOffsets = new Map<string, number>();
    let codeBytes = 0;
    for (const a of state.accounts.values()) {
      slotCount += a.storage.size;
      if (a.code.length > 0) {
        const key = Buffer.from(a.codeHash).toString("hex");
        if (!codeOffsets.has(key)) {
          codeOffsets.set(key, codeBytes);
          codeBytes += a.code.length;
        }
      }
    }
    const accountSlotCount = nextPowerOfTwo(Math.max(16, accountCount * 2));
    const storageSlotCount = nextPowerOfTwo(Math.max(16, slotCount * 2));
    const buffers: SnapshotBuffers = {
      id: `${process.pid}:${++snapshotSerial}:${Math.random()}`,
      accountSlots: new SharedArrayBuffer(accountSlotCount * 4),
      accounts: new SharedArrayBuffer(Math.max(1, accountCount) * ACCOUNT_WORDS * 4),
      storageSlots: new SharedArrayBuffer(storageSlotCount * 4),
      storage: new SharedArrayBuffer(Math.max(1, slotCount) * STORAGE_WORDS * 4),
      code: new SharedArrayBuffer(Math.max(1, codeBytes)),
    };
    const accountSlots = new Int32Array(buffers.accountSlots);
    const accounts = new Uint32Array(buffers.accounts);
    const storageSlots = new Int32Array(buffers.storageSlots);
    const storage = new Uint32Array(buffers.storage);
    const code = new Uint8Array(buffers.code);
    const accountMask = accountSlotCount - 1;
    const storageMask = storageSlotCount - 1;
    let record = 0;
    let entry = 0;
    for (const [address, a] of state.accounts) {
      const at = record * ACCOUNT_WORDS;
      putWords(accounts, at + A_ADDRESS, 5, address);
      putWords(accounts, at + A_NONCE, 2, a.nonce);
      putWords(accounts, at + A_BALANCE, 8, a.balance);
      hashToWords(a.codeHash, accounts, at + A_CODE_HASH);
      if (a.code.length > 0) {
        const offset = codeOffsets.get(Buffer.from(a.codeHash).toString("hex"))!;
        code.set(a.code, offset);
        accounts[at + A_CODE_OFFSET] = offset;
        accounts[at + A_CODE_LENGTH] = a.code.length;
      }
      let hasStorage = false;
      for (const [slot, value] of a.storage) {
        if (value === 0n) continue;
        hasStorage = true;
        const e = entry * STORAGE_WORDS;
        storage[e + S_ACCOUNT] = record;
        putWords(storage, e + S_SLOT, 8, slot);
        putWords(storage, e + S_VALUE, 8, value);
        let i = storageHash(record, storage, e + S_SLOT) & storageMask;
        while (storageSlots[i] !== 0) i = (i + 1) & storageMask;
        storageSlots[i] = entry + 1;
        entry++;
      }
      if (hasStorage) accounts[at + A_FLAGS] = FLAG_HAS_STORAGE;
      let i = addressHash(accounts, at + A_ADDRESS) & accountMask;
      while (accountSlots[i] !== 0) i = (i + 1) & accountMask;
      accountSlots[i] = record + 1;
      record++;
    }
    return new SharedStateSnapshot(buffers);
  }
}

const EMPTY_CODE = new Uint8Array(0);

/**
 * A StateReader over snapshot buffers, for one thread. Decoded accounts and code are cached (the snapshot
 * never changes), so hot accounts cost one Map lookup after their first read.
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

  getAccount(address: bigint): Account | undefined {
    const r = this.record(address);
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
    const r = this.record(address);
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
    const r = this.record(address);
    if (r < 0 || (this.accounts[r * ACCOUNT_WORDS + A_FLAGS]! & FLAG_HAS_STORAGE) === 0) return 0n;
    const key = this.key;
    putWords(key, 0, 8, slot);
    const slots = this.storageSlots;
    const mask = slots.length - 1;
    const storage = this.storage;
    for (let i = storageHash(r, key, 0) & mask; slots[i] !== 0; i = (i + 1) & mask) {
      const e = (slots[i]! - 1) * STORAGE_WORDS;
      if (storage[e + S_ACCOUNT] !== r) continue;
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
    const r = this.record(address);
    return r >= 0 && (this.accounts[r * ACCOUNT_WORDS + A_FLAGS]! & FLAG_HAS_STORAGE) !== 0;
  }
}
