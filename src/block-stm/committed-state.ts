// Read access, on the main thread, to the outcome of a finished block in the shared buffers: the final value
// of every location written in the block (the highest PRESENT version) and each transaction's committed
// write set. This is the commit input: the EVM integration will fold it into a StateDiff. Also each
// transaction's committed read set (what execution witnesses are built from).
import { LocationTable } from "./location-table.js";
import { MvMemory } from "./mv-memory.js";
import { BASE_VERSION, READ_ENTRY_WORDS } from "./read-set.js";
import { regionCount } from "./region-arena.js";
import { type BlockViews, KEY_WORDS, VALUE_WORDS } from "./shared-layout.js";

export class CommittedState {
  private readonly table: LocationTable;
  private readonly memory: MvMemory;
  private released = false;

  constructor(private readonly views: BlockViews) {
    this.table = new LocationTable(views);
    this.memory = new MvMemory(views);
  }

  /**
   * The transactions whose writes the committed incarnation of `txIdx` read (distinct, ascending): the
   * dependencies Block-STM found for it. What the scaling model (lanes bench --model-threads) replays.
   */
  dependencies(txIdx: number): number[] {
    this.check();
    const region = Atomics.load(this.views.readSetRegion, txIdx);
    if (region === 0) return [];
    const arena = this.views.readArena;
    const count = regionCount(arena, region);
    const writers = new Set<number>();
    for (let i = 0, p = region + 2; i < count; i++, p += READ_ENTRY_WORDS) {
      const writer = arena[p + 1]!;
      if (writer !== BASE_VERSION) writers.add(writer);
    }
    return [...writers].sort((a, b) => a - b);
  }

  /** Locations interned during the block (read or written). */
  get locationCount(): number {
    this.check();
    return this.table.count;
  }

  /** Called when the buffers go back for reuse: any later access throws instead of reading another block. */
  release(): void {
    this.released = true;
  }

  private check(): void {
    if (this.released) throw new Error("CommittedState used after BlockStmResult.release()");
  }

  /**
   * Calls `fn` for every location whose final value was written in the block, in location-id order. `key`
   * and `value` are reused buffers: copy them to keep them. Location ids depend on interning order, which
   * depends on timing: sort by key where order matters.
   */
  forEachWrite(fn: (key: Uint32Array, value: Uint32Array) => void): void {
    this.check();
    const key = new Uint32Array(KEY_WORDS);
    const value = new Uint32Array(VALUE_WORDS);
    const count = this.table.count;
    for (let loc = 0; loc < count; loc++) {
      if (!this.memory.finalValue(loc, value)) continue;
      this.table.keyOf(loc, key);
      fn(key, value);
    }
  }

  /** The final value of `key` into `out`; false when no transaction wrote it (the pre-state value stands). */
  finalValue(key: Uint32Array, out: Uint32Array): boolean {
    this.check();
    const loc = this.table.find(key);
    return loc >= 0 && this.memory.finalValue(loc, out);
  }

  /**
   * Calls `fn` for every location the committed incarnation of a transaction read from the pre-block state
   * (its read set's entries without a writer), in transaction order; `key` is a reused buffer. Every
   * transaction is EXECUTED at the end of a block, so its region holds its final incarnation's read set.
   */
  forEachBaseRead(fn: (txIdx: number, key: Uint32Array) => void): void {
    this.check();
    const arena = this.views.readArena;
    const regions = this.views.readSetRegion;
    const key = new Uint32Array(KEY_WORDS);
    for (let tx = 0; tx < this.views.txCount; tx++) {
      const region = Atomics.load(regions, tx);
      if (region === 0) continue;
      const count = regionCount(arena, region);
      for (let i = 0, p = region + 2; i < count; i++, p += READ_ENTRY_WORDS) {
        if (arena[p + 1] !== BASE_VERSION) continue;
        this.table.keyOf(arena[p]!, key);
        fn(tx, key);
      }
    }
  }

  /**
   * Calls `fn` for every entry of the committed read sets that a lower transaction wrote: reader, writer and
   * location key (a reused buffer), in transaction order. The block's true dependencies, by location (the
   * profiler's conflict graph).
   */
  forEachDependencyRead(fn: (txIdx: number, writerTx: number, key: Uint32Array) => void): void {
    this.check();
    const arena = this.views.readArena;
    const regions = this.views.readSetRegion;
    const key = new Uint32Array(KEY_WORDS);
    for (let tx = 0; tx < this.views.txCount; tx++) {
      const region = Atomics.load(regions, tx);
      if (region === 0) continue;
      const count = regionCount(arena, region);
      for (let i = 0, p = region + 2; i < count; i++, p += READ_ENTRY_WORDS) {
        const writer = arena[p + 1]!;
        if (writer === BASE_VERSION || writer === tx) continue;
        this.table.keyOf(arena[p]!, key);
        fn(tx, writer, key);
      }
    }
  }

  /** Number of locations transaction `txIdx` wrote in its committed incarnation. */
  txWriteCount(txIdx: number): number {
    this.check();
    return this.memory.writeCount(txIdx);
  }

  /** The `i`-th write of transaction `txIdx`: key into `keyOut`, value into `valueOut`. */
  txWrite(txIdx: number, i: number, keyOut: Uint32Array, valueOut: Uint32Array): void {
    this.check();
    const loc = this.memory.writeAt(txIdx, i, valueOut);
    this.table.keyOf(loc, keyOut);
  }
}
