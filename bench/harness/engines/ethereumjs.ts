// @ethereumjs/vm runBlock on a MerkleStateManager (with caches) holding the pre-state, reset to the
// pre-state root before every run (tools/workloads/ethereumjs-block.ts). The block is built from the same
// raw signed transactions; `generate: true` makes runBlock compute gas used, receipts root, bloom, requests
// hash and state root. Senders are recovered (and cached by @ethereumjs/tx) on the untimed verification run.
import type { RunBlockResult } from "@ethereumjs/vm";
import {
  ethereumjsOutcome,
  prepareEthereumjs,
  runEthereumjs,
} from "../../../tools/workloads/ethereumjs-block.js";
import type { Engine, EngineOutcome, PreparedEngine } from "../engine.js";

export const ethereumjs: Engine = {
  id: "ethereumjs",
  describe: () => "@ethereumjs/vm 10 runBlock, MerkleStateManager + caches",
  unavailable: async () => undefined,
  async prepare(w): Promise<PreparedEngine> {
    const run = await prepareEthereumjs(w);
    return {
      execute: () => runEthereumjs(run, run.block, true),
      reset: async () => {},
      outcome: async (result): Promise<EngineOutcome> => ({
        outcome: ethereumjsOutcome(result as RunBlockResult),
        comparable: "full",
      }),
      dispose: async () => {},
    };
  },
};
