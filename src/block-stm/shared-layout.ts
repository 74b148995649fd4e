// The SharedArrayBuffers of one Block-STM run, their word layouts and their sizing. Every worker builds the
// same typed-array views over the same buffers (`BlockViews`), so a transaction's status, versions, read set
// and write set are reachable from any thread without messages. Layout details and the reasons for them
// are in docs/parallel.md; this module is the single source of truth for offsets and encodings.
//
// All buffers are zero-initialised by the runtime, and every encoding is chosen so that zero means "empty":
// status 0 is (incarnation 0, READY_TO_EXECUTE), list links use index + 1 with 0 as nil, version node 0 is
// never allocated. No buffer needs a fill pass before a block starts.

/** Words in a location key: kind (1) + address (5) + slot (8) = 56 bytes. See `location-table.ts`. */
export const KEY_WORDS = 14;
/** Words in a value: 32 bytes, little-endian word order (word 0 is the least significant). */
export const VALUE_WORDS = 8;

// ---- control buffer (Int32Array) ----
// Hot counters sit 16 words (64 bytes, one cache line) apart so that workers hammering the execution index
// do not invalidate the line holding the validation index, and vice versa.
export const CTRL_EXECUTION_IDX = 0;
export const CTRL_VALIDATION_IDX = 16;
export const CTRL_DECREASE_CNT = 32;
export const CTRL_ACTIVE_TASKS = 48;
/** Futex word idle workers sleep on; bumped whenever work may have appeared or the block ended. */
export const CTRL_WAKE = 64;
/** Number of workers inside (or about to enter) Atomics.wait on CTRL_WAKE; lets wakers skip notify. */
export const CTRL_SLEEPERS = 80;
// Cold words share one line.
export const CTRL_DONE = 96;
/** 0 = running; otherwise an ERR_* code. Written once (compareExchange from 0), then DONE is set. */
export const CTRL_ERROR = 97;
/** For ERR_CAPACITY: which RESOURCE_* ran out. */
export const CTRL_ERROR_DETAIL = 98;
export const CTRL_TX_COUNT = 99;
/**
 * 1: a worker whose executions mostly end in conflicts (see BlockExecutor's conflict check) aborts the block
 * with ERR_CONFLICTS, so the caller can run it sequentially. Written by the driver before dispatch.
 */
export const CTRL_STOP_ON_CONFLICTS = 100;
// Bump allocators (one line, they are touched only on allocation).
export const CTRL_LOCATION_COUNT = 112;
/** Next free version node; starts at 0 and node indices are cursor + 1, so node 0 is the nil link. */
export const CTRL_NODE_CURSOR = 113;
export const CTRL_READ_ARENA_CURSOR = 114;
export const CTRL_WRITE_ARENA_CURSOR = 115;
/** Threads sleeping on a BUSY interning slot (lets publishers skip Atomics.notify). */
export const CTRL_INTERN_WAITERS = 116;
export const CONTROL_WORDS = 128;

export const ERR_NONE = 0;
export const ERR_CAPACITY = 1;
/** A worker failed outside any transaction (a bug, or the VM module could not be loaded). */
export const ERR_WORKER = 2;
/** The main thread aborted the block (a worker thread died). */
export const ERR_ABORTED = 3;
/** Conflicts dominated (CTRL_STOP_ON_CONFLICTS): the block is close to a dependency chain. Detail: conflicts. */
export const ERR_CONFLICTS = 4;

export const RESOURCE_LOCATIONS = 1;
export const RESOURCE_VERSIONS = 2;
export const RESOURCE_READ_ARENA = 3;
export const RESOURCE_WRITE_ARENA = 4;
export const RESOURCE_NAMES: Readonly<Record<number, string>> = {
  [RESOURCE_LOCATIONS]: "locations",
  [RESOURCE_VERSIONS]: "versions",
  [RESOURCE_READ_ARENA]: "readArenaWords",
  [RESOURCE_WRITE_ARENA]: "writeArenaWords",
};

