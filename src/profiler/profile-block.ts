// Profiling one block: executes it on Block-STM with the profiler's instrumentation (after warm-up runs, so
// the measured times are those of warm workers and compiled code, not of module loading) and analyzes it.
// The block's result is the executor's, byte-identical to the reference: profiling changes timings only.
import type { Block, ChainConfig, ExecuteBlockOptions } from "../block/types.js";
import { executeBlockParallel } from "../parallel/execute-block-parallel.js";
import { SharedStateSnapshot } from "../parallel/shared-snapshot.js";
import { bytesEqual, bytesToHex } from "../primitives/hex.js";
import { EMPTY_CODE_HASH, keccak256 } from "../primitives/keccak.js";
import type { InMemoryState } from "../state/memory-state.js";
import { analyzeProfile } from "./analyze.js";
import type { ContractBook } from "./contracts.js";
import type { BlockProfile } from "./types.js";

export interface ProfileOptions extends ExecuteBlockOptions {
  /** Worker threads (default 2: the measured times and timelines are those of this many threads). */
  threads?: number;
  /** Runs before the measured one (default 1), instrumented too so that the profiled code paths are warm. */
  warmups?: number;
  book?: ContractBook;
  /** The fork's name, for the report. */
  fork?: string;
  /**
   * The state root the block is known to produce (a mined block's header): the profiled run must reproduce
   * it, or profiling fails rather than report on something else (a wrong pre-state, a changed config).
   */
  expectStateRoot?: Uint8Array;
}

export class ProfileError extends Error {
  override readonly name = "ProfileError";
}

const EMPTY = bytesToHex(EMPTY_CODE_HASH);

export async function profileBlock(
  block: Block,
  preState: InMemoryState,
  config: ChainConfig,
  options: ProfileOptions = {},
): Promise<BlockProfile> {
  if (block.transactions.length === 0) throw new ProfileError("the block has no transactions to profile");
  const threads = options.threads ?? 2;
  const snapshot = SharedStateSnapshot.fromState(preState);
  const execution = {
    threads,
    mode: "parallel" as const,
    snapshot,
    ...(options.blockHash === undefined ? {} : { blockHash: options.blockHash }),
    ...(options.systemCalls === undefined ? {} : { systemCalls: options.systemCalls }),
  };
  for (let i = 0; i < (options.warmups ?? 1); i++)
    await executeBlockParallel(block, preState, config, execution);
  const run = await executeBlockParallel(block, preState, config, { ...execution, profile: true });
  if (run.profile === undefined) {
    throw new ProfileError(
      `the block did not run on Block-STM, so there is nothing to profile (${run.stats.reason})`,
    );
  }
  if (options.expectStateRoot !== undefined && !bytesEqual(run.stateRoot, options.expectStateRoot)) {
    throw new ProfileError(
      `re-executing block ${block.header.number} does not reproduce its state root ` +
        `(${bytesToHex(run.stateRoot)}, the header has ${bytesToHex(options.expectStateRoot)})`,
    );
  }
  const codeHashOf = (address: bigint): string | undefined => {
    const change = run.diff.get(address);
    if (change?.code !== undefined && change.code.length > 0) return bytesToHex(keccak256(change.code));
    const hash = preState.getAccount(address)?.codeHash;
    if (hash === undefined) return undefined;
    const hex = bytesToHex(hash);
    return hex === EMPTY ? undefined : hex;
  };
  return analyzeProfile(
    {
      data: run.profile,
      block,
      result: run,
      stats: run.stats,
      codeHashOf,
      ...(options.fork === undefined ? {} : { fork: options.fork }),
    },
    options.book,
  );
}
