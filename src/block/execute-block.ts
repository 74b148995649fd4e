// executeBlock: the sequential reference executor. Pre-block system calls, every transaction in order over a
// copy-on-write overlay of the pre-state, withdrawals, then the EIP-7685 requests (deposits from logs, the
// EIP-7002/7251 queues). Deterministic and synchronous; the pre-state is never mutated. The parallel
// executor must reproduce its BlockResult exactly (both share the phases in block-execution.ts).
import { InvalidTransactionError } from "../primitives/errors.js";
import type { InMemoryState } from "../state/memory-state.js";
import type { BlockPreState } from "../state/types.js";
import { applyTransaction } from "../tx/execute.js";
import { BlockExecution } from "./block-execution.js";
import { InvalidBlockError } from "./errors.js";
import type { Block, BlockResult, ChainConfig, ExecuteBlockOptions } from "./types.js";

/**
 * Executes `block` on `preState`. Throws InvalidBlockError when a transaction is invalid (kind
 * "TransactionException", with its index), a block gas or blob gas allowance is exceeded, a deposit event is
 * malformed, or a request system call fails. Header fields are not compared here (see validateBlockResult).
 */
export function executeBlock(
  block: Block,
  preState: InMemoryState | BlockPreState,
  chainConfig: ChainConfig,
  options: ExecuteBlockOptions = {},
): BlockResult {
  const run = new BlockExecution(block, preState, chainConfig, options);
  block.transactions.forEach((tx, i) => {
    run.checkAllowance(i, tx);
    let result: ReturnType<typeof applyTransaction>;
    try {
      result = applyTransaction(run.state, tx, run.env, run.rules);
    } catch (e) {
      if (e instanceof InvalidTransactionError) throw InvalidBlockError.fromTransaction(i, e);
      throw e;
    }
    run.addTransaction(tx, result);
  });
  return run.finish();
}
