// geth's prestateTracer (eth/tracers/native/prestate.go): the accounts and storage slots a transaction
// touches, as they were before it; with `diffMode`, {pre, post} restricted to what the transaction changed.
//
// Touched means: the sender, the recipient (or the created address), the block's fee recipient, EIP-7702
// authorities and delegation targets; every address an opcode names (BALANCE, EXTCODE*, SELFDESTRUCT, the
// CALL family, addresses CREATE/CREATE2 create) and every slot SLOAD/SSTORE names. Values are read from the
// state the transaction started on: geth reads each account when it is first touched, and every write to an
// account or slot during the transaction comes after that first touch (an opcode names an account before its
// frame changes it), so both read the same values. Output is geth's: `balance` hex, `nonce` a number (left
// out when 0), `code` and `codeHash` when the account has code, `storage` when a slot was read; accounts that
// do not exist are left out (geth's default, without `includeEmpty`). In diff mode `post` has only the fields
// that changed, `pre` only accounts that changed (and only their changed slots), and accounts that
// self-destructed have no `post`.
import { createAddress } from "../evm/addresses.js";
import { delegationTarget } from "../evm/delegation.js";
import type { BlockEnv } from "../evm/env.js";
import type { ForkRules } from "../evm/forks.js";
import { addressToHex, bytesEqual, bytesToHex, quantityToHex, wordToHex } from "../primitives/hex.js";
import { EMPTY_CODE_HASH } from "../primitives/keccak.js";
import type { StateDiff, StateReader } from "../state/types.js";
import { recoverAuthority } from "../tx/authorization.js";
import type { TxResult } from "../tx/execute.js";
import { TraceLimitError } from "./struct-logger.js";
import type { EnterEvent, StepCapture, StepEvent, TransactionTracer, TxStartEvent } from "./types.js";

export interface PrestateTracerConfig {
  diffMode?: boolean;
  disableCode?: boolean;
  disableStorage?: boolean;
  /** Keep accounts that do not exist (not with diffMode). */
  includeEmpty?: boolean;
}

interface AccountState {
  balance: bigint;
  nonce: bigint;
  code: Uint8Array;
  codeHash: Uint8Array;
}

type Json = Record<string, unknown>;

const ADDRESS_MASK = (1n << 160n) - 1n;
const OP_BALANCE = 0x31;
const OP_EXTCODESIZE = 0x3b;
const OP_EXTCODECOPY = 0x3c;
const OP_EXTCODEHASH = 0x3f;
const OP_SLOAD = 0x54;
const OP_SSTORE = 0x55;
const OP_CALL = 0xf1;
const OP_CALLCODE = 0xf2;
const OP_DELEGATECALL = 0xf4;
const OP_STATICCALL = 0xfa;
const OP_SELFDESTRUCT = 0xff;

