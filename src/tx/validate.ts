// Pre-execution transaction checks, ending in execution-spec-tests exception names. The checks that need
// only the transaction and the fork are `validateStatic` (shared with the decoder and TransactionTests);
// this adds the ones that need the block and the sender's account. Order follows geth's state transition
// (which filled the fixtures): nonce, sender, fees, balance, and only then intrinsic gas, so a transaction
// breaking several rules is reported with the name the fixtures expect.
import { delegationTarget } from "../evm/delegation.js";
import type { BlockEnv } from "../evm/env.js";
import type { ForkRules } from "../evm/forks.js";
import { G_PER_BLOB } from "../evm/gas-constants.js";
import { InvalidTransactionError } from "../primitives/errors.js";
import type { WorldState } from "../state/world-state.js";
import { validateStatic } from "./codec/validate-static.js";
import type { Transaction } from "./types.js";

export interface ValidatedTx {
  effectiveGasPrice: bigint;
  intrinsicGas: bigint;
  /** EIP-7623 floor (0 before Prague). */
  floorGas: bigint;
  blobGas: bigint;
}

const MAX_U256 = (1n << 256n) - 1n;

function fail(code: string, message?: string): never {
  throw new InvalidTransactionError(code, message);
}

export function validateTransaction(
  state: WorldState,
  tx: Transaction,
  env: BlockEnv,
  rules: ForkRules,
  nonceWraps = false,
): ValidatedTx {
  if (tx.chainId !== undefined && tx.chainId !== env.chainId) fail("INVALID_CHAINID");
  if (tx.gasLimit > env.gasLimit) fail("GAS_ALLOWANCE_EXCEEDED", "gas limit above the block gas limit");

  const nonce = state.getNonce(tx.sender);
  if (tx.nonce < nonce) fail("NONCE_MISMATCH_TOO_LOW", `account nonce ${nonce}, tx nonce ${tx.nonce}`);
  if (tx.nonce > nonce) fail("NONCE_MISMATCH_TOO_HIGH", `account nonce ${nonce}, tx nonce ${tx.nonce}`);

  // EIP-3607, relaxed by EIP-7702 for delegated accounts (and off on a devnet that impersonates contracts).
  if (rules.allowSendersWithCode !== true) {
    const code = state.getCode(tx.sender);
    if (code.length !== 0 && !(rules.eip7702 && delegationTarget(code) !== undefined)) fail("SENDER_NOT_EOA");
  }

  let effectiveGasPrice: bigint;
  if (tx.type >= 2) {
    if (tx.maxPriorityFeePerGas > tx.maxFeePerGas) fail("PRIORITY_GREATER_THAN_MAX_FEE_PER_GAS");
    if (tx.maxFeePerGas < env.baseFee) fail("INSUFFICIENT_MAX_FEE_PER_GAS");
    const tip = tx.maxFeePerGas - env.baseFee;
    effectiveGasPrice = env.baseFee + (tx.maxPriorityFeePerGas < tip ? tx.maxPriorityFeePerGas : tip);
  } else {
    if (tx.gasPrice < env.baseFee) fail("INSUFFICIENT_MAX_FEE_PER_GAS");
    effectiveGasPrice = tx.gasPrice;
  }

  let blobGas = 0n;
  if (tx.type === 3) {
    if (tx.maxFeePerBlobGas < env.blobBaseFee) fail("INSUFFICIENT_MAX_FEE_PER_BLOB_GAS");
    blobGas = BigInt(tx.blobVersionedHashes.length * G_PER_BLOB);
  }

  const maxFee = tx.type >= 2 ? tx.maxFeePerGas : tx.gasPrice;
  const upfront = tx.gasLimit * maxFee + tx.value + blobGas * tx.maxFeePerBlobGas;
  if (tx.gasLimit * maxFee > MAX_U256) fail("GASLIMIT_PRICE_PRODUCT_OVERFLOW");
  if (state.getBalance(tx.sender) < upfront) fail("INSUFFICIENT_ACCOUNT_FUNDS");

  const { intrinsicGas, floorGas } = validateStatic(tx, rules, nonceWraps);

  return { effectiveGasPrice, intrinsicGas, floorGas, blobGas };
}
