// The messages that open frames (a call, or a creation) and what a finished frame returns.

export enum CallKind {
  Call = 0,
  CallCode = 1,
  DelegateCall = 2,
  StaticCall = 3,
  Create = 4,
  Create2 = 5,
}

/** The kinds of message call (the CALL family). */
export type MessageCallKind = CallKind.Call | CallKind.CallCode | CallKind.DelegateCall | CallKind.StaticCall;

export interface Message {
  kind: MessageCallKind;
  caller: bigint;
  /** The account whose context (storage, balance, ADDRESS) the code runs in. */
  to: bigint;
  /** Where the code comes from (differs from `to` for CALLCODE, DELEGATECALL and EIP-7702 delegation). */
  codeAddress: bigint;
  /** Whether codeAddress was reached through an EIP-7702 delegation designator. */
  delegated: boolean;
  /** CALLVALUE seen by the callee. */
  value: bigint;
  /** Whether `value` moves from caller to `to` (CALL and CALLCODE only). */
  transfersValue: boolean;
  input: Uint8Array;
  gas: number;
  /** Exact gas beyond `gas` (at GAS_CAP), only in transactions above 2^52 gas (gas-reserve.ts). */
  gasReserve?: bigint;
  isStatic: boolean;
  depth: number;
}

/** CREATE, CREATE2, or the creation a transaction without `to` performs (as CREATE at depth 0). */
export interface CreateMessage {
  kind: CallKind.Create | CallKind.Create2;
  caller: bigint;
  /** Endowment moved from caller to the new account. */
  value: bigint;
  initcode: Uint8Array;
  gas: number;
  /** Exact gas beyond `gas` (at GAS_CAP), only in transactions above 2^52 gas (gas-reserve.ts). */
  gasReserve?: bigint;
  depth: number;
  /** CREATE2's salt (0n and unused for CREATE). */
  salt: bigint;
}

export function isCreateMessage(msg: Message | CreateMessage): msg is CreateMessage {
  return msg.kind >= CallKind.Create;
}

export interface CallResult {
  success: boolean;
  gasLeft: number;
  /** Exact gas left beyond `gasLeft`, set only by a callee whose message or frame had a reserve. */
  gasLeftReserve?: bigint;
  output: Uint8Array;
  /** For creations that succeeded. */
  createdAddress?: bigint;
  /** Why it failed ("revert", "out of gas", ...). */
  error?: string;
}
