// The StateReader one transaction incarnation executes against on a worker: each account field and storage
// slot is a Block-STM location, read through the TxView (the latest lower transaction's write, recorded in
// the read set) and otherwise from the pre-block state. After the transaction it turns the transaction's
// StateDiff into location writes, publishing only fields that differ from what the transaction read, so a
// transaction that calls a contract does not conflict with one that merely paid it.
//
// Value encodings (8 words, little-endian): nonce in words 0-1 with word 7 = 1 when the account exists
// (an account's existence changes only together with a nonce write); balance and storage as 256-bit
// words; code hash as its 32 bytes.
//
// The fee recipient: a transaction that never touches the coinbase account defers its fee credit to a
// per-transaction FEE location (see applyTransaction's deferFeeRecipientCredit). Reading the coinbase
// balance then means: the latest explicit balance write (by tx j, or the pre-state) plus the FEE values of
// every transaction between j and this one, all recorded as reads, so validation catches any change.
//
// Hot recipients: the same for an account that several transactions of the block pay by plain value
// transfer (see applyTransaction's deferValueTransfer). Those transactions (the payers, known from the
// block before it runs: hot-recipients.ts) check only the recipient's code hash and write their credit to
// a per-transaction CREDIT location; a transaction that does read the recipient sums the credits of the
// payers between the latest explicit balance write and itself. A payer that finds code at the recipient
// pays it the ordinary way (an explicit write), so the credits present are always a subset of the payers'.

import {
  getWords,
  KIND_BALANCE,
  KIND_BLOCK_HASH,
  KIND_CODE,
  KIND_CODE_HASH,
  KIND_CREDIT,
  KIND_FEE,
  KIND_NONCE,
  newKeyBuffer,
  putWords,
  writeAccountKey,
  writeAccountKeyFromWords,
  writeSmallKey,
  writeStorageKeyFromWords,
} from "../block-stm/location-key.js";
import type { TxView } from "../block-stm/vm-interface.js";
import { bytesEqual } from "../primitives/hex.js";
import { EMPTY_CODE_HASH } from "../primitives/keccak.js";
import type { Account, StateDiff, StateReader } from "../state/types.js";
import type { DeferredCredit } from "../tx/execute.js";
import type { CodeArena } from "./code-arena.js";
import { HotRecipients } from "./hot-recipients.js";
import { hashToWords, wordsToHash } from "./shared-snapshot.js";

const EXISTS_WORD = 7;

/** A case the parallel path does not model; the block is executed sequentially instead. */
export class ParallelUnsupportedError extends Error {
  override name = "ParallelUnsupportedError";
}

export class TxStateReader implements StateReader {
  private view!: TxView;
  private tx = 0;
  /** Each account as this incarnation was told it is: the baseline its writes are diffed against. */
  private readonly seen = new Map<bigint, Account | undefined>();
  /** Accounts whose code hash came from a write in this block: their code is in the arena. */
  private readonly blockCode = new Set<bigint>();
  private readonly key = newKeyBuffer();
  private readonly value = new Uint32Array(8);
  /**
   * Per account, for this block on this thread: its fields' and slots' location ids and its payers (if it
   * is a hot recipient). Ids are stable within a block, and building and interning a key (BigInt to words,
   * hashing 14 words) is the most expensive part of a read otherwise; one lookup here serves all three
   * fields of an account. The reader is created per block, so these never outlive the ids.
   */
  private readonly ids = new Map<bigint, AccountIds>();
  constructor(
    private readonly base: StateReader,
    private readonly arena: CodeArena,
    private readonly coinbase: bigint,
    private readonly hot: HotRecipients | undefined = undefined,
    /**
     * Also read the KIND_CODE / KIND_BLOCK_HASH markers, so that the read set says which pre-state code and
     * which ancestor hashes the incarnation used (execution witnesses). Off by default: it costs a location.
     */
    private readonly recordReads = false,
  ) {}

  /** Puts a never-written marker location into this incarnation's read set. */
  private readMarker(kind: number, address: bigint): void {
    writeAccountKey(this.key, kind, address);
    this.view.read(this.view.locate(this.key), this.value);
  }

  /** BLOCKHASH(number) was asked (the env calls this while this incarnation runs). */
  noteBlockHash(number: bigint): void {
    if (this.recordReads) this.readMarker(KIND_BLOCK_HASH, number);
  }

  /** Starts an incarnation of transaction `tx`. */
  begin(tx: number, view: TxView): void {
    this.tx = tx;
    this.view = view;
    this.seen.clear();
    this.blockCode.clear();
  }

  private idsOf(address: bigint): AccountIds {
    let ids = this.ids.get(address);
    if (ids === undefined) {
      ids = new AccountIds(address, this.hot?.byRecipient.get(address));
      this.ids.set(address, ids);
    }
    return ids;
  }

