// The receipts root, hashed mostly on the workers. A receipt holds the block's cumulative gas up to its
// transaction, known only once every transaction is final, so its encoding cannot be made during execution;
// but the receipts trie's shape depends on the transaction count alone (OrderedTrieLayout). So once the block
// is done, each worker encodes and hashes the leaves of the receipts whose final output it holds, from the
// gas every final incarnation recorded here, and the main thread builds only the ~n/16 inner nodes above.
// The workers do this after sending their outputs, while the main thread folds them and computes the state
// root, one worker at a time (a ticket each, in order): the main thread's commit is the critical path, and
// on a two-core machine two workers hashing beside it compete with it for the cores (docs/parallel.md,
// "Measurements behind the encodings"). Each worker counts itself done in `finished`; the main thread waits for that count (briefly: a worker that never
// reports leaves the receipts root to the main thread, which is always correct).
// The bytes hashed are those of encodeReceipt(makeReceipt(...)), the main thread's own functions.
import { addLogToBloom, BLOOM_BYTES } from "../block/bloom.js";
import { encodeReceipt, makeReceipt } from "../block/receipts.js";
import type { Log } from "../evm/log.js";
import { OrderedTrieLayout } from "../trie/ordered-layout.js";
import type { TxType } from "../tx/types.js";
import { isFallback, type TxOutput, unpackReceipt } from "./tx-output.js";

export interface ReceiptLeafBuffers {
  /** Float64 per transaction: gas used by its latest incarnation (NaN: none usable). */
  gasUsed: SharedArrayBuffer;
  /** 256 bytes per transaction: the logs bloom of its latest incarnation (for the main thread too). */
  blooms: SharedArrayBuffer;
  /** Int32 per transaction: 1 once its leaf hash is written. */
  ready: SharedArrayBuffer;
  /** 32 bytes per transaction: the keccak of its receipt's leaf node. */
  leaves: SharedArrayBuffer;
  /** Int32[2]: workers done with their leaves (written or given up), and tickets handed out. */
  finished: SharedArrayBuffer;
}

/** How long the main thread waits for the workers' leaves before hashing the receipts itself. */
const WAIT_FOR_LEAVES_MS = 1000;
const FINISHED = 0;
const TICKETS = 1;

export function allocateReceiptLeaves(txCount: number): ReceiptLeafBuffers {
  const n = Math.max(1, txCount);
  return {
    gasUsed: new SharedArrayBuffer(n * 8),
    blooms: new SharedArrayBuffer(n * BLOOM_BYTES),
    ready: new SharedArrayBuffer(n * 4),
    leaves: new SharedArrayBuffer(n * 32),
    finished: new SharedArrayBuffer(8),
  };
}

let cachedLayout: OrderedTrieLayout | undefined;

/** The receipts trie's layout for `n` transactions (blocks of one size in a row share it). */
function layoutFor(n: number): OrderedTrieLayout {
  if (cachedLayout?.size !== n) cachedLayout = new OrderedTrieLayout(n);
  return cachedLayout;
}

/** Sleeps until at least `count` workers are finished; false after WAIT_FOR_LEAVES_MS without that. */
function waitForCount(finished: Int32Array, count: number): boolean {
  const deadline = performance.now() + WAIT_FOR_LEAVES_MS;
  for (;;) {
    const seen = Atomics.load(finished, FINISHED);
    if (seen >= count) return true;
    const left = deadline - performance.now();
    if (left <= 0) return false;
    Atomics.wait(finished, FINISHED, seen, left);
  }
}

/** The worker side: gas as transactions execute, leaves once the block is done. */
export class ReceiptLeafWriter {
  private readonly gasUsed: Float64Array;
  private readonly blooms: Uint8Array;
  private readonly ready: Int32Array;
  private readonly leaves: Uint8Array;
  private readonly finished: Int32Array;

  constructor(
    buffers: ReceiptLeafBuffers,
    private readonly txCount: number,
    private readonly typeOf: (tx: number) => TxType,
  ) {
    this.gasUsed = new Float64Array(buffers.gasUsed);
    this.blooms = new Uint8Array(buffers.blooms);
    this.ready = new Int32Array(buffers.ready);
    this.leaves = new Uint8Array(buffers.leaves);
    this.finished = new Int32Array(buffers.finished);
  }

