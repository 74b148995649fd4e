// Generating a block's execution witness: execute the block over a RecordingPreState (the pre-state with
// its reads recorded), then collect the nodes those reads and the block's diff need (collect.ts) and the
// ancestor headers. The execution's result comes back with it: `lanes run --witness` prints it as usual.
import { executeBlock } from "../block/execute-block.js";
import type { Block, BlockResult, ChainConfig, ExecuteBlockOptions } from "../block/types.js";
import type { InMemoryState } from "../state/memory-state.js";
import { type AccessSet, RecordingPreState } from "./access.js";
import { checkCollectedRoot, collectWitnessState } from "./collect.js";
import type { ExecutionWitness } from "./format.js";
import { ancestorHeaders, type HeaderByHash } from "./headers.js";

export interface WitnessOptions extends ExecuteBlockOptions {
  /**
   * Known headers by hash: the witness then holds the block's ancestors from its parent back to the oldest
   * block BLOCKHASH read. Without it the witness has no headers (a `lanes run` input has no chain), and a
   * verifier needs the pre-state root and BLOCKHASH's answers from elsewhere.
   */
  headerByHash?: HeaderByHash;
}

export interface GeneratedWitness {
  witness: ExecutionWitness;
  result: BlockResult;
  /** What the block read from its pre-state. */
  access: AccessSet;
}

/** Wraps BLOCKHASH so that the numbers asked for are recorded. */
export function recordingBlockHash(
  access: AccessSet,
  blockHash: ((n: bigint) => bigint) | undefined,
): (n: bigint) => bigint {
  return (n) => {
    access.blockNumbers.add(n);
    return blockHash?.(n) ?? 0n;
  };
}

/** The witness of a block from what it read and changed (shared by the sequential and parallel paths). */
export function assembleWitness(
  block: Block,
  pre: InMemoryState,
  access: AccessSet,
  result: BlockResult,
  headerByHash: HeaderByHash | undefined,
): ExecutionWitness {
  const collected = collectWitnessState(pre, access, result.diff);
  checkCollectedRoot(collected, result.stateRoot);
  const headers =
    headerByHash === undefined ? [] : ancestorHeaders(block.header, access.blockNumbers, headerByHash);
  return { state: collected.state, codes: collected.codes, keys: collected.keys, headers };
}

/** Executes `block` on `pre` (sequentially, like executeBlock, which it calls) and builds its witness. */
export function generateWitness(
  block: Block,
  pre: InMemoryState,
  chainConfig: ChainConfig,
  options: WitnessOptions = {},
): GeneratedWitness {
  const recorder = new RecordingPreState(pre);
  const { headerByHash, ...execution } = options;
  const result = executeBlock(block, recorder, chainConfig, {
    ...execution,
    blockHash: recordingBlockHash(recorder.access, options.blockHash),
  });
  const witness = assembleWitness(block, pre, recorder.access, result, headerByHash);
  return { witness, result, access: recorder.access };
}