  private accountLocation(kind: number, address: bigint, ids: AccountIds = this.idsOf(address)): number {
    let loc = ids.fields[kind]!;
    if (loc < 0) {
      writeAccountKeyFromWords(this.key, kind, ids.addressWords);
      loc = this.view.locate(this.key);
      ids.fields[kind] = loc;
    }
    return loc;
  }

  private storageLocation(address: bigint, slot: bigint): number {
    const ids = this.idsOf(address);
    let slots = ids.slots;
    if (slots === undefined) {
      slots = new Map();
      ids.slots = slots;
    }
    let loc = slots.get(slot);
    if (loc === undefined) {
      writeStorageKeyFromWords(this.key, ids.addressWords, slot);
      loc = this.view.locate(this.key);
      slots.set(slot, loc);
    }
    return loc;
  }

  getAccount(address: bigint): Account | undefined {
    const seen = this.seen.get(address);
    if (seen !== undefined) return { nonce: seen.nonce, balance: seen.balance, codeHash: seen.codeHash };
    if (this.seen.has(address)) return undefined;
    const view = this.view;
    const v = this.value;
    const ids = this.idsOf(address);
    // The pre-state account, read once and only if some field has no write in the block.
    let base: Account | undefined | null = null;

    let exists: boolean;
    let nonce: bigint;
    let nonceWriter = -1;
    if (view.read(this.accountLocation(KIND_NONCE, address, ids), v)) {
      exists = v[EXISTS_WORD] !== 0;
      nonce = getWords(v, 0, 2);
      nonceWriter = view.lastWriter;
    } else {
      base = this.base.getAccount(address);
      exists = base !== undefined;
      nonce = base?.nonce ?? 0n;
    }

    let latestWriter = nonceWriter;
    let balance: bigint;
    let balanceWriter = -1;
    if (view.read(this.accountLocation(KIND_BALANCE, address, ids), v)) {
      balance = getWords(v, 0, 8);
      balanceWriter = view.lastWriter;
      if (balanceWriter > latestWriter) latestWriter = balanceWriter;
    } else {
      if (base === null) base = this.base.getAccount(address);
      balance = base?.balance ?? 0n;
    }

    let codeHash: Uint8Array;
    if (view.read(this.accountLocation(KIND_CODE_HASH, address, ids), v)) {
      codeHash = wordsToHash(v, 0);
      if (view.lastWriter > latestWriter) latestWriter = view.lastWriter;
      this.blockCode.add(address);
    } else {
      if (base === null) base = this.base.getAccount(address);
      codeHash = base?.codeHash ?? EMPTY_CODE_HASH;
    }
    // Existence changes only with a nonce write (creation or deletion), except through fee credits (below).
    // A later write to another field was made to an existing account that the write did not delete.
    if (latestWriter > nonceWriter) exists = true;

    if (address === this.coinbase && this.tx > balanceWriter + 1) {
      // Every transaction between the last explicit balance write and this one credited its fee.
      for (let k = balanceWriter + 1; k < this.tx; k++) {
        writeSmallKey(this.key, KIND_FEE, k, 0);
        if (view.read(view.locate(this.key), v)) balance += getWords(v, 0, 8);
      }
      // Each credit touched the account (EIP-161): after the latest one it exists exactly when non-empty.
      if (this.tx - 1 > latestWriter) {
        exists = nonce !== 0n || balance !== 0n || !bytesEqual(codeHash, EMPTY_CODE_HASH);
      }
    }

    const payers = ids.payers;
    if (payers !== undefined) {
      // Every credit a payer between the latest explicit balance write and this transaction deferred.
      for (let p = HotRecipients.firstAfter(payers, balanceWriter); p < payers.length; p++) {
        const k = payers[p]!;
        if (k >= this.tx) break;
        writeSmallKey(this.key, KIND_CREDIT, k, 0);
        if (!view.read(view.locate(this.key), v)) continue;
        balance += getWords(v, 0, 8);
        // A positive credit leaves the account non-empty, so existing, unless a later write deleted it.
        if (k > latestWriter) exists = true;
      }
    }

    this.seen.set(address, exists ? { nonce, balance, codeHash } : undefined);
    return exists ? { nonce, balance, codeHash } : undefined;
  }

  /** The code hash alone: a payer learns the recipient has no code without reading its balance. */
  getCodeHash(address: bigint): Uint8Array {
    const seen = this.seen.get(address);
    if (seen !== undefined || this.seen.has(address)) return seen?.codeHash ?? EMPTY_CODE_HASH;
    const v = this.value;
    if (this.view.read(this.accountLocation(KIND_CODE_HASH, address), v)) return wordsToHash(v, 0);
    return this.base.getAccount(address)?.codeHash ?? EMPTY_CODE_HASH;
  }

