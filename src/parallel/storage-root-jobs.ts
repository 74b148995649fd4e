// Storage roots hashed on the workers while the main thread folds the block. A changed account's storage
// root needs its final slots, known on the main thread once the fold passes the account's last storage
// writer; from then on nothing in the block changes that storage (withdrawals and credits touch balances; a
// post-block system call that does write it bumps the entry's storage version and the job is ignored). So
// the main thread posts a job per such account as soon as its last writer is folded: the account's whole
// post-block storage as (hashed key, value) records in shared memory. Up to threads - 1 workers, done with
// their outputs and receipt leaves, take jobs from a shared counter and build each storage trie in one pass
// (trieFromEntries; a trie's root depends on its contents only, so it equals the main thread's incremental
// root byte for byte); the main thread meanwhile folds the rest of the block and hashes its own part of the
// account trie. Then it closes the queue, takes back what no worker took, and waits briefly for the taken
// ones (a job not done in time is hashed on the main thread: always correct). OverlayState.stateRoot uses a
// root only while the account's storage version is the one the job was made from.
//
// Only accounts whose post-block storage is at most a few times the slots the block wrote are posted: a
// worker has no copy of the pre-state's tries and rebuilds the whole storage trie, which for a large
// contract with a few changed slots would cost far more than the main thread's path-copying update.
// One buffer per block (never reused), so a worker that is late can only write into a block nobody reads.
import { getWords, putWords } from "../block-stm/location-key.js";
import type { TrieEntry } from "../trie/builder.js";
import { trieFromEntries, trieRootHash } from "../trie/persistent-trie.js";
import { storageValue } from "../trie/state-trie.js";

export interface StorageRootBuffers {
  /** Int32 header and job table; see the word offsets below. */
  control: SharedArrayBuffer;
  /** Records of RECORD_BYTES: the trie key (32 bytes), then the value as 8 little-endian 32-bit words. */
  records: SharedArrayBuffer;
}

// Header words.
const POSTED = 0; // jobs published
const NEXT = 1; // next job to take
const CLOSED = 2; // 1: no more jobs will be posted
const HELPERS = 3; // helper tickets handed out
const MAX_HELPERS = 4; // how many workers may take jobs
const HEADER_WORDS = 16;
// Job table: JOB_WORDS per job.
const J_FIRST = 0; // first record
const J_COUNT = 1; // records
const J_STATE = 2; // 0 posted, 1 taken by a worker, 2 root written
const J_ROOT = 3; // 8 words
const JOB_WORDS = 11;
const TAKEN = 1;
const DONE = 2;

const RECORD_BYTES = 64;
const RECORD_WORDS = 16;
const VALUE_WORD = 8;
/** How long a worker waits for the next job before giving up on the block (the main thread then hashes). */
const WORKER_WAIT_MS = 2000;
/** How long the main thread waits for a taken job before hashing that account itself. */
const MAIN_WAIT_MS = 1000;
/** An account is posted when its post-block slots are at most this many times the slots written, plus SLACK. */
const POST_FACTOR = 4;
const SLACK = 16;

export function allocateStorageRootJobs(
  maxJobs: number,
  maxRecords: number,
  helpers: number,
): StorageRootBuffers {
  const control = new SharedArrayBuffer((HEADER_WORDS + maxJobs * JOB_WORDS) * 4);
  new Int32Array(control)[MAX_HELPERS] = helpers;
  return { control, records: new SharedArrayBuffer(Math.max(1, maxRecords) * RECORD_BYTES) };
}

/** Whether an account with `postSlots` slots after the block, `written` of them written, is worth posting. */
export function worthPosting(postSlots: number, written: number): boolean {
  return written > 0 && postSlots <= written * POST_FACTOR + SLACK;
}

/** The main thread's side for one block: posts jobs, then collects the roots. */
export class StorageRootPoster {
  private readonly control: Int32Array;
  private readonly records: Uint8Array;
  private readonly recordWords: Uint32Array;
  private readonly maxJobs: number;
  private readonly maxRecords: number;
  private recordCursor = 0;
  private closed = false;
  /** Per job: its account and the storage version it was made from. */
  private readonly jobs: { address: bigint; version: number }[] = [];
  /** Index of the first job the main thread took back at close. */
  private firstOwn = -1;
  /** Time roots() spent waiting for workers' jobs (ms): commit time on the main thread spent idle. */
  waitedMs = 0;

  constructor(buffers: StorageRootBuffers) {
    this.control = new Int32Array(buffers.control);
    this.records = new Uint8Array(buffers.records);
    this.recordWords = new Uint32Array(buffers.records);
    this.maxJobs = (this.control.length - HEADER_WORDS) / JOB_WORDS;
    this.maxRecords = this.records.length / RECORD_BYTES;
  }

  get postedCount(): number {
    return this.jobs.length;
  }

