// The journaled view of state one transaction executes against: a write overlay over a StateReader with
// checkpoint/revert, EIP-2929 warm sets, EIP-1153 transient storage, self-destructs (every one before
// EIP-6780) and EIP-161 touches. `finalize()` turns the overlay into the StateDiff the transaction produced.
import { EMPTY_CODE_HASH, keccak256 } from "../primitives/keccak.js";
import type { AccountDiff, StateDiff, StateReader } from "./types.js";

/** Address 0x03: geth keeps its EIP-161 touch across reverts (a consensus quirk tests depend on). */
const RIPEMD_ADDRESS = 3n;

const EMPTY_CODE = new Uint8Array(0);

/**
 * The `storage` of every account diff `finalize` makes without slot changes (senders, the fee recipient):
 * shared, so diffs are read-only to their consumers (none writes into a diff's storage map).
 */
const NO_SLOT_CHANGES: Map<bigint, bigint> = new Map();

/** One account as the transaction sees it. */
export class AccountState {
  nonce: bigint;
  balance: bigint;
  codeHash: Uint8Array;
  /** Loaded lazily: undefined until first needed. */
  code: Uint8Array | undefined;
  exists: boolean;
  /** Current values of the slots read or written in this transaction. */
  readonly storage = new Map<bigint, bigint>();
  /** Slots written in this transaction (what the diff must carry). */
  readonly writtenSlots = new Set<bigint>();
  /** Slot values at the start of the transaction (EIP-2200 "original"). */
  readonly originalStorage = new Map<bigint, bigint>();
  /** Storage below the overlay counts as empty (the account was created over an existing address). */
  storageCleared = false;
  codeChanged = false;
  createdInTx = false;
  /** Set on any write; a hint only (not journaled): `changed()` decides what the diff reports. */
  dirty = false;
  readonly originalNonce: bigint;
  readonly originalBalance: bigint;
  readonly originallyExisted: boolean;

  constructor(
    readonly address: bigint,
    nonce: bigint,
    balance: bigint,
    codeHash: Uint8Array,
    exists: boolean,
  ) {
    this.nonce = nonce;
    this.balance = balance;
    this.codeHash = codeHash;
    this.exists = exists;
    this.code = exists && codeHash !== EMPTY_CODE_HASH ? undefined : EMPTY_CODE;
    this.originalNonce = nonce;
    this.originalBalance = balance;
    this.originallyExisted = exists;
  }

  /** Whether nonce, balance, existence or code differ from how the transaction found the account. */
  headerChanged(): boolean {
    return (
      this.exists !== this.originallyExisted ||
      this.nonce !== this.originalNonce ||
      this.balance !== this.originalBalance ||
      this.codeChanged ||
      this.storageCleared
    );
  }

  isEmpty(): boolean {
    return this.nonce === 0n && this.balance === 0n && isEmptyCodeHash(this.codeHash);
  }
}

function isEmptyCodeHash(hash: Uint8Array): boolean {
  if (hash === EMPTY_CODE_HASH) return true;
  for (let i = 0; i < 32; i++) if (hash[i] !== EMPTY_CODE_HASH[i]) return false;
  return true;
}

/** Undo records: a tagged union keeps revert allocation-light and easy to audit. */
type JournalEntry =
  | { kind: "balance"; account: AccountState; prev: bigint }
  | { kind: "nonce"; account: AccountState; prev: bigint }
  | { kind: "storage"; account: AccountState; slot: bigint; prev: bigint; wasWritten: boolean }
  | {
      kind: "code";
      account: AccountState;
      prevCode: Uint8Array | undefined;
      prevHash: Uint8Array;
      prevChanged: boolean;
    }
  | {
      kind: "create";
      account: AccountState;
      prevExists: boolean;
      prevCleared: boolean;
      prevCreated: boolean;
      prevStorage: Map<bigint, bigint>;
      prevWritten: Set<bigint>;
    }
  | { kind: "touch"; address: bigint }
  | { kind: "selfdestruct"; address: bigint }
  | { kind: "warmAddress"; address: bigint }
  | { kind: "warmSlot"; address: bigint; slot: bigint }
  | { kind: "transient"; address: bigint; slot: bigint; prev: bigint };

