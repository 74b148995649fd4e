// The TxView a VM executes against: one answer per location per incarnation, read-your-writes without a
// read-set entry, last write wins, DependencyAbort on an ESTIMATE (with the blocking tx), and a fresh
// start for every attempt.
import assert from "node:assert/strict";
import { test } from "node:test";
import { KIND_USER, newKeyBuffer, writeSmallKey } from "../../src/block-stm/location-key.js";
import { LocationTable } from "../../src/block-stm/location-table.js";
import { MvMemory } from "../../src/block-stm/mv-memory.js";
import { allocateBlockBuffers, BlockViews, capacityFor } from "../../src/block-stm/shared-layout.js";
import { ExecutionView } from "../../src/block-stm/tx-view.js";
import { DependencyAbort } from "../../src/block-stm/vm-interface.js";

function setup() {
  const views = new BlockViews(allocateBlockBuffers(capacityFor(8, {}, { locations: 2048 })));
  const memory = new MvMemory(views);
  const table = new LocationTable(views);
  const view = new ExecutionView();
  view.attach(memory, table, views.capacity.locations);
  const key = newKeyBuffer();
  const loc = (slot: number) => {
    writeSmallKey(key, KIND_USER, 1, slot);
    return view.locate(key);
  };
  return { memory, view, loc };
}

const value = (x: number) => new Uint32Array(8).fill(x);

function commit(memory: MvMemory, view: ExecutionView, tx: number, incarnation: number): void {
  memory.record(tx, incarnation, view.writeLocs, view.writeValues, view.writeCount);
}

test("reads are recorded once with their version; own writes are read back without a read entry", () => {
  const { memory, view, loc } = setup();
  const [a, b, c] = [loc(1), loc(2), loc(3)];
  view.begin(0);
  view.write(a, value(5));
  commit(memory, view, 0, 0);

  view.begin(2);
  const out = new Uint32Array(8);
  assert.equal(view.read(a, out), true);
  assert.equal(out[0], 5);
  assert.equal(view.read(b, out), false, "unwritten: the VM reads the pre-block state");
  assert.equal(view.read(a, out), true);
  assert.equal(view.read(b, out), false);
  view.write(c, value(7));
  view.write(c, value(8));
  assert.equal(view.read(c, out), true);
  assert.equal(out[0], 8, "last write wins and is read back");
  assert.equal(view.readCount, 2);
  assert.deepEqual([...view.readLocs.subarray(0, 2)], [a, b]);
  assert.deepEqual([...view.readWriters.subarray(0, 2)], [0, -1]);
  assert.equal(view.writeCount, 1);

  // A later write to a location read earlier does not change what the incarnation read first.
  commit(memory, view, 2, 0);
  view.begin(3);
  assert.equal(view.readCount + view.writeCount, 0, "a new attempt starts empty");
  assert.equal(view.read(c, out), true);
  assert.equal(out[0], 8);
});

test("an ESTIMATE stops the execution with the blocking transaction", () => {
  const { memory, view, loc } = setup();
  const a = loc(1);
  view.begin(1);
  view.write(a, value(1));
  commit(memory, view, 1, 0);
  memory.convertWritesToEstimates(1);
  view.begin(4);
  assert.throws(
    () => view.read(a, new Uint32Array(8)),
    (e: unknown) => e === view.dependency && e instanceof DependencyAbort && e.blockingTx === 1,
  );
});

test("read and write buffers grow past their initial size", () => {
  const { view, loc } = setup();
  view.begin(0);
  const out = new Uint32Array(8);
  for (let i = 0; i < 300; i++) {
    assert.equal(view.read(loc(i), out), false);
    view.write(loc(1000 + i), value(i));
  }
  assert.deepEqual([view.readCount, view.writeCount], [300, 300]);
  assert.equal(view.read(loc(1299), out), true);
  assert.equal(out[0], 299);
});