function sortedKeys<T>(m: Map<bigint, T>): bigint[] {
  return [...m.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

/** The state after a transaction: `diff` over the state it started on. */
class PostState {
  constructor(
    private readonly pre: StateReader,
    private readonly diff: StateDiff,
  ) {}

  /** The account after the transaction; an account that does not exist has a zero code hash (geth's GetCodeHash). */
  account(address: bigint): AccountState {
    const d = this.diff.get(address);
    if (d === undefined) {
      const a = readAccount(this.pre, address);
      return this.pre.getAccount(address) === undefined ? { ...a, codeHash: ZERO_HASH } : a;
    }
    if (d.account === undefined)
      return { balance: 0n, nonce: 0n, code: new Uint8Array(0), codeHash: ZERO_HASH };
    const code = d.code ?? this.pre.getCode(address);
    return { balance: d.account.balance, nonce: d.account.nonce, code, codeHash: d.account.codeHash };
  }

  storage(address: bigint, slot: bigint): bigint {
    const d = this.diff.get(address);
    if (d === undefined) return this.pre.getStorage(address, slot);
    if (d.account === undefined) return 0n;
    const v = d.storage.get(slot);
    if (v !== undefined) return v;
    return d.storageCleared ? 0n : this.pre.getStorage(address, slot);
  }
}

function readAccount(reader: StateReader, address: bigint): AccountState {
  const a = reader.getAccount(address);
  if (a === undefined) return { balance: 0n, nonce: 0n, code: new Uint8Array(0), codeHash: EMPTY_CODE_HASH };
  return { balance: a.balance, nonce: a.nonce, code: reader.getCode(address), codeHash: a.codeHash };
}

/** geth's test when an account is first touched (its storage is not read yet, so it does not count). */
function exists(a: AccountState): boolean {
  return a.nonce > 0n || a.code.length > 0 || a.balance !== 0n;
}

const ZERO_HASH = new Uint8Array(32);

export class PrestateTracer implements TransactionTracer {
  readonly capture: StepCapture = { stack: true };
  /** Touched accounts in first-touch order, with the slots read (pre-transaction values). */
  private readonly pre = new Map<bigint, { account: AccountState; storage: Map<bigint, bigint> }>();
  private readonly created = new Set<bigint>();
  private readonly deleted = new Set<bigint>();
  /**
   * CALL-family targets, whose EIP-7702 delegation targets count as touched too. geth reads the target's
   * code at the CALL, after the transaction's authorizations; code at an address can change during a
   * transaction only through those authorizations, so the code the transaction leaves is the code the CALL saw.
   */
  private readonly callTargets = new Set<bigint>();
  private output: Json = {};

  constructor(
    private readonly reader: StateReader,
    private readonly env: BlockEnv,
    private readonly rules: ForkRules,
    private readonly config: PrestateTracerConfig = {},
    /** The largest output in bytes of JSON (approximate; 0: unlimited), else TraceLimitError. */
    private readonly maxBytes = 0,
  ) {
    if (config.diffMode === true && config.includeEmpty === true)
      throw new Error("cannot use diffMode with includeEmpty");
  }

  private lookupAccount(address: bigint): void {
    if (this.pre.has(address)) return;
    this.pre.set(address, { account: readAccount(this.reader, address), storage: new Map() });
  }

  private lookupStorage(address: bigint, slot: bigint): void {
    if (this.config.disableStorage === true) return;
    this.lookupAccount(address);
    const entry = this.pre.get(address)!;
    if (!entry.storage.has(slot)) entry.storage.set(slot, this.reader.getStorage(address, slot));
  }

  private lookupDelegation(address: bigint): void {
    if (!this.rules.eip7702) return;
    const target = delegationTarget(this.reader.getCode(address));
    if (target !== undefined) this.lookupAccount(target);
  }

  onTxStart(e: TxStartEvent): void {
    const { tx, from } = e;
    let to: bigint;
    if (tx.to === undefined) {
      to = createAddress(from, this.reader.getAccount(from)?.nonce ?? 0n);
      this.created.add(to);
    } else {
      to = tx.to;
      this.lookupDelegation(to);
    }
    this.lookupAccount(from);
    this.lookupAccount(to);
    this.lookupAccount(this.env.coinbase);
    for (const auth of tx.authorizationList) {
      const authority = recoverAuthority(auth);
      if (authority !== undefined) this.lookupAccount(authority);
    }
  }

  onStep(e: StepEvent): void {
    if (e.error !== undefined) return;
    const stack = e.stack;
    if (stack === undefined) return;
    const n = stack.length;
    switch (e.op) {
      case OP_SLOAD:
      case OP_SSTORE:
        if (n >= 1) this.lookupStorage(e.address, stack[n - 1]!);
        return;
      case OP_EXTCODECOPY:
      case OP_EXTCODEHASH:
      case OP_EXTCODESIZE:
      case OP_BALANCE:
      case OP_SELFDESTRUCT:
        if (n < 1) return;
        this.lookupAccount(stack[n - 1]! & ADDRESS_MASK);
        if (e.op === OP_SELFDESTRUCT && (!this.rules.eip6780 || this.created.has(e.address)))
          this.deleted.add(e.address);
        return;
      case OP_CALL:
      case OP_CALLCODE:
      case OP_DELEGATECALL:
      case OP_STATICCALL: {
        if (n < 5) return;
        const target = stack[n - 2]! & ADDRESS_MASK;
        this.lookupAccount(target);
        this.callTargets.add(target);
        return;
      }
    }
  }

  /** Addresses created by CREATE/CREATE2 inside the transaction (the event carries the new address). */
  onEnter(e: EnterEvent): void {
    if (e.depth === 0 || (e.type !== "CREATE" && e.type !== "CREATE2")) return;
    this.lookupAccount(e.to);
    this.created.add(e.to);
  }

  onTxEnd(result: TxResult): void {
    const post = new PostState(this.reader, result.diff);
    if (this.rules.eip7702) {
      for (const target of this.callTargets) {
        const delegate = delegationTarget(post.account(target).code);
        if (delegate !== undefined) this.lookupAccount(delegate);
      }
    }
    const empty = (entry: { account: AccountState }) => !exists(entry.account);
    if (this.config.diffMode !== true) {
      const out: Json = {};
      for (const address of sortedKeys(this.pre)) {
        const entry = this.pre.get(address)!;
        if (this.config.includeEmpty !== true && empty(entry)) continue;
        out[addressToHex(address)] = this.accountJson(entry.account, entry.storage);
      }
      this.output = out;
      return;
    }
    const preOut: Json = {};
    const postOut: Json = {};
    for (const address of sortedKeys(this.pre)) {
      const entry = this.pre.get(address)!;
      if (this.deleted.has(address)) {
        if (!empty(entry)) preOut[addressToHex(address)] = this.accountJson(entry.account, entry.storage);
        continue;
      }
      const before = entry.account;
      const after = post.account(address);
      const changed: Json = {};
      let modified = false;
      if (after.balance !== before.balance) {
        modified = true;
        changed.balance = quantityToHex(after.balance);
      }
      if (after.nonce !== before.nonce) {
        modified = true;
        if (after.nonce !== 0n) changed.nonce = Number(after.nonce);
      }
      if (!bytesEqual(after.codeHash, before.codeHash)) {
        modified = true;
        changed.codeHash = bytesToHex(after.codeHash);
      }
      if (this.config.disableCode !== true && !bytesEqual(after.code, before.code)) {
        modified = true;
        changed.code = bytesToHex(after.code);
      }
      const preSlots = new Map<bigint, bigint>();
      const postSlots = new Map<bigint, bigint>();
      if (this.config.disableStorage !== true) {
        for (const [slot, value] of entry.storage) {
          const now = post.storage(address, slot);
          if (now === value) continue;
          modified = true;
          if (value !== 0n) preSlots.set(slot, value);
          if (now !== 0n) postSlots.set(slot, now);
        }
      }
      if (!modified) continue;
      this.grow(200 + 2 * after.code.length + 140 * postSlots.size);
      if (postSlots.size > 0) changed.storage = slotsJson(postSlots);
      postOut[addressToHex(address)] = changed;
      if (!empty(entry)) preOut[addressToHex(address)] = this.accountJson(before, preSlots);
    }
    this.output = { pre: preOut, post: postOut };
  }

  private bytes = 0;

  private grow(n: number): void {
    if (this.maxBytes === 0) return;
    this.bytes += n;
    if (this.bytes > this.maxBytes)
      throw new TraceLimitError(
        `trace output exceeds ${this.maxBytes} bytes (try disableCode or disableStorage)`,
      );
  }

  private accountJson(a: AccountState, storage: Map<bigint, bigint>): Json {
    this.grow(200 + 2 * a.code.length + 140 * storage.size);
    const out: Json = { balance: quantityToHex(a.balance) };
    if (a.nonce !== 0n) out.nonce = Number(a.nonce);
    if (a.code.length > 0) {
      if (this.config.disableCode !== true) out.code = bytesToHex(a.code);
      out.codeHash = bytesToHex(a.codeHash);
    }
    if (this.config.disableStorage !== true && storage.size > 0) out.storage = slotsJson(storage);
    return out;
  }

  result(): Json {
    return this.output;
  }
}

function slotsJson(slots: Map<bigint, bigint>): Json {
  const out: Json = {};
  for (const slot of sortedKeys(slots)) out[wordToHex(slot)] = wordToHex(slots.get(slot)!);
  return out;
}
