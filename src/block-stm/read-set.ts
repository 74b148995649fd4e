// Read sets in shared memory, so that any worker can validate any transaction. Each entry is three words:
// (location id, writer tx index or -1 for the pre-block state, writer incarnation). Entries are stored once
// per incarnation by the executing worker, before the transaction is marked EXECUTED, in the transaction's
// region of the read arena (see region-arena.ts for why a stale validator racing a rewrite stays in bounds).
//
// Validation re-reads each location as the transaction would now and compares versions, not values, as in
// the paper: a location re-written by the same incarnation cannot change, so equal versions mean equal
// values; an ESTIMATE means the writer is being re-executed, which fails validation.
import type { MvMemory } from "./mv-memory.js";
import { READ_BASE, READ_ESTIMATE } from "./mv-memory.js";
import { regionCount, regionFor } from "./region-arena.js";
import { type BlockViews, CTRL_READ_ARENA_CURSOR, RESOURCE_READ_ARENA } from "./shared-layout.js";

/** Words per read-set entry. */
export const READ_ENTRY_WORDS = 3;
/** Writer index recorded for a read served by the pre-block state. */
export const BASE_VERSION = -1;

export class ReadSets {
  private readonly arena: Int32Array;
  private readonly table: Int32Array;
  private readonly control: Int32Array;
  private readonly locationCapacity: number;

  constructor(
    views: BlockViews,
    private readonly memory: MvMemory,
  ) {
    this.arena = views.readArena;
    this.table = views.readSetRegion;
    this.control = views.control;
    this.locationCapacity = views.capacity.locations;
  }

  /**
   * Stores the read set of the incarnation of `txIdx` that just finished: `count` entries from the parallel
   * arrays (`locs`, `writers`, `incarnations`).
   */
  store(txIdx: number, locs: Int32Array, writers: Int32Array, incarnations: Int32Array, count: number): void {
    const arena = this.arena;
    if (count === 0 && this.table[txIdx] === 0) return;
    const region = regionFor(
      arena,
      this.table,
      txIdx,
      count,
      READ_ENTRY_WORDS,
      this.control,
      CTRL_READ_ARENA_CURSOR,
      RESOURCE_READ_ARENA,
    );
    let p = region + 2;
    for (let i = 0; i < count; i++, p += READ_ENTRY_WORDS) {
      arena[p] = locs[i]!;
      arena[p + 1] = writers[i]!;
      arena[p + 2] = incarnations[i]!;
    }
    Atomics.store(arena, region + 1, count);
    Atomics.store(this.table, txIdx, region);
  }

  /** Whether every read of the last recorded incarnation of `txIdx` would still see the same version. */
  validate(txIdx: number): boolean {
    const region = Atomics.load(this.table, txIdx);
    if (region === 0) return true;
    const arena = this.arena;
    const memory = this.memory;
    const count = regionCount(arena, region);
    let p = region + 2;
    for (let i = 0; i < count; i++, p += READ_ENTRY_WORDS) {
      const loc = arena[p]!;
      // Only a stale validator racing a rewrite can see a bad id; it must not index out of bounds.
      if (loc < 0 || loc >= this.locationCapacity) return false;
      const kind = memory.readVersion(loc, txIdx);
      if (kind === READ_ESTIMATE) return false;
      const writer = arena[p + 1]!;
      if (kind === READ_BASE) {
        if (writer !== BASE_VERSION) return false;
      } else if (writer !== memory.resultTx || arena[p + 2] !== memory.resultIncarnation) {
        return false;
      }
    }
    return true;
  }

  /** Number of entries in the recorded read set of `txIdx`. */
  readCount(txIdx: number): number {
    const region = Atomics.load(this.table, txIdx);
    return region === 0 ? 0 : regionCount(this.arena, region);
  }
}