export class WorldState {
  private readonly accounts = new Map<bigint, AccountState>();
  private readonly journal: JournalEntry[] = [];
  private readonly touched = new Set<bigint>();
  private readonly destructed = new Set<bigint>();
  private readonly warmAddresses = new Set<bigint>();
  private readonly warmSlots = new Map<bigint, Set<bigint>>();
  private readonly transient = new Map<bigint, Map<bigint, bigint>>();
  /**
   * One-entry caches of the last account and warm-slot set looked up: opcodes hit the executing
   * contract's entries again and again. Both maps only ever gain entries (an address keeps its
   * AccountState and its Set for the whole transaction), so a cached pair never goes stale.
   */
  private lastAddress = -1n;
  private lastAccount: AccountState | undefined = undefined;
  private lastWarmAddress = -1n;
  private lastWarmSlots: Set<bigint> | undefined = undefined;
  /**
   * Addresses warm for the whole transaction without an entry in `warmAddresses` or the journal: the
   * active precompiles (EIP-2929), tested by a predicate instead of ~18 inserts and undo records per
   * transaction. Such an address is never un-warmed, as an entry made before the first checkpoint never is.
   */
  private warmFromStart: ((address: bigint) => boolean) | undefined = undefined;

  /**
   * `clearEmptyAccounts`: EIP-161 (Spurious Dragon on) deletes touched empty accounts at the end of the
   * transaction; before it, touching an absent account leaves it in state, empty.
   */
  constructor(
    private readonly reader: StateReader,
    private readonly clearEmptyAccounts = true,
  ) {}

  // ----- accounts -----

  account(address: bigint): AccountState {
    if (address === this.lastAddress) return this.lastAccount!;
    let a = this.accounts.get(address);
    if (a === undefined) {
      const stored = this.reader.getAccount(address);
      a = stored
        ? new AccountState(address, stored.nonce, stored.balance, stored.codeHash, true)
        : new AccountState(address, 0n, 0n, EMPTY_CODE_HASH, false);
      this.accounts.set(address, a);
    }
    this.lastAddress = address;
    this.lastAccount = a;
    return a;
  }

  /** Whether this transaction has read the account yet (no read happens here). */
  isLoaded(address: bigint): boolean {
    return this.accounts.has(address);
  }

  exists(address: bigint): boolean {
    return this.account(address).exists;
  }

  /** EIP-161 "dead": absent, or present with no nonce, balance or code. */
  isDead(address: bigint): boolean {
    const a = this.account(address);
    return !a.exists || a.isEmpty();
  }

  getBalance(address: bigint): bigint {
    return this.account(address).balance;
  }

  getNonce(address: bigint): bigint {
    return this.account(address).nonce;
  }

  getCode(address: bigint): Uint8Array {
    const a = this.account(address);
    if (a.code === undefined) a.code = this.reader.getCode(address);
    return a.code;
  }

  getCodeHash(address: bigint): Uint8Array {
    return this.account(address).codeHash;
  }

  /** Whether the address has storage, code or a nonce, so a CREATE there collides (EIP-684, EIP-7610). */
  hasCollision(address: bigint): boolean {
    const a = this.account(address);
    if (a.nonce !== 0n || !isEmptyCodeHash(a.codeHash)) return true;
    if (a.storageCleared) {
      for (const v of a.storage.values()) if (v !== 0n) return true;
      return false;
    }
    for (const v of a.storage.values()) if (v !== 0n) return true;
    return this.reader.hasStorage(address);
  }

  private materialize(a: AccountState): void {
    if (!a.exists) {
      a.exists = true;
      this.journal.push({
        kind: "create",
        account: a,
        prevExists: false,
        prevCleared: a.storageCleared,
        prevCreated: a.createdInTx,
        prevStorage: new Map(a.storage),
        prevWritten: new Set(a.writtenSlots),
      });
    }
  }

  touch(address: bigint): void {
    const a = this.account(address);
    this.materialize(a);
    if (!this.touched.has(address)) {
      this.touched.add(address);
      if (address !== RIPEMD_ADDRESS) this.journal.push({ kind: "touch", address });
    }
  }

  setBalance(address: bigint, value: bigint): void {
    const a = this.account(address);
    this.touch(address);
    this.journal.push({ kind: "balance", account: a, prev: a.balance });
    a.balance = value;
    a.dirty = true;
  }

