// Per-thread timelines of a Block-STM run, recorded only when asked for (BlockStmOptions.recordTimeline: the
// profiler). Each worker appends one entry of TIMELINE_FIELDS numbers per task to a plain array and sends it
// with its reply; nothing is shared and nothing is recorded on the default path.
//
// Entry: kind, tx, incarnation, start, end, detail. Times are the worker's performance.now(); the driver
// shifts them onto the main thread's clock with the workers' time origins (block-stm.ts).

export const TIMELINE_FIELDS = 6;

/** An execution that completed (its writes and read set published). detail: 1 when the VM threw. */
export const EVENT_EXECUTE = 0;
/** An execution stopped by a lower transaction's ESTIMATE (or a dependOn hint). detail: the blocking tx. */
export const EVENT_DEPENDENCY = 1;
/** A validation that passed. */
export const EVENT_VALIDATE = 2;
/** A validation that failed and aborted the incarnation (its writes became ESTIMATEs). */
export const EVENT_VALIDATE_ABORT = 3;
/** Asleep in Atomics.wait with nothing to do. tx and incarnation are -1. */
export const EVENT_IDLE = 4;

/** One thread's events on the main thread's clock, in ms from the start of the Block-STM phase. */
export type ThreadTimeline = Float64Array;

export interface BlockTimeline {
  /** The main thread's performance.now() when the block was dispatched (time 0 of the events). */
  startMs: number;
  threads: ThreadTimeline[];
}
