// Test helpers: run a synthetic block through Block-STM and put its result in the shape of the sequential
// reference (slot-keyed, hex values) so the two compare with one deepEqual.
import { type BlockStmOptions, type BlockStmResult, runBlockStm } from "../../src/block-stm/block-stm.js";
import { KEY_WORDS, VALUE_WORDS } from "../../src/block-stm/shared-layout.js";
import type { WorkerPool } from "../../src/block-stm/worker-pool.js";
import { hex, type ReferenceResult, slotOfKey } from "./synthetic-vm.js";
import { H_TX_COUNT } from "./synthetic-workload.js";

export const SYNTHETIC_VM = new URL("./synthetic-vm.js", import.meta.url);

export interface ParallelRun {
  result: BlockStmResult;
  observed: ReferenceResult;
}

export async function runSynthetic(
  pool: WorkerPool,
  block: Int32Array,
  threads: number,
  extra: Partial<BlockStmOptions> = {},
): Promise<ParallelRun> {
  const result = await runBlockStm(pool, {
    vmModule: SYNTHETIC_VM,
    vmInput: block,
    txCount: block[H_TX_COUNT]!,
    threads,
    ...extra,
  });
  const observed = toReference(result);
  if (extra.capacity === undefined) result.release(); // recycle the buffers (most runs)
  return { result, observed };
}

export function toReference(result: BlockStmResult): ReferenceResult {
  const key = new Uint32Array(KEY_WORDS);
  const value = new Uint32Array(VALUE_WORDS);
  const observed: ReferenceResult = {
    outputs: result.outputs.map((o, i) => (result.failed[i] ? String(o) : (o as number))),
    failed: result.failed,
    txWrites: [],
    finalState: new Map(),
  };
  for (let tx = 0; tx < result.outputs.length; tx++) {
    const writes = new Map<number, string>();
    const count = result.state.txWriteCount(tx);
    for (let i = 0; i < count; i++) {
      result.state.txWrite(tx, i, key, value);
      writes.set(slotOfKey(key), hex(value));
    }
    observed.txWrites.push(writes);
  }
  const entries: [number, string][] = [];
  result.state.forEachWrite((k, v) => entries.push([slotOfKey(k), hex(v)]));
  entries.sort((a, b) => a[0] - b[0]);
  observed.finalState = new Map(entries);
  return observed;
}

/** The reference with its maps in a canonical (sorted) order, for deepEqual against toReference. */
export function canonical(ref: ReferenceResult): ReferenceResult {
  const sortMap = (m: Map<number, string>) => new Map([...m].sort((a, b) => a[0] - b[0]));
  return {
    outputs: ref.outputs,
    failed: ref.failed,
    txWrites: ref.txWrites.map(sortMap),
    finalState: sortMap(ref.finalState),
  };
}
