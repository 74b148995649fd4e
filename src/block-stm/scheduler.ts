// The collaborative scheduler of Block-STM (Gelashvili et al., PPoPP'23, Algorithms 4-5) over shared
// memory. Every worker holds its own Scheduler object; all of them operate on the same control words and
// per-transaction arrays, so the scheduler has no owner thread and no messages.
//
// Faithful to the paper: execution and validation indices handed out by fetch-and-increment and lowered by
// atomic min (decrease_execution_idx / decrease_validation_idx, each bumping decrease_cnt);
// num_active_tasks counts tasks in flight, including tasks handed back to the caller (finish_execution ->
// validation of the same tx, finish_validation -> re-execution); check_done declares the block done only
// if both indices are past the end, nothing is active, and decrease_cnt did not move during the check.
//
// Where the paper locks a transaction's status mutex around one (incarnation, status) pair, we pack the
// pair in one word and compareExchange it, which is the same critical section. The dependency list of a
// transaction needs a real lock (add_dependency checks the blocker's status and inserts atomically with
// respect to finish_execution's swap), so it takes a compareExchange mutex (shared-lock.ts).
//
// One deviation in bookkeeping only: try_incarnate never decrements num_active_tasks itself; its callers
// do, exactly once per task that ends without a successor (the printed pseudo-code decrements twice when
// finish_validation's try_incarnate fails).
import { markDone, wakeWorkers } from "./control.js";
import {
  ABORTING,
  type BlockViews,
  CTRL_ACTIVE_TASKS,
  CTRL_DECREASE_CNT,
  CTRL_DONE,
  CTRL_EXECUTION_IDX,
  CTRL_SLEEPERS,
  CTRL_VALIDATION_IDX,
  CTRL_WAKE,
  EXECUTED,
  EXECUTING,
  INCARNATION_SHIFT,
  READY_TO_EXECUTE,
  STATE_MASK,
} from "./shared-layout.js";
import { lockWord, unlockWord } from "./shared-lock.js";

export const TASK_NONE = 0;
export const TASK_EXECUTE = 1;
export const TASK_VALIDATE = 2;

export class Scheduler {
  /** The task returned by the last call that returned TASK_EXECUTE or TASK_VALIDATE. */
  taskTx = -1;
  taskIncarnation = 0;

  readonly txCount: number;
  private readonly control: Int32Array;
  private readonly status: Int32Array;
  private readonly depLock: Int32Array;
  private readonly depHead: Int32Array;
  private readonly depNext: Int32Array;
  /** Per-thread scratch for resume_dependencies (a tx is in at most one dependency list at a time). */
  private readonly resumeScratch: Int32Array;

  constructor(views: BlockViews) {
    this.txCount = views.txCount;
    this.control = views.control;
    this.status = views.txStatus;
    this.depLock = views.depLock;
    this.depHead = views.depHead;
    this.depNext = views.depNext;
    this.resumeScratch = new Int32Array(Math.max(1, this.txCount));
  }

  done(): boolean {
    return Atomics.load(this.control, CTRL_DONE) !== 0;
  }

  /** Picks the next task: validation when the validation index trails the execution index. */
  nextTask(): number {
    const c = this.control;
    if (Atomics.load(c, CTRL_VALIDATION_IDX) < Atomics.load(c, CTRL_EXECUTION_IDX)) {
      if (this.nextVersionToValidate()) return TASK_VALIDATE;
    } else if (this.nextVersionToExecute()) {
      return TASK_EXECUTE;
    }
    return TASK_NONE;
  }

  /**
   * The incarnation of `txIdx` finished and its writes are recorded. Wakes its dependents, then either
   * returns the validation of this incarnation to the caller or lowers the validation index (when it wrote
   * a new location, every higher transaction must be re-validated).
   */
  finishExecution(txIdx: number, incarnation: number, wroteNewLocation: boolean): number {
    const c = this.control;
    Atomics.store(this.status, txIdx, (incarnation << INCARNATION_SHIFT) | EXECUTED);
    lockWord(this.depLock, txIdx);
    const head = this.depHead[txIdx]!;
    this.depHead[txIdx] = 0;
    unlockWord(this.depLock, txIdx);
    if (head !== 0) this.resumeDependencies(head);
    if (Atomics.load(c, CTRL_VALIDATION_IDX) > txIdx) {
      if (wroteNewLocation) {
        this.decreaseValidationIdx(txIdx);
      } else {
        this.taskTx = txIdx;
        this.taskIncarnation = incarnation;
        return TASK_VALIDATE;
      }
    }
    Atomics.sub(c, CTRL_ACTIVE_TASKS, 1);
    return TASK_NONE;
  }

