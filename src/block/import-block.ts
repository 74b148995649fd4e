// The full import of one block on top of its parent: size and header checks, the body's shape, execution,
// then the header's commitments. What a blockchain-test runner or a node does per block.
import type { InMemoryState } from "../state/memory-state.js";
import { checkBlockSize } from "./block-rlp.js";
import { validateBlockBody } from "./body-validation.js";
import { executeBlock } from "./execute-block.js";
import { validateHeader } from "./header-validation.js";
import { type ResultExtras, validateBlockResult } from "./result-validation.js";
import type { Block, BlockHeader, BlockResult, ChainConfig, ExecuteBlockOptions } from "./types.js";

export interface ImportBlockOptions extends ExecuteBlockOptions, ResultExtras {
  /** How many ommer headers the block carried. */
  ommerCount?: number;
  /** The parent's hash when already known (else it is recomputed from `parent`). */
  parentHash?: Uint8Array;
  /** The block's RLP length, for the EIP-7934 size limit (skipped when absent). */
  rlpSize?: number;
}

/** Validates and executes `block`; throws InvalidBlockError for the first rule it breaks. */
export function importBlock(
  block: Block,
  parent: BlockHeader,
  preState: InMemoryState,
  chainConfig: ChainConfig,
  options: ImportBlockOptions = {},
): BlockResult {
  const { header } = block;
  // Without the parent's total difficulty, a chain that merged by difficulty takes the header's word.
  const rules = chainConfig.rulesAt(header.number, header.timestamp, header.difficulty === 0n);
  if (options.rlpSize !== undefined) checkBlockSize(options.rlpSize, rules);
  const headerOptions = options.parentHash ? { parentHash: options.parentHash } : {};
  validateHeader(header, parent, rules, headerOptions);
  // The transactions root waits until after execution (validateBlockResult), as in execution-specs.
  validateBlockBody(block, options.ommerCount === undefined ? {} : { ommerCount: options.ommerCount }, rules);
  const result = executeBlock(block, preState, chainConfig, options);
  validateBlockResult(header, result, options);
  return result;
}
