// The chain store's newest committed blocks kept decoded (chain-store.ts): a client awaiting its receipt
// asks for a transaction of the newest block, and a map lookup answers it instead of five LMDB reads, five
// checksums and a header decode and hash. Invariant (kept by the store): each entry equals what the data
// file holds (or will hold once the write-behind queue is written) for that number or hash; a rewind clears
// it.
import type { StoredBlock, StoredBlockEntry, StoredReceipt } from "./codec.js";

/**
 * How many of the newest committed blocks the store keeps decoded, and at most how many of their
 * transactions: eth_getTransactionReceipt of a fresh transaction (a client awaiting its receipt) is then a
 * map lookup instead of five LMDB reads, five checksums and a header decode and hash.
 */
export const RECENT_BLOCKS = 64;
export const RECENT_TRANSACTIONS = 20_000;

/** A committed block kept decoded (RECENT_BLOCKS). */
interface RecentBlock {
  block: StoredBlock;
  receipts: readonly StoredReceipt[];
  recipients: readonly (bigint | undefined)[] | undefined;
}

/** What the store is given to remember: a committed block with its decoded form, when the caller has it. */
export interface RememberedBlock {
  number: bigint;
  txHashes: readonly Uint8Array[];
  receipts: readonly StoredReceipt[];
  /**
   * The block decoded (its receipts are `receipts`): kept in memory for transaction and receipt lookups.
   * Optional: without it the block is only read from LMDB.
   */
  block?: StoredBlock;
  /** With `block`: each transaction's recipient (undefined for a creation), so lookups need not decode it. */
  recipients?: readonly (bigint | undefined)[];
}

/** A transaction hash as a map key (latin1 string of its 32 bytes). */
const hashKey = (hash: Uint8Array): string =>
  Buffer.from(hash.buffer, hash.byteOffset, hash.byteLength).toString("latin1");

export class RecentBlocks {
  /** By number, oldest first. */
  private readonly blocks = new Map<number, RecentBlock>();
  /** Their transactions' locations by hash. */
  private readonly txs = new Map<string, { number: bigint; index: number }>();

  /** Keeps a committed block decoded (RECENT_BLOCKS); a block without its decoded form evicts nothing. */
  remember(b: RememberedBlock): void {
    if (b.block === undefined) return;
    const n = Number(b.number);
    this.blocks.set(n, { block: b.block, receipts: b.receipts, recipients: b.recipients });
    b.txHashes.forEach((hash, index) => {
      this.txs.set(hashKey(hash), { number: b.number, index });
    });
    for (const [old, { block }] of this.blocks) {
      if (this.blocks.size <= RECENT_BLOCKS && (this.txs.size <= RECENT_TRANSACTIONS || old === n)) break;
      this.blocks.delete(old);
      for (const hash of block.txHashes) this.txs.delete(hashKey(hash));
    }
  }

  /** Transaction `index` of block `number` with its receipt, when that block is kept; else undefined. */
  entry(
    number: bigint,
    index: number,
  ): { entry: StoredBlockEntry; receipt: StoredReceipt; firstLogIndex: number } | undefined {
    const recent = this.blocks.get(Number(number));
    return recent === undefined ? undefined : recentEntry(recent, index);
  }

  /** Where a kept block holds transaction `hash`; undefined when no kept block does. */
  location(hash: Uint8Array): { number: bigint; index: number } | undefined {
    const at = this.txs.get(hashKey(hash));
    return at === undefined ? undefined : { number: at.number, index: at.index };
  }

  clear(): void {
    this.blocks.clear();
    this.txs.clear();
  }
}

/** Transaction `index` of a recent block with its receipt (what receiptEntry reads from LMDB otherwise). */
function recentEntry(
  recent: RecentBlock,
  index: number,
): { entry: StoredBlockEntry; receipt: StoredReceipt; firstLogIndex: number } | undefined {
  const { block, receipts, recipients } = recent;
  const receipt = receipts[index];
  const rawTransaction = block.rawTransactions[index];
  if (receipt === undefined || rawTransaction === undefined) return undefined;
  let firstLogIndex = 0;
  for (let i = 0; i < index; i++) firstLogIndex += receipts[i]!.logs.length;
  const entry: StoredBlockEntry = {
    header: block.header,
    hash: block.hash,
    rawTransaction,
    txHash: block.txHashes[index]!,
    sender: block.senders[index]!,
  };
  if (recipients !== undefined && index < recipients.length) entry.recipient = { to: recipients[index] };
  return { entry, receipt, firstLogIndex };
}
