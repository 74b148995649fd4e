// The Block-STM worker loop (the paper's Algorithm 1: run, try_execute, needs_reexecution) for one block
// on one thread. Tasks come from the shared scheduler; executions run the VM against an ExecutionView and
// record their read and write sets in shared memory; validations re-check any transaction's read set. The
// loop ends when the scheduler's done marker is set (block finished, or aborted by any thread).
//
// Idle policy: when the scheduler has nothing to hand out, retry a bounded number of times (work usually
// reappears within microseconds as other workers finish), then sleep in Atomics.wait until woken.
import { abortBlock, BlockAborted } from "./control.js";
import { LocationTable } from "./location-table.js";
import { emptyWorkerMetrics, type WorkerMetrics } from "./metrics.js";
import { MvMemory } from "./mv-memory.js";
import { ReadSets } from "./read-set.js";
import { Scheduler, TASK_EXECUTE, TASK_NONE, TASK_VALIDATE } from "./scheduler.js";
import {
  type BlockViews,
  CTRL_STOP_ON_CONFLICTS,
  ERR_CONFLICTS,
  INCARNATION_SHIFT,
} from "./shared-layout.js";
import { threadCpu } from "./thread-cpu.js";
import {
  EVENT_DEPENDENCY,
  EVENT_EXECUTE,
  EVENT_IDLE,
  EVENT_VALIDATE,
  EVENT_VALIDATE_ABORT,
} from "./timeline.js";
import { ExecutionView } from "./tx-view.js";
import type { ParallelVm } from "./vm-interface.js";

const IDLE_SPINS = 32;
/**
 * The conflict check (CTRL_STOP_ON_CONFLICTS): once a worker has seen this many conflicts (dependency waits
 * plus validation aborts) in its recent window, it stops the block when they exceed a third of the window's
 * executions. A block of independent or mildly conflicting transactions stays far below (uniswap-v2-swap
 * over 100 pools: ~2% re-executions; Zipf swaps ~6%); a dependency chain (one-pool swaps: every swap reads
 * the reserves the previous one wrote) crosses it after a few dozen executions per worker. A third, not a
 * half: a validation abort is counted by the worker that validates, a dependency wait by the one that
 * executes, so on two workers each sees about half of a chain's conflicts (measured: ~0.49 per execution on
 * one-pool swaps).
 */
const MIN_CONFLICTS = 32;
/**
 * The window: both counts are halved whenever the window's executions reach this, so the rate is that of
 * roughly the last WINDOW executions. A chain that starts mid-block is then seen as soon as it starts, not
 * after it has outweighed the independent transactions before it (a cumulative rate would need as many
 * conflicts as there were clean executions); the caller keeps the committed prefix (keepPrefixOnStop).
 */
const CONFLICT_WINDOW = 256;
/** A safety net only: sleepers are notified when work appears or the block ends. */
const IDLE_WAIT_MS = 10;

/** What one thread holds at the end: per tx it executed, the output of the last incarnation it ran. */
export interface WorkerOutputs {
  txs: number[];
  incarnations: number[];
  outputs: unknown[];
  failed: boolean[];
  /** Parallel to txs: how long (ms) that incarnation's VM execution took (the schedule model's input). */
  execMs: number[];
}

export class BlockExecutor {
  readonly scheduler: Scheduler;
  readonly memory: MvMemory;
  readonly readSets: ReadSets;
  readonly table: LocationTable;
  readonly metrics: WorkerMetrics = emptyWorkerMetrics();
  private readonly view: ExecutionView;
  private readonly outputIncarnation: Int32Array;
  private readonly outputs: unknown[];
  private readonly failed: Uint8Array;
  private readonly execMs: Float64Array;
  private readonly stopOnConflicts: boolean;
  /** The conflict check's window (see CONFLICT_WINDOW). */
  private windowExecutions = 0;
  private windowConflicts = 0;
  /** Timeline entries (timeline.ts), only when recording: the profiler's per-thread view. */
  readonly timeline: number[] | undefined;

  /** `view` may be carried over from an earlier block on the same thread (see ExecutionView.attach). */
  constructor(
    private readonly views: BlockViews,
    private readonly vm: ParallelVm,
    view: ExecutionView = new ExecutionView(),
    recordTimeline = false,
  ) {
    this.timeline = recordTimeline ? [] : undefined;
    this.scheduler = new Scheduler(views);
    this.memory = new MvMemory(views);
    this.readSets = new ReadSets(views, this.memory);
    this.table = new LocationTable(views);
    this.view = view;
    view.attach(this.memory, this.table, views.capacity.locations);
    this.outputIncarnation = new Int32Array(views.txCount).fill(-1);
    this.outputs = new Array(views.txCount);
    this.failed = new Uint8Array(views.txCount);
    this.execMs = new Float64Array(views.txCount);
    this.stopOnConflicts = Atomics.load(views.control, CTRL_STOP_ON_CONFLICTS) === 1;
  }

  /** After a conflict: stops the block when conflicts dominate the recent window (see MIN_CONFLICTS). */
  private checkConflicts(): void {
    const conflicts = ++this.windowConflicts;
    if (conflicts >= MIN_CONFLICTS && conflicts * 3 > this.windowExecutions) {
      abortBlock(this.views.control, ERR_CONFLICTS, conflicts);
    }
  }

  /** Counts an execution in the conflict window. */
  private countExecution(): void {
    if (++this.windowExecutions >= CONFLICT_WINDOW) {
      this.windowExecutions >>= 1;
      this.windowConflicts >>= 1;
    }
  }

