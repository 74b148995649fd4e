// JSON-RPC shapes of blocks, transactions, receipts and logs (geth's field names, hex quantities).
import { encodeHeader } from "../block/header.js";
import type { BlockHeader, Withdrawal } from "../block/types.js";
import { encodeWithdrawal } from "../block/withdrawals.js";
import type { Log } from "../evm/log.js";
import { addressToHex, bytesToHex, quantityToHex, wordToHex } from "../primitives/hex.js";
import { keccak256 } from "../primitives/keccak.js";
import { headerLength, stringLength } from "../primitives/rlp-writer.js";
import { decodeTransaction } from "../tx/codec/decode.js";
import { withSender } from "../tx/codec/with-sender.js";
import type { Transaction } from "../tx/types.js";
import { effectiveGasPrice } from "./block-builder.js";
import type { StoredBlock, StoredReceipt } from "./codec.js";

type Json = Record<string, unknown>;
const q = quantityToHex;

export function formatHeader(h: BlockHeader, hash: Uint8Array, size: number): Json {
  const out: Json = {
    number: q(h.number),
    hash: bytesToHex(hash),
    parentHash: bytesToHex(h.parentHash),
    sha3Uncles: bytesToHex(h.ommersHash),
    miner: addressToHex(h.coinbase),
    stateRoot: bytesToHex(h.stateRoot),
    transactionsRoot: bytesToHex(h.transactionsRoot),
    receiptsRoot: bytesToHex(h.receiptsRoot),
    logsBloom: bytesToHex(h.logsBloom),
    difficulty: q(h.difficulty),
    gasLimit: q(h.gasLimit),
    gasUsed: q(h.gasUsed),
    timestamp: q(h.timestamp),
    extraData: bytesToHex(h.extraData),
    mixHash: bytesToHex(h.mixHash),
    nonce: bytesToHex(h.nonce),
    size: q(size),
  };
  if (h.baseFeePerGas !== undefined) out.baseFeePerGas = q(h.baseFeePerGas);
  if (h.withdrawalsRoot !== undefined) out.withdrawalsRoot = bytesToHex(h.withdrawalsRoot);
  if (h.blobGasUsed !== undefined) out.blobGasUsed = q(h.blobGasUsed);
  if (h.excessBlobGas !== undefined) out.excessBlobGas = q(h.excessBlobGas);
  if (h.parentBeaconBlockRoot !== undefined) out.parentBeaconBlockRoot = bytesToHex(h.parentBeaconBlockRoot);
  if (h.requestsHash !== undefined) out.requestsHash = bytesToHex(h.requestsHash);
  return out;
}

export interface TxLocation {
  blockHash: Uint8Array;
  blockNumber: bigint;
  blockTimestamp: bigint;
  index: number;
  baseFee: bigint;
}

/** A transaction from its raw encoding; `sender` is the stored one (impersonated transactions carry no real signature). */
export function formatTransaction(
  raw: Uint8Array,
  hash: Uint8Array,
  sender: bigint,
  at: TxLocation | undefined,
): Json {
  const { tx, signature } = decodeTransaction(raw);
  return formatDecoded(withSender(tx, sender), signature, hash, at);
}

export function formatDecoded(
  tx: Transaction,
  sig: { v: bigint; r: bigint; s: bigint },
  hash: Uint8Array,
  at: TxLocation | undefined,
): Json {
  const out: Json = {
    type: q(tx.type),
    hash: bytesToHex(hash),
    nonce: q(tx.nonce),
    blockHash: at ? bytesToHex(at.blockHash) : null,
    blockNumber: at ? q(at.blockNumber) : null,
    transactionIndex: at ? q(at.index) : null,
    blockTimestamp: at ? q(at.blockTimestamp) : null,
    from: addressToHex(tx.sender),
    to: tx.to === undefined ? null : addressToHex(tx.to),
    value: q(tx.value),
    gas: q(tx.gasLimit),
    input: bytesToHex(tx.data),
    gasPrice: q(at ? effectiveGasPrice(tx, at.baseFee) : tx.type >= 2 ? tx.maxFeePerGas : tx.gasPrice),
    v: q(sig.v),
    r: q(sig.r),
    s: q(sig.s),
  };
  if (tx.chainId !== undefined) out.chainId = q(tx.chainId);
  if (tx.type >= 1) {
    out.yParity = q(sig.v);
    out.accessList = tx.accessList.map((e) => ({
      address: addressToHex(e.address),
      storageKeys: e.storageKeys.map(wordToHex),
    }));
  }
  if (tx.type >= 2) {
    out.maxFeePerGas = q(tx.maxFeePerGas);
    out.maxPriorityFeePerGas = q(tx.maxPriorityFeePerGas);
  }
  if (tx.type === 3) {
    out.maxFeePerBlobGas = q(tx.maxFeePerBlobGas);
    out.blobVersionedHashes = tx.blobVersionedHashes.map(bytesToHex);
  }
  if (tx.type === 4) {
    out.authorizationList = tx.authorizationList.map((a) => ({
      chainId: q(a.chainId),
      address: addressToHex(a.address),
      nonce: q(a.nonce),
      yParity: q(a.yParity),
      r: q(a.r),
      s: q(a.s),
    }));
  }
  return out;
}

export interface LogContext {
  blockHash: Uint8Array;
  blockNumber: bigint;
  blockTimestamp: bigint;
  txHash: Uint8Array;
  txIndex: number;
  logIndex: number;
}

