// Lookups of blocks, transactions, receipts and logs.
import { bytesToHex, quantityToHex } from "../../primitives/hex.js";
import type { LanesNode } from "../devnode.js";
import { formatBlock, formatDecoded, formatReceipt, formatReceipts, formatTransaction } from "../format.js";
import { type LogSource, parseFilter, queryLogs } from "../log-filter.js";
import * as p from "../params.js";
import { findBlock } from "./resolve.js";
import type { MethodContext, MethodTable } from "./types.js";

function transactionByHash(hash: Uint8Array, { node }: MethodContext): unknown {
  const loc = node.store.txLocation(hash);
  if (loc === undefined) {
    const pooled = node.mempool.get(bytesToHex(hash));
    if (pooled === undefined) return null;
    const { signed } = pooled;
    return formatDecoded(signed.tx, signed, signed.hash, undefined);
  }
  const block = node.store.block(loc.number);
  if (block === undefined) return null;
  return formatTransaction(
    block.rawTransactions[loc.index]!,
    block.txHashes[loc.index]!,
    block.senders[loc.index]!,
    {
      blockHash: block.hash,
      blockNumber: block.header.number,
      blockTimestamp: block.header.timestamp,
      index: loc.index,
      baseFee: block.header.baseFeePerGas ?? 0n,
    },
  );
}

function txAtIndex(block: ReturnType<typeof findBlock>, indexParam: unknown): unknown {
  if (block === undefined) return null;
  const i = p.smallQuantity(indexParam, "index");
  const raw = block.rawTransactions[i];
  if (raw === undefined) return null;
  return formatTransaction(raw, block.txHashes[i]!, block.senders[i]!, {
    blockHash: block.hash,
    blockNumber: block.header.number,
    blockTimestamp: block.header.timestamp,
    index: i,
    baseFee: block.header.baseFeePerGas ?? 0n,
  });
}

/** The chain as eth_getLogs reads it. */
export function logSource(node: LanesNode): LogSource {
  const store = node.store;
  return {
    headNumber: node.head.header.number,
    block: (n) => store.block(n),
    blockNumberByHash: (h) => store.blockNumberByHash(h),
    receiptsOf: (n) => store.receiptsOf(n),
    blocksWithLogsFrom: (a, f, t) => store.blocksWithLogsFrom(a, f, t),
  };
}

export const lookupMethods: MethodTable = {
  eth_getTransactionByHash: (params, ctx) => transactionByHash(p.hash(params[0]), ctx),
  eth_getTransactionReceipt: (params, { node }) => {
    const loc = node.store.txLocation(p.hash(params[0]));
    if (loc === undefined) return null;
    const block = node.store.block(loc.number);
    if (block === undefined) return null;
    return formatReceipt(block, node.store.receiptsOf(loc.number), loc.index) ?? null;
  },
  eth_getBlockByNumber: (params, { node }) => {
    const block = findBlock(node, p.blockTag(params[0], "block"));
    return block === undefined ? null : formatBlock(block, p.bool(params[1], "fullTransactions", false));
  },
  eth_getBlockByHash: (params, { node }) => {
    const block = findBlock(node, { kind: "hash", hash: p.hash(params[0], "blockHash") });
    return block === undefined ? null : formatBlock(block, p.bool(params[1], "fullTransactions", false));
  },
  eth_getBlockReceipts: (params, { node }) => {
    const block = findBlock(node, p.blockTag(params[0], "block"));
    return block === undefined ? null : formatReceipts(block, node.store.receiptsOf(block.header.number));
  },
  eth_getBlockTransactionCountByNumber: (params, { node }) => {
    const block = findBlock(node, p.blockTag(params[0], "block"));
    return block === undefined ? null : quantityToHex(block.txHashes.length);
  },
  eth_getBlockTransactionCountByHash: (params, { node }) => {
    const block = findBlock(node, { kind: "hash", hash: p.hash(params[0], "blockHash") });
    return block === undefined ? null : quantityToHex(block.txHashes.length);
  },
  eth_getTransactionByBlockNumberAndIndex: (params, { node }) =>
    txAtIndex(findBlock(node, p.blockTag(params[0], "block")), params[1]),
  eth_getTransactionByBlockHashAndIndex: (params, { node }) =>
    txAtIndex(findBlock(node, { kind: "hash", hash: p.hash(params[0], "blockHash") }), params[1]),
  eth_getUncleCountByBlockNumber: () => "0x0",
  eth_getUncleCountByBlockHash: () => "0x0",
  eth_getLogs: (params, { node, maxLogRange }) =>
    queryLogs(parseFilter(params[0]), logSource(node), maxLogRange),
  eth_getRawTransactionByHash: (params, { node }) => {
    const hash = p.hash(params[0]);
    const loc = node.store.txLocation(hash);
    if (loc !== undefined) return bytesToHex(node.store.block(loc.number)!.rawTransactions[loc.index]!);
    const pooled = node.mempool.get(bytesToHex(hash));
    return pooled === undefined ? null : bytesToHex(pooled.signed.raw);
  },
};
