// Block building: the next header from its parent, the choice of transactions, and sealing. The builder
// takes the pending runs of each sender, repeatedly picks the head transaction with the highest effective tip
// (arrival order breaks ties), and stops adding a sender once its next transaction would not fit the gas
// limit. Gas is reserved by each transaction's gas limit, so a block is never over-full even in the worst
// case. Sealing executes the chosen transactions, drops any that the state rejects (and that sender's later
// ones) and fills in the header's roots, so what it returns is ready to commit.

import { calcBaseFee } from "../block/base-fee.js";
import { blobBaseFee, calcExcessBlobGas, GAS_PER_BLOB, maxBlobGasPerBlock } from "../block/blob-gas.js";
import { InvalidBlockError } from "../block/errors.js";
import { decodeHeader, encodeHeader, headerHash } from "../block/header.js";
import { transactionsRoot } from "../block/result-validation.js";
import type { Block, BlockHeader, BlockResult } from "../block/types.js";
import type { ForkRules } from "../evm/forks.js";
import { bytesEqual } from "../primitives/hex.js";
import { EMPTY_LIST_HASH, EMPTY_TRIE_ROOT, keccak256 } from "../primitives/keccak.js";
import type { InMemoryState } from "../state/memory-state.js";
import type { Transaction } from "../tx/types.js";
import type { BlockWrite } from "./chain-store.js";
import { encodeBlockRecord, type StoredBlock, type StoredReceipt } from "./codec.js";
import type { BlockStats } from "./execute.js";
import type { PoolTx } from "./mempool.js";
import { reverseDiff } from "./state-history.js";

export function effectiveTip(tx: Transaction, baseFee: bigint): bigint {
  const maxFee = tx.type >= 2 ? tx.maxFeePerGas : tx.gasPrice;
  const maxTip = tx.type >= 2 ? tx.maxPriorityFeePerGas : tx.gasPrice;
  const headroom = maxFee - baseFee;
  return headroom < maxTip ? headroom : maxTip;
}

export function effectiveGasPrice(tx: Transaction, baseFee: bigint): bigint {
  return baseFee + effectiveTip(tx, baseFee);
}

export interface HeaderParams {
  timestamp: bigint;
  gasLimit: bigint;
  coinbase: bigint;
  rules: ForkRules;
  /** PREVRANDAO; default keccak(parentHash). */
  prevRandao?: Uint8Array;
  /** Default: from the parent (EIP-1559). */
  baseFeePerGas?: bigint;
  /** Default: empty (a shard block carries its superblock transcript's hash). */
  extraData?: Uint8Array;
  /** The parent's hash when the caller knows it (the node's head); default: hashed from `parent`. */
  parentHash?: Uint8Array;
}

/** The next header with every execution-dependent field (roots, gas used, blooms) still zero. */
export function nextHeader(parent: BlockHeader, p: HeaderParams): BlockHeader {
  const parentHash = p.parentHash?.slice() ?? headerHash(parent);
  const header: BlockHeader = {
    parentHash,
    ommersHash: EMPTY_LIST_HASH.slice(),
    coinbase: p.coinbase,
    stateRoot: new Uint8Array(32),
    transactionsRoot: EMPTY_TRIE_ROOT.slice(),
    receiptsRoot: EMPTY_TRIE_ROOT.slice(),
    logsBloom: new Uint8Array(256),
    difficulty: 0n,
    number: parent.number + 1n,
    gasLimit: p.gasLimit,
    gasUsed: 0n,
    timestamp: p.timestamp,
    extraData: p.extraData ?? new Uint8Array(0),
    // PREVRANDAO: deterministic per chain, different per block.
    mixHash: p.prevRandao ?? keccak256(parentHash),
    nonce: new Uint8Array(8),
    baseFeePerGas: p.baseFeePerGas ?? calcBaseFee(parent),
    withdrawalsRoot: EMPTY_TRIE_ROOT.slice(),
    blobGasUsed: 0n,
    excessBlobGas: calcExcessBlobGas(parent, p.rules),
    parentBeaconBlockRoot: new Uint8Array(32),
  };
  return header;
}

