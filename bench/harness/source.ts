// Where a benchmark block comes from: a seeded workload generator or a block file, plus an optional number
// of idle accounts added to its pre-state. A plain object, so worker threads (the bound's halves) rebuild the
// very same workload from it.
import { loadBlockFile } from "../../tools/workloads/block-file.js";
import { buildWorkload, type WorkloadSize } from "../../tools/workloads/registry.js";
import { padState } from "../../tools/workloads/state-padding.js";
import type { Workload, WorkloadId } from "../../tools/workloads/types.js";

export type WorkloadSource =
  | { kind: "workload"; id: WorkloadId; seed: number; size: WorkloadSize; stateAccounts: number }
  | { kind: "block"; file: string; stateAccounts: number };

export async function loadSource(source: WorkloadSource): Promise<Workload> {
  const w =
    source.kind === "workload"
      ? await buildWorkload(source.id, source.seed, source.size)
      : loadBlockFile(source.file);
  if (source.stateAccounts > 0) {
    padState(w.preState, source.stateAccounts);
    w.shape = { ...w.shape, addedStateAccounts: source.stateAccounts };
  }
  return w;
}
