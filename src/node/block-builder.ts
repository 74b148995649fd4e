// Block building: the next header from its parent, and the choice of transactions. The builder takes the
// pending runs of each sender, repeatedly picks the head transaction with the highest effective tip (arrival
// order breaks ties), and stops adding a sender once its next transaction would not fit the gas limit.
// Gas is reserved by each transaction's gas limit, so a block is never over-full even in the worst case.
import { calcBaseFee } from "../block/base-fee.js";
import { calcExcessBlobGas, GAS_PER_BLOB, maxBlobGasPerBlock } from "../block/blob-gas.js";
import { headerHash } from "../block/header.js";
import type { BlockHeader } from "../block/types.js";
import type { ForkRules } from "../evm/forks.js";
import { EMPTY_LIST_HASH, EMPTY_TRIE_ROOT, keccak256 } from "../primitives/keccak.js";
import type { Transaction } from "../tx/types.js";
import type { PoolTx } from "./mempool.js";

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
}

/** The next header with every execution-dependent field (roots, gas used, blooms) still zero. */
export function nextHeader(parent: BlockHeader, p: HeaderParams): BlockHeader {
  const parentHash = headerHash(parent);
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
    extraData: new Uint8Array(0),
    // PREVRANDAO: deterministic per chain, different per block.
    mixHash: keccak256(parentHash),
    nonce: new Uint8Array(8),
    baseFeePerGas: calcBaseFee(parent),
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
