// The system call shared by EIP-4788, 2935, 7002 and 7251: a message from SYSTEM_ADDRESS to a predeployed
// contract with 30M gas, no value and no fee, outside the block's gas accounting. It runs on its own
// WorldState over the block's running state and hands back the resulting diff.
import type { BlockEnv } from "../../evm/env.js";
import { Evm } from "../../evm/evm.js";
import type { ForkRules } from "../../evm/forks.js";
import { CallKind } from "../../evm/message.js";
import type { StateDiff, StateReader } from "../../state/types.js";
import { WorldState } from "../../state/world-state.js";

export const SYSTEM_ADDRESS = 0xfffffffffffffffffffffffffffffffffffffffen;
export const SYSTEM_CALL_GAS = 30_000_000;

export interface SystemCallResult {
  success: boolean;
  output: Uint8Array;
  /** Why the call failed ("revert", "out of gas", ...). */
  error: string | undefined;
  diff: StateDiff;
}

/** Whether `address` holds code in `reader` (a system call to an empty address is skipped or fatal). */
export function hasCode(reader: StateReader, address: bigint): boolean {
  return reader.getCode(address).length !== 0;
}

export function systemCall(
  reader: StateReader,
  env: BlockEnv,
  rules: ForkRules,
  address: bigint,
  input: Uint8Array,
): SystemCallResult {
  const state = new WorldState(reader);
  // As geth does: only the target is warm; no transaction-style access list or precompile warming.
  state.warmAddress(address);
  const evm = new Evm(state, env, rules, { origin: SYSTEM_ADDRESS, gasPrice: 0n, blobHashes: [] });
  const result = evm.call({
    kind: CallKind.Call,
    caller: SYSTEM_ADDRESS,
    to: address,
    codeAddress: address,
    delegated: false,
    value: 0n,
    transfersValue: false,
    input,
    gas: SYSTEM_CALL_GAS,
    isStatic: false,
    depth: 0,
  });
  const diff = state.finalize();
  // The system address is a pseudo-sender: nothing about it may persist (reth drops it from the call's
  // state; geth never creates it since no value moves and its empty object is finalised away).
  diff.delete(SYSTEM_ADDRESS);
  return { success: result.success, output: result.output, error: result.error, diff };
}
