// Types shared by the transaction codec: the unsigned body, the signature as encoded, and the signed wrapper.
import type { Transaction } from "../types.js";

/** A transaction before sender recovery: every field the envelope carries, nothing derived from the signature. */
export type UnsignedTransaction = Omit<Transaction, "sender">;

/**
 * The signature exactly as encoded. `v` is the raw legacy value (27/28, or chainId*2+35/36 under EIP-155)
 * for type 0, and the y-parity for types 1-4.
 */
export interface TxSignature {
  v: bigint;
  r: bigint;
  s: bigint;
}

/** A decoded (or freshly signed) transaction with everything callers need to keep beside the executor's view. */
export interface SignedTransaction extends TxSignature {
  /** The executor's view, with `sender` recovered from the signature. */
  tx: Transaction;
  /** keccak256 of `raw`: the transaction hash. */
  hash: Uint8Array;
  /** The canonical encoding (`type || rlp(payload)` for typed transactions, `rlp(fields)` for legacy). */
  raw: Uint8Array;
}

/** A transaction split into its unsigned body and its signature, before any signature checks. */
export interface DecodedTransaction {
  tx: UnsignedTransaction;
  signature: TxSignature;
}
