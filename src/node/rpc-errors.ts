// JSON-RPC error codes and the one error type method handlers throw. Anything else a handler throws is a bug
// and is reported as -32603 by the server (the node keeps serving).
import { InvalidTransactionError } from "../primitives/errors.js";

export const PARSE_ERROR = -32700;
export const INVALID_REQUEST = -32600;
export const METHOD_NOT_FOUND = -32601;
export const INVALID_PARAMS = -32602;
export const INTERNAL_ERROR = -32603;
/** geth's generic server error: invalid transactions, unavailable state, limits. */
export const SERVER_ERROR = -32000;
/** geth's code for a reverted call (eth_call / eth_estimateGas), with the revert data. */
export const EXECUTION_REVERTED = 3;

export class RpcError extends Error {
  override name = "RpcError";
  constructor(
    readonly code: number,
    message: string,
    readonly data?: unknown,
  ) {
    super(message);
  }
}

export function invalidParams(message: string): RpcError {
  return new RpcError(INVALID_PARAMS, message);
}

export function serverError(message: string, data?: unknown): RpcError {
  return new RpcError(SERVER_ERROR, message, data);
}

/** geth's txpool / state-transition messages for the execution-spec-tests codes Lanes raises. */
const TX_MESSAGES: Record<string, string> = {
  NONCE_MISMATCH_TOO_LOW: "nonce too low",
  NONCE_MISMATCH_TOO_HIGH: "nonce too high",
  INSUFFICIENT_ACCOUNT_FUNDS: "insufficient funds for gas * price + value",
  INTRINSIC_GAS_TOO_LOW: "intrinsic gas too low",
  INTRINSIC_GAS_BELOW_FLOOR_GAS_COST: "intrinsic gas too low",
  INSUFFICIENT_MAX_FEE_PER_GAS: "max fee per gas less than block base fee",
  INSUFFICIENT_MAX_FEE_PER_BLOB_GAS: "max fee per blob gas less than block blob gas fee",
  PRIORITY_GREATER_THAN_MAX_FEE_PER_GAS: "max priority fee per gas higher than max fee per gas",
  GAS_ALLOWANCE_EXCEEDED: "exceeds block gas limit",
  GAS_LIMIT_EXCEEDS_MAXIMUM: "transaction gas limit too high",
  SENDER_NOT_EOA: "sender not an eoa",
  INVALID_CHAINID: "invalid chain id for signer",
  INVALID_SIGNATURE_VRS: "invalid transaction v, r, s values",
  EC_RECOVERY_FAIL: "invalid sender",
  GASLIMIT_PRICE_PRODUCT_OVERFLOW: "gas * gasPrice exceeds 256 bits",
  INITCODE_SIZE_EXCEEDED: "max initcode size exceeded",
  TYPE_3_TX_ZERO_BLOBS: "blob transaction missing blob hashes",
  TYPE_4_EMPTY_AUTHORIZATION_LIST: "EIP-7702 transaction with empty auth list",
};

/** An InvalidTransactionError as the -32000 error geth would give; unknown codes keep Lanes' message. */
export function txError(e: InvalidTransactionError): RpcError {
  const known = TX_MESSAGES[e.code];
  if (known !== undefined) return serverError(known);
  if (e.code.startsWith("RLP_") || e.code.startsWith("TYPE_") || e.code.startsWith("ADDRESS_")) {
    return serverError(`invalid transaction: ${e.message}`);
  }
  return serverError(e.message);
}

export function isTxError(e: unknown): e is InvalidTransactionError {
  return e instanceof InvalidTransactionError;
}
