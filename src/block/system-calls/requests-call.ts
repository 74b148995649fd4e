// The "checked" system call behind EIP-7002 and EIP-7251 (execution-specs
// process_checked_system_transaction): after the block's transactions the queue contract is called with
// empty input and returns the dequeued requests. A missing contract or a failed call invalidates the block.
import type { BlockEnv } from "../../evm/env.js";
import type { ForkRules } from "../../evm/forks.js";
import { addressToHex } from "../../primitives/hex.js";
import type { StateDiff, StateReader } from "../../state/types.js";
import { BlockException, InvalidBlockError } from "../errors.js";
import { hasCode, systemCall } from "./system-call.js";

const NO_INPUT = new Uint8Array(0);

export interface RequestsCallResult {
  /** The request data the contract returned (without the type byte); possibly empty. */
  data: Uint8Array;
  diff: StateDiff;
}

export function dequeueRequests(
  reader: StateReader,
  env: BlockEnv,
  rules: ForkRules,
  address: bigint,
): RequestsCallResult {
  if (!hasCode(reader, address)) {
    throw new InvalidBlockError(
      BlockException.SYSTEM_CONTRACT_EMPTY,
      `system contract ${addressToHex(address)} has no code`,
    );
  }
  const result = systemCall(reader, env, rules, address, NO_INPUT);
  if (!result.success) {
    throw new InvalidBlockError(
      BlockException.SYSTEM_CONTRACT_CALL_FAILED,
      `system contract ${addressToHex(address)} call failed: ${result.error ?? "unknown error"}`,
    );
  }
  return { data: result.output, diff: result.diff };
}
