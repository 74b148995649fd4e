// The t8n `result` object in geth's JSON form (`evm t8n --output.result`): roots and bloom, geth-style
// receipts, rejected transactions, and the header values the block builder needs (gas used, base fee,
// excess blob gas, withdrawals root, EIP-7685 requests hash). Field names and order follow geth's
// ExecutionResult, which execution-spec-tests' t8n client reads.
import { blobBaseFee } from "../block/blob-gas.js";
import { createAddress } from "../evm/addresses.js";
import type { ForkRules } from "../evm/forks.js";
import type { Log } from "../evm/log.js";
import { addressToHex, bytesToHex, quantityToHex, wordToHex } from "../primitives/hex.js";
import type { IncludedTx, RejectedTx, TransitionOutput } from "./transition.js";

const ZERO_HASH = wordToHex(0n);

export interface LogJson {
  address: string;
  topics: string[];
  data: string;
  blockNumber: string;
  transactionHash: string;
  transactionIndex: string;
  blockHash: string;
  logIndex: string;
  removed: boolean;
}

export interface ReceiptJson {
  type: string;
  /** Pre-Byzantium state root: always empty now, kept because geth writes it. */
  root: string;
  status: string;
  cumulativeGasUsed: string;
  logsBloom: string;
  logs: LogJson[];
  transactionHash: string;
  contractAddress: string;
  gasUsed: string;
  effectiveGasPrice: string;
  blobGasUsed?: string;
  blobGasPrice?: string;
  blockHash: string;
  transactionIndex: string;
}

export interface ResultJson {
  stateRoot: string;
  txRoot: string;
  receiptsRoot: string;
  logsHash: string;
  logsBloom: string;
  receipts: ReceiptJson[];
  rejected: RejectedTx[];
  /** Always null: every fork Lanes runs is post-Merge (geth writes null there too). */
  currentDifficulty: null;
  gasUsed: string;
  currentBaseFee: string;
  withdrawalsRoot: string;
  currentExcessBlobGas: string;
  blobGasUsed: string;
  requestsHash?: string;
  requests?: string[];
}

export interface ResultContext {
  number: bigint;
  baseFee: bigint;
  excessBlobGas: bigint;
  rules: ForkRules;
}

function logJson(log: Log, tx: IncludedTx, txIndex: number, logIndex: number, number: bigint): LogJson {
  return {
    address: addressToHex(log.address),
    topics: log.topics.map(wordToHex),
    data: bytesToHex(log.data),
    blockNumber: quantityToHex(number),
    transactionHash: bytesToHex(tx.hash),
    transactionIndex: quantityToHex(txIndex),
    blockHash: ZERO_HASH,
    logIndex: quantityToHex(logIndex),
    removed: false,
  };
}

function receiptJson(
  tx: IncludedTx,
  txIndex: number,
  firstLogIndex: number,
  ctx: ResultContext,
): ReceiptJson {
  const { receipt } = tx;
  // geth reports the CREATE address for every creation, successful or not, and the zero address otherwise.
  const created = tx.tx.to === undefined ? createAddress(tx.tx.sender, tx.tx.nonce) : 0n;
  const out: ReceiptJson = {
    type: quantityToHex(receipt.type),
    root: "0x",
    status: quantityToHex(receipt.status),
    cumulativeGasUsed: quantityToHex(receipt.cumulativeGasUsed),
    logsBloom: bytesToHex(receipt.logsBloom),
    logs: receipt.logs.map((log, i) => logJson(log, tx, txIndex, firstLogIndex + i, ctx.number)),
    transactionHash: bytesToHex(tx.hash),
    contractAddress: addressToHex(created),
    gasUsed: quantityToHex(receipt.gasUsed),
    effectiveGasPrice: quantityToHex(tx.effectiveGasPrice),
    blockHash: ZERO_HASH,
    transactionIndex: quantityToHex(txIndex),
  };
  if (receipt.type === 3) {
    out.blobGasUsed = quantityToHex(tx.result.blobGasUsed);
    out.blobGasPrice = quantityToHex(blobBaseFee(ctx.excessBlobGas, ctx.rules));
  }
  return out;
}

export function formatResult(out: TransitionOutput, ctx: ResultContext): ResultJson {
  let logIndex = 0;
  const receipts = out.included.map((tx, i) => {
    const json = receiptJson(tx, i, logIndex, ctx);
    logIndex += tx.receipt.logs.length;
    return json;
  });
  const result: ResultJson = {
    stateRoot: bytesToHex(out.stateRoot),
    txRoot: bytesToHex(out.txRoot),
    receiptsRoot: bytesToHex(out.receiptsRoot),
    logsHash: bytesToHex(out.logsHash),
    logsBloom: bytesToHex(out.logsBloom),
    receipts,
    rejected: out.rejected,
    currentDifficulty: null,
    gasUsed: quantityToHex(out.gasUsed),
    currentBaseFee: quantityToHex(ctx.baseFee),
    withdrawalsRoot: bytesToHex(out.withdrawalsRoot),
    currentExcessBlobGas: quantityToHex(ctx.excessBlobGas),
    blobGasUsed: quantityToHex(out.blobGasUsed),
  };
  if (out.requests !== undefined && out.requestsHash !== undefined) {
    result.requestsHash = bytesToHex(out.requestsHash);
    result.requests = out.requests.map(bytesToHex);
  }
  return result;
}