/** Picks transactions for a block with `baseFee` and `gasLimit` from the senders' pending runs. */
export function selectTransactions(
  runs: PoolTx[][],
  baseFee: bigint,
  gasLimit: bigint,
  rules: ForkRules,
): PoolTx[] {
  const heads = runs.map((run) => ({ run, next: 0 }));
  const chosen: PoolTx[] = [];
  let gasLeft = gasLimit;
  let blobGasLeft = maxBlobGasPerBlock(rules);
  for (;;) {
    let best: { run: PoolTx[]; next: number } | undefined;
    let bestTip = -1n;
    let bestSeq = 0;
    for (const h of heads) {
      const entry = h.run[h.next];
      if (entry === undefined) continue;
      const tx = entry.signed.tx;
      const blobGas = tx.type === 3 ? BigInt(tx.blobVersionedHashes.length) * GAS_PER_BLOB : 0n;
      const tip = effectiveTip(tx, baseFee);
      // Underpriced for this block, or it does not fit: the sender waits (later nonces cannot go first).
      if (tip < 0n || tx.gasLimit > gasLeft || blobGas > blobGasLeft) {
        h.next = h.run.length;
        continue;
      }
      if (tip > bestTip || (tip === bestTip && entry.seq < bestSeq)) {
        best = h;
        bestTip = tip;
        bestSeq = entry.seq;
      }
    }
    if (best === undefined) return chosen;
    const entry = best.run[best.next++]!;
    const tx = entry.signed.tx;
    chosen.push(entry);
    gasLeft -= tx.gasLimit;
    if (tx.type === 3) blobGasLeft -= BigInt(tx.blobVersionedHashes.length) * GAS_PER_BLOB;
  }
}

/** The largest timestamp a header can carry (an 8-byte integer). */
export const MAX_TIMESTAMP = (1n << 64n) - 1n;

export type BlockExecutor = (block: Block) => Promise<{ result: BlockResult; stats: BlockStats }>;

export interface SealParams extends HeaderParams {
  /** The head state the block executes on (not modified). */
  state: InMemoryState;
  /** Executes a block on `state`. */
  execute: BlockExecutor;
  /** Called for each transaction dropped because the state rejects it. */
  drop(entry: PoolTx, reason: string): void;
}

/**
 * The index of the transaction whose inclusion makes the block fail: the shortest failing prefix of `chosen`
 * ends with it (bisection; the whole list is known to fail with `error`). Rethrows `error` when even the
 * block without transactions fails.
 */
async function firstFailing(
  header: BlockHeader,
  chosen: PoolTx[],
  execute: BlockExecutor,
  error: unknown,
): Promise<number> {
  const fails = async (n: number): Promise<boolean> => {
    const block = { header, transactions: chosen.slice(0, n).map((e) => e.signed.tx), withdrawals: [] };
    try {
      await execute(block);
      return false;
    } catch {
      return true;
    }
  };
  if (chosen.length === 0 || (await fails(0))) throw error;
  let ok = 0;
  let bad = chosen.length;
  while (bad - ok > 1) {
    const mid = (ok + bad) >> 1;
    if (await fails(mid)) bad = mid;
    else ok = mid;
  }
  return bad - 1;
}

/** A block executed and sealed: what the store commits and what the node publishes. */
export interface SealedBlock {
  block: StoredBlock;
  receipts: StoredReceipt[];
  stats: BlockStats;
  chosen: PoolTx[];
  write: BlockWrite;
}

/**
 * Executes `chosen` on top of `parent` and seals the block. A transaction the state rejects (its sender spent
 * the funds earlier in the block, ...) is dropped with its sender's later transactions, and the block is
 * executed again without them.
 */
