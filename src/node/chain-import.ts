// `lanes node --import chain.rlp`: blocks from a file of concatenated RLP blocks (geth's `export` format),
// each checked and executed on top of the head and committed as a mined block would be. A block Lanes can
// execute (its fork has rules in the chain config) goes through importBlock: header, body, execution and every
// header commitment. A block under a fork Lanes does not run yet can only be imported with a foreign executor
// (a test oracle); its result is still checked here against the header (state root, receipts root, gas used,
// bloom), so nothing unverified is stored.

import { blobBaseFee, GAS_PER_BLOB } from "../block/blob-gas.js";
import { type DecodedBlockRlp, decodeBlockRlp } from "../block/block-rlp.js";
import { encodeHeader } from "../block/header.js";
import { importBlock } from "../block/import-block.js";
import { blockLogsBloom, receiptsRoot } from "../block/receipts.js";
import type { Block, BlockHeader, Receipt } from "../block/types.js";
import { bytesEqual, bytesToHex } from "../primitives/hex.js";
import { rlpDecodePrefix } from "../primitives/rlp.js";
import type { InMemoryState } from "../state/memory-state.js";
import type { StateDiff } from "../state/types.js";
import { decodeSignedTransaction } from "../tx/codec/signed.js";
import type { SignedTransaction } from "../tx/codec/types.js";
import { effectiveGasPrice, type SealedBlock } from "./block-builder.js";
import { encodeBlockRecord, type StoredBlock, type StoredReceipt } from "./codec.js";
import type { LanesNode } from "./devnode.js";
import { reverseDiff } from "./state-history.js";

/** What a foreign executor reports for a block: its receipts and its change to state. */
export interface ForeignExecution {
  receipts: Receipt[];
  diff: StateDiff;
}

/**
 * Executes a block Lanes has no rules for, on `state` (the parent's post-state, not to be modified). Returns
 * undefined to decline (the import then fails for that block).
 */
export type ForeignExecutor = (
  block: DecodedBlockRlp,
  /** The block's own encoding, as the chain file holds it. */
  rlp: Uint8Array,
  transactions: SignedTransaction[],
  parent: BlockHeader,
  state: InMemoryState,
) => Promise<ForeignExecution | undefined>;

export interface ImportOptions {
  foreign?: ForeignExecutor;
  /** Called after each committed block. */
  progress?: (number: bigint) => void;
}

/** Splits a file of concatenated RLP blocks into their encodings (geth's chain export format). */
export function splitBlocks(data: Uint8Array): Uint8Array[] {
  const out: Uint8Array[] = [];
  let pos = 0;
  while (pos < data.length) {
    let length: number;
    try {
      length = rlpDecodePrefix(data.subarray(pos))[1];
    } catch (e) {
      throw new RangeError(`chain file: block at byte ${pos}: ${(e as Error).message}`);
    }
    out.push(data.subarray(pos, pos + length));
    pos += length;
  }
  return out;
}

function mismatch(number: bigint, what: string, header: Uint8Array, got: Uint8Array): Error {
  return new Error(
    `block ${number}: ${what} ${bytesToHex(got)} does not match the header's ${bytesToHex(header)}`,
  );
}

/** Checks a foreign execution against the header; returns the post-state root it leads to. */
function checkForeign(decoded: DecodedBlockRlp, out: ForeignExecution, state: InMemoryState): void {
  const { header } = decoded;
  const n = header.number;
  if (out.receipts.length !== decoded.rawTransactions.length)
    throw new Error(
      `block ${n}: ${out.receipts.length} receipts for ${decoded.rawTransactions.length} transactions`,
    );
  const gasUsed = out.receipts.at(-1)?.cumulativeGasUsed ?? 0n;
  if (gasUsed !== header.gasUsed)
    throw new Error(`block ${n}: gas used ${gasUsed}, header ${header.gasUsed}`);
  const rRoot = receiptsRoot(out.receipts);
  if (!bytesEqual(rRoot, header.receiptsRoot)) throw mismatch(n, "receipts root", header.receiptsRoot, rRoot);
  const bloom = blockLogsBloom(out.receipts);
  if (!bytesEqual(bloom, header.logsBloom)) throw new Error(`block ${n}: logs bloom mismatch`);
  const post = state.clone();
  post.applyDiff(out.diff);
  const sRoot = post.stateRoot();
  if (!bytesEqual(sRoot, header.stateRoot)) throw mismatch(n, "state root", header.stateRoot, sRoot);
}

