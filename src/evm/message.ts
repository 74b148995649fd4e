// The message a call or creation carries, and what it returns.

export enum CallKind {
  Call = 0,
  CallCode = 1,
  DelegateCall = 2,
  StaticCall = 3,
}

export interface Message {
  kind: CallKind;
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
  isStatic: boolean;
  depth: number;
}

export interface CallResult {
  success: boolean;
  gasLeft: number;
  output: Uint8Array;
  /** For creations that succeeded. */
  createdAddress?: bigint;
  /** Why it failed ("revert", "out of gas", ...). */
  error?: string;
}
