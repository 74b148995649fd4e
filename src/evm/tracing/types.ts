// What a tracer sees of the EVM's frames, as TraceContext reports the hooks: nested onEnter/onExit pairs (the
// top-level call or creation is depth 0), with onStep for every opcode of the frame being executed and onLog
// for every log. The transaction-level events (onTxStart, onTxEnd) are added in src/trace/types.ts.

import type { Log } from "../log.js";

/** geth's frame types, as callTracer prints them. */
export type CallType =
  | "CALL"
  | "CALLCODE"
  | "DELEGATECALL"
  | "STATICCALL"
  | "CREATE"
  | "CREATE2"
  | "SELFDESTRUCT";

/** What per-step data a tracer wants captured (each costs a copy per opcode). */
export interface StepCapture {
  /** The stack before the opcode, bottom first. */
  stack?: boolean;
  /** Memory before the opcode. */
  memory?: boolean;
  /** The last call's return data (RETURNDATASIZE's buffer). */
  returnData?: boolean;
  /** The slot and value an SLOAD reads or an SSTORE writes. */
  storage?: boolean;
}

/** One opcode, reported as geth's OnOpcode sees it: state before the opcode, and the opcode's full cost. */
export interface StepEvent {
  pc: number;
  /** The opcode byte. */
  op: number;
  /** geth's name for it (`DIFFICULTY` for 0x44, `opcode 0xef not defined` for an undefined byte). */
  opName: string;
  /** Gas left before the opcode. */
  gas: number;
  /**
   * Static plus dynamic cost; for CALL-family opcodes it includes the gas forwarded to the callee (not the
   * stipend), for CREATE/CREATE2 it does not (as geth reports them).
   */
  gasCost: number;
  /** 1 for the top-level frame (geth's struct log depth). */
  depth: number;
  /** The refund counter before the opcode. */
  refund: number;
  /** The executing account (ADDRESS). */
  address: bigint;
  stack?: bigint[];
  memory?: Uint8Array;
  returnData?: Uint8Array;
  /** SLOAD: the slot and its current value; SSTORE: the slot and the value written. */
  storage?: { key: bigint; value: bigint };
  /** Set when the opcode failed before executing (stack underflow/overflow, out of gas), as geth logs it. */
  error?: string;
}

export interface EnterEvent {
  type: CallType;
  from: bigint;
  /** The callee, or the address being created. */
  to: bigint;
  /** Absent for STATICCALL; for DELEGATECALL the value the callee sees (inherited). */
  value: bigint | undefined;
  gas: number;
  input: Uint8Array;
  /** 0 for the top-level call or creation. */
  depth: number;
}

export interface ExitEvent {
  type: CallType;
  depth: number;
  gasUsed: number;
  /** Return data; the deployed code for a successful creation; revert data for a revert. */
  output: Uint8Array;
  /** geth's error message ("execution reverted", "out of gas", ...), absent on success. */
  error?: string;
  /** The decoded Error(string) / Panic(uint256) reason of a revert, when it decodes. */
  revertReason?: string;
  /** The address of a successful creation. */
  createdAddress?: bigint;
}

export interface Tracer {
  /** Per-step captures; only consulted when onStep is defined. */
  readonly capture?: StepCapture;
  onEnter?(e: EnterEvent): void;
  /** Absent: the interpreter runs without its per-opcode hook. */
  onStep?(e: StepEvent): void;
  /** A log, when emitted, with the depth of the frame emitting it (logs of frames that later revert included). */
  onLog?(log: Log, depth: number): void;
  onExit?(e: ExitEvent): void;
}
