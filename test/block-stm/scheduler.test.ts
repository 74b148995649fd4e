// Scheduler transitions, driven by hand on one thread: task hand-out order, the validation hand-back after
// an execution, wrote_new_location lowering the validation index, abort ownership, re-execution hand-back,
// dependencies (park, resume with the next incarnation, lowered execution index, already-resolved
// blocker), active-task accounting and the done check.
import assert from "node:assert/strict";
import { test } from "node:test";
import { Scheduler, TASK_EXECUTE, TASK_NONE, TASK_VALIDATE } from "../../src/block-stm/scheduler.js";
import {
  ABORTING,
  allocateBlockBuffers,
  BlockViews,
  capacityFor,
  EXECUTED,
  EXECUTING,
  READY_TO_EXECUTE,
} from "../../src/block-stm/shared-layout.js";

function scheduler(n: number): Scheduler {
  return new Scheduler(new BlockViews(allocateBlockBuffers(capacityFor(n))));
}

function take(s: Scheduler): [number, number, number] {
  const kind = s.nextTask();
  return kind === TASK_NONE ? [kind, -1, -1] : [kind, s.taskTx, s.taskIncarnation];
}

/** Starts every transaction's first incarnation; validations offered meanwhile are skipped (not EXECUTED). */
function startAll(s: Scheduler): void {
  let started = 0;
  while (started < s.txCount) {
    const kind = s.nextTask();
    assert.notEqual(kind, TASK_VALIDATE);
    if (kind === TASK_EXECUTE) assert.equal(s.taskTx, started++);
  }
  assert.equal(s.nextTask(), TASK_NONE); // the last skipped validation
  assert.deepEqual([s.executionIdx(), s.validationIdx(), s.activeTasks()], [s.txCount, s.txCount, s.txCount]);
}

test("the paper's interleaving: executions, skipped and handed-back validations, then done", () => {
  const s = scheduler(3);
  assert.deepEqual(take(s), [TASK_EXECUTE, 0, 0]);
  assert.equal(s.stateOf(0), EXECUTING);
  // validation_idx 0 < execution_idx 1: offers tx 0's validation, which is still executing: skipped.
  assert.deepEqual(take(s), [TASK_NONE, -1, -1]);
  assert.equal(s.validationIdx(), 1);
  assert.deepEqual(take(s), [TASK_EXECUTE, 1, 0]);
  assert.equal(s.activeTasks(), 2);
  // tx 0 finishes below the validation index, no new location: its validation comes back to the caller.
  assert.equal(s.finishExecution(0, 0, false), TASK_VALIDATE);
  assert.deepEqual([s.taskTx, s.taskIncarnation, s.stateOf(0)], [0, 0, EXECUTED]);
  assert.equal(s.finishValidation(0, false), TASK_NONE);
  assert.deepEqual(take(s), [TASK_NONE, -1, -1]); // tx 1 still executing
  assert.deepEqual(take(s), [TASK_EXECUTE, 2, 0]);
  // tx 1 wrote a new location: the validation index drops to 1 instead of a hand-back.
  const decreases = s.decreaseCount();
  assert.equal(s.finishExecution(1, 0, true), TASK_NONE);
  assert.deepEqual([s.validationIdx(), s.decreaseCount()], [1, decreases + 1]);
  assert.deepEqual(take(s), [TASK_VALIDATE, 1, 0]);
  assert.equal(s.finishValidation(1, false), TASK_NONE);
  assert.deepEqual(take(s), [TASK_NONE, -1, -1]); // tx 2 still executing
  // Both indices are past the end, but tx 2 is active: not done.
  assert.deepEqual(take(s), [TASK_NONE, -1, -1]);
  assert.equal(s.done(), false);
  assert.equal(s.finishExecution(2, 0, false), TASK_VALIDATE);
  s.checkDone();
  assert.equal(s.done(), false, "the handed-back validation is still active");
  assert.equal(s.finishValidation(2, false), TASK_NONE);
  assert.equal(s.activeTasks(), 0);
  assert.equal(s.nextTask(), TASK_NONE);
  assert.equal(s.done(), true);
});

