// The contract between `lanes bench` and the engines it times. Every engine gets the same workload (the same
// pre-state, header and signed transactions), prepares whatever it needs outside the timed region, and then
// exposes one timed step (`execute`: import the block, state root included) plus untimed steps to restore
// the pre-state between runs and to read back what the block produced, for the equality checks.

import type { BlockSchedule } from "../../src/parallel/stats.js";
import type { BlockOutcome } from "../../tools/workloads/outcome.js";
import type { Workload } from "../../tools/workloads/types.js";

export const ENGINE_IDS = ["lanes-sequential", "lanes-parallel", "ethereumjs", "edr", "anvil"] as const;
export type EngineId = (typeof ENGINE_IDS)[number];

export function isEngineId(s: string): s is EngineId {
  return (ENGINE_IDS as readonly string[]).includes(s);
}

/** Block-STM statistics of one parallel run (from executeBlockParallel's `stats`), normalised. */
export interface ParallelStats {
  mode: string;
  reason?: string;
  threads: number;
  executions: number;
  reExecutions: number;
  validationAborts: number;
  dependencyWaits: number;
  wallMs: number;
  /** The Block-STM phase and the main-thread commit after it (ms), when reported. */
  parallelMs?: number;
  commitMs?: number;
  /** Worker busy time / Block-STM wall time: the parallelism achieved. */
  parallelism?: number;
  /** The most-written accounts as the executor reports them (fee credits not counted). */
  hotAccounts?: { address: string; writers: number }[];
  /** The measured schedule (per-transaction VM times and dependencies), when recorded. */
  schedule?: BlockSchedule;
}

/** What a block produced, in the shape the cross-engine comparison reads. */
export interface EngineOutcome {
  outcome: BlockOutcome;
  /**
   * What this engine's outcome can be compared on. `full`: gas, every receipt and log, receipts root,
   * bloom, requests hash and post-state root. `receipts`: everything but the post-state root (EDR, whose
   * chain differs in block number and ancestry, so the history system contracts hold different storage).
   */
  comparable: "full" | "receipts";
  /** Extra checks the engine did itself (e.g. EDR's post-state of the touched accounts); each a mismatch line. */
  ownMismatches?: string[];
  /** Notes for the report ("state root not comparable: ..."). */
  notes?: string[];
  parallel?: ParallelStats;
}

export interface PreparedEngine {
  /** The timed step: import the block from the pre-state, state root included. */
  execute(): Promise<unknown>;
  /** Untimed, after every execute: put the engine back on the pre-state. */
  reset(): Promise<void>;
  /** Untimed: what the given execute result produced (called on the verification run). */
  outcome(result: unknown): Promise<EngineOutcome>;
  /**
   * lanes-parallel: one more untimed run, warm (after the timed runs), that records the block's schedule for
   * the scaling model.
   */
  recordSchedule?(): Promise<BlockSchedule | undefined>;
  /** Parallel statistics of an execute result, when the engine has them (read after timed runs). */
  stats?(result: unknown): ParallelStats | undefined;
  /** Releases the engine's resources for this workload. */
  dispose(): Promise<void>;
}

export interface EngineContext {
  /** Worker threads for lanes-parallel. */
  threads: number;
}

export interface Engine {
  id: EngineId;
  /** A one-line description for reports. */
  describe(ctx: EngineContext): string;
  /** Why the engine cannot run on this machine (undefined: it can). Checked once per bench run. */
  unavailable(): Promise<string | undefined>;
  prepare(w: Workload, ctx: EngineContext): Promise<PreparedEngine>;
}