/** Executes (or has executed) one decoded block on the node's head and seals it for the store. */
async function sealImported(
  node: LanesNode,
  decoded: DecodedBlockRlp,
  rlp: Uint8Array,
  options: ImportOptions,
): Promise<SealedBlock> {
  const { header } = decoded;
  const parent = node.head;
  if (header.number !== parent.header.number + 1n || !bytesEqual(header.parentHash, parent.hash)) {
    throw new Error(
      `block ${header.number} (parent ${bytesToHex(header.parentHash)}) does not extend the head ` +
        `${parent.header.number} (${bytesToHex(parent.hash)})`,
    );
  }
  let receipts: Receipt[];
  let diff: StateDiff;
  let lanesRules: ReturnType<LanesNode["rulesFor"]> | undefined;
  try {
    lanesRules = node.rulesFor(header.number, header.timestamp);
  } catch {
    lanesRules = undefined;
  }
  // Frontier accepted signatures with a high s (EIP-2 refused them from Homestead on).
  const recover = { allowHighS: lanesRules !== undefined && !lanesRules.eip2 };
  const transactions = decoded.rawTransactions.map((raw) => decodeSignedTransaction(raw, recover));
  if (lanesRules !== undefined) {
    const block: Block = {
      header,
      transactions: transactions.map((t) => t.tx),
      withdrawals: decoded.withdrawals,
    };
    // Ommers earn rewards before the Merge (block/pow.ts): the state root commits to them.
    if (decoded.ommers.length > 0) block.ommers = decoded.ommers;
    const result = importBlock(block, parent.header, node.state, node.config, {
      blockHash: node.blockHashOf,
      ommerCount: decoded.ommers.length,
      parentHash: parent.hash,
      rlpSize: decoded.size,
      rawTransactions: decoded.rawTransactions,
    });
    receipts = result.receipts;
    diff = result.diff;
  } else {
    const out = await options.foreign?.(decoded, rlp, transactions, parent.header, node.state);
    if (out === undefined) {
      throw new Error(
        `block ${header.number} (timestamp ${header.timestamp}) is under a fork Lanes does not execute yet`,
      );
    }
    checkForeign(decoded, out, node.state);
    receipts = out.receipts;
    diff = out.diff;
  }
  const baseFee = header.baseFeePerGas ?? 0n;
  const blobPrice = lanesRules === undefined ? 0n : blobBaseFee(header.excessBlobGas ?? 0n, lanesRules);
  const stored: StoredReceipt[] = receipts.map((r, i) => {
    const tx = transactions[i]!.tx;
    return {
      ...r,
      effectiveGasPrice: effectiveGasPrice(tx, baseFee),
      blobGasUsed: tx.type === 3 ? BigInt(tx.blobVersionedHashes.length) * GAS_PER_BLOB : 0n,
      blobGasPrice: blobPrice,
    };
  });
  // The strict decoder accepts only canonical RLP, so re-encoding gives the block's own bytes.
  const headerRlp = encodeHeader(header);
  const txHashes = transactions.map((t) => t.hash);
  const senders = transactions.map((t) => t.tx.sender);
  const ommers = decoded.ommers.map(encodeHeader);
  const withdrawals = decoded.withdrawals ?? [];
  const record = encodeBlockRecord(
    headerRlp,
    decoded.rawTransactions,
    txHashes,
    senders,
    ommers,
    withdrawals,
  );
  const block: StoredBlock = {
    header,
    hash: decoded.hash,
    rawTransactions: decoded.rawTransactions,
    txHashes,
    senders,
    size: record.length,
    ommers,
    withdrawals,
  };
  const stats = {
    mode: lanesRules === undefined ? "imported (foreign executor)" : "imported",
    txCount: transactions.length,
    threads: 1,
    executions: transactions.length,
    reExecutions: 0,
    wallMs: 0,
  };
  return {
    block,
    receipts: stored,
    stats,
    chosen: [],
    write: {
      number: header.number,
      hash: decoded.hash,
      record,
      txHashes,
      receipts: stored,
      diff,
      reverse: reverseDiff(node.state, diff),
      stats,
    },
  };
}

/**
 * Imports `data` (concatenated RLP blocks) on top of the node's chain. Blocks the node already has (same hash
 * at the same number) are skipped, so an import can be repeated; anything else must extend the head.
 * Returns the number of blocks imported.
 */
export async function importChain(
  node: LanesNode,
  data: Uint8Array,
  options: ImportOptions = {},
): Promise<number> {
  let imported = 0;
  for (const rlp of splitBlocks(data)) {
    const decoded = decodeBlockRlp(rlp);
    const known = node.store.block(decoded.header.number);
    if (known !== undefined && decoded.header.number <= node.headNumber()) {
      if (!bytesEqual(known.hash, decoded.hash))
        throw new Error(`block ${decoded.header.number} differs from the one the data directory holds`);
      continue;
    }
    await node.commitImported(() => sealImported(node, decoded, rlp, options));
    options.progress?.(decoded.header.number);
    imported++;
  }
  return imported;
}
