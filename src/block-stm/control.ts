// Block-wide signals on the control buffer: waking idle workers and aborting a block. Shared by the
// scheduler (work appeared, block done) and the allocators (capacity exhausted), so neither depends on
// the other.
import {
  CTRL_DONE,
  CTRL_ERROR,
  CTRL_ERROR_DETAIL,
  CTRL_SLEEPERS,
  CTRL_WAKE,
  ERR_CAPACITY,
  ERR_NONE,
} from "./shared-layout.js";

/**
 * Bumps the wake word and, when someone sleeps on it, notifies. The bump comes first: a sleeper reads the
 * word before re-checking for work, so it either sees the new value (and does not sleep) or is already
 * counted in CTRL_SLEEPERS and gets the notify.
 */
export function wakeWorkers(control: Int32Array, all: boolean): void {
  Atomics.add(control, CTRL_WAKE, 1);
  if (Atomics.load(control, CTRL_SLEEPERS) > 0) Atomics.notify(control, CTRL_WAKE, all ? Infinity : 1);
}

/** Ends the block: sets DONE and wakes every sleeper. Used for normal completion and for aborts. */
export function markDone(control: Int32Array): void {
  Atomics.store(control, CTRL_DONE, 1);
  wakeWorkers(control, true);
}

/** Records the first error (later ones are dropped so the report names the root cause) and ends the block. */
export function abortBlock(control: Int32Array, code: number, detail = 0): void {
  if (Atomics.compareExchange(control, CTRL_ERROR, ERR_NONE, code) === ERR_NONE) {
    Atomics.store(control, CTRL_ERROR_DETAIL, detail);
  }
  markDone(control);
}

/**
 * Thrown inside a worker when the block has been aborted (an arena or table is full: `resource` says which;
 * or another thread aborted it: resource 0). Not an Error (no stack capture) and never caught as a
 * transaction failure: the executor loop lets it unwind, the block is already marked done.
 */
export class BlockAborted {
  constructor(readonly resource: number) {}
}

/** Aborts the block for lack of `resource` and unwinds the current task. */
export function failCapacity(control: Int32Array, resource: number): never {
  abortBlock(control, ERR_CAPACITY, resource);
  throw new BlockAborted(resource);
}

export function isAborted(control: Int32Array): boolean {
  return Atomics.load(control, CTRL_ERROR) !== ERR_NONE;
}
