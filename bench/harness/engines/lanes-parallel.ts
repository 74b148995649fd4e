// Lanes' parallel block executor (Block-STM on worker threads): executeBlockParallel from
// src/parallel/index.ts, given the shared pre-state snapshot built once per workload (untimed), so
// repeated runs do not rebuild it. Returns the same BlockResult as executeBlock plus `stats` (mode, threads,
// executions, re-executions, validation aborts, dependency waits, wall time, conflicts).
//
// The module is loaded dynamically: when it is not there (or fails to load), the engine is reported as
// skipped with the reason instead of failing the whole benchmark.
import type { Block, BlockResult, ChainConfig } from "../../../src/block/types.js";
import type { InMemoryState } from "../../../src/state/memory-state.js";
import { lanesOutcome } from "../../../tools/workloads/outcome.js";
import { lanesBlock, type Workload } from "../../../tools/workloads/types.js";
import type { Engine, EngineOutcome, ParallelStats, PreparedEngine } from "../engine.js";

/** The surface of src/parallel/index.ts this engine uses. */
interface ParallelModule {
  executeBlockParallel(
    block: Block,
    preState: InMemoryState,
    chainConfig: ChainConfig,
    options?: { threads?: number; snapshot?: unknown; recordSchedule?: boolean } & Workload["executeOptions"],
  ): Promise<BlockResult & { stats?: Record<string, unknown> }>;
  SharedStateSnapshot: { fromState(state: InMemoryState): unknown };
}

const MODULE_URL = new URL("../../../src/parallel/index.js", import.meta.url);

let loaded: Promise<ParallelModule> | undefined;

function loadParallel(): Promise<ParallelModule> {
  loaded ??= (async () => {
    const mod = (await import(MODULE_URL.href)) as Partial<ParallelModule>;
    if (typeof mod.executeBlockParallel !== "function")
      throw new Error("src/parallel/index.js does not export executeBlockParallel");
    if (typeof mod.SharedStateSnapshot?.fromState !== "function")
      throw new Error("src/parallel/index.js does not export SharedStateSnapshot.fromState");
    return mod as ParallelModule;
  })();
  return loaded;
}

const num = (v: unknown): number => (typeof v === "number" ? v : typeof v === "bigint" ? Number(v) : 0);

/** executeBlockParallel's stats in the report's shape (unknown fields are tolerated, missing ones are 0). */
export function normaliseStats(stats: Record<string, unknown> | undefined, threads: number): ParallelStats {
  const s = stats ?? {};
  return {
    mode: typeof s.mode === "string" ? s.mode : "unknown",
    ...(typeof s.reason === "string" ? { reason: s.reason } : {}),
    threads: typeof s.threads === "number" ? s.threads : threads,
    executions: num(s.executions),
    reExecutions: num(s.reExecutions),
    validationAborts: num(s.validationAborts),
    dependencyWaits: num(s.dependencyWaits),
    wallMs: num(s.wallMs),
    ...(typeof s.parallelMs === "number" ? { parallelMs: s.parallelMs } : {}),
    ...(typeof s.commitMs === "number" ? { commitMs: s.commitMs } : {}),
    ...(typeof s.parallelism === "number" ? { parallelism: s.parallelism } : {}),
    ...(Array.isArray(s.hotAccounts) ? { hotAccounts: s.hotAccounts as ParallelStats["hotAccounts"] } : {}),
    ...(s.schedule !== undefined ? { schedule: s.schedule as ParallelStats["schedule"] } : {}),
  };
}

type ParallelResult = BlockResult & { stats?: Record<string, unknown> };

export const lanesParallel: Engine = {
  id: "lanes-parallel",
  describe: (ctx) => `Lanes executeBlockParallel (Block-STM, ${ctx.threads} worker threads)`,
  async unavailable() {
    try {
      await loadParallel();
      return undefined;
    } catch (e) {
      loaded = undefined;
      const message = e instanceof Error ? e.message.split("\n")[0]! : String(e);
      return (e as { code?: string }).code === "ERR_MODULE_NOT_FOUND"
        ? "the parallel EVM executor (src/parallel/index.ts, executeBlockParallel) is not in this build"
        : `cannot load the parallel EVM executor: ${message}`;
    }
  },
  async prepare(w, ctx): Promise<PreparedEngine> {
    const mod = await loadParallel();
    const block = lanesBlock(w);
    const snapshot = mod.SharedStateSnapshot.fromState(w.preState);
    const options = { ...w.executeOptions, threads: ctx.threads, snapshot };
    return {
      execute: () => mod.executeBlockParallel(block, w.preState, w.chainConfig, options),
      recordSchedule: async () => {
        const r = await mod.executeBlockParallel(block, w.preState, w.chainConfig, {
          ...options,
          recordSchedule: true,
        });
        return normaliseStats(r.stats, ctx.threads).schedule;
      },
      reset: async () => {},
      stats: (result) => normaliseStats((result as ParallelResult).stats, ctx.threads),
      outcome: async (result): Promise<EngineOutcome> => {
        const r = result as ParallelResult;
        return {
          outcome: lanesOutcome(r),
          comparable: "full",
          parallel: normaliseStats(r.stats, ctx.threads),
        };
      },
      dispose: async () => {},
    };
  },
};
