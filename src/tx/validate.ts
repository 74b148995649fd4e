// Pre-execution transaction checks (geth's preCheck/buyGas order), ending in execution-spec-tests names.
import { delegationTarget } from "../evm/delegation.js";
import type { BlockEnv } from "../evm/env.js";
import type { ForkRules } from "../evm/forks.js";
import { G_PER_BLOB, MAX_INITCODE_SIZE } from "../evm/gas-constants.js";
import { InvalidTransactionError } from "../primitives/errors.js";
import type { WorldState } from "../state/world-state.js";
import { floorDataGas, intrinsicGas } from "./intrinsic-gas.js";
import type { Transaction } from "./types.js";

const MAX_U64 = (1n << 64n) - 1n;
const MAX_U256 = (1n << 256n) - 1n;

export interface ValidatedTx {
  effectiveGasPrice: bigint;
  intrinsicGas: bigint;
  /** EIP-7623 floor (0 before Prague). */
  floorGas: bigint;
  blobGas: bigint;
}

function fail(code: string, message?: string): never {
  throw new InvalidTransactionError(code, message);
}

export function validateTransaction(
  state: WorldState,
  tx: Transaction,
  env: BlockEnv,
  rules: ForkRules,
): ValidatedTx {
  if (tx.type === 4 && !rules.eip7702) fail("TYPE_4_TX_PRE_FORK");
  if (tx.chainId !== undefined && tx.chainId !== env.chainId) fail("INVALID_CHAINID");
  if (tx.gasLimit > MAX_U64) fail("GAS_LIMIT_EXCEEDS_MAXIMUM", "gas limit above 2^64-1");
  if (tx.maxFeePerGas > MAX_U256 || tx.maxPriorityFeePerGas > MAX_U256 || tx.value > MAX_U256) {
    fail("VALUE_OUT_OF_RANGE");
  }
  if (rules.txGasLimitCap !== undefined && tx.gasLimit > rules.txGasLimitCap) {
    fail("GAS_LIMIT_EXCEEDS_MAXIMUM", `gas limit ${tx.gasLimit} above the cap ${rules.txGasLimitCap}`);
  }
  if (tx.gasLimit > env.gasLimit) fail("GAS_ALLOWANCE_EXCEEDED", "gas limit above the block gas limit");

  const nonce = state.getNonce(tx.sender);
  if (tx.nonce > MAX_U64) fail("NONCE_IS_MAX");
  if (tx.nonce < nonce) fail("NONCE_MISMATCH_TOO_LOW", `account nonce ${nonce}, tx nonce ${tx.nonce}`);
  if (tx.nonce > nonce) fail("NONCE_MISMATCH_TOO_HIGH", `account nonce ${nonce}, tx nonce ${tx.nonce}`);
  if (nonce >= MAX_U64) fail("NONCE_IS_MAX");

  const code = state.getCode(tx.sender);
  if (code.length !== 0 && !(rules.eip7702 && delegationTarget(code) !== undefined)) fail("SENDER_NOT_EOA");

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
    if (tx.to === undefined) fail("TYPE_3_TX_CONTRACT_CREATION");
    const count = tx.blobVersionedHashes.length;
    if (count === 0) fail("TYPE_3_TX_ZERO_BLOBS");
    if (count > rules.maxBlobsPerTx && rules.maxBlobsPerTx < rules.blobSchedule.max) {
      fail("TYPE_3_TX_BLOB_COUNT_EXCEEDED");
    }
    if (count > rules.blobSchedule.max) fail("TYPE_3_TX_MAX_BLOB_GAS_ALLOWED_EXCEEDED");
    for (const h of tx.blobVersionedHashes) {
      if (h.length !== 32 || h[0] !== 0x01) fail("TYPE_3_TX_INVALID_BLOB_VERSIONED_HASH");
    }
    if (tx.maxFeePerBlobGas < env.blobBaseFee) fail("INSUFFICIENT_MAX_FEE_PER_BLOB_GAS");
    blobGas = BigInt(count * G_PER_BLOB);
  }
  if (tx.type === 4) {
    if (tx.to === undefined) fail("TYPE_4_TX_CONTRACT_CREATION");
    if (tx.authorizationList.length === 0) fail("TYPE_4_EMPTY_AUTHORIZATION_LIST");
  }

  const maxFee = tx.type >= 2 ? tx.maxFeePerGas : tx.gasPrice;
  const upfront = tx.gasLimit * maxFee + tx.value + blobGas * tx.maxFeePerBlobGas;
  if (tx.gasLimit * maxFee > MAX_U256) fail("GASLIMIT_PRICE_PRODUCT_OVERFLOW");
  if (state.getBalance(tx.sender) < upfront) fail("INSUFFICIENT_ACCOUNT_FUNDS");

  const intrinsic = intrinsicGas(tx, rules);
  if (tx.gasLimit < intrinsic)
    fail("INTRINSIC_GAS_TOO_LOW", `gas limit ${tx.gasLimit}, intrinsic ${intrinsic}`);
  const floorGas = rules.eip7623 ? floorDataGas(tx) : 0n;
  if (tx.gasLimit < floorGas) fail("INTRINSIC_GAS_BELOW_FLOOR_GAS_COST");
  if (tx.to === undefined && tx.data.length > MAX_INITCODE_SIZE) fail("INITCODE_SIZE_EXCEEDED");

  return { effectiveGasPrice, intrinsicGas: intrinsic, floorGas, blobGas };
}