  /** The lower transaction whose nonce write this incarnation sees for `address` (-1: the pre-state). */
  nonceWriter(address: bigint): number {
    this.view.read(this.accountLocation(KIND_NONCE, address), this.value);
    return this.view.lastWriter;
  }

  getCode(address: bigint): Uint8Array {
    const account = this.getAccount(address);
    if (!this.blockCode.has(address)) {
      if (this.recordReads) this.readMarker(KIND_CODE, address);
      return this.base.getCode(address);
    }
    if (account === undefined || bytesEqual(account.codeHash, EMPTY_CODE_HASH)) return new Uint8Array(0);
    const code = this.arena.get(account.codeHash);
    if (code === undefined) throw new Error("internal: code written in this block is missing from the arena");
    return code;
  }

  getStorage(address: bigint, slot: bigint): bigint {
    const v = this.value;
    if (this.view.read(this.storageLocation(address, slot), v)) return getWords(v, 0, 8);
    return this.base.getStorage(address, slot);
  }

  /**
   * From the pre-block state only. Storage written in this block belongs to an account with code or a
   * nonce (only code writes storage; a delegated EOA has a nonce), which collides on those anyway; such an
   * account loses them only by being destroyed in its creating transaction, which also discards its
   * storage. So the answer differs from the sequential one only where it cannot change a result.
   */
  hasStorage(address: bigint): boolean {
    return this.base.hasStorage(address);
  }

  /** Publishes the transaction's changes as location writes (only what differs from what it read). */
  writeDiff(
    diff: StateDiff,
    deferredFee: bigint | undefined,
    deferredCredit: DeferredCredit | undefined,
  ): void {
    const view = this.view;
    const v = this.value;
    const key = this.key;
    for (const [address, change] of diff) {
      if (!this.seen.has(address)) throw new Error("internal: a diff entry for an account never read");
      const before = this.seen.get(address);
      if (change.account === undefined) {
        if (before === undefined) continue; // never existed as far as this transaction saw: no change
        if (this.base.hasStorage(address)) {
          throw new ParallelUnsupportedError("a transaction deletes an account that has pre-block storage");
        }
        v.fill(0);
        view.write(this.accountLocation(KIND_NONCE, address), v);
        if (before.balance !== 0n) view.write(this.accountLocation(KIND_BALANCE, address), v);
        if (!bytesEqual(before.codeHash, EMPTY_CODE_HASH)) {
          hashToWords(EMPTY_CODE_HASH, v, 0);
          view.write(this.accountLocation(KIND_CODE_HASH, address), v);
        }
        continue;
      }
      const after = change.account;
      if (before === undefined || after.nonce !== before.nonce) {
        v.fill(0);
        putWords(v, 0, 2, after.nonce);
        v[EXISTS_WORD] = 1;
        view.write(this.accountLocation(KIND_NONCE, address), v);
      }
      if (after.balance !== (before?.balance ?? 0n)) {
        putWords(v, 0, 8, after.balance);
        view.write(this.accountLocation(KIND_BALANCE, address), v);
      }
      if (change.code !== undefined || !bytesEqual(after.codeHash, before?.codeHash ?? EMPTY_CODE_HASH)) {
        if (change.code !== undefined && change.code.length > 0) this.arena.put(after.codeHash, change.code);
        hashToWords(after.codeHash, v, 0);
        view.write(this.accountLocation(KIND_CODE_HASH, address), v);
      }
      if (change.storageCleared && this.base.hasStorage(address)) {
        throw new ParallelUnsupportedError("a transaction clears pre-block storage");
      }
      for (const [slot, value] of change.storage) {
        putWords(v, 0, 8, value);
        view.write(this.storageLocation(address, slot), v);
      }
    }
    if (deferredFee !== undefined && deferredFee !== 0n) {
      writeSmallKey(key, KIND_FEE, this.tx, 0);
      putWords(v, 0, 8, deferredFee);
      view.write(view.locate(key), v);
    }
    if (deferredCredit !== undefined) {
      if (this.hot?.pays(this.tx, deferredCredit.address) !== true) {
        throw new Error("internal: a deferred credit from a transaction not listed as a payer");
      }
      writeSmallKey(key, KIND_CREDIT, this.tx, 0);
      putWords(v, 0, 8, deferredCredit.amount);
      view.write(view.locate(key), v);
    }
  }
}

/** One account's location ids on one thread for one block (see TxStateReader.ids). */
class AccountIds {
  /** Indexed by kind (KIND_NONCE, KIND_BALANCE, KIND_CODE_HASH); -1 until interned. */
  readonly fields = new Int32Array(4).fill(-1);
  slots: Map<bigint, number> | undefined = undefined;
  /** The address as a location key's five words: converted from the BigInt once, not once per key. */
  readonly addressWords = new Uint32Array(5);

  constructor(
    address: bigint,
    readonly payers: readonly number[] | undefined,
  ) {
    putWords(this.addressWords, 0, 5, address);
  }
}
