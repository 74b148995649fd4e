// eth_simulateV1's error codes (execution-apis src/eth/execute.yaml, as geth returns them). An invalid call
// or chain fails the whole request with one of these; a call that merely fails (reverts, runs out of gas)
// is a per-call result with code 3 (revert) or -32015 (VM error).
import type { InvalidTransactionError } from "../../primitives/errors.js";
import { RpcError } from "../rpc-errors.js";

export const NONCE_TOO_LOW = -38010;
export const NONCE_TOO_HIGH = -38011;
export const BASE_FEE_TOO_LOW = -38012;
export const INTRINSIC_GAS = -38013;
export const INSUFFICIENT_FUNDS = -38014;
export const BLOCK_GAS_LIMIT_REACHED = -38015;
export const BLOCK_NUMBER_INVALID = -38020;
export const BLOCK_TIMESTAMP_INVALID = -38021;
export const SENDER_NOT_EOA = -38024;
export const MAX_INITCODE_SIZE_EXCEEDED = -38025;
export const CLIENT_LIMIT_EXCEEDED = -38026;
/** A call that failed in the EVM for any reason but a revert (per-call result, not a request error). */
export const VM_ERROR = -32015;

const TX_CODES: Record<string, number> = {
  NONCE_MISMATCH_TOO_LOW: NONCE_TOO_LOW,
  NONCE_MISMATCH_TOO_HIGH: NONCE_TOO_HIGH,
  INSUFFICIENT_MAX_FEE_PER_GAS: BASE_FEE_TOO_LOW,
  INSUFFICIENT_MAX_FEE_PER_BLOB_GAS: -32603,
  INTRINSIC_GAS_TOO_LOW: INTRINSIC_GAS,
  INSUFFICIENT_ACCOUNT_FUNDS: INSUFFICIENT_FUNDS,
  GASLIMIT_PRICE_PRODUCT_OVERFLOW: INSUFFICIENT_FUNDS,
  SENDER_NOT_EOA,
  INITCODE_SIZE_EXCEEDED: MAX_INITCODE_SIZE_EXCEEDED,
  PRIORITY_GREATER_THAN_MAX_FEE_PER_GAS: -32602,
  GAS_ALLOWANCE_EXCEEDED: BLOCK_GAS_LIMIT_REACHED,
};

/** A transaction the simulated block's state rejects, as geth's txValidationError codes it (else -32603). */
export function simulateTxError(e: InvalidTransactionError): RpcError {
  return new RpcError(TX_CODES[e.code] ?? -32603, `err: ${e.message || e.code}`);
}

export function simulateError(code: number, message: string): RpcError {
  return new RpcError(code, message);
}
