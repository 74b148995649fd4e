// Before execution: the body's shape for the block's fork (no ommers after the Merge, at most two before;
// a withdrawals list from Shanghai, none before). The body's
// commitments (transactions and withdrawals roots, blob gas used) belong after execution, as in
// execution-specs (see validateBlockResult): fixtures expect an invalid transaction to be reported even when
// a test swapped the transactions under a header whose transactions root no longer matches.
import type { ForkRules } from "../evm/forks.js";
import { bytesEqual } from "../primitives/hex.js";
import { BlockException, check } from "./errors.js";
import type { Block } from "./types.js";

export interface BodyExtras {
  /** How many ommer headers the block carried. */
  ommerCount?: number;
  /** keccak256 of the block's ommers list, when the caller decoded one (checked against the header). */
  ommersHash?: Uint8Array;
}

/** The most ommers a proof-of-work block may include. */
export const MAX_OMMERS = 2;

/**
 * Throws InvalidBlockError when the body cannot belong to a block of `rules`' fork (default: a post-Shanghai,
 * post-Merge block).
 */
export function validateBlockBody(block: Block, extras: BodyExtras = {}, rules?: ForkRules): void {
  const ommers = extras.ommerCount ?? 0;
  const ommersHash = extras.ommersHash;
  if (ommersHash !== undefined) {
    check(
      bytesEqual(ommersHash, block.header.ommersHash),
      BlockException.INVALID_UNCLES_HASH,
      () => "ommers hash does not match the block's ommers",
    );
  }
  if (rules === undefined || rules.eip4399) {
    check(
      ommers === 0,
      BlockException.IMPORT_IMPOSSIBLE_UNCLES_OVER_PARIS,
      () => `${extras.ommerCount} ommers after the Merge`,
    );
  } else {
    check(ommers <= MAX_OMMERS, BlockException.TOO_MANY_UNCLES, () => `${ommers} ommers (max ${MAX_OMMERS})`);
  }
  const wantWithdrawals = rules === undefined || rules.eip4895;
  check((block.withdrawals !== undefined) === wantWithdrawals, BlockException.RLP_WITHDRAWALS_NOT_READ, () =>
    wantWithdrawals ? "block has no withdrawals list after Shanghai" : "withdrawals list before Shanghai",
  );
}
