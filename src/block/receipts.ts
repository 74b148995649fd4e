// Transaction receipts: building them from execution results, their consensus encoding (EIP-2718: legacy
// receipts are plain RLP, typed ones are `type || rlp(...)`), and the receipts root over those encodings.
import type { Log } from "../evm/log.js";
import {
  byteLength,
  headerLength,
  integerRlpLength,
  stringLength,
  writeHeader,
  writeInteger,
  writeIntegerRlp,
  writeString,
} from "../primitives/rlp-writer.js";
import { orderedTrieRoot } from "../trie/index.js";
import { BLOOM_BYTES, logsBloom, orBloom } from "./bloom.js";
import type { Receipt } from "./types.js";

/** What a receipt records of one executed transaction. */
export interface ReceiptInput {
  status: 0 | 1;
  gasUsed: bigint;
  logs: Log[];
  createdAddress: bigint | undefined;
  /** logsBloom(logs), when already computed (the parallel executor computes it on a worker). */
  logsBloom?: Uint8Array;
}

/**
 * The receipt of a transaction, given the block's gas used up to and including it, and before Byzantium
 * the state root after it.
 */
export function makeReceipt(
  type: number,
  tx: ReceiptInput,
  cumulativeGasUsed: bigint,
  root?: Uint8Array,
): Receipt {
  const receipt: Receipt = {
    type,
    status: tx.status,
    cumulativeGasUsed,
    gasUsed: tx.gasUsed,
    logs: tx.logs,
    logsBloom: tx.logsBloom ?? logsBloom(tx.logs),
  };
  if (tx.createdAddress !== undefined) receipt.contractAddress = tx.createdAddress;
  if (root !== undefined) receipt.root = root;
  return receipt;
}

/** Payload length of a log's RLP list [address, [topics...], data]. */
function logPayloadLength(log: Log): number {
  const topics = log.topics.length * 33;
  return 21 + headerLength(topics) + topics + stringLength(log.data);
}

/**
 * The consensus encoding of a receipt (what the receipts trie stores): `rlp([status, cumulativeGasUsed,
 * logsBloom, logs])`, prefixed by the type byte for typed receipts. Written directly into one buffer (every
 * receipt of every block is encoded for the receipts root, so no nested arrays are built first).
 */
export function encodeReceipt(receipt: Receipt): Uint8Array {
  const { logs, cumulativeGasUsed } = receipt;
  let logsPayload = 0;
  for (const log of logs) {
    const length = logPayloadLength(log);
    logsPayload += headerLength(length) + length;
  }
  const gasLength = byteLength(cumulativeGasUsed);
  // Before Byzantium (EIP-658) the first field is the post-transaction state root, not the status.
  const root = receipt.root;
  const payload =
    (root === undefined ? 1 : 33) +
    integerRlpLength(cumulativeGasUsed, gasLength) +
    3 +
    BLOOM_BYTES +
    headerLength(logsPayload) +
    logsPayload;
  const typed = receipt.type !== 0;
  const out = new Uint8Array((typed ? 1 : 0) + headerLength(payload) + payload);
  let pos = 0;
  if (typed) out[pos++] = receipt.type;
  pos = writeHeader(out, pos, payload, 0xc0);
  if (root === undefined) out[pos++] = receipt.status === 1 ? 1 : 0x80;
  else pos = writeString(out, pos, root);
  pos = writeIntegerRlp(out, pos, cumulativeGasUsed, gasLength);
  pos = writeString(out, pos, receipt.logsBloom);
  pos = writeHeader(out, pos, logsPayload, 0xc0);
  for (const log of logs) {
    pos = writeHeader(out, pos, logPayloadLength(log), 0xc0);
    out[pos++] = 0x80 + 20;
    writeInteger(out, pos, log.address, 20);
    pos += 20;
    pos = writeHeader(out, pos, log.topics.length * 33, 0xc0);
    for (const topic of log.topics) {
      out[pos++] = 0x80 + 32;
      writeInteger(out, pos, topic, 32);
      pos += 32;
    }
    pos = writeString(out, pos, log.data);
  }
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
