// The host seam: everything an executing frame may ask of the world outside it. Opcode handlers reach
// state, the environment and the log only through a Host (modelled on revm's `Host` trait), and so will a
// WebAssembly contract's host functions (Stylus-style vm_hooks: storage load/store, calls, creations,
// logs, environment), so both kinds of code share one journal, one access list, one refund counter and one
// call stack. `Evm` (evm.ts) is the one implementation; the interface exists so that callers depend on
// this list and nothing else.
//
// Gas is not part of the host: each runner meters its own frame, and the host only reports what the
// access cost depends on (whether an account or slot was cold). Calls and creations from EVM frames do not
// go through `call`/`create`: the CALL/CREATE opcodes hand the message to Evm's frame loop, which runs the
// child on an explicit frame stack. `call` and `create` are for runners that cannot suspend mid-frame
// (a WebAssembly instance); they run the child, and everything it nests, to completion.
import type { BlockEnv } from "./env.js";
import type { ForkRules } from "./forks.js";
import type { Log } from "./log.js";
import type { CallResult, CreateMessage, Message } from "./message.js";
import type { TraceHooks } from "./tracing/hooks.js";

/** What the transaction being executed says about itself (ORIGIN, GASPRICE, BLOBHASH). */
export interface TxContext {
  origin: bigint;
  gasPrice: bigint;
  blobHashes: Uint8Array[];
}

export interface Host {
  // ----- environment (read-only) -----
  /** The block (COINBASE, TIMESTAMP, NUMBER, BASEFEE, BLOCKHASH, ...). */
  readonly env: BlockEnv;
  /** The transaction (ORIGIN, GASPRICE, BLOBHASH). */
  readonly tx: TxContext;
  /** The fork's feature flags and caps. */
  readonly rules: ForkRules;

  // ----- accounts (reads) -----
  getBalance(address: bigint): bigint;
  getNonce(address: bigint): bigint;
  /** The account's code as stored (a delegation designator is returned as itself, not followed). */
  getCode(address: bigint): Uint8Array;
  getCodeHash(address: bigint): Uint8Array;
  /** EIP-161 "dead": absent, or with no nonce, balance or code. */
  isDead(address: bigint): boolean;
  /** Whether the account is in state at all (empty or not): the new-account test before EIP-161. */
  exists(address: bigint): boolean;

  // ----- access lists (EIP-2929) -----
  /** Marks the address warm; true when it was cold before (the caller charges the cold cost). */
  warmAddress(address: bigint): boolean;
  /** Marks the slot warm; true when it was cold before. */
  warmSlot(address: bigint, slot: bigint): boolean;

  // ----- storage -----
  getStorage(address: bigint, slot: bigint): bigint;
  /** The slot's value at the start of the transaction (EIP-2200 metering). */
  getOriginalStorage(address: bigint, slot: bigint): bigint;
  setStorage(address: bigint, slot: bigint, value: bigint): void;
  getTransient(address: bigint, slot: bigint): bigint;
  setTransient(address: bigint, slot: bigint, value: bigint): void;

  // ----- refunds, logs and balance moves (all rolled back with the frame that made them) -----
  /** The refund counter (EIP-3529); may dip below zero inside a transaction. */
  readonly refund: number;
  addRefund(delta: number): void;
  /** The logs emitted so far in the transaction, in order. */
  readonly logs: readonly Log[];
  emitLog(log: Log): void;
  /**
   * SELFDESTRUCT's effect after its gas is paid: moves `address`'s balance to `beneficiary`, and deletes
   * `address` at the end of the transaction: from EIP-6780 (Cancun) only if it was created in it.
   */
  selfDestruct(address: bigint, beneficiary: bigint): void;
  /** Whether `address` already self-destructed in this transaction (the refund before EIP-3529 is once). */
  hasSelfDestructed(address: bigint): boolean;

  // ----- calls and creations, run to completion -----
  /** Runs a message call and everything it nests; value moves and rollback are the host's. */
  call(msg: Message): CallResult;
  /** Runs a creation (CREATE, CREATE2 or a creation transaction) and deposits the code it returns. */
  create(msg: CreateMessage): CallResult;

  // ----- tracing -----
  /** Frame hooks of an attached tracer; undefined when not tracing. */
  readonly tracer: TraceHooks | undefined;
  /** The per-opcode hook; set only when the attached tracer traces steps. */
  readonly stepTracer: TraceHooks | undefined;
}
