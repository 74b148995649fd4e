// The block executor's thread: a replica of the node's head state (with its own trie cache and shared-memory
// snapshot for the parallel executor) on which blocks execute, so a heavy block never holds the RPC server's
// event loop. Messages are handled in order; the node sends every change it makes to its head state
// (committed blocks, edits, reloads), so the replica is the head state whenever a block is executed.
import { parentPort, workerData } from "node:worker_threads";
import type { Block } from "../../block/types.js";
import type { InMemoryState } from "../../state/memory-state.js";
import type { StateDiff } from "../../state/types.js";
import { type NodeChainOptions, nodeChainConfig } from "../coprocessor-jobs.js";
import { executeNodeBlock, HeadSnapshot } from "../execute.js";
import { type AccountsMessage, errorToMessage, stateFromMessage } from "./state-transfer.js";

export type ExecutionRequest =
  | { kind: "reset"; accounts: AccountsMessage }
  | { kind: "apply"; diff: StateDiff }
  | { kind: "commit"; id: number }
  | { kind: "execute"; id: number; block: Block; hashes: Map<bigint, bigint> };

const { chain, threads } = workerData as { chain: NodeChainOptions; threads: number };
// The node's own chain config (the same options, so the same rules).
const config = nodeChainConfig(chain);
let state: InMemoryState | undefined;
const snapshot = new HeadSnapshot();
/** Diffs of executed blocks not yet committed or discarded by the node. */
const executed = new Map<number, StateDiff>();

function apply(diff: StateDiff): void {
  if (state === undefined) throw new Error("execution worker has no state");
  state.applyDiff(diff);
  snapshot.applied(state, diff);
}

parentPort!.on("message", async (m: ExecutionRequest) => {
  switch (m.kind) {
    case "reset":
      state = stateFromMessage(m.accounts);
      executed.clear();
      return;
    case "apply":
      apply(m.diff);
      return;
    case "commit": {
      const diff = executed.get(m.id);
      executed.delete(m.id);
      if (diff !== undefined) apply(diff);
      return;
    }
    case "execute":
      try {
        if (state === undefined) throw new Error("execution worker has no state");
        const out = await executeNodeBlock(m.block, state, config, {
          threads,
          blockHash: (n) => m.hashes.get(n) ?? 0n,
          snapshot,
        });
        // Only the latest execution can be committed (the node seals one block at a time).
        executed.clear();
        executed.set(m.id, out.result.diff);
        parentPort!.postMessage({ id: m.id, ok: true, result: out.result, stats: out.stats });
      } catch (e) {
        parentPort!.postMessage({ id: m.id, ok: false, error: errorToMessage(e) });
      }
      return;
  }
});
