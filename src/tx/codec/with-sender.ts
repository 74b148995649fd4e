// The executor's Transaction from an unsigned body and its sender. An object literal with every field in one
// order, not `{ ...body, sender }`: V8 gives each object built by spreading and then adding a property a map
// of its own, which turns every `tx.field` read in the executor into a megamorphic lookup (the measured
// effect: docs/transactions.md, "One shape per transaction"; test/tx/object-shapes.test.ts keeps it).
import type { Transaction } from "../types.js";
import type { UnsignedTransaction } from "./types.js";

export function withSender(tx: UnsignedTransaction, sender: bigint): Transaction {
  return {
    type: tx.type,
    chainId: tx.chainId,
    nonce: tx.nonce,
    gasLimit: tx.gasLimit,
    to: tx.to,
    value: tx.value,
    data: tx.data,
    gasPrice: tx.gasPrice,
    maxFeePerGas: tx.maxFeePerGas,
    maxPriorityFeePerGas: tx.maxPriorityFeePerGas,
    accessList: tx.accessList,
    maxFeePerBlobGas: tx.maxFeePerBlobGas,
    blobVersionedHashes: tx.blobVersionedHashes,
    authorizationList: tx.authorizationList,
    sender,
  };
}
