// Synthetic blocks for the Block-STM tests, generated from a seed. Each transaction reads some locations,
// mixes what it read (plus `work` rounds of hashing, to give it a cost), and writes locations whose values
// derive from that mix. The conflict rate p in [0, 1] is the probability that an access goes to a shared
// location instead of a private one; at 0 no two transactions touch the same location, at 1 every access
// hits a handful of hot keys. Patterns included:
//   - same-sender chains: every tx increments its sender's nonce counter (senders shared with prob p);
//   - hot keys read and written (hash-mixed values) and read-modify-write counters;
//   - pointer reads: read a pointer location, then the location it points to (read sets that change
//     between incarnations), and pointer rewrites;
//   - conditional writes: a location written only when the mix is odd (write sets that change, which
//     exercises removal of stale versions);
//   - optional deterministic failures (the tx throws; its writes are dropped);
//   - optional timing jitter: random pauses inside transactions, so that 2 cores see the interleavings of
//     many (results must not change).
// The encoding is a flat Int32Array over a SharedArrayBuffer, so posting it to workers shares it.
import { prng } from "../../tools/prng.js";

export const HOT_SLOTS = 8;
export const POINTER_SLOTS = 4;
export const POINTER_TARGET_BASE = 1_000;
export const POINTER_TARGETS = 64;
export const SENDER_BASE = 10_000;
export const SHARED_SENDERS = 4;
const PRIVATE_BASE = 1_000_000;
const PRIVATE_PER_TX = 16;

/** Per-tx flag: the tx throws when its mix is divisible by 3. */
export const FLAG_MAY_FAIL = 1;

// Header words, then one offset per tx, then the records.
export const H_TX_COUNT = 0;
export const H_SEED = 1;
/** Per mille chance that the VM sleeps 0-100 us before each read (timing chaos; never changes results). */
export const H_JITTER = 2;
export const H_OFFSETS = 3;

export interface WorkloadOptions {
  txCount: number;
  /** Probability in [0, 1] that an access targets a shared location. */
  conflictRate: number;
  seed: number;
  /** Hashing rounds per transaction (8 mixes each), the non-state work. */
  work?: number;
  /** Probability that a tx carries FLAG_MAY_FAIL. */
  failRate?: number;
  /** Probability (0..1) of a random 0-100 us pause before each read, to shuffle thread interleavings. */
  jitter?: number;
}

/**
 * Record of one tx: work, flags, nReads, reads..., pointerSlot (-1 none), nCounters, counters...,
 * nWrites, writes..., condSlot (-1 none).
 */
export function generateBlock(options: WorkloadOptions): Int32Array {
  const { txCount, conflictRate: p, seed } = options;
  const work = options.work ?? 0;
  const failRate = options.failRate ?? 0;
  const rand = prng(seed);
  const pick = (n: number) => Math.floor(rand() * n);
  const records: number[][] = [];
  for (let i = 0; i < txCount; i++) {
    let nextPrivate = PRIVATE_BASE + i * PRIVATE_PER_TX;
    const slot = () => (rand() < p ? pick(HOT_SLOTS) : nextPrivate++);
    const reads: number[] = [];
    const nReads = 1 + pick(3);
    for (let k = 0; k < nReads; k++) reads.push(slot());
    const pointer = rand() < p ? POINTER_TARGET_BASE - 1 - pick(POINTER_SLOTS) : -1;
    const sender = rand() < p ? SENDER_BASE + pick(SHARED_SENDERS) : SENDER_BASE + SHARED_SENDERS + i;
    const counters = [sender];
    if (rand() < p / 2) counters.push(pick(HOT_SLOTS));
    const writes = new Set<number>();
    const nWrites = 1 + pick(2);
    for (let k = 0; k < nWrites; k++) writes.add(slot());
    if (rand() < p / 4) writes.add(POINTER_TARGET_BASE - 1 - pick(POINTER_SLOTS));
    if (rand() < p / 2) writes.add(POINTER_TARGET_BASE + pick(POINTER_TARGETS));
    for (const c of counters) writes.delete(c);
    const cond = rand() < 0.3 ? slot() : -1;
    if (cond >= 0) writes.delete(cond);
    const flags = rand() < failRate ? FLAG_MAY_FAIL : 0;
    records.push([
      work,
      flags,
      reads.length,
      ...reads,
      pointer,
      counters.length,
      ...counters,
      writes.size,
      ...writes,
      cond,
    ]);
  }
  const words = H_OFFSETS + txCount + records.reduce((s, r) => s + r.length, 0);
  const block = new Int32Array(new SharedArrayBuffer(words * 4));
  block[H_TX_COUNT] = txCount;
  block[H_SEED] = seed;
  block[H_JITTER] = Math.round((options.jitter ?? 0) * 1000);
  let at = H_OFFSETS + txCount;
  records.forEach((r, i) => {
    block[H_OFFSETS + i] = at;
    block.set(r, at);
    at += r.length;
  });
  return block;
}
