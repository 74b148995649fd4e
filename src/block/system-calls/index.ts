// The block's system calls (pre-block EIP-4788/2935, post-block EIP-7002/7251), one file per EIP.

export { HISTORY_STORAGE_ADDRESS, processParentBlockHash } from "./eip2935.js";
export { BEACON_ROOTS_ADDRESS, processBeaconBlockRoot } from "./eip4788.js";
export { processWithdrawalRequests, WITHDRAWAL_REQUEST_PREDEPLOY_ADDRESS } from "./eip7002.js";
export { CONSOLIDATION_REQUEST_PREDEPLOY_ADDRESS, processConsolidationRequests } from "./eip7251.js";
export { dequeueRequests, type RequestsCallResult } from "./requests-call.js";
export {
  hasCode,
  SYSTEM_ADDRESS,
  SYSTEM_CALL_GAS,
  type SystemCallResult,
  systemCall,
} from "./system-call.js";
