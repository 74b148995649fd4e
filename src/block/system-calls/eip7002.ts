// EIP-7002 (Prague): execution-layer triggerable withdrawals. After the block's transactions the withdrawal
// request queue is drained by a checked system call; its output is the type-0x01 request data
// (76 bytes per request: source address, validator pubkey, amount).
import type { BlockEnv } from "../../evm/env.js";
import type { ForkRules } from "../../evm/forks.js";
import type { StateReader } from "../../state/types.js";
import { dequeueRequests, type RequestsCallResult } from "./requests-call.js";

export const WITHDRAWAL_REQUEST_PREDEPLOY_ADDRESS = 0x00000961ef480eb55e80d19ad83579a64c007002n;

export function processWithdrawalRequests(
  reader: StateReader,
  env: BlockEnv,
  rules: ForkRules,
): RequestsCallResult {
  return dequeueRequests(reader, env, rules, WITHDRAWAL_REQUEST_PREDEPLOY_ADDRESS);
}