// ---- transaction status word: incarnation << 2 | state (the paper's (incarnation, status) pair) ----
export const READY_TO_EXECUTE = 0;
export const EXECUTING = 1;
export const EXECUTED = 2;
export const ABORTING = 3;
export const STATE_MASK = 3;
export const INCARNATION_SHIFT = 2;

// ---- version node status word: incarnation << 2 | kind ----
/** The node's transaction wrote this value in its latest recorded incarnation. */
export const NODE_PRESENT = 0;
/** The transaction was aborted; its next incarnation will probably write here again. Readers must wait. */
export const NODE_ESTIMATE = 1;
/** The transaction's latest incarnation did not write here. Nodes are never unlinked (see mv-memory.ts). */
export const NODE_ABSENT = 2;
export const NODE_KIND_MASK = 3;

/**
 * Per-block capacities. Every buffer is sized from these before the block starts; running out of any of
 * them aborts the block cleanly (ERR_CAPACITY with the resource), and the driver retries with that resource
 * doubled or gives up with ParallelCapacityError so the caller can execute sequentially.
 */
export interface Capacity {
  /** Transactions the per-transaction arrays can hold (the block's own count is CTRL_TX_COUNT). */
  txCount: number;
  /** Distinct locations read or written in the block (interned ids). */
  locations: number;
  /** Distinct (location, transaction) pairs ever written, over all incarnations. */
  versions: number;
  /** Words for read-set regions: 2 + 3 per read entry per region; a region is reused while it fits. */
  readArenaWords: number;
  /** Words for write-set regions: 2 + 1 per written location per region. */
  writeArenaWords: number;
}

/** Per-transaction estimates used to size a block when the caller gives no explicit capacity. */
export interface CapacityHints {
  locationsPerTx?: number;
  readsPerTx?: number;
  writesPerTx?: number;
}

/** Sizes a block from its transaction count. Generous by default: doubling on overflow is a full re-run. */
export function capacityFor(txCount: number, hints: CapacityHints = {}, explicit: Partial<Capacity> = {}) {
  const reads = hints.readsPerTx ?? 8;
  const writes = hints.writesPerTx ?? 4;
  const locations = hints.locationsPerTx ?? reads + writes;
  const capacity: Capacity = {
    txCount,
    locations: Math.max(256, txCount * locations),
    versions: Math.max(256, txCount * writes * 2),
    readArenaWords: Math.max(1024, txCount * (2 + 3 * reads) * 2),
    writeArenaWords: Math.max(1024, txCount * (2 + writes) * 2),
    ...explicit,
  };
  return capacity;
}

export function nextPowerOfTwo(n: number): number {
  let p = 1;
  while (p < n) p *= 2;
  return p;
}

/** The raw buffers of one block. Structured-cloneable: posting it to a worker shares, not copies. */
export interface BlockBuffers {
  capacity: Capacity;
  control: SharedArrayBuffer;
  /** Per transaction: status word, dependency lock, dependency list head, dependency list link. */
  txStatus: SharedArrayBuffer;
  depLock: SharedArrayBuffer;
  depHead: SharedArrayBuffer;
  depNext: SharedArrayBuffer;
  /** Per transaction: arena offset of its current read-set / write-set region (0 = none yet). */
  readSetRegion: SharedArrayBuffer;
  writeSetRegion: SharedArrayBuffer;
  /** Location interning: open-addressing slots (id + 1, or -1 while being filled) and keys by id. */
  locationSlots: SharedArrayBuffer;
  locationKeys: SharedArrayBuffer;
  locationHashes: SharedArrayBuffer;
  /** Per location id: head of its version list (node index, 0 = none), highest transaction first. */
  locationHead: SharedArrayBuffer;
  /** Version nodes (index 0 unused): next link, tx index, status word, location id, value words. */
  nodeNext: SharedArrayBuffer;
  nodeTx: SharedArrayBuffer;
  nodeStatus: SharedArrayBuffer;
  nodeLocation: SharedArrayBuffer;
  nodeValue: SharedArrayBuffer;
  readArena: SharedArrayBuffer;
  writeArena: SharedArrayBuffer;
}

