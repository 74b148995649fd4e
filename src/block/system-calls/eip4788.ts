// EIP-4788 (Cancun): before any transaction, the parent beacon block root is written to the beacon roots
// contract by a system call whose input is the 32-byte root. Skipped while the contract has no code.
import type { BlockEnv } from "../../evm/env.js";
import type { ForkRules } from "../../evm/forks.js";
import type { StateDiff, StateReader } from "../../state/types.js";
import { hasCode, systemCall } from "./system-call.js";

export const BEACON_ROOTS_ADDRESS = 0x000f3df6d732807ef1319fb7b8bb8522d0beac02n;

/** The state change of the pre-block beacon-root call, or undefined when there is nothing to call. */
export function processBeaconBlockRoot(
  reader: StateReader,
  env: BlockEnv,
  rules: ForkRules,
  parentBeaconBlockRoot: Uint8Array,
): StateDiff | undefined {
  if (!hasCode(reader, BEACON_ROOTS_ADDRESS)) return undefined;
  // The outcome is deliberately ignored: a failing beacon-roots call does not invalidate the block.
  return systemCall(reader, env, rules, BEACON_ROOTS_ADDRESS, parentBeaconBlockRoot).diff;
}