export function formatLog(log: Log, c: LogContext): Json {
  return {
    address: addressToHex(log.address),
    topics: log.topics.map(wordToHex),
    data: bytesToHex(log.data),
    blockHash: bytesToHex(c.blockHash),
    blockNumber: q(c.blockNumber),
    blockTimestamp: q(c.blockTimestamp),
    transactionHash: bytesToHex(c.txHash),
    transactionIndex: q(c.txIndex),
    logIndex: q(c.logIndex),
    removed: false,
  };
}

/** What a receipt's JSON needs besides the receipt: its transaction and block. */
export interface ReceiptContext {
  header: BlockHeader;
  blockHash: Uint8Array;
  rawTransaction: Uint8Array;
  txHash: Uint8Array;
  sender: bigint;
  index: number;
  /** Block-wide index of the receipt's first log. */
  firstLogIndex: number;
  /**
   * The transaction's recipient when the caller has it decoded (`to: undefined` for a creation); absent:
   * decoded from `rawTransaction`.
   */
  recipient?: { to: bigint | undefined };
}

/** Every receipt of a block, with block-wide log indices. */
export function formatReceipts(block: StoredBlock, receipts: readonly StoredReceipt[]): Json[] {
  let logIndex = 0;
  return receipts.map((r, i) => {
    const out = formatReceipt(r, {
      header: block.header,
      blockHash: block.hash,
      rawTransaction: block.rawTransactions[i]!,
      txHash: block.txHashes[i]!,
      sender: block.senders[i]!,
      index: i,
      firstLogIndex: logIndex,
    });
    logIndex += r.logs.length;
    return out;
  });
}

/** One receipt; only its own transaction is decoded. */
export function formatReceipt(r: StoredReceipt, c: ReceiptContext): Json {
  const to = c.recipient !== undefined ? c.recipient.to : decodeTransaction(c.rawTransaction).tx.to;
  const i = c.index;
  let logIndex = c.firstLogIndex;
  const logs = r.logs.map((log) =>
    formatLog(log, {
      blockHash: c.blockHash,
      blockNumber: c.header.number,
      blockTimestamp: c.header.timestamp,
      txHash: c.txHash,
      txIndex: i,
      logIndex: logIndex++,
    }),
  );
  const out: Json = {
    type: q(r.type),
    status: q(r.status),
    transactionHash: bytesToHex(c.txHash),
    transactionIndex: q(i),
    blockHash: bytesToHex(c.blockHash),
    blockNumber: q(c.header.number),
    from: addressToHex(c.sender),
    to: to === undefined ? null : addressToHex(to),
    cumulativeGasUsed: q(r.cumulativeGasUsed),
    gasUsed: q(r.gasUsed),
    effectiveGasPrice: q(r.effectiveGasPrice),
    contractAddress: r.contractAddress === undefined ? null : addressToHex(r.contractAddress),
    logs,
    logsBloom: bytesToHex(r.logsBloom),
  };
  // Pre-Byzantium receipts carry the post-state root instead of a status (geth's MarshalReceipt).
  if (r.root !== undefined) {
    delete out.status;
    out.root = bytesToHex(r.root);
  }
  if (r.type === 3) {
    out.blobGasUsed = q(r.blobGasUsed);
    out.blobGasPrice = q(r.blobGasPrice);
  }
  return out;
}

/** The RLP of the block's withdrawals, or undefined before Shanghai (no withdrawals list at all). */
export function withdrawalItems(block: StoredBlock): Uint8Array[] | undefined {
  if (block.header.withdrawalsRoot === undefined) return undefined;
  return (block.withdrawals ?? []).map(encodeWithdrawal);
}

/**
 * The length of the block's RLP encoding [header, transactions, uncles, withdrawals], as `size` reports it:
 * legacy transactions are embedded lists, typed ones byte strings; ommers are header lists; the withdrawals
 * list only from Shanghai on.
 */
export function blockRlpSize(block: StoredBlock): number {
  let txs = 0;
  for (const raw of block.rawTransactions) txs += raw[0]! >= 0xc0 ? raw.length : stringLength(raw);
  let ommers = 0;
  for (const o of block.ommers ?? []) ommers += o.length;
  let payload = encodeHeader(block.header).length + headerLength(txs) + txs + headerLength(ommers) + ommers;
  const withdrawals = withdrawalItems(block);
  if (withdrawals !== undefined) {
    let w = 0;
    for (const item of withdrawals) w += item.length;
    payload += headerLength(w) + w;
  }
  return headerLength(payload) + payload;
}

export function formatWithdrawal(w: Withdrawal): Json {
  return {
    index: q(w.index),
    validatorIndex: q(w.validatorIndex),
    address: addressToHex(w.address),
    amount: q(w.amount),
  };
}

export function formatBlock(block: StoredBlock, full: boolean): Json {
  const out = formatHeader(block.header, block.hash, blockRlpSize(block));
  const baseFee = block.header.baseFeePerGas ?? 0n;
  out.transactions = full
    ? block.rawTransactions.map((raw, i) =>
        formatTransaction(raw, block.txHashes[i]!, block.senders[i]!, {
          blockHash: block.hash,
          blockNumber: block.header.number,
          blockTimestamp: block.header.timestamp,
          index: i,
          baseFee,
        }),
      )
    : block.txHashes.map(bytesToHex);
  out.uncles = (block.ommers ?? []).map((o) => bytesToHex(keccak256(o)));
  if (block.header.withdrawalsRoot !== undefined)
    out.withdrawals = (block.withdrawals ?? []).map(formatWithdrawal);
  return out;
}