const I32 = 4;

/** Fresh, zeroed buffers for a block of `capacity.txCount` transactions. */
export function allocateBlockBuffers(capacity: Capacity): BlockBuffers {
  const n = Math.max(1, capacity.txCount);
  const nodes = capacity.versions + 1;
  const sab = (words: number) => new SharedArrayBuffer(words * I32);
  const buffers: BlockBuffers = {
    capacity,
    control: sab(CONTROL_WORDS),
    txStatus: sab(n),
    depLock: sab(n),
    depHead: sab(n),
    depNext: sab(n),
    readSetRegion: sab(n),
    writeSetRegion: sab(n),
    locationSlots: sab(nextPowerOfTwo(capacity.locations * 2)),
    locationKeys: sab(capacity.locations * KEY_WORDS),
    locationHashes: sab(capacity.locations),
    locationHead: sab(capacity.locations),
    nodeNext: sab(nodes),
    nodeTx: sab(nodes),
    nodeStatus: sab(nodes),
    nodeLocation: sab(nodes),
    nodeValue: sab(nodes * VALUE_WORDS),
    // Offset 0 of each arena is reserved so that region offset 0 can mean "no region".
    readArena: sab(capacity.readArenaWords + 1),
    writeArena: sab(capacity.writeArenaWords + 1),
  };
  new Int32Array(buffers.control)[CTRL_TX_COUNT] = capacity.txCount;
  return buffers;
}

/** Typed-array views over one block's buffers; each thread builds its own once per block. */
export class BlockViews {
  readonly capacity: Capacity;
  readonly txCount: number;
  readonly control: Int32Array;
  readonly txStatus: Int32Array;
  readonly depLock: Int32Array;
  readonly depHead: Int32Array;
  readonly depNext: Int32Array;
  readonly readSetRegion: Int32Array;
  readonly writeSetRegion: Int32Array;
  readonly locationSlots: Int32Array;
  readonly locationKeys: Uint32Array;
  readonly locationHashes: Int32Array;
  readonly locationHead: Int32Array;
  readonly nodeNext: Int32Array;
  readonly nodeTx: Int32Array;
  readonly nodeStatus: Int32Array;
  readonly nodeLocation: Int32Array;
  readonly nodeValue: Uint32Array;
  readonly readArena: Int32Array;
  readonly writeArena: Int32Array;

  constructor(readonly buffers: BlockBuffers) {
    this.capacity = buffers.capacity;
    this.control = new Int32Array(buffers.control);
    this.txCount = this.control[CTRL_TX_COUNT]!;
    this.txStatus = new Int32Array(buffers.txStatus);
    this.depLock = new Int32Array(buffers.depLock);
    this.depHead = new Int32Array(buffers.depHead);
    this.depNext = new Int32Array(buffers.depNext);
    this.readSetRegion = new Int32Array(buffers.readSetRegion);
    this.writeSetRegion = new Int32Array(buffers.writeSetRegion);
    this.locationSlots = new Int32Array(buffers.locationSlots);
    this.locationKeys = new Uint32Array(buffers.locationKeys);
    this.locationHashes = new Int32Array(buffers.locationHashes);
    this.locationHead = new Int32Array(buffers.locationHead);
    this.nodeNext = new Int32Array(buffers.nodeNext);
    this.nodeTx = new Int32Array(buffers.nodeTx);
    this.nodeStatus = new Int32Array(buffers.nodeStatus);
    this.nodeLocation = new Int32Array(buffers.nodeLocation);
    this.nodeValue = new Uint32Array(buffers.nodeValue);
    this.readArena = new Int32Array(buffers.readArena);
    this.writeArena = new Int32Array(buffers.writeArena);
  }
}
