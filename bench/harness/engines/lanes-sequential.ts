// Lanes' sequential block executor: executeBlock(block, preState, chainConfig) runs the system calls, every
// transaction, the requests, builds the state diff and computes the post-state root (over the whole state),
// receipts root and bloom. It never mutates the pre-state, so repeated runs need no reset.
import { executeBlock } from "../../../src/block/execute-block.js";
import type { BlockResult } from "../../../src/block/types.js";
import { preloadPrecompileBackends } from "../../../src/evm/precompiles/index.js";
import { lanesOutcome } from "../../../tools/workloads/outcome.js";
import { lanesBlock } from "../../../tools/workloads/types.js";
import type { Engine, EngineOutcome, PreparedEngine } from "../engine.js";

export const lanesSequential: Engine = {
  id: "lanes-sequential",
  describe: () => "Lanes executeBlock (one thread)",
  unavailable: async () => undefined,
  async prepare(w): Promise<PreparedEngine> {
    // The WebAssembly backends (BN254, BLS12-381, P-256) load asynchronously; a loop of synchronous blocks
    // with only microtask awaits between them never lets them finish, so load them here (docs/evm.md,
    // "Precompile backends").
    await preloadPrecompileBackends();
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
