// eth_simulateV1: simulated blocks on top of a stored block (src/node/simulate).
import * as p from "../params.js";
import { parseSimulateOptions } from "../simulate/params.js";
import { simulate } from "../simulate/simulator.js";
import { stateFor } from "./resolve.js";
import type { MethodTable } from "./types.js";

/** The longest one request may execute for (ms), checked between calls. */
export const SIMULATE_TIMEOUT_MS = 5_000;

export const simulateMethods: MethodTable = {
  eth_simulateV1: (params, ctx) => {
    const options = parseSimulateOptions(params[0]);
    const tag = p.blockTag(params[1]);
    const { state, block } = stateFor(ctx.node, tag.kind === "pending" ? { kind: "latest" } : tag);
    return simulate(
      {
        header: block.header,
        hash: block.hash,
        state,
        config: ctx.node.config,
        canonicalHash: ctx.node.blockHashOf,
        gasCap: ctx.gasCap,
        deadline: Date.now() + SIMULATE_TIMEOUT_MS,
      },
      options,
    );
  },
};
