// Lanes' sequential block executor: executeBlock(block, preState, chainConfig) runs the system calls, every
// transaction, the requests, builds the state diff and computes the post-state root (over the whole state),
// receipts root and bloom. It never mutates the pre-state, so repeated runs need no reset.
import { executeBlock } from "../../../src/block/execute-block.js";
import type { BlockResult } from "../../../src/block/types.js";
import { preloadBn254Backend } from "../../../src/evm/precompiles/bn254-mcl.js";
import { lanesOutcome } from "../../../tools/workloads/outcome.js";
import { lanesBlock } from "../../../tools/workloads/types.js";
import type { Engine, EngineOutcome, PreparedEngine } from "../engine.js";

export const lanesSequential: Engine = {
  id: "lanes-sequential",
  describe: () => "Lanes executeBlock (one thread)",
  unavailable: async () => undefined,
  async prepare(w): Promise<PreparedEngine> {
    // BN254's WebAssembly backend loads asynchronously; a loop of synchronous blocks with only microtask
    // awaits between them never lets it finish, so load it here (docs/evm.md, "Precompile backends").
    await preloadBn254Backend();
    const block = lanesBlock(w);
    return {
      execute: async () => executeBlock(block, w.preState, w.chainConfig, w.executeOptions),
      reset: async () => {},
      outcome: async (result): Promise<EngineOutcome> => ({
        outcome: lanesOutcome(result as BlockResult),
        comparable: "full",
      }),
      dispose: async () => {},
    };
  },
};