  /**
   * Posts the storage of `address` as it stands at `version`: `slots` yields (hashed key, non-zero value).
   * `count` is an upper bound of how many it yields. False (nothing posted) when there is no room.
   */
  post(
    address: bigint,
    version: number,
    count: number,
    slots: Iterable<readonly [Uint8Array, bigint]>,
  ): boolean {
    if (this.closed || this.jobs.length >= this.maxJobs || this.recordCursor + count > this.maxRecords)
      return false;
    const first = this.recordCursor;
    const records = this.records;
    const words = this.recordWords;
    let r = first;
    // The value goes as words (a few 64-bit steps); its rlp, a BigInt operation per byte, is the worker's.
    for (const [key, value] of slots) {
      if (r >= first + count) throw new Error("StorageRootPoster.post: more slots than announced");
      records.set(key, r * RECORD_BYTES);
      putWords(words, r * RECORD_WORDS + VALUE_WORD, 8, value);
      r++;
    }
    const job = this.jobs.length;
    const at = HEADER_WORDS + job * JOB_WORDS;
    this.control[at + J_FIRST] = first;
    this.control[at + J_COUNT] = r - first;
    this.recordCursor = r;
    this.jobs.push({ address, version });
    Atomics.store(this.control, POSTED, job + 1);
    Atomics.notify(this.control, POSTED);
    return true;
  }

  /**
   * No more jobs. Jobs no worker has taken yet are taken back (the caller hashes those accounts itself).
   * Idempotent; every path out of a parallel block's commit calls it, so waiting workers return.
   */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    const posted = this.jobs.length;
    // Take every job not taken yet: NEXT jumps to `posted`; jobs below the old value are the workers'.
    let next = Atomics.load(this.control, NEXT);
    for (;;) {
      if (next >= posted) break;
      const seen = Atomics.compareExchange(this.control, NEXT, next, posted);
      if (seen === next) break;
      next = seen;
    }
    this.firstOwn = Math.min(next, posted);
    Atomics.store(this.control, CLOSED, 1);
    Atomics.notify(this.control, POSTED);
  }

  /** Every posted account, with the storage version its job was made from. */
  posted(): Map<bigint, number> {
    const out = new Map<bigint, number>();
    for (const job of this.jobs) out.set(job.address, job.version);
    return out;
  }

  /** How many jobs a worker took (after close). */
  takenCount(): number {
    return Math.max(0, this.firstOwn);
  }

  /**
   * After close: waits (at most MAIN_WAIT_MS in all) for the jobs workers took; returns the roots written,
   * by account. A missing account is hashed by the caller.
   */
  roots(): Map<bigint, Uint8Array> {
    const out = new Map<bigint, Uint8Array>();
    const deadline = performance.now() + MAIN_WAIT_MS;
    const control = this.control;
    for (let j = 0; j < this.firstOwn; j++) {
      const at = HEADER_WORDS + j * JOB_WORDS;
      let state = Atomics.load(control, at + J_STATE);
      if (state !== DONE) {
        const t0 = performance.now();
        while (state !== DONE) {
          const left = deadline - performance.now();
          if (left <= 0) break;
          Atomics.wait(control, at + J_STATE, state, left);
          state = Atomics.load(control, at + J_STATE);
        }
        this.waitedMs += performance.now() - t0;
      }
      if (state !== DONE) continue;
      const root = new Uint8Array(32);
      const words = new Uint32Array(root.buffer);
      for (let w = 0; w < 8; w++) words[w] = control[at + J_ROOT + w]! >>> 0;
      out.set(this.jobs[j]!.address, root);
    }
    return out;
  }
}

/**
 * The worker's side: takes jobs until the queue is closed and empty (or nothing comes for WORKER_WAIT_MS),
 * hashing each storage trie. Only the first MAX_HELPERS workers to arrive take part (on a two-core machine
 * one worker beside the main thread: more would only compete with it for the cores).
 */
export function runStorageRootJobs(buffers: StorageRootBuffers): number {
  const control = new Int32Array(buffers.control);
  if (Atomics.add(control, HELPERS, 1) >= control[MAX_HELPERS]!) return 0;
  const records = new Uint8Array(buffers.records);
  const words = new Uint32Array(buffers.records);
  let done = 0;
  for (;;) {
    const posted = Atomics.load(control, POSTED);
    const next = Atomics.load(control, NEXT);
    if (next < posted) {
      if (Atomics.compareExchange(control, NEXT, next, next + 1) !== next) continue;
      hashJob(control, records, words, next);
      done++;
      continue;
    }
    if (Atomics.load(control, CLOSED) === 1) return done;
    if (Atomics.wait(control, POSTED, posted, WORKER_WAIT_MS) === "timed-out") {
      if (Atomics.load(control, POSTED) === posted && Atomics.load(control, CLOSED) === 0) return done;
    }
  }
}

function hashJob(control: Int32Array, records: Uint8Array, words: Uint32Array, job: number): void {
  const at = HEADER_WORDS + job * JOB_WORDS;
  Atomics.store(control, at + J_STATE, TAKEN);
  const first = control[at + J_FIRST]!;
  const count = control[at + J_COUNT]!;
  const entries: TrieEntry[] = new Array(count);
  for (let i = 0; i < count; i++) {
    const r = first + i;
    const value = storageValue(getWords(words, r * RECORD_WORDS + VALUE_WORD, 8));
    // A zero value never posted; an empty one would mean "absent" to the builder anyway.
    entries[i] = {
      key: records.subarray(r * RECORD_BYTES, r * RECORD_BYTES + 32),
      value: value ?? new Uint8Array(0),
    };
  }
  const root = new Uint8Array(32);
  root.set(trieRootHash(trieFromEntries(entries)));
  const rootWords = new Uint32Array(root.buffer);
  for (let w = 0; w < 8; w++) control[at + J_ROOT + w] = rootWords[w]! | 0;
  Atomics.store(control, at + J_STATE, DONE);
  Atomics.notify(control, at + J_STATE);
}