  /**
   * The gas and logs bloom of the incarnation that just ran (the final incarnation is the last to run);
   * undefined for an incarnation without a receipt (an invalid transaction).
   */
  record(tx: number, gasUsed: bigint | undefined, logs: readonly Log[] | undefined): void {
    this.gasUsed[tx] =
      gasUsed === undefined || gasUsed > BigInt(Number.MAX_SAFE_INTEGER) ? Number.NaN : Number(gasUsed);
    const bloom = this.blooms.subarray(tx * BLOOM_BYTES, (tx + 1) * BLOOM_BYTES);
    bloom.fill(0);
    if (logs !== undefined) for (const log of logs) addLogToBloom(bloom, log);
  }

  /** Encodes and hashes the leaves of the final receipts this thread holds, then counts itself finished. */
  writeLeaves(txIndices: readonly number[], outputs: readonly TxOutput[]): void {
    const ticket = Atomics.add(this.finished, TICKETS, 1);
    waitForCount(this.finished, ticket);
    try {
      const n = this.txCount;
      const cumulative = new Float64Array(n);
      let sum = 0;
      for (let i = 0; i < n; i++) {
        sum += this.gasUsed[i]!;
        cumulative[i] = sum;
      }
      const layout = layoutFor(n);
      for (let k = 0; k < txIndices.length; k++) {
        const tx = txIndices[k]!;
        const output = outputs[k]!;
        const gas = cumulative[tx]!;
        // An unusable gas (an invalid transaction) or a sum past 2^53 leaves the leaf to the main thread.
        if (isFallback(output) || !Number.isSafeInteger(gas)) continue;
        const logsBloom = this.blooms.subarray(tx * BLOOM_BYTES, (tx + 1) * BLOOM_BYTES);
        const fields = unpackReceipt(output);
        const receipt = makeReceipt(
          this.typeOf(tx),
          {
            status: fields.status,
            gasUsed: fields.gasUsed,
            logs: fields.logs,
            createdAddress: fields.createdAddress,
            logsBloom,
          },
          BigInt(gas),
        );
        const ref = layout.leafRef(tx, encodeReceipt(receipt));
        if (ref.length !== 33) continue; // embedded (under 32 bytes): never for a receipt with its bloom
        this.leaves.set(ref.subarray(1), tx * 32);
        Atomics.store(this.ready, tx, 1);
      }
    } finally {
      Atomics.add(this.finished, FINISHED, 1);
      Atomics.notify(this.finished, FINISHED);
    }
  }
}

/**
 * The main thread's copies of every transaction's logs bloom: one copy out of shared memory, then a view
 * per transaction, instead of a slice (its own buffer) per transaction, which showed in profiles of the
 * commit (docs/parallel.md, "Measurements behind the encodings").
 */
export function copyBlooms(buffers: ReceiptLeafBuffers, txCount: number): Uint8Array[] {
  const all = new Uint8Array(buffers.blooms, 0, txCount * BLOOM_BYTES).slice();
  const blooms = new Array<Uint8Array>(txCount);
  for (let i = 0; i < txCount; i++) blooms[i] = all.subarray(i * BLOOM_BYTES, (i + 1) * BLOOM_BYTES);
  return blooms;
}

/**
 * The main-thread side, once `workers` threads replied for a completed block: the receipts root if every
 * leaf was hashed, else undefined (the caller computes it). Sleeps (Atomics.wait) until those workers are
 * finished, at most WAIT_FOR_LEAVES_MS: by then they have usually long been done.
 */
export function receiptsRootFromLeaves(
  buffers: ReceiptLeafBuffers,
  txCount: number,
  workers: number,
): Uint8Array | undefined {
  if (!waitForCount(new Int32Array(buffers.finished), workers)) return undefined;
  const ready = new Int32Array(buffers.ready);
  const leaves = new Uint8Array(buffers.leaves);
  const refs = new Array<Uint8Array>(txCount);
  for (let i = 0; i < txCount; i++) {
    if (Atomics.load(ready, i) !== 1) return undefined;
    const ref = new Uint8Array(33);
    ref[0] = 0x80 + 32;
    ref.set(leaves.subarray(i * 32, i * 32 + 32), 1);
    refs[i] = ref;
  }
  return layoutFor(txCount).root(refs);
}
