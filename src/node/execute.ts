// The one place the node executes a block: executeBlockParallel (src/parallel), which applies its own
// fallback policy (small blocks, one sender, one thread run sequentially) and returns the reference
// executor's exact BlockResult plus statistics. The statistics are reduced to JSON-safe values here, for
// the per-block log line and lanes_getBlockStats.
import type { Block, BlockResult, ChainConfig } from "../block/types.js";
import { executeBlockParallel, SharedStateSnapshot } from "../parallel/index.js";
import type { InMemoryState } from "../state/memory-state.js";
import type { StateDiff } from "../state/types.js";

/** Per-block execution statistics, as logged and served by lanes_getBlockStats. */
export interface BlockStats {
  mode: string;
  reason?: string;
  txCount: number;
  threads: number;
  executions: number;
  reExecutions: number;
  wallMs: number;
  [extra: string]: unknown;
}

export interface ExecuteOptions {
  threads: number;
  blockHash: (number: bigint) => bigint;
}

/** bigint -> decimal string, recursively: what LMDB's msgpack and JSON can hold. */
function jsonSafe(value: unknown): unknown {
  if (typeof value === "bigint") return value.toString();
  if (Array.isArray(value)) return value.map(jsonSafe);
  if (typeof value === "object" && value !== null) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = jsonSafe(v);
    return out;
  }
  return value;
}

/**
 * The head state in shared memory for the parallel executor's workers, kept current by applying each
 * change the node makes to its head state (a block's diff, a balance edit), so it is not copied per block.
 * It is rebuilt only when the node's state object is replaced (evm_revert reloads it) or a diff does not
 * fit the snapshot's room. Every mutation of the tracked state must be reported through `applied`.
 */
export class HeadSnapshot {
  private snapshot: SharedStateSnapshot | undefined;
  private tracked: InMemoryState | undefined;

  /** The snapshot of `state`, built if `state` is not the one tracked. */
  of(state: InMemoryState): SharedStateSnapshot {
    if (this.snapshot === undefined || this.tracked !== state) {
      this.snapshot = SharedStateSnapshot.fromState(state);
      this.tracked = state;
    }
    return this.snapshot;
  }

  /** Reports that `diff` was applied to `state`. */
  applied(state: InMemoryState, diff: StateDiff): void {
    if (this.snapshot === undefined || this.tracked !== state) return;
    if (!this.snapshot.applyDiff(diff)) this.snapshot = undefined; // out of room: rebuild on next use
  }
}

export async function executeNodeBlock(
  block: Block,
  preState: InMemoryState,
  config: ChainConfig,
  options: ExecuteOptions & { snapshot?: HeadSnapshot },
): Promise<{ result: BlockResult; stats: BlockStats }> {
  const head = options.snapshot;
  const { stats, ...result } = await executeBlockParallel(block, preState, config, {
    threads: options.threads,
    blockHash: options.blockHash,
    // Asked for only when the block does run in parallel (the policy runs small blocks sequentially).
    snapshot: head === undefined ? undefined : () => head.of(preState),
  });
  return { result, stats: jsonSafe(stats) as BlockStats };
}