export async function sealBlock(parent: BlockHeader, initial: PoolTx[], p: SealParams): Promise<SealedBlock> {
  const header = nextHeader(parent, p);
  if (header.timestamp > MAX_TIMESTAMP)
    throw new RangeError(`block timestamp ${header.timestamp} exceeds 2^64-1`);
  let chosen = initial;
  let execution: Awaited<ReturnType<BlockExecutor>> | undefined;
  while (execution === undefined) {
    const block = { header, transactions: chosen.map((e) => e.signed.tx), withdrawals: [] };
    try {
      execution = await p.execute(block);
    } catch (e) {
      let index: number;
      let reason: string;
      if (e instanceof InvalidBlockError && e.txIndex !== undefined && chosen[e.txIndex] !== undefined) {
        index = e.txIndex;
        reason = e.message;
      } else {
        // Not a transaction the rules reject, but a block that cannot be built with it (a balance pushed
        // past 2^256-1 by an edited account): find the first transaction whose inclusion fails, or rethrow
        // if the block fails without any.
        index = await firstFailing(header, chosen, p.execute, e);
        reason = `cannot be executed: ${e instanceof Error ? e.message : String(e)}`;
      }
      const bad = chosen[index]!;
      p.drop(bad, reason);
      const sender = bad.signed.tx.sender;
      chosen = chosen.filter((c, i) => i < index || c.signed.tx.sender !== sender);
    }
  }
  const { result, stats } = execution;
  header.stateRoot = result.stateRoot;
  header.transactionsRoot = transactionsRoot(chosen.map((c) => c.signed.raw));
  header.receiptsRoot = result.receiptsRoot;
  header.logsBloom = result.logsBloom;
  header.gasUsed = result.gasUsed;
  header.blobGasUsed = result.blobGasUsed;
  if (result.withdrawalsRoot !== undefined) header.withdrawalsRoot = result.withdrawalsRoot;
  if (result.requestsHash !== undefined) header.requestsHash = result.requestsHash;
  const headerRlp = encodeHeader(header);
  // Never store a header that does not read back as itself (an out-of-range field would make the data
  // directory unreadable).
  if (!bytesEqual(encodeHeader(decodeHeader(headerRlp)), headerRlp)) {
    throw new RangeError(`block ${header.number} does not round-trip through its encoding`);
  }
  const hash = keccak256(headerRlp);
  const blobPrice = blobBaseFee(header.excessBlobGas ?? 0n, p.rules);
  const baseFee = header.baseFeePerGas!;
  const receipts: StoredReceipt[] = result.receipts.map((r, i) => {
    const tx = chosen[i]!.signed.tx;
    return {
      ...r,
      effectiveGasPrice: effectiveGasPrice(tx, baseFee),
      blobGasUsed: tx.type === 3 ? BigInt(tx.blobVersionedHashes.length) * GAS_PER_BLOB : 0n,
      blobGasPrice: blobPrice,
    };
  });
  const rawTransactions = chosen.map((c) => c.signed.raw);
  const txHashes = chosen.map((c) => c.signed.hash);
  const senders = chosen.map((c) => c.signed.tx.sender);
  const record = encodeBlockRecord(headerRlp, rawTransactions, txHashes, senders);
  const gasPerTx = chosen.length === 0 ? 0 : Number(result.gasUsed) / chosen.length;
  const block: StoredBlock = { header, hash, rawTransactions, txHashes, senders, size: record.length };
  return {
    block,
    receipts,
    stats,
    chosen,
    write: {
      number: header.number,
      hash,
      record,
      txHashes,
      receipts,
      diff: result.diff,
      reverse: reverseDiff(p.state, result.diff),
      stats: { ...stats, gasUsed: result.gasUsed.toString(), gasPerTx },
      block,
      recipients: chosen.map((c) => c.signed.tx.to),
    },
  };
}