  /** Runs tasks until the block is done. Returns normally also when the block was aborted elsewhere. */
  run(): void {
    const scheduler = this.scheduler;
    const metrics = this.metrics;
    const start = performance.now();
    const cpuAtStart = threadCpu();
    let task = TASK_NONE;
    let idle = 0;
    try {
      while (!scheduler.done()) {
        if (task === TASK_EXECUTE) task = this.tryExecute(scheduler.taskTx, scheduler.taskIncarnation);
        if (task === TASK_VALIDATE) task = this.needsReexecution(scheduler.taskTx, scheduler.taskIncarnation);
        if (task === TASK_NONE) {
          task = scheduler.nextTask();
          if (task !== TASK_NONE) idle = 0;
          else if (++idle >= IDLE_SPINS) {
            const slept = scheduler.waitForWork(IDLE_WAIT_MS);
            metrics.idleMs += slept;
            if (slept > 0 && this.timeline !== undefined) {
              const end = performance.now();
              this.timeline.push(EVENT_IDLE, -1, -1, end - slept, end, 0);
            }
            idle = 0;
          }
        }
      }
    } catch (e) {
      if (!(e instanceof BlockAborted)) throw e;
    } finally {
      metrics.wallMs = performance.now() - start;
      metrics.busyMs = metrics.wallMs - metrics.idleMs;
      const cpuAtEnd = cpuAtStart === undefined ? undefined : threadCpu();
      if (cpuAtStart !== undefined && cpuAtEnd !== undefined) {
        metrics.cpuMs = cpuAtEnd.cpuMs - cpuAtStart.cpuMs;
        metrics.runQueueMs = cpuAtEnd.waitMs - cpuAtStart.waitMs;
      }
    }
  }

  /** The paper's try_execute, with the dependency retry as a loop instead of recursion. */
  private tryExecute(txIdx: number, incarnation: number): number {
    const view = this.view;
    const metrics = this.metrics;
    for (;;) {
      metrics.executions++;
      if (incarnation > 0) metrics.reExecutions++;
      if (this.stopOnConflicts) this.countExecution();
      view.begin(txIdx);
      let output: unknown;
      let failed = false;
      const t0 = performance.now();
      try {
        output = this.vm.execute(txIdx, view);
      } catch (e) {
        metrics.vmMs += performance.now() - t0;
        if (e === view.dependency) {
          const blocker = view.dependency.blockingTx;
          this.timeline?.push(EVENT_DEPENDENCY, txIdx, incarnation, t0, performance.now(), blocker);
          if (this.scheduler.addDependency(txIdx, blocker)) {
            metrics.dependencyWaits++;
            if (this.stopOnConflicts) this.checkConflicts();
            return TASK_NONE;
          }
          continue; // the blocker finished meanwhile: re-execute right away
        }
        if (e instanceof BlockAborted) throw e;
        output = e instanceof Error ? e : new Error(String(e));
        failed = true;
        view.discardWrites();
      }
      const t1 = performance.now();
      if (!failed) metrics.vmMs += t1 - t0;
      const wroteNew = this.memory.record(
        txIdx,
        incarnation,
        view.writeLocs,
        view.writeValues,
        view.writeCount,
      );
      this.readSets.store(txIdx, view.readLocs, view.readWriters, view.readIncarnations, view.readCount);
      this.outputIncarnation[txIdx] = incarnation;
      this.outputs[txIdx] = output;
      this.failed[txIdx] = failed ? 1 : 0;
      this.execMs[txIdx] = t1 - t0;
      const next = this.scheduler.finishExecution(txIdx, incarnation, wroteNew);
      const t2 = performance.now();
      metrics.publishMs += t2 - t1;
      this.timeline?.push(EVENT_EXECUTE, txIdx, incarnation, t0, t2, failed ? 1 : 0);
      return next;
    }
  }

  /** The paper's needs_reexecution: validate, and on failure try to claim the abort. */
  private needsReexecution(txIdx: number, incarnation: number): number {
    this.metrics.validations++;
    const t0 = performance.now();
    const aborted = !this.readSets.validate(txIdx) && this.scheduler.tryValidationAbort(txIdx, incarnation);
    if (aborted) {
      this.metrics.validationAborts++;
      this.memory.convertWritesToEstimates(txIdx);
      if (this.stopOnConflicts) this.checkConflicts();
    }
    const next = this.scheduler.finishValidation(txIdx, aborted);
    const t1 = performance.now();
    this.metrics.validateMs += t1 - t0;
    this.timeline?.push(aborted ? EVENT_VALIDATE_ABORT : EVENT_VALIDATE, txIdx, incarnation, t0, t1, 0);
    return next;
  }

  /**
   * The outputs of final incarnations this thread holds, once the block is done: the incarnation in each
   * transaction's status word is the committed one, so an output of an earlier incarnation (run here, then
   * aborted and re-run elsewhere) is left out rather than sent to the driver for nothing.
   */
  collectOutputs(): WorkerOutputs {
    const result: WorkerOutputs = { txs: [], incarnations: [], outputs: [], failed: [], execMs: [] };
    const status = this.views.txStatus;
    for (let tx = 0; tx < this.outputIncarnation.length; tx++) {
      const incarnation = this.outputIncarnation[tx]!;
      if (incarnation < 0 || Atomics.load(status, tx) >>> INCARNATION_SHIFT !== incarnation) continue;
      result.txs.push(tx);
      result.incarnations.push(incarnation);
      result.outputs.push(this.outputs[tx]);
      result.failed.push(this.failed[tx] === 1);
      result.execMs.push(this.execMs[tx]!);
    }
    return result;
  }
}