test("a failed validation: one abort owner, next incarnation handed back, higher txs revalidated", () => {
  const s = scheduler(4);
  startAll(s);
  for (let i = 0; i < 4; i++) {
    assert.equal(s.finishExecution(i, 0, false), TASK_VALIDATE);
    assert.deepEqual([s.taskTx, s.taskIncarnation], [i, 0]);
  }
  // Two validators of tx 1 fail: only the first claims the abort.
  assert.equal(s.tryValidationAbort(1, 0), true);
  assert.equal(s.tryValidationAbort(1, 0), false);
  assert.equal(s.stateOf(1), ABORTING);
  assert.equal(s.finishValidation(1, false), TASK_NONE); // the loser just ends its task
  // execution_idx (4) > 1: the re-execution comes back to the winner as incarnation 1.
  assert.equal(s.finishValidation(1, true), TASK_EXECUTE);
  assert.deepEqual([s.taskTx, s.taskIncarnation, s.stateOf(1)], [1, 1, EXECUTING]);
  assert.equal(s.validationIdx(), 2, "txs above the aborted one are validated again");
  assert.equal(s.tryValidationAbort(1, 0), false, "a stale abort of the old incarnation fails");
  assert.equal(s.finishExecution(1, 1, false), TASK_VALIDATE);
  assert.deepEqual([s.taskTx, s.taskIncarnation], [1, 1]);
});

test("an aborted tx at or above the execution index is left to the index, not handed back", () => {
  const s = scheduler(4);
  startAll(s);
  assert.equal(s.addDependency(2, 0), true);
  assert.equal(s.finishExecution(0, 0, false), TASK_VALIDATE); // resumes tx 2: execution index -> 2
  assert.equal(s.executionIdx(), 2);
  s.finishValidation(0, false);
  assert.equal(s.finishExecution(3, 0, false), TASK_VALIDATE);
  assert.equal(s.tryValidationAbort(3, 0), true);
  assert.equal(s.finishValidation(3, true), TASK_NONE, "execution index 2 is not above 3");
  assert.deepEqual([s.stateOf(3), s.incarnationOf(3)], [READY_TO_EXECUTE, 1]);
  assert.deepEqual(take(s), [TASK_EXECUTE, 2, 1]);
  assert.deepEqual(take(s), [TASK_EXECUTE, 3, 1]);
});

test("dependencies: park, resume as the next incarnation, lower the execution index", () => {
  const s = scheduler(4);
  startAll(s);
  assert.equal(s.addDependency(3, 1), true);
  assert.equal(s.addDependency(2, 1), true);
  assert.deepEqual([s.stateOf(2), s.stateOf(3)], [ABORTING, ABORTING]);
  assert.equal(s.activeTasks(), 2);
  assert.equal(s.finishExecution(1, 0, false), TASK_VALIDATE);
  assert.deepEqual([s.stateOf(2), s.incarnationOf(2)], [READY_TO_EXECUTE, 1]);
  assert.deepEqual([s.stateOf(3), s.incarnationOf(3)], [READY_TO_EXECUTE, 1]);
  assert.equal(s.executionIdx(), 2);
  // A blocker that already finished: no dependency, the caller re-executes immediately.
  assert.equal(s.addDependency(0, 1), false);
  assert.equal(s.stateOf(0), EXECUTING);
  // The resumed txs are picked up again as incarnation 1.
  s.finishValidation(1, false);
  const got: number[][] = [];
  for (let k = 0; k < 4 && got.length < 2; k++) {
    const [kind, tx, inc] = take(s);
    if (kind === TASK_EXECUTE) got.push([tx, inc]);
  }
  assert.deepEqual(got, [
    [2, 1],
    [3, 1],
  ]);
});

test("a single-threaded Block-STM loop with aborts terminates with every tx executed", () => {
  // Odd txs fail their first validation; first incarnations report new locations. Exercises every path.
  const n = 12;
  const s = scheduler(n);
  const failedOnce = new Set<number>();
  let task = TASK_NONE;
  let steps = 0;
  while (!s.done() && steps++ < 10_000) {
    if (task === TASK_EXECUTE) task = s.finishExecution(s.taskTx, s.taskIncarnation, s.taskIncarnation === 0);
    if (task === TASK_VALIDATE) {
      const tx = s.taskTx;
      const fail = tx % 2 === 1 && !failedOnce.has(tx);
      const aborted = fail && s.tryValidationAbort(tx, s.taskIncarnation);
      if (aborted) failedOnce.add(tx);
      task = s.finishValidation(tx, aborted);
    }
    if (task === TASK_NONE) task = s.nextTask();
  }
  assert.equal(s.done(), true);
  for (let tx = 0; tx < n; tx++) {
    assert.equal(s.stateOf(tx), EXECUTED);
    assert.equal(s.incarnationOf(tx), tx % 2);
  }
  assert.equal(s.activeTasks(), 0);
});
