// The multi-version memory and read-set validation, single-threaded on the main thread: reads of the
// highest lower version, ESTIMATE after an abort, removal of stale writes when an incarnation writes
// elsewhere, wrote_new_location, validation failures after a re-write, and clean capacity failures.
import assert from "node:assert/strict";
import { test } from "node:test";
import { BlockAborted } from "../../src/block-stm/control.js";
import { MvMemory, READ_BASE, READ_ESTIMATE, READ_VERSION } from "../../src/block-stm/mv-memory.js";
import { ReadSets } from "../../src/block-stm/read-set.js";
import {
  allocateBlockBuffers,
  BlockViews,
  CTRL_DONE,
  CTRL_ERROR,
  CTRL_ERROR_DETAIL,
  capacityFor,
  ERR_CAPACITY,
  RESOURCE_VERSIONS,
  RESOURCE_WRITE_ARENA,
} from "../../src/block-stm/shared-layout.js";

const L = 0;
const M = 1;
const N = 2;

function setup(txCount = 8, capacity = {}) {
  const views = new BlockViews(allocateBlockBuffers(capacityFor(txCount, {}, capacity)));
  const memory = new MvMemory(views);
  return { views, memory, readSets: new ReadSets(views, memory) };
}

/** A value whose 8 words are `x, x+1, ...`. */
function val(x: number): Uint32Array {
  return Uint32Array.from({ length: 8 }, (_, i) => x + i);
}

/** Records `writes` (location -> value tag) as the write set of (tx, incarnation). */
function record(memory: MvMemory, tx: number, incarnation: number, writes: [number, number][]): boolean {
  const locs = Int32Array.from(writes.map(([loc]) => loc));
  const values = new Uint32Array(writes.length * 8);
  for (let i = 0; i < writes.length; i++) values.set(val(writes[i]![1]), i * 8);
  return memory.record(tx, incarnation, locs, values, writes.length);
}

function readAs(memory: MvMemory, loc: number, tx: number) {
  const out = new Uint32Array(8);
  const kind = memory.read(loc, tx, out, 0);
  return { kind, tx: memory.resultTx, incarnation: memory.resultIncarnation, value: out[0] };
}

function storeReads(readSets: ReadSets, tx: number, reads: [number, number, number][]) {
  readSets.store(
    tx,
    Int32Array.from(reads.map((r) => r[0])),
    Int32Array.from(reads.map((r) => r[1])),
    Int32Array.from(reads.map((r) => r[2])),
    reads.length,
  );
}

test("a read sees the highest version below the reader, else the base", () => {
  const { memory } = setup();
  assert.equal(readAs(memory, L, 5).kind, READ_BASE);
  assert.equal(record(memory, 1, 0, [[L, 100]]), true);
  assert.equal(record(memory, 4, 0, [[L, 400]]), true);
  assert.equal(record(memory, 2, 0, [[M, 200]]), true);
  assert.deepEqual(readAs(memory, L, 0).kind, READ_BASE);
  assert.deepEqual(readAs(memory, L, 1).kind, READ_BASE, "a tx never sees its own version");
  assert.deepEqual(readAs(memory, L, 2), { kind: READ_VERSION, tx: 1, incarnation: 0, value: 100 });
  assert.deepEqual(readAs(memory, L, 4), { kind: READ_VERSION, tx: 1, incarnation: 0, value: 100 });
  assert.deepEqual(readAs(memory, L, 7), { kind: READ_VERSION, tx: 4, incarnation: 0, value: 400 });
  assert.deepEqual(readAs(memory, M, 3), { kind: READ_VERSION, tx: 2, incarnation: 0, value: 200 });
  assert.equal(readAs(memory, N, 7).kind, READ_BASE);
});

test("versions inserted out of order keep the list sorted", () => {
  const { memory } = setup(16);
  for (const tx of [9, 3, 12, 0, 6, 15, 1]) record(memory, tx, 0, [[L, tx * 10]]);
  for (let reader = 0; reader < 16; reader++) {
    const lower = [9, 3, 12, 0, 6, 15, 1].filter((t) => t < reader);
    const r = readAs(memory, L, reader);
    if (lower.length === 0) assert.equal(r.kind, READ_BASE);
    else assert.deepEqual([r.tx, r.value], [Math.max(...lower), Math.max(...lower) * 10]);
  }
});

test("convertWritesToEstimates makes readers above block on the aborted tx", () => {
  const { memory } = setup();
  record(memory, 1, 0, [[L, 100]]);
  record(memory, 3, 0, [
    [L, 300],
    [M, 301],
  ]);
  memory.convertWritesToEstimates(3);
  assert.deepEqual([readAs(memory, L, 5).kind, readAs(memory, L, 5).tx], [READ_ESTIMATE, 3]);
  assert.deepEqual([readAs(memory, M, 4).kind, memory.resultTx], [READ_ESTIMATE, 3]);
  assert.equal(readAs(memory, L, 3).value, 100, "readers at or below the aborted tx are unaffected");
  assert.equal(memory.readVersion(L, 6), READ_ESTIMATE);
});