  /**
   * The executing incarnation of `txIdx` read an ESTIMATE written by `blockingTxIdx`. Parks `txIdx` in the
   * blocker's dependency list (status ABORTING) and ends the execution task; false when the blocker has
   * already finished re-executing, in which case the caller simply re-executes now.
   */
  addDependency(txIdx: number, blockingTxIdx: number): boolean {
    lockWord(this.depLock, blockingTxIdx);
    if ((Atomics.load(this.status, blockingTxIdx) & STATE_MASK) === EXECUTED) {
      unlockWord(this.depLock, blockingTxIdx);
      return false;
    }
    const s = Atomics.load(this.status, txIdx);
    Atomics.store(this.status, txIdx, (s & ~STATE_MASK) | ABORTING);
    this.depNext[txIdx] = this.depHead[blockingTxIdx]!;
    this.depHead[blockingTxIdx] = txIdx + 1;
    unlockWord(this.depLock, blockingTxIdx);
    Atomics.sub(this.control, CTRL_ACTIVE_TASKS, 1);
    return true;
  }

  /** Claims the abort of incarnation `incarnation` of `txIdx`; only the first failing validator wins. */
  tryValidationAbort(txIdx: number, incarnation: number): boolean {
    const executed = (incarnation << INCARNATION_SHIFT) | EXECUTED;
    const aborting = (incarnation << INCARNATION_SHIFT) | ABORTING;
    return Atomics.compareExchange(this.status, txIdx, executed, aborting) === executed;
  }

  /**
   * Ends a validation task. After a (won) abort, makes the tx ready with the next incarnation, schedules
   * re-validation of all higher transactions, and hands the re-execution back to the caller when the
   * execution index is already past it (lowering it instead would redo every tx in between).
   */
  finishValidation(txIdx: number, aborted: boolean): number {
    const c = this.control;
    if (aborted) {
      this.setReadyStatus(txIdx);
      this.decreaseValidationIdx(txIdx + 1);
      if (Atomics.load(c, CTRL_EXECUTION_IDX) > txIdx && this.tryIncarnate(txIdx)) {
        this.taskTx = txIdx;
        return TASK_EXECUTE;
      }
    }
    Atomics.sub(c, CTRL_ACTIVE_TASKS, 1);
    return TASK_NONE;
  }

  /**
   * Sleeps until work may have appeared or the block is done (or `timeoutMs` passes): only when both indices
   * are past the end, i.e. all remaining work is in other workers' hands. Returns the milliseconds slept.
   */
  waitForWork(timeoutMs: number): number {
    const c = this.control;
    Atomics.add(c, CTRL_SLEEPERS, 1);
    const epoch = Atomics.load(c, CTRL_WAKE); // before the re-check: see wakeWorkers
    let slept = 0;
    if (
      Atomics.load(c, CTRL_DONE) === 0 &&
      Atomics.load(c, CTRL_EXECUTION_IDX) >= this.txCount &&
      Atomics.load(c, CTRL_VALIDATION_IDX) >= this.txCount
    ) {
      const start = performance.now();
      Atomics.wait(c, CTRL_WAKE, epoch, timeoutMs);
      slept = performance.now() - start;
    }
    Atomics.sub(c, CTRL_SLEEPERS, 1);
    return slept;
  }

  /** The paper's check_done: the decrease_cnt double-read rules out an index lowered mid-check. */
  checkDone(): void {
    const c = this.control;
    const observed = Atomics.load(c, CTRL_DECREASE_CNT);
    const n = this.txCount;
    if (
      Atomics.load(c, CTRL_EXECUTION_IDX) >= n &&
      Atomics.load(c, CTRL_VALIDATION_IDX) >= n &&
      Atomics.load(c, CTRL_ACTIVE_TASKS) === 0 &&
      Atomics.load(c, CTRL_DECREASE_CNT) === observed
    ) {
      markDone(c);
    }
  }

  // ---- introspection (tests, metrics, commit) ----

