// EIP-7251 (Prague): execution-layer triggered consolidations. After the withdrawal requests, the
// consolidation request queue is drained by a checked system call; its output is the type-0x02 request data
// (116 bytes per request: source address, source pubkey, target pubkey).
import type { BlockEnv } from "../../evm/env.js";
import type { ForkRules } from "../../evm/forks.js";
import type { StateReader } from "../../state/types.js";
import { dequeueRequests, type RequestsCallResult } from "./requests-call.js";

export const CONSOLIDATION_REQUEST_PREDEPLOY_ADDRESS = 0x0000bbddc7ce488642fb579f8b00f3a590007251n;

export function processConsolidationRequests(
  reader: StateReader,
  env: BlockEnv,
  rules: ForkRules,
): RequestsCallResult {
  return dequeueRequests(reader, env, rules, CONSOLIDATION_REQUEST_PREDEPLOY_ADDRESS);
}