test("a new incarnation replaces the write set: stale locations disappear, new ones count as new", () => {
  const { memory } = setup();
  record(memory, 1, 0, [[L, 100]]);
  record(memory, 3, 0, [
    [L, 300],
    [M, 301],
  ]);
  memory.convertWritesToEstimates(3);
  // Incarnation 1 writes M again and N, but no longer L.
  assert.equal(
    record(memory, 3, 1, [
      [M, 311],
      [N, 312],
    ]),
    true,
  );
  assert.deepEqual(readAs(memory, L, 5), { kind: READ_VERSION, tx: 1, incarnation: 0, value: 100 });
  assert.deepEqual(readAs(memory, M, 5), { kind: READ_VERSION, tx: 3, incarnation: 1, value: 311 });
  assert.deepEqual(readAs(memory, N, 5), { kind: READ_VERSION, tx: 3, incarnation: 1, value: 312 });
  assert.equal(memory.writeCount(3), 2);
  // Same locations again: nothing new. Writing L again (ABSENT node reused) is new.
  memory.convertWritesToEstimates(3);
  assert.equal(
    record(memory, 3, 2, [
      [N, 322],
      [M, 321],
    ]),
    false,
  );
  memory.convertWritesToEstimates(3);
  assert.equal(record(memory, 3, 3, [[L, 330]]), true);
  assert.deepEqual(readAs(memory, L, 5), { kind: READ_VERSION, tx: 3, incarnation: 3, value: 330 });
  assert.equal(readAs(memory, M, 5).kind, READ_BASE);
  assert.equal(readAs(memory, N, 5).kind, READ_BASE);
  // An empty write set removes everything.
  memory.convertWritesToEstimates(3);
  assert.equal(record(memory, 3, 4, []), false);
  assert.equal(readAs(memory, L, 5).tx, 1);
  assert.equal(memory.writeCount(3), 0);
});

test("final values and committed write sets", () => {
  const { memory } = setup();
  record(memory, 0, 0, [[L, 1]]);
  record(memory, 2, 0, [
    [L, 2],
    [M, 3],
  ]);
  const out = new Uint32Array(8);
  assert.equal(memory.finalValue(L, out), true);
  assert.equal(out[0], 2);
  assert.equal(memory.finalValue(N, out), false);
  assert.equal(memory.writeAt(2, 1, out), M);
  assert.equal(out[0], 3);
  memory.convertWritesToEstimates(2);
  assert.throws(() => memory.finalValue(L, out), /ESTIMATE/);
});

test("validation passes while versions hold and fails after a re-write, a new write below, or an ESTIMATE", () => {
  const { memory, readSets } = setup();
  record(memory, 1, 0, [[L, 100]]);
  // tx 4 read L from (1, 0) and M from the base.
  storeReads(readSets, 4, [
    [L, 1, 0],
    [M, -1, 0],
  ]);
  assert.equal(readSets.validate(4), true);
  assert.equal(readSets.readCount(4), 2);
  // A tx above the reader writing does not matter.
  record(memory, 6, 0, [[M, 600]]);
  assert.equal(readSets.validate(4), true);
  // The writer of L is aborted: ESTIMATE.
  memory.convertWritesToEstimates(1);
  assert.equal(readSets.validate(4), false);
  // Re-written by incarnation 1 with the same value: a different version, still invalid.
  record(memory, 1, 1, [[L, 100]]);
  assert.equal(readSets.validate(4), false);
  // The read set of the re-executed tx 4 matches again...
  storeReads(readSets, 4, [
    [L, 1, 1],
    [M, -1, 0],
  ]);
  assert.equal(readSets.validate(4), true);
  // ...until a tx between them writes M, which tx 4 read from the base.
  record(memory, 2, 0, [[M, 200]]);
  assert.equal(readSets.validate(4), false);
  // Shrinking read set reuses the region.
  storeReads(readSets, 4, [[M, 2, 0]]);
  assert.equal(readSets.validate(4), true);
  assert.equal(readSets.readCount(4), 1);
});

test("running out of versions aborts the block cleanly", () => {
  const { views, memory } = setup(8, { versions: 2 });
  record(memory, 0, 0, [
    [L, 1],
    [M, 2],
  ]);
  assert.throws(() => record(memory, 1, 0, [[N, 3]]), BlockAborted);
  assert.equal(views.control[CTRL_ERROR], ERR_CAPACITY);
  assert.equal(views.control[CTRL_ERROR_DETAIL], RESOURCE_VERSIONS);
  assert.equal(views.control[CTRL_DONE], 1);
  // Nothing half-written became visible.
  assert.equal(readAs(memory, N, 5).kind, READ_BASE);
  assert.equal(readAs(memory, L, 5).value, 1);
});

test("running out of write-set arena aborts the block cleanly", () => {
  const { views, memory } = setup(8, { writeArenaWords: 10 });
  record(memory, 0, 0, [[L, 1]]); // a region of 2 + 4 words
  assert.throws(() => record(memory, 1, 0, [[M, 1]]), BlockAborted);
  assert.equal(views.control[CTRL_ERROR_DETAIL], RESOURCE_WRITE_ARENA);
});
