// The multi-version memory of Block-STM in shared memory: for every location id, the versions written by
// transactions of the block, each tagged with the writer's (tx index, incarnation), a 32-byte value and a
// kind (PRESENT, ESTIMATE, ABSENT).
//
// Per location there is one singly linked list of version nodes sorted by tx index, highest first, so a read
// by tx i skips only the versions of transactions above i (the speculative window) before it finds the one
// it needs. A node belongs to one (location, tx) pair for the whole block: a later incarnation that writes
// the location again overwrites the node in place, one that does not marks it ABSENT. Nodes are therefore
// never unlinked, the lists only ever grow by compareExchange on a link, and readers traverse them without
// locks. Only one incarnation of a transaction runs at a time (the scheduler guarantees it), so a node's
// value is only rewritten by its own transaction, and only while the node is ESTIMATE or ABSENT.
//
// Reads are seqlock-style: load the status word, copy the value, re-load the status; a changed status means
// a concurrent rewrite, and the node is read again. Even a torn value that slipped through could only come
// from a different incarnation, which validation of the reader detects because it compares versions.
import { failCapacity } from "./control.js";
import { regionCount, regionFor } from "./region-arena.js";
import {
  type BlockViews,
  CTRL_NODE_CURSOR,
  CTRL_WRITE_ARENA_CURSOR,
  NODE_ABSENT,
  NODE_ESTIMATE,
  NODE_KIND_MASK,
  NODE_PRESENT,
  RESOURCE_VERSIONS,
  RESOURCE_WRITE_ARENA,
  VALUE_WORDS,
} from "./shared-layout.js";

/** No transaction below the reader wrote the location: read the pre-block state. */
export const READ_BASE = 0;
/** A lower transaction wrote it; `resultTx` / `resultIncarnation` name the version, the value was copied. */
export const READ_VERSION = 1;
/** The closest lower writer was aborted and is being re-executed; `resultTx` is the blocking tx. */
export const READ_ESTIMATE = 2;

export class MvMemory {
  /** Version (or blocking tx) of the last read; fields instead of a returned object: no allocation. */
  resultTx = -1;
  resultIncarnation = 0;

  private readonly control: Int32Array;
  private readonly head: Int32Array;
  private readonly next: Int32Array;
  private readonly nodeTx: Int32Array;
  private readonly status: Int32Array;
  private readonly nodeLocation: Int32Array;
  private readonly value: Uint32Array;
  private readonly writeTable: Int32Array;
  private readonly writeArena: Int32Array;
  private readonly maxNodes: number;
  /** Per-thread scratch: node indices of the write set being recorded. */
  private scratch = new Int32Array(64);

  constructor(views: BlockViews) {
    this.control = views.control;
    this.head = views.locationHead;
    this.next = views.nodeNext;
    this.nodeTx = views.nodeTx;
    this.status = views.nodeStatus;
    this.nodeLocation = views.nodeLocation;
    this.value = views.nodeValue;
    this.writeTable = views.writeSetRegion;
    this.writeArena = views.writeArena;
    this.maxNodes = views.capacity.versions;
  }

  /**
   * Reads `loc` as transaction `txIdx` sees it: the highest version written by a lower transaction. On
   * READ_VERSION the value is copied to `out[outOffset ..]`.
   */
  read(loc: number, txIdx: number, out: Uint32Array, outOffset: number): number {
    const status = this.status;
    let node = Atomics.load(this.head, loc);
    while (node !== 0) {
      const writer = this.nodeTx[node]!;
      if (writer < txIdx) {
        const s = Atomics.load(status, node);
        const kind = s & NODE_KIND_MASK;
        if (kind === NODE_ESTIMATE) {
          this.resultTx = writer;
          return READ_ESTIMATE;
        }
        if (kind === NODE_PRESENT) {
          const base = node * VALUE_WORDS;
          for (let w = 0; w < VALUE_WORDS; w++) out[outOffset + w] = this.value[base + w]!;
          if (Atomics.load(status, node) !== s) continue; // rewritten meanwhile: look at this node again
          this.resultTx = writer;
          this.resultIncarnation = s >>> 2;
          return READ_VERSION;
        }
      }
      node = Atomics.load(this.next, node);
    }
    return READ_BASE;
  }

  /** Like read, without copying the value: what validation needs. */
  readVersion(loc: number, txIdx: number): number {
    let node = Atomics.load(this.head, loc);
    while (node !== 0) {
      const writer = this.nodeTx[node]!;
      if (writer < txIdx) {
        const s = Atomics.load(this.status, node);
        const kind = s & NODE_KIND_MASK;
        if (kind === NODE_ESTIMATE) {
          this.resultTx = writer;
          return READ_ESTIMATE;
        }
        if (kind === NODE_PRESENT) {
          this.resultTx = writer;
          this.resultIncarnation = s >>> 2;
          return READ_VERSION;
        }
      }
      node = Atomics.load(this.next, node);
    }
    return READ_BASE;
  }

