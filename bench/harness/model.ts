// The scaling model of `lanes bench --model-threads 4,8,16,32` (issue 11): a block's measured schedule
// replayed on N simulated threads. Input: per transaction the VM time of its committed incarnation and the
// lower transactions whose writes it read (what Block-STM found: src/parallel/stats.ts BlockSchedule),
// plus the serial work around the phase (folding the outputs in order; roots and the rest of the commit).
//
// The replay is a list schedule that behaves like Block-STM's scheduler with perfect dependency knowledge:
// whenever a thread is free it starts the lowest-index transaction whose dependencies have all finished
// (Block-STM prefers low indices, and a transaction that would read an unfinished write waits for it
// instead of running). Re-executions, validation and scheduling overheads are not replayed: the measured
// per-transaction times already include the VM's Block-STM reads, and the phase's measured overhead at the
// real thread count is reported beside the model for calibration. Then
//   predicted(N) = makespan(N) + fold + roots            (commit and roots serial, as the engine does them)
//   predicted(N, split roots) = makespan(N) + fold + roots / min(N, 16)   (roots over 16 subtrees)
// and the speedup is the sequential block's measured time over the prediction.
import type { BlockSchedule } from "../../src/parallel/stats.js";

export interface ModelPoint {
  threads: number;
  makespanMs: number;
  predictedMs: number;
  speedup: number;
  /** With the state root split over min(N, 16) threads. */
  splitRootsSpeedup: number;
}

export interface ScalingModel {
  /** Sum of per-transaction VM times (the phase's work on one thread). */
  workMs: number;
  /** The longest dependency chain (ms): no thread count can finish the phase faster. */
  criticalPathMs: number;
  foldMs: number;
  rootsMs: number;
  /** The model at the thread count that actually ran, against the measured phase (calibration). */
  calibration: { threads: number; modelPhaseMs: number; measuredPhaseMs: number };
  points: ModelPoint[];
}

/** The list schedule's makespan (ms) of `execMs` under `dependencies` on `threads` threads. */
export function makespan(
  execMs: readonly number[],
  dependencies: readonly number[][],
  threads: number,
): number {
  const n = execMs.length;
  const finish = new Float64Array(n).fill(Number.POSITIVE_INFINITY);
  const started = new Uint8Array(n);
  const free = new Float64Array(Math.max(1, threads));
  let firstUnstarted = 0;
  let remaining = n;
  let end = 0;
  while (remaining > 0) {
    // The thread that is free first.
    let t = 0;
    for (let k = 1; k < free.length; k++) if (free[k]! < free[t]!) t = k;
    const now = free[t]!;
    while (firstUnstarted < n && started[firstUnstarted] === 1) firstUnstarted++;
    let pick = -1;
    let nextEvent = Number.POSITIVE_INFINITY;
    for (let i = firstUnstarted; i < n; i++) {
      if (started[i] === 1) continue;
      let ready = now;
      for (const d of dependencies[i]!) {
        const f = finish[d]!;
        if (f > ready) ready = f;
      }
      if (ready <= now) {
        pick = i;
        break;
      }
      if (ready < nextEvent) nextEvent = ready;
    }
    if (pick < 0) {
      // Nothing is ready: every thread free by now idles until the next dependency finishes.
      for (let k = 0; k < free.length; k++) if (free[k]! <= now) free[k] = nextEvent;
      continue;
    }
    started[pick] = 1;
    remaining--;
    const f = now + execMs[pick]!;
    finish[pick] = f;
    free[t] = f;
    if (f > end) end = f;
  }
  return end;
}

function criticalPath(execMs: readonly number[], dependencies: readonly number[][]): number {
  const longest = new Float64Array(execMs.length);
  let best = 0;
  for (let i = 0; i < execMs.length; i++) {
    let before = 0;
    for (const d of dependencies[i]!) if (longest[d]! > before) before = longest[d]!;
    longest[i] = before + execMs[i]!;
    if (longest[i]! > best) best = longest[i]!;
  }
  return best;
}

export function scalingModel(
  schedule: BlockSchedule,
  sequentialMs: number,
  measuredThreads: number,
  threadCounts: readonly number[],
): ScalingModel {
  const { execMs, dependencies, foldMs, rootsMs } = schedule;
  let workMs = 0;
  for (const ms of execMs) workMs += ms;
  const points = threadCounts.map((threads) => {
    const span = makespan(execMs, dependencies, threads);
    const predictedMs = span + foldMs + rootsMs;
    const split = span + foldMs + rootsMs / Math.min(threads, 16);
    return {
      threads,
      makespanMs: span,
      predictedMs,
      speedup: sequentialMs / predictedMs,
      splitRootsSpeedup: sequentialMs / split,
    };
  });
  return {
    workMs,
    criticalPathMs: criticalPath(execMs, dependencies),
    foldMs,
    rootsMs,
    calibration: {
      threads: measuredThreads,
      modelPhaseMs: makespan(execMs, dependencies, measuredThreads),
      measuredPhaseMs: schedule.phaseMs,
    },
    points,
  };
}
