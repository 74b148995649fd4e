// A block's EIP-7685 requests, in order: deposits from its receipts' logs, then the EIP-7002 withdrawal and
// EIP-7251 consolidation queues, whose system calls write to `state`. One definition for block execution,
// t8n and eth_simulateV1. Throws InvalidBlockError on a malformed deposit event or a failing queue contract.
import type { BlockEnv } from "../evm/env.js";
import type { ForkRules } from "../evm/forks.js";
import { parseDepositRequests } from "./deposits.js";
import type { OverlayState } from "./overlay-state.js";
import {
  CONSOLIDATION_REQUEST_TYPE,
  DEPOSIT_REQUEST_TYPE,
  typedRequest,
  WITHDRAWAL_REQUEST_TYPE,
} from "./requests.js";
import { processWithdrawalRequests } from "./system-calls/eip7002.js";
import { processConsolidationRequests } from "./system-calls/eip7251.js";
import type { Receipt } from "./types.js";

/** The requests (`type || data`, empty ones left out); `systemCalls` false skips the two queues. */
export function collectBlockRequests(
  state: OverlayState,
  env: BlockEnv,
  rules: ForkRules,
  receipts: readonly Receipt[],
  depositContract: bigint,
  systemCalls = true,
): Uint8Array[] {
  const requests: Uint8Array[] = [];
  const deposits = typedRequest(DEPOSIT_REQUEST_TYPE, parseDepositRequests(receipts, depositContract));
  if (deposits) requests.push(deposits);
  if (!systemCalls) return requests;
  const withdrawals = processWithdrawalRequests(state, env, rules);
  state.apply(withdrawals.diff);
  const w = typedRequest(WITHDRAWAL_REQUEST_TYPE, withdrawals.data);
  if (w) requests.push(w);
  const consolidations = processConsolidationRequests(state, env, rules);
  state.apply(consolidations.diff);
  const c = typedRequest(CONSOLIDATION_REQUEST_TYPE, consolidations.data);
  if (c) requests.push(c);
  return requests;
}
