// EIP-2935 (Prague): before any transaction, the parent block hash is stored in the history contract by a
// system call whose input is the 32-byte parent hash. Skipped while the contract has no code.
import type { BlockEnv } from "../../evm/env.js";
import type { ForkRules } from "../../evm/forks.js";
import type { StateDiff, StateReader } from "../../state/types.js";
import { hasCode, systemCall } from "./system-call.js";

export const HISTORY_STORAGE_ADDRESS = 0x0000f90827f1c53a10cb7a02335b175320002935n;

/** The state change of the pre-block history call, or undefined when there is nothing to call. */
export function processParentBlockHash(
  reader: StateReader,
  env: BlockEnv,
  rules: ForkRules,
  parentHash: Uint8Array,
): StateDiff | undefined {
  if (!rules.eip2935 || !hasCode(reader, HISTORY_STORAGE_ADDRESS)) return undefined;
  // As with EIP-4788, the call's success is not a validity condition.
  return systemCall(reader, env, rules, HISTORY_STORAGE_ADDRESS, parentHash).diff;
}
