// Transaction receipts: building them from execution results, their consensus encoding (EIP-2718: legacy
// receipts are plain RLP, typed ones are `type || rlp(...)`), and the receipts root over those encodings.
import type { Log } from "../evm/log.js";
import { keccak256Into } from "../primitives/keccak.js";
import {
  byteLength,
  headerLength,
  integerRlpLength,
  stringLength,
  writeHeader,
  writeIntegerRlp,
  writeString,
} from "../primitives/rlp-writer.js";
import { OrderedTrieLayout } from "../trie/ordered-layout.js";
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

/** What measureReceipt found for the receipt it was last given: [payload, logs payload, gas length]. */
const dims = new Int32Array(3);

/** The length of `receipt`'s consensus encoding (type byte included); leaves its parts in `dims`. */
function measureReceipt(receipt: Receipt): number {
  let logsPayload = 0;
  for (const log of receipt.logs) {
    const length = logPayloadLength(log);
    logsPayload += headerLength(length) + length;
  }
  const gasLength = byteLength(receipt.cumulativeGasUsed);
  // Before Byzantium (EIP-658) the first field is the post-transaction state root, not the status.
  const payload =
    (receipt.root === undefined ? 1 : 33) +
    integerRlpLength(receipt.cumulativeGasUsed, gasLength) +
    3 +
    BLOOM_BYTES +
    headerLength(logsPayload) +
    logsPayload;
  dims[0] = payload;
  dims[1] = logsPayload;
  dims[2] = gasLength;
  return (receipt.type !== 0 ? 1 : 0) + headerLength(payload) + payload;
}

/** Writes a 20- or 32-byte big-endian integer through a DataView: four bigint shifts at most, not a loop. */
function writeFixed(view: DataView, pos: number, value: bigint, length: 20 | 32): void {
  if (length === 32) {
    view.setBigUint64(pos, value >> 192n);
    view.setBigUint64(pos + 8, value >> 128n);
    view.setBigUint64(pos + 16, value >> 64n);
    view.setBigUint64(pos + 24, value);
  } else {
    view.setUint32(pos, Number(value >> 128n));
    view.setBigUint64(pos + 4, value >> 64n);
    view.setBigUint64(pos + 12, value);
  }
}

/**
 * Writes the receipt measureReceipt was just given at `pos` of `out` (`view` over the same bytes; setBigUint64
 * keeps the low 64 bits of its argument, so the shifts above need no masks); returns the end position.
 */
function writeReceipt(out: Uint8Array, view: DataView, pos: number, receipt: Receipt): number {
  const payload = dims[0]!;
  const logsPayload = dims[1]!;
  const gasLength = dims[2]!;
  if (receipt.type !== 0) out[pos++] = receipt.type;
  pos = writeHeader(out, pos, payload, 0xc0);
  const root = receipt.root;
  if (root === undefined) out[pos++] = receipt.status === 1 ? 1 : 0x80;
  else pos = writeString(out, pos, root);
  pos = writeIntegerRlp(out, pos, receipt.cumulativeGasUsed, gasLength);
  pos = writeString(out, pos, receipt.logsBloom);
  pos = writeHeader(out, pos, logsPayload, 0xc0);
  for (const log of receipt.logs) {
    pos = writeHeader(out, pos, logPayloadLength(log), 0xc0);
    out[pos++] = 0x80 + 20;
    writeFixed(view, pos, log.address, 20);
    pos += 20;
    pos = writeHeader(out, pos, log.topics.length * 33, 0xc0);
    for (const topic of log.topics) {
      out[pos++] = 0x80 + 32;
      writeFixed(view, pos, topic, 32);
      pos += 32;
    }
    pos = writeString(out, pos, log.data);
  }
  return pos;
}

/**
 * The consensus encoding of a receipt (what the receipts trie stores): `rlp([status, cumulativeGasUsed,
 * logsBloom, logs])`, prefixed by the type byte for typed receipts. Written directly into one buffer.
 */
export function encodeReceipt(receipt: Receipt): Uint8Array {
  const out = new Uint8Array(measureReceipt(receipt));
  writeReceipt(out, new DataView(out.buffer), 0, receipt);
  return out;
}

/** The receipts trie's shape for the last receipt count seen (blocks of one size repeat it). */
let lastLayout: OrderedTrieLayout | undefined;
/** One buffer the leaves are encoded into and hashed from, grown as needed. */
let scratch = new Uint8Array(4096);
let scratchView = new DataView(scratch.buffer);

/**
 * The receipts root. Each receipt is encoded once, straight into its trie leaf `[HP(path), rlp(receipt)]` in
 * a reused buffer, and hashed there: no receipt array, leaf array or hash array per receipt (the generic
 * orderedTrieRoot encodes each receipt, then copies it into a leaf, then hashes a copy).
 */
export function receiptsRoot(receipts: readonly Receipt[]): Uint8Array {
  const n = receipts.length;
  if (lastLayout === undefined || lastLayout.size !== n) lastLayout = new OrderedTrieLayout(n);
  const layout = lastLayout;
  const refs = new Array<Uint8Array>(n);
  for (let i = 0; i < n; i++) {
    const receipt = receipts[i]!;
    const path = layout.leafPath(i);
    const length = measureReceipt(receipt);
    // A hex-prefix path of an rlp(i) key is at most 3 bytes, its first byte below 0x80.
    const pathRlp = path.length === 1 ? 1 : 1 + path.length;
    const payload = pathRlp + headerLength(length) + length;
    const total = headerLength(payload) + payload;
    if (scratch.length < total) {
      scratch = new Uint8Array(Math.max(total, 2 * scratch.length));
      scratchView = new DataView(scratch.buffer);
    }
    let pos = writeHeader(scratch, 0, payload, 0xc0);
    pos = writeString(scratch, pos, path);
    pos = writeHeader(scratch, pos, length, 0x80);
    writeReceipt(scratch, scratchView, pos, receipt);
    // A leaf holding a receipt (its bloom alone is 256 bytes) is always referred to by its hash.
    const ref = new Uint8Array(33);
    ref[0] = 0x80 + 32;
    keccak256Into(scratch, 0, total, ref, 1);
    refs[i] = ref;
  }
  return layout.root(refs);
}

/** The block's logs bloom: the union of its receipts' blooms. */
export function blockLogsBloom(receipts: readonly Receipt[]): Uint8Array {
  const bloom = new Uint8Array(BLOOM_BYTES);
  for (const r of receipts) orBloom(bloom, r.logsBloom);
  return bloom;
}