  /**
   * Replaces the write set of `txIdx` with the `count` writes (`locs[i]`, `values[i * 8 ..]`) of its
   * incarnation `incarnation`: rewrites or inserts a node per location, marks ABSENT the locations the
   * previous incarnation wrote and this one does not, and stores the new write-set region. Returns whether
   * a location outside the previous write set was written (the paper's wrote_new_location), which forces
   * re-validation of the higher transactions.
   */
  record(txIdx: number, incarnation: number, locs: Int32Array, values: Uint32Array, count: number): boolean {
    if (this.scratch.length < count) this.scratch = new Int32Array(Math.max(count, this.scratch.length * 2));
    const scratch = this.scratch;
    const present = (incarnation << 2) | NODE_PRESENT;
    let wroteNew = false;
    for (let i = 0; i < count; i++) {
      const loc = locs[i]!;
      let node = this.findNode(loc, txIdx);
      if (node !== 0) {
        if ((this.status[node]! & NODE_KIND_MASK) === NODE_ABSENT) wroteNew = true;
        this.copyValue(node, values, i * VALUE_WORDS);
        Atomics.store(this.status, node, present); // publishes the value written above
      } else {
        node = this.insertNode(loc, txIdx, present, values, i * VALUE_WORDS);
        wroteNew = true;
      }
      scratch[i] = node;
    }
    const arena = this.writeArena;
    const previous = this.writeTable[txIdx]!;
    if (previous !== 0) {
      // Nodes of the previous write set not rewritten above still carry the old incarnation.
      const prevCount = regionCount(arena, previous);
      const absent = (incarnation << 2) | NODE_ABSENT;
      for (let i = 0; i < prevCount; i++) {
        const node = arena[previous + 2 + i]!;
        if (this.status[node]! >>> 2 !== incarnation) Atomics.store(this.status, node, absent);
      }
    }
    if (count > 0 || previous !== 0) {
      const region = regionFor(
        arena,
        this.writeTable,
        txIdx,
        count,
        1,
        this.control,
        CTRL_WRITE_ARENA_CURSOR,
        RESOURCE_WRITE_ARENA,
      );
      for (let i = 0; i < count; i++) arena[region + 2 + i] = scratch[i]!;
      Atomics.store(arena, region + 1, count);
      Atomics.store(this.writeTable, txIdx, region);
    }
    return wroteNew;
  }

  /** Marks every location in the current write set of `txIdx` as ESTIMATE (the tx was just aborted). */
  convertWritesToEstimates(txIdx: number): void {
    const region = Atomics.load(this.writeTable, txIdx);
    if (region === 0) return;
    const arena = this.writeArena;
    const count = regionCount(arena, region);
    for (let i = 0; i < count; i++) {
      const node = arena[region + 2 + i]!;
      const s = Atomics.load(this.status, node);
      if ((s & NODE_KIND_MASK) === NODE_PRESENT)
        Atomics.store(this.status, node, (s & ~NODE_KIND_MASK) | NODE_ESTIMATE);
    }
  }

  /** Number of locations in the recorded write set of `txIdx`. */
  writeCount(txIdx: number): number {
    const region = Atomics.load(this.writeTable, txIdx);
    return region === 0 ? 0 : regionCount(this.writeArena, region);
  }

  /** The `i`-th (location id, value) of the recorded write set of `txIdx`; returns the location id. */
  writeAt(txIdx: number, i: number, out: Uint32Array): number {
    const node = this.writeArena[Atomics.load(this.writeTable, txIdx) + 2 + i]!;
    this.copyOut(node, out);
    return this.nodeLocation[node]!;
  }

  /**
   * The committed value of `loc` after the block (highest PRESENT version); false when no transaction's
   * final incarnation wrote it. Only meaningful once the block is done, when no ESTIMATE may remain.
   */
  finalValue(loc: number, out: Uint32Array): boolean {
    let node = Atomics.load(this.head, loc);
    while (node !== 0) {
      const kind = Atomics.load(this.status, node) & NODE_KIND_MASK;
      if (kind === NODE_PRESENT) {
        this.copyOut(node, out);
        return true;
      }
      if (kind === NODE_ESTIMATE) throw new Error(`ESTIMATE left at location ${loc} after the block`);
      node = Atomics.load(this.next, node);
    }
    return false;
  }

  /** Finds the node of (`loc`, `txIdx`), 0 if none. */
  private findNode(loc: number, txIdx: number): number {
    let node = Atomics.load(this.head, loc);
    while (node !== 0) {
      const writer = this.nodeTx[node]!;
      if (writer === txIdx) return node;
      if (writer < txIdx) return 0;
      node = Atomics.load(this.next, node);
    }
    return 0;
  }

  /**
   * Allocates a node for (`loc`, `txIdx`) and links it in tx order. Lock-free: only the link word before
   * the insertion point changes, by compareExchange; on failure another node went in right there, and the
   * search resumes from the same predecessor (nodes are never removed, so it is still in the list).
   */
  private insertNode(loc: number, txIdx: number, status: number, values: Uint32Array, at: number): number {
    const node = Atomics.add(this.control, CTRL_NODE_CURSOR, 1) + 1;
    if (node > this.maxNodes) failCapacity(this.control, RESOURCE_VERSIONS);
    this.nodeTx[node] = txIdx;
    this.nodeLocation[node] = loc;
    this.copyValue(node, values, at);
    this.status[node] = status;
    let links = this.head;
    let linkIndex = loc;
    for (;;) {
      let cur = Atomics.load(links, linkIndex);
      while (cur !== 0 && this.nodeTx[cur]! > txIdx) {
        links = this.next;
        linkIndex = cur;
        cur = Atomics.load(this.next, cur);
      }
      this.next[node] = cur;
      // The seq-cst compareExchange publishes every plain store to the node made above.
      if (Atomics.compareExchange(links, linkIndex, cur, node) === cur) return node;
    }
  }

  private copyValue(node: number, values: Uint32Array, at: number): void {
    const base = node * VALUE_WORDS;
    for (let w = 0; w < VALUE_WORDS; w++) this.value[base + w] = values[at + w]!;
  }

  private copyOut(node: number, out: Uint32Array): void {
    const base = node * VALUE_WORDS;
    for (let w = 0; w < VALUE_WORDS; w++) out[w] = this.value[base + w]!;
  }
}
