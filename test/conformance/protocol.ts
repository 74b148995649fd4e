// Messages between the conformance suite and its worker threads (structured-clone friendly: no bigint maps).
import type { CaseIndexes } from "../../src/statetest/fixture.js";

export interface FileTask {
  file: string;
  /** Set for files known-failures.json marks "skip:": their cases are counted as skipped, not run. */
  skipReason?: string;
}

/** main -> worker: run these fixture files, then report idle. */
export interface RunMessage {
  type: "run";
  files: FileTask[];
}

/** One failing case, or a file/test that could not be parsed (then fork and index are absent). */
export interface Failure {
  file: string;
  name?: string;
  fork?: string;
  index?: CaseIndexes;
  error: string;
  diff?: string[];
}

export interface FileResult {
  file: string;
  /** Cases that ran (passed + failed cases); parse errors count as one failed case each. */
  cases: number;
  passed: number;
  /** Skipped cases by reason ("unsupported fork Shanghai"). */
  skipped: Record<string, number>;
  failures: Failure[];
  /** Wall time spent on the file, to find what dominates the suite's run time. */
  ms: number;
  /** Extra per-file tallies a suite wants summed per set (e.g. "blocks"); absent for state tests. */
  counters?: Record<string, number>;
  /** Remarks that do not fail a case (e.g. a block rejected for another reason than expected). */
  notes?: string[];
}

/** worker -> main: a file finished, a case of it finished (heartbeat), or the chunk is done. */
export type WorkerMessage = { type: "file"; result: FileResult } | { type: "progress" } | { type: "idle" };
