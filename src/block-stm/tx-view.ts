// The per-thread TxView given to the VM for one incarnation: reads go to the multi-version memory and are
// appended to the read set, writes are buffered and handed to MvMemory.record when the incarnation ends.
// Repeated reads of a location within an incarnation return the first answer (a transaction must see one
// consistent value per location), and a read after a write returns the written value without recording a
// read. Membership is tracked with per-location stamp arrays (stamp = attempt serial), so starting an
// incarnation is O(1) and nothing on the read/write path allocates once the buffers have grown.
import type { LocationTable } from "./location-table.js";
import { type MvMemory, READ_BASE, READ_ESTIMATE } from "./mv-memory.js";
import { BASE_VERSION } from "./read-set.js";
import { VALUE_WORDS } from "./shared-layout.js";
import { DependencyAbort, type TxView } from "./vm-interface.js";

const INITIAL_ENTRIES = 64;

export class ExecutionView implements TxView {
  readonly dependency = new DependencyAbort();
  txIdx = -1;
  lastWriter = -1;
  readCount = 0;
  writeCount = 0;
  readLocs = new Int32Array(INITIAL_ENTRIES);
  readWriters = new Int32Array(INITIAL_ENTRIES);
  readIncarnations = new Int32Array(INITIAL_ENTRIES);
  writeLocs = new Int32Array(INITIAL_ENTRIES);
  writeValues = new Uint32Array(INITIAL_ENTRIES * VALUE_WORDS);

  private readValues = new Uint32Array(INITIAL_ENTRIES * VALUE_WORDS);
  /** Attempt serial; kept across blocks, so stamps left by earlier blocks never match a new attempt. */
  private serial = 0;
  private readStamp = new Int32Array(0);
  private readIndex = new Int32Array(0);
  private writeStamp = new Int32Array(0);
  private writeIndex = new Int32Array(0);
  private memory!: MvMemory;
  private table!: LocationTable;

  /**
   * Points the view at a block's memory and location table. A worker keeps one view across blocks: the
   * per-location stamp arrays (16 bytes per location of capacity) are reallocated only when a block has
   * more locations than any before.
   */
  attach(memory: MvMemory, table: LocationTable, locationCapacity: number): void {
    this.memory = memory;
    this.table = table;
    if (this.readStamp.length < locationCapacity) {
      this.readStamp = new Int32Array(locationCapacity);
      this.readIndex = new Int32Array(locationCapacity);
      this.writeStamp = new Int32Array(locationCapacity);
      this.writeIndex = new Int32Array(locationCapacity);
    }
  }

  /** Starts an execution attempt of `txIdx` with empty read and write sets. */
  begin(txIdx: number): void {
    this.txIdx = txIdx;
    if (++this.serial === 0x7fffffff) {
      // The stamps are Int32: before the serial overflows (after ~2^31 attempts), start over from clean.
      this.readStamp.fill(0);
      this.writeStamp.fill(0);
      this.serial = 1;
    }
    this.readCount = 0;
    this.writeCount = 0;
  }

  /** Drops buffered writes: a failed transaction commits none. Its reads stay: they explain the failure. */
  discardWrites(): void {
    this.writeCount = 0;
  }

  locate(key: Uint32Array): number {
    return this.table.intern(key);
  }

  read(loc: number, out: Uint32Array): boolean {
    const serial = this.serial;
    if (this.writeStamp[loc] === serial) {
      copy(this.writeValues, this.writeIndex[loc]! * VALUE_WORDS, out);
      this.lastWriter = this.txIdx;
      return true;
    }
    if (this.readStamp[loc] === serial) {
      const i = this.readIndex[loc]!;
      if (this.readWriters[i] === BASE_VERSION) {
        this.lastWriter = -1;
        return false;
      }
      this.lastWriter = this.readWriters[i]!;
      copy(this.readValues, i * VALUE_WORDS, out);
      return true;
    }
    const i = this.readCount;
    if (i === this.readLocs.length) this.growReads();
    const kind = this.memory.read(loc, this.txIdx, this.readValues, i * VALUE_WORDS);
    if (kind === READ_ESTIMATE) {
      this.dependency.blockingTx = this.memory.resultTx;
      throw this.dependency;
    }
    this.readLocs[i] = loc;
    this.readStamp[loc] = serial;
    this.readIndex[loc] = i;
    this.readCount = i + 1;
    if (kind === READ_BASE) {
      this.readWriters[i] = BASE_VERSION;
      this.readIncarnations[i] = 0;
      this.lastWriter = -1;
      return false;
    }
    this.lastWriter = this.memory.resultTx;
    this.readWriters[i] = this.memory.resultTx;
    this.readIncarnations[i] = this.memory.resultIncarnation;
    copy(this.readValues, i * VALUE_WORDS, out);
    return true;
  }

  dependOn(blockingTx: number): never {
    if (blockingTx < 0 || blockingTx >= this.txIdx) {
      throw new RangeError(`dependOn(${blockingTx}) from transaction ${this.txIdx}: not a lower transaction`);
    }
    this.dependency.blockingTx = blockingTx;
    throw this.dependency;
  }

  write(loc: number, value: Uint32Array): void {
    let i: number;
    if (this.writeStamp[loc] === this.serial) {
      i = this.writeIndex[loc]!;
    } else {
      i = this.writeCount;
      if (i === this.writeLocs.length) this.growWrites();
      this.writeLocs[i] = loc;
      this.writeStamp[loc] = this.serial;
      this.writeIndex[loc] = i;
      this.writeCount = i + 1;
    }
    const base = i * VALUE_WORDS;
    for (let w = 0; w < VALUE_WORDS; w++) this.writeValues[base + w] = value[w]!;
  }

  private growReads(): void {
    const size = this.readLocs.length * 2;
    this.readLocs = grown(this.readLocs, size);
    this.readWriters = grown(this.readWriters, size);
    this.readIncarnations = grown(this.readIncarnations, size);
    const values = new Uint32Array(size * VALUE_WORDS);
    values.set(this.readValues);
    this.readValues = values;
  }

  private growWrites(): void {
    const size = this.writeLocs.length * 2;
    this.writeLocs = grown(this.writeLocs, size);
    const values = new Uint32Array(size * VALUE_WORDS);
    values.set(this.writeValues);
    this.writeValues = values;
  }
}

function grown(a: Int32Array, size: number): Int32Array<ArrayBuffer> {
  const b = new Int32Array(size);
  b.set(a);
  return b;
}

function copy(from: Uint32Array, at: number, out: Uint32Array): void {
  for (let w = 0; w < VALUE_WORDS; w++) out[w] = from[at + w]!;
}
