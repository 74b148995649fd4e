// Builds the executor's Transaction for one `indexes {data, gas, value}` variant of a fixture's template.
import { InvalidTransactionError } from "../primitives/errors.js";
import type { Transaction, TxType } from "../tx/types.js";
import type { CaseIndexes, TxTemplate } from "./fixture.js";
import { addressFromSecretKey } from "./sender.js";
import { chainIdFromTxBytes } from "./tx-bytes.js";

const MAX_U64 = (1n << 64n) - 1n;
const MAX_U256 = (1n << 256n) - 1n;

/** The type the fixture's fields imply, most specific first (as fillers decide it). */
export function transactionType(tx: TxTemplate, dataIndex: number): TxType {
  if (tx.authorizationList !== undefined) return 4;
  if (tx.blobVersionedHashes !== undefined) return 3;
  if (tx.maxFeePerGas !== undefined) return 2;
  const accessList = tx.accessLists?.[dataIndex];
  if (accessList !== undefined && accessList !== null) return 1;
  return 0;
}

/**
 * A value no signed transaction can carry (ethereum/tests' ValueOverflow writes a 257-bit value): such a
 * transaction cannot even be decoded, so it is rejected like any other invalid one.
 */
function checkEncodable(tx: Transaction): void {
  const words: [string, bigint][] = [
    ["value", tx.value],
    ["gasPrice", tx.gasPrice],
    ["maxFeePerGas", tx.maxFeePerGas],
    ["maxPriorityFeePerGas", tx.maxPriorityFeePerGas],
    ["maxFeePerBlobGas", tx.maxFeePerBlobGas],
  ];
  for (const [field, value] of words) {
    if (value > MAX_U256) throw new InvalidTransactionError("RLP_INVALID_VALUE", `${field} exceeds 256 bits`);
  }
  if (tx.nonce > MAX_U64) throw new InvalidTransactionError("RLP_INVALID_VALUE", "nonce exceeds 64 bits");
  if (tx.gasLimit > MAX_U64)
    throw new InvalidTransactionError("RLP_INVALID_VALUE", "gas limit exceeds 64 bits");
}

/**
 * Throws InvalidTransactionError when the variant cannot be a valid transaction at all (the case then
 * counts as rejected); any other throw is a fixture problem.
 */
export function buildTransaction(
  tpl: TxTemplate,
  indexes: CaseIndexes,
  chainId: bigint,
  txbytes?: Uint8Array,
): Transaction {
  const type = transactionType(tpl, indexes.data);
  const sender = tpl.sender ?? addressFromSecretKey(tpl.secretKey!);
  const legacyFees = type <= 1;
  const gasPrice = legacyFees ? (tpl.gasPrice ?? tpl.maxFeePerGas!) : 0n;
  const tx: Transaction = {
    type,
    chainId: type === 0 && txbytes !== undefined ? chainIdFromTxBytes(txbytes, chainId) : chainId,
    nonce: tpl.nonce,
    gasLimit: tpl.gasLimit[indexes.gas]!,
    to: tpl.to,
    value: tpl.value[indexes.value]!,
    data: tpl.data[indexes.data]!,
    gasPrice,
    maxFeePerGas: legacyFees ? gasPrice : (tpl.maxFeePerGas ?? tpl.gasPrice!),
    maxPriorityFeePerGas: legacyFees ? gasPrice : (tpl.maxPriorityFeePerGas ?? tpl.gasPrice!),
    accessList: tpl.accessLists?.[indexes.data] ?? [],
    maxFeePerBlobGas: tpl.maxFeePerBlobGas ?? 0n,
    blobVersionedHashes: tpl.blobVersionedHashes ?? [],
    authorizationList: tpl.authorizationList ?? [],
    sender,
  };
  checkEncodable(tx);
  return tx;
}
