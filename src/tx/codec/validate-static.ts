// Checks that need only the transaction and the fork (no state, no block): what a decoder, a transaction
// pool or TransactionTests can decide up front. State- and block-dependent checks stay in ../validate.ts.
// The order of the shared checks follows geth's `evm t9n`, which filled the TransactionTests.
import { type ForkRules, maxInitcodeSizeOf } from "../../evm/forks.js";
import { floorDataGas, intrinsicGas } from "../intrinsic-gas.js";
import { fail } from "./fields.js";
import type { UnsignedTransaction } from "./types.js";
import { withSender } from "./with-sender.js";

const MAX_U64 = (1n << 64n) - 1n;
const MAX_U256 = (1n << 256n) - 1n;
const BLOB_VERSION_KZG = 0x01;

export interface StaticCheck {
  intrinsicGas: bigint;
  /** EIP-7623 calldata floor (0 before Prague). */
  floorGas: bigint;
}

/** Width checks for transactions built in code (decoded ones already passed them). */
function checkWidths(tx: UnsignedTransaction, nonceWraps: boolean): void {
  if (tx.nonce > MAX_U64) fail("NONCE_OVERFLOW");
  if (tx.gasLimit > MAX_U64) fail("GASLIMIT_OVERFLOW");
  // EIP-2681: the nonce must stay incrementable (unless the caller runs geth's wrapping arithmetic).
  if (tx.nonce === MAX_U64 && !nonceWraps) fail("NONCE_TOO_BIG", "nonce 2^64-1");
  if (tx.value > MAX_U256) fail("VALUE_OVERFLOW");
  if (tx.gasPrice > MAX_U256 || tx.maxFeePerGas > MAX_U256) fail("GASPRICE_OVERFLOW");
  if (tx.maxPriorityFeePerGas > MAX_U256) fail("PRIORITY_OVERFLOW");
}

function checkBlobs(tx: UnsignedTransaction, rules: ForkRules): void {
  const count = tx.blobVersionedHashes.length;
  if (count === 0) fail("TYPE_3_TX_ZERO_BLOBS");
  // Fixtures name the block's blob allowance separately only once EIP-7594 caps a transaction below it
  // (Osaka); before that, too many blobs is TYPE_3_TX_BLOB_COUNT_EXCEEDED (the Cancun fixtures' name).
  if (count > rules.blobSchedule.max && rules.maxBlobsPerTx < rules.blobSchedule.max) {
    fail(
      "TYPE_3_TX_MAX_BLOB_GAS_ALLOWANCE_EXCEEDED",
      `${count} blobs, at most ${rules.blobSchedule.max} per block`,
    );
  }
  const limit = Math.min(rules.maxBlobsPerTx, rules.blobSchedule.max);
  if (count > limit)
    fail("TYPE_3_TX_BLOB_COUNT_EXCEEDED", `${count} blobs, at most ${limit} per transaction`);
  for (const h of tx.blobVersionedHashes) {
    if (h.length !== 32 || h[0] !== BLOB_VERSION_KZG) fail("TYPE_3_TX_INVALID_BLOB_VERSIONED_HASH");
  }
}

/**
 * Throws InvalidTransactionError for a transaction no state could make valid under `rules`. `nonceWraps`
 * (eth_simulateV1 without validation only, see ApplyOptions.wrapNonce) lets a call carry nonce 2^64-1.
 */
export function validateStatic(tx: UnsignedTransaction, rules: ForkRules, nonceWraps = false): StaticCheck {
  if (tx.type === 1 && !rules.eip2930) fail("TYPE_1_TX_PRE_FORK");
  if (tx.type === 2 && !rules.eip1559) fail("TYPE_2_TX_PRE_FORK");
  if (tx.type === 3 && !rules.eip4844) fail("TYPE_3_TX_PRE_FORK");
  if (tx.type === 4 && !rules.eip7702) fail("TYPE_4_TX_PRE_FORK");
  if ((tx.type === 3 || tx.type === 4) && tx.to === undefined) fail(`TYPE_${tx.type}_TX_CONTRACT_CREATION`);
  // intrinsicGas only reads the fields the type uses, so the sender is not needed.
  const intrinsic = intrinsicGas(withSender(tx, 0n), rules);
  if (tx.gasLimit < intrinsic)
    fail("INTRINSIC_GAS_TOO_LOW", `gas limit ${tx.gasLimit}, intrinsic ${intrinsic}`);
  const floorGas = rules.eip7623 ? floorDataGas(withSender(tx, 0n)) : 0n;
  if (tx.gasLimit < floorGas) fail("INTRINSIC_GAS_BELOW_FLOOR_GAS_COST", `floor ${floorGas}`);
  checkWidths(tx, nonceWraps);
  if (tx.type >= 2 && tx.maxPriorityFeePerGas > tx.maxFeePerGas)
    fail("PRIORITY_GREATER_THAN_MAX_FEE_PER_GAS");
  const price = tx.type >= 2 ? tx.maxFeePerGas : tx.gasPrice;
  if (tx.gasLimit * price > MAX_U256) fail("GASLIMIT_PRICE_PRODUCT_OVERFLOW");
  if (rules.eip3860 && tx.to === undefined && tx.data.length > maxInitcodeSizeOf(rules)) {
    fail("INITCODE_SIZE_EXCEEDED", `${tx.data.length} bytes, at most ${maxInitcodeSizeOf(rules)}`);
  }
  if (rules.txGasLimitCap !== undefined && tx.gasLimit > rules.txGasLimitCap) {
    fail("GAS_LIMIT_EXCEEDS_MAXIMUM", `gas limit ${tx.gasLimit} above the cap ${rules.txGasLimitCap}`);
  }
  if (tx.type === 3) checkBlobs(tx, rules);
  if (tx.type === 4 && tx.authorizationList.length === 0) fail("TYPE_4_EMPTY_AUTHORIZATION_LIST");
  return { intrinsicGas: intrinsic, floorGas };
}
