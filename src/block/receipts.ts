// Transaction receipts: building them from execution results, their consensus encoding (EIP-2718: legacy
// receipts are plain RLP, typed ones are `type || rlp(...)`), and the receipts root over those encodings.
import type { Log } from "../evm/log.js";
import { bigIntToBytes, bigIntToBytes32 } from "../primitives/hex.js";
import { type RlpInput, rlpEncode } from "../primitives/rlp.js";
import { orderedTrieRoot } from "../trie/index.js";
import { BLOOM_BYTES, logsBloom, orBloom } from "./bloom.js";
import type { Receipt } from "./types.js";

/** A log as RLP: [address, [topics...], data]. */
export function logFields(log: Log): RlpInput {
  return [bigIntToBytes(log.address, 20), log.topics.map(bigIntToBytes32), log.data];
}

/** What a receipt records of one executed transaction. */
export interface ReceiptInput {
  type: number;
  status: 0 | 1;
  gasUsed: bigint;
  logs: Log[];
  createdAddress: bigint | undefined;
  /** logsBloom(logs), when already computed (the parallel executor computes it on a worker). */
  logsBloom?: Uint8Array;
}

/** The receipt of a transaction, given the block's gas used up to and including it. */
export function makeReceipt(tx: ReceiptInput, cumulativeGasUsed: bigint): Receipt {
  const receipt: Receipt = {
    type: tx.type,
    status: tx.status,
    cumulativeGasUsed,
    gasUsed: tx.gasUsed,
    logs: tx.logs,
    logsBloom: tx.logsBloom ?? logsBloom(tx.logs),
  };
  if (tx.createdAddress !== undefined) receipt.contractAddress = tx.createdAddress;
  return receipt;
}

/** The consensus encoding of a receipt (what the receipts trie stores). */
export function encodeReceipt(receipt: Receipt): Uint8Array {
  const body = rlpEncode([
    receipt.status,
    receipt.cumulativeGasUsed,
    receipt.logsBloom,
    receipt.logs.map(logFields),
  ]);
  if (receipt.type === 0) return body;
  const out = new Uint8Array(body.length + 1);
  out[0] = receipt.type;
  out.set(body, 1);
  return out;
}

export function receiptsRoot(receipts: readonly Receipt[]): Uint8Array {
  return orderedTrieRoot(receipts.map(encodeReceipt));
}

/** The block's logs bloom: the union of its receipts' blooms. */
export function blockLogsBloom(receipts: readonly Receipt[]): Uint8Array {
  const bloom = new Uint8Array(BLOOM_BYTES);
  for (const r of receipts) orBloom(bloom, r.logsBloom);
  return bloom;
}
