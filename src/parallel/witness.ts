// Execution witnesses with the parallel executor (src/witness has the sequential versions).
//
// Generating: the block runs on Block-STM with `collectReads`; what it read from the pre-state is the union
// of the final incarnations' read sets (with markers for code loads and BLOCKHASH numbers) plus the main
// thread's reads (system calls, deferred credits, withdrawals), which go through a RecordingPreState. The
// witness is built from those sets and the diff exactly as the sequential path builds it from its reads, so
// both give the same witness (tests compare them byte for byte).
//
// Verifying: the workers need the pre-state in shared memory, so they get the witness's image (the accounts
// and slots it proves; src/witness/image.ts) while the main thread reads through the witness-backed state
// itself. After the block, every location the final incarnations read is checked against the witness
// (src/witness/coverage.ts): a value the image lacked or the witness does not prove is an error, so a run on
// the image never passes for a verification it is not. The post-state root comes from the witness's
// partial tries, as in sequential verification.
import type { Block, ChainConfig } from "../block/types.js";
import type { InMemoryState } from "../state/memory-state.js";
import { AccessSet, RecordingPreState } from "../witness/access.js";
import { checkReads } from "../witness/coverage.js";
import { WitnessError } from "../witness/errors.js";
import type { ExecutionWitness } from "../witness/format.js";
import {
  assembleWitness,
  type GeneratedWitness,
  generateWitness,
  recordingBlockHash,
  type WitnessOptions,
} from "../witness/generate.js";
import { witnessImage } from "../witness/image.js";
import {
  judge,
  prepareVerification,
  type StatelessOptions,
  type StatelessResult,
  verifyBlockStateless,
} from "../witness/verify.js";
import {
  defaultThreadCount,
  executeBlockParallel,
  type ParallelBlockResult,
  type ParallelExecuteOptions,
} from "./execute-block-parallel.js";
import { chooseMode } from "./fallback-policy.js";
import { SharedStateSnapshot } from "./shared-snapshot.js";
import { sequentialStats } from "./stats.js";

export interface ParallelWitness extends GeneratedWitness {
  result: ParallelBlockResult;
}

/**
 * Executes `block` like executeBlockParallel (policy, threads, mode) and builds its witness from the read
 * sets. A block the policy runs sequentially, or that falls back to sequential execution, gets its witness
 * from the sequential path (generateWitness), so the result is the same witness either way.
 */
export async function generateWitnessParallel(
  block: Block,
  pre: InMemoryState,
  chainConfig: ChainConfig,
  options: WitnessOptions & ParallelExecuteOptions = {},
): Promise<ParallelWitness> {
  const { headerByHash, snapshot, collectReads: _collect, ...execution } = options;
  const threads = Math.max(1, Math.floor(options.threads ?? defaultThreadCount()));
  const sequential = (reason: string, previous?: ParallelBlockResult): ParallelWitness => {
    const start = performance.now();
    const generated = generateWitness(block, pre, chainConfig, { ...execution, headerByHash });
    const wallMs = performance.now() - start;
    const stats =
      previous?.stats ?? sequentialStats(reason, block.transactions.length, generated.result.gasUsed, wallMs);
    return { ...generated, result: { ...generated.result, stats } };
  };
  const decision = chooseMode(block, threads, options.mode ?? "auto");
  if (decision.mode === "sequential") return sequential(decision.reason);
  const recorder = new RecordingPreState(pre);
  // The main thread asks for every hash of the window up front; the workers' markers say which were used.
  const asked = new AccessSet();
  const result = await executeBlockParallel(block, recorder, chainConfig, {
    ...execution,
    blockHash: recordingBlockHash(asked, options.blockHash),
    snapshot: snapshot ?? (() => SharedStateSnapshot.fromState(pre)),
    collectReads: true,
  });
  // Fell back to sequential execution (the stats say why): the read sets are gone, take the sequential path.
  if (result.reads === undefined) return sequential(result.stats.reason, result);
  const access = recorder.access;
  access.merge(result.reads);
  const witness = assembleWitness(block, pre, access, result, headerByHash);
  return { witness, result, access };
}

export interface ParallelStatelessOptions extends StatelessOptions {
  threads?: number;
  pool?: ParallelExecuteOptions["pool"];
}

export interface ParallelStatelessResult extends StatelessResult {
  /** How the block ran: "parallel", or "sequential" with why (a case the parallel path does not model). */
  mode: "parallel" | "sequential";
  reason: string;
}

/**
 * verifyBlockStateless with the block executed on Block-STM (forced parallel). Same verdicts and errors; a
 * block the parallel path hands back to sequential execution is verified the sequential way.
 */
export async function verifyBlockStatelessParallel(
  block: Block,
  witness: ExecutionWitness,
  chainConfig: ChainConfig,
  options: ParallelStatelessOptions = {},
): Promise<ParallelStatelessResult> {
  const prepared = prepareVerification(block, witness, options);
  const image = witnessImage(prepared.index, prepared.preStateRoot, witness.keys);
  // The main thread asks for the whole BLOCKHASH window up front: an uncovered number must not fail there,
  // only if a transaction used it (checked below from the read sets).
  const lenientBlockHash = (n: bigint) => {
    try {
      return prepared.blockHash(n);
    } catch (e) {
      if (e instanceof WitnessError) return 0n;
      throw e;
    }
  };
  const execution: ParallelExecuteOptions = {
    blockHash: lenientBlockHash,
    mode: "parallel",
    snapshot: () => SharedStateSnapshot.fromState(image.state, image.withStorage),
    collectReads: true,
  };
  if (options.systemCalls !== undefined) execution.systemCalls = options.systemCalls;
  if (options.threads !== undefined) execution.threads = options.threads;
  if (options.pool !== undefined) execution.pool = options.pool;
  const result = await executeBlockParallel(block, prepared.state, chainConfig, execution);
  if (result.reads === undefined) {
    // Executed sequentially after all (and with the lenient BLOCKHASH): verify again, the reference way.
    return {
      ...verifyBlockStateless(block, witness, chainConfig, options),
      mode: "sequential",
      reason: result.stats.reason,
    };
  }
  checkReads(result.reads, image.state, prepared.state, prepared.blockHash);
  return {
    ...judge(block, result, prepared, options.expectStateRoot),
    mode: "parallel",
    reason: result.stats.reason,
  };
}