  stateOf(txIdx: number): number {
    return Atomics.load(this.status, txIdx) & STATE_MASK;
  }

  incarnationOf(txIdx: number): number {
    return Atomics.load(this.status, txIdx) >>> INCARNATION_SHIFT;
  }

  executionIdx(): number {
    return Atomics.load(this.control, CTRL_EXECUTION_IDX);
  }

  validationIdx(): number {
    return Atomics.load(this.control, CTRL_VALIDATION_IDX);
  }

  activeTasks(): number {
    return Atomics.load(this.control, CTRL_ACTIVE_TASKS);
  }

  decreaseCount(): number {
    return Atomics.load(this.control, CTRL_DECREASE_CNT);
  }

  // ---- internals ----

  private nextVersionToExecute(): boolean {
    const c = this.control;
    if (Atomics.load(c, CTRL_EXECUTION_IDX) >= this.txCount) {
      this.checkDone();
      return false;
    }
    Atomics.add(c, CTRL_ACTIVE_TASKS, 1); // before taking an index: check_done must see us
    const idx = Atomics.add(c, CTRL_EXECUTION_IDX, 1);
    if (idx < this.txCount && this.tryIncarnate(idx)) {
      this.taskTx = idx;
      return true;
    }
    Atomics.sub(c, CTRL_ACTIVE_TASKS, 1);
    return false;
  }

  private nextVersionToValidate(): boolean {
    const c = this.control;
    if (Atomics.load(c, CTRL_VALIDATION_IDX) >= this.txCount) {
      this.checkDone();
      return false;
    }
    Atomics.add(c, CTRL_ACTIVE_TASKS, 1);
    const idx = Atomics.add(c, CTRL_VALIDATION_IDX, 1);
    if (idx < this.txCount) {
      const s = Atomics.load(this.status, idx);
      if ((s & STATE_MASK) === EXECUTED) {
        this.taskTx = idx;
        this.taskIncarnation = s >>> INCARNATION_SHIFT;
        return true;
      }
    }
    Atomics.sub(c, CTRL_ACTIVE_TASKS, 1);
    return false;
  }

  /** READY_TO_EXECUTE(i) -> EXECUTING(i); sets taskIncarnation. Fails if someone else incarnated it. */
  private tryIncarnate(txIdx: number): boolean {
    for (;;) {
      const s = Atomics.load(this.status, txIdx);
      if ((s & STATE_MASK) !== READY_TO_EXECUTE) return false;
      if (Atomics.compareExchange(this.status, txIdx, s, s | EXECUTING) === s) {
        this.taskIncarnation = s >>> INCARNATION_SHIFT;
        return true;
      }
    }
  }

  /** ABORTING(i) -> READY_TO_EXECUTE(i + 1). Only the thread that owns the abort calls it. */
  private setReadyStatus(txIdx: number): void {
    const s = Atomics.load(this.status, txIdx);
    const next = ((s >>> INCARNATION_SHIFT) + 1) << INCARNATION_SHIFT;
    Atomics.store(this.status, txIdx, next | READY_TO_EXECUTE);
  }

  /**
   * Makes every dependent in the swapped-out list ready and lowers the execution index to the lowest. The
   * list is copied out first: once a dependent is ready another worker may run it and park it in a new list,
   * overwriting its link.
   */
  private resumeDependencies(head: number): void {
    const scratch = this.resumeScratch;
    let count = 0;
    for (let d = head; d !== 0; d = this.depNext[d - 1]!) scratch[count++] = d - 1;
    let min = this.txCount;
    for (let i = 0; i < count; i++) {
      const dep = scratch[i]!;
      this.setReadyStatus(dep);
      if (dep < min) min = dep;
    }
    this.decreaseExecutionIdx(min);
  }

  private decreaseExecutionIdx(target: number): void {
    this.atomicMin(CTRL_EXECUTION_IDX, target);
  }

  private decreaseValidationIdx(target: number): void {
    this.atomicMin(CTRL_VALIDATION_IDX, target);
  }

  private atomicMin(index: number, target: number): void {
    const c = this.control;
    let cur = Atomics.load(c, index);
    while (target < cur) {
      const seen = Atomics.compareExchange(c, index, cur, target);
      if (seen === cur) break;
      cur = seen;
    }
    Atomics.add(c, CTRL_DECREASE_CNT, 1);
    wakeWorkers(c, true);
  }
}
