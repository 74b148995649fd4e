// One call from raw bytes to a checked, sender-recovered transaction with its hash.
import { keccak256 } from "../../primitives/keccak.js";
import { decodeTransaction } from "./decode.js";
import { type RecoverOptions, recoverSender } from "./sender.js";
import type { SignedTransaction } from "./types.js";
import { withSender } from "./with-sender.js";

/** keccak256 of the canonical encoding: what blocks, receipts and RPC call the transaction hash. */
export function transactionHash(raw: Uint8Array): Uint8Array {
  return keccak256(raw);
}

/**
 * Decodes and recovers the sender. Throws InvalidTransactionError for any malformed input or bad signature.
 * The strict decoder admits only canonical encodings, so `raw` (copied) is the canonical form and its hash
 * is the transaction hash.
 */
export function decodeSignedTransaction(raw: Uint8Array, opts: RecoverOptions = {}): SignedTransaction {
  const { tx, signature } = decodeTransaction(raw);
  const sender = recoverSender(tx, signature, opts);
  const copy = raw.slice();
  return { tx: withSender(tx, sender), hash: transactionHash(copy), raw: copy, ...signature };
}