  addBalance(address: bigint, amount: bigint): void {
    this.setBalance(address, this.account(address).balance + amount);
  }

  subBalance(address: bigint, amount: bigint): void {
    this.setBalance(address, this.account(address).balance - amount);
  }

  setNonce(address: bigint, nonce: bigint): void {
    const a = this.account(address);
    this.touch(address);
    this.journal.push({ kind: "nonce", account: a, prev: a.nonce });
    a.nonce = nonce;
    a.dirty = true;
  }

  setCode(address: bigint, code: Uint8Array): void {
    const a = this.account(address);
    this.touch(address);
    this.journal.push({
      kind: "code",
      account: a,
      prevCode: a.code,
      prevHash: a.codeHash,
      prevChanged: a.codeChanged,
    });
    a.code = code;
    a.codeHash = code.length === 0 ? EMPTY_CODE_HASH : keccak256(code);
    a.codeChanged = true;
    a.dirty = true;
  }

  /**
   * Prepares `address` for a new contract (CREATE/CREATE2): storage starts empty, the balance it may
   * already hold is kept, and it counts as created in this transaction for EIP-6780.
   */
  createContractAccount(address: bigint): void {
    const a = this.account(address);
    this.journal.push({
      kind: "create",
      account: a,
      prevExists: a.exists,
      prevCleared: a.storageCleared,
      prevCreated: a.createdInTx,
      prevStorage: new Map(a.storage),
      prevWritten: new Set(a.writtenSlots),
    });
    a.exists = true;
    a.storageCleared = true;
    a.createdInTx = true;
    a.storage.clear();
    a.writtenSlots.clear();
    a.dirty = true;
  }

  // ----- storage -----

  getStorage(address: bigint, slot: bigint): bigint {
    const a = this.account(address);
    const v = a.storage.get(slot);
    if (v !== undefined) return v;
    const loaded = a.storageCleared ? 0n : this.reader.getStorage(address, slot);
    a.storage.set(slot, loaded);
    if (!a.originalStorage.has(slot)) a.originalStorage.set(slot, loaded);
    return loaded;
  }

  /** The slot's value at the start of the transaction (EIP-2200 original value). */
  getOriginalStorage(address: bigint, slot: bigint): bigint {
    const a = this.account(address);
    const o = a.originalStorage.get(slot);
    if (o !== undefined) return o;
    // Read through the overlay first so a fresh read records the original.
    this.getStorage(address, slot);
    const recorded = a.originalStorage.get(slot);
    if (recorded !== undefined) return recorded;
    const fromReader = this.reader.getStorage(address, slot);
    a.originalStorage.set(slot, fromReader);
    return fromReader;
  }

  setStorage(address: bigint, slot: bigint, value: bigint): void {
    const a = this.account(address);
    const prev = a.storage.get(slot) ?? this.getStorage(address, slot);
    this.journal.push({ kind: "storage", account: a, slot, prev, wasWritten: a.writtenSlots.has(slot) });
    a.storage.set(slot, value);
    a.writtenSlots.add(slot);
    a.dirty = true;
  }

  getTransient(address: bigint, slot: bigint): bigint {
    return this.transient.get(address)?.get(slot) ?? 0n;
  }

  setTransient(address: bigint, slot: bigint, value: bigint): void {
    let m = this.transient.get(address);
    if (m === undefined) {
      m = new Map();
      this.transient.set(address, m);
    }
    this.journal.push({ kind: "transient", address, slot, prev: m.get(slot) ?? 0n });
    m.set(slot, value);
  }

  // ----- EIP-2929 access sets -----

  /** Marks the address warm; returns true when it was cold. */
  warmAddress(address: bigint): boolean {
    if (this.warmAddresses.has(address)) return false;
    if (this.warmFromStart?.(address) === true) return false;
    this.warmAddresses.add(address);
    this.journal.push({ kind: "warmAddress", address });
    return true;
  }

  isWarmAddress(address: bigint): boolean {
    return this.warmAddresses.has(address) || this.warmFromStart?.(address) === true;
  }

  /** Makes every address `isWarm` accepts warm for the rest of the transaction (see `warmFromStart`). */
  warmAll(isWarm: (address: bigint) => boolean): void {
    this.warmFromStart = isWarm;
  }

