// The only messages between the main thread and the workers: one to start a block, one result per worker.
// Everything in between goes through the block's SharedArrayBuffers.
import type { WorkerMetrics } from "./metrics.js";
import type { BlockBuffers } from "./shared-layout.js";

export interface RunBlockMessage {
  type: "run";
  blockId: number;
  buffers: BlockBuffers;
  /** URL (file:) of a module exporting createVm (see vm-interface.ts). */
  vmModule: string;
  vmInput: unknown;
  /** Record per-thread timelines (timeline.ts); absent or false on the default path. */
  recordTimeline?: boolean;
}

/** Outputs of the incarnations this worker executed last for each tx it touched; the driver keeps the final ones. */
export interface BlockDoneMessage {
  type: "done";
  blockId: number;
  metrics: WorkerMetrics;
  txs: number[];
  incarnations: number[];
  outputs: unknown[];
  /** Parallel to outputs: the VM threw (the output is the Error). */
  failed: boolean[];
  /** Parallel to outputs: that incarnation's VM time (ms). */
  execMs: number[];
  /** With recordTimeline: this thread's entries (timeline.ts) and its clock's origin (performance.timeOrigin). */
  timeline?: Float64Array;
  timeOrigin?: number;
}

export interface BlockFailedMessage {
  type: "failed";
  blockId: number;
  message: string;
  stack?: string;
}

export type WorkerReply = BlockDoneMessage | BlockFailedMessage;
