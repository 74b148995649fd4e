// Before execution: the body's shape after the Merge (no ommers, a withdrawals list). The body's
// commitments (transactions and withdrawals roots, blob gas used) belong after execution, as in
// execution-specs (see validateBlockResult): fixtures expect an invalid transaction to be reported even when
// a test swapped the transactions under a header whose transactions root no longer matches.
import { BlockException, check } from "./errors.js";
import type { Block } from "./types.js";

export interface BodyExtras {
  /** How many ommer headers the block carried. */
  ommerCount?: number;
}

/** Throws InvalidBlockError when the body cannot belong to a post-Shanghai, post-Merge block. */
export function validateBlockBody(block: Block, extras: BodyExtras = {}): void {
  check(
    (extras.ommerCount ?? 0) === 0,
    BlockException.IMPORT_IMPOSSIBLE_UNCLES_OVER_PARIS,
    () => `${extras.ommerCount} ommers after the Merge`,
  );
  check(
    block.withdrawals !== undefined,
    BlockException.RLP_WITHDRAWALS_NOT_READ,
    () => "block has no withdrawals list after Shanghai",
  );
}