  /** Marks the slot warm; returns true when it was cold. */
  warmSlot(address: bigint, slot: bigint): boolean {
    let s = address === this.lastWarmAddress ? this.lastWarmSlots : this.warmSlots.get(address);
    if (s === undefined) {
      s = new Set();
      this.warmSlots.set(address, s);
    }
    this.lastWarmAddress = address;
    this.lastWarmSlots = s;
    if (s.has(slot)) return false;
    s.add(slot);
    this.journal.push({ kind: "warmSlot", address, slot });
    return true;
  }

  // ----- EIP-6780 -----

  markSelfDestruct(address: bigint): void {
    if (this.destructed.has(address)) return;
    this.destructed.add(address);
    this.journal.push({ kind: "selfdestruct", address });
  }

  isSelfDestructed(address: bigint): boolean {
    return this.destructed.has(address);
  }

  isCreatedInTx(address: bigint): boolean {
    return this.account(address).createdInTx;
  }

  // ----- checkpoints -----

  checkpoint(): number {
    return this.journal.length;
  }

  revert(checkpoint: number): void {
    const j = this.journal;
    while (j.length > checkpoint) {
      const e = j.pop()!;
      switch (e.kind) {
        case "balance":
          e.account.balance = e.prev;
          break;
        case "nonce":
          e.account.nonce = e.prev;
          break;
        case "storage":
          e.account.storage.set(e.slot, e.prev);
          if (!e.wasWritten) e.account.writtenSlots.delete(e.slot);
          break;
        case "code":
          e.account.code = e.prevCode;
          e.account.codeHash = e.prevHash;
          e.account.codeChanged = e.prevChanged;
          break;
        case "create": {
          const a = e.account;
          a.exists = e.prevExists;
          a.storageCleared = e.prevCleared;
          a.createdInTx = e.prevCreated;
          a.storage.clear();
          for (const [k, v] of e.prevStorage) a.storage.set(k, v);
          a.writtenSlots.clear();
          for (const k of e.prevWritten) a.writtenSlots.add(k);
          break;
        }
        case "touch":
          this.touched.delete(e.address);
          break;
        case "selfdestruct":
          this.destructed.delete(e.address);
          break;
        case "warmAddress":
          this.warmAddresses.delete(e.address);
          break;
        case "warmSlot":
          this.warmSlots.get(e.address)?.delete(e.slot);
          break;
        case "transient":
          this.transient.get(e.address)!.set(e.slot, e.prev);
          break;
      }
    }
  }

  /** Keeps the changes made since the checkpoint (nothing to do: the journal stays for outer reverts). */
  commit(_checkpoint: number): void {}

  // ----- end of transaction -----

  /**
   * Applies end-of-transaction deletions (EIP-6780 self-destructs, EIP-161 empty touched accounts) and
   * returns every account change as a diff. The WorldState must not be used afterwards.
   */
  finalize(): StateDiff {
    const diff: StateDiff = new Map();
    for (const address of this.destructed) {
      diff.set(address, { account: undefined, storageCleared: true, storage: new Map() });
    }
    if (this.clearEmptyAccounts) {
      for (const address of this.touched) {
        if (diff.has(address)) continue;
        const a = this.account(address);
        if (a.isEmpty()) diff.set(address, { account: undefined, storageCleared: true, storage: new Map() });
      }
    }
    for (const [address, a] of this.accounts) {
      if (diff.has(address) || !a.dirty || !a.exists) continue;
      // Reverted writes and values written back to their original are no change (unless the old storage
      // is cleared), so they stay out of the diff and out of any write set built from it.
      let storage = NO_SLOT_CHANGES;
      for (const slot of a.writtenSlots) {
        const value = a.storage.get(slot)!;
        if (a.storageCleared || value !== a.originalStorage.get(slot)) {
          if (storage === NO_SLOT_CHANGES) storage = new Map();
          storage.set(slot, value);
        }
      }
      if (storage.size === 0 && !a.headerChanged()) continue;
      const entry: AccountDiff = {
        account: { nonce: a.nonce, balance: a.balance, codeHash: a.codeHash },
        storageCleared: a.storageCleared,
        storage,
      };
      if (a.codeChanged) entry.code = a.code ?? EMPTY_CODE;
      diff.set(address, entry);
    }
    return diff;
  }
}
