// eth_simulateV1: simulated blocks on top of a stored block (src/node/simulate), run on the trace thread
// (workers/trace-runner.ts) so a long simulation never holds the RPC server's event loop and is cut off at
// its timeout (-32000 "execution timeout").
import { chainOptionsOf } from "../coprocessor-jobs.js";
import * as p from "../params.js";
import { RawJson } from "../raw-json.js";
import { RpcError } from "../rpc-errors.js";
import { parseSimulateOptions } from "../simulate/params.js";
import type { SimulateJob, SimulateJobError } from "../trace-jobs.js";
import { stateFor } from "./resolve.js";
import type { MethodContext, MethodTable } from "./types.js";

/** The longest one request may run for (ms). */
export const SIMULATE_TIMEOUT_MS = 10_000;

/** Hashes of the 256 blocks up to and including `number` (BLOCKHASH from the simulated blocks). */
function hashesUpTo(ctx: MethodContext, number: bigint): Map<bigint, bigint> {
  const hashes = new Map<bigint, bigint>();
  for (let n = number > 255n ? number - 255n : 0n; n <= number; n++) hashes.set(n, ctx.node.blockHashOf(n));
  return hashes;
}

export const simulateMethods: MethodTable = {
  eth_simulateV1: async (params, ctx) => {
    const simulation = parseSimulateOptions(params[0]);
    const tag = p.blockTag(params[1]);
    const { state, block } = stateFor(ctx.node, tag.kind === "pending" ? { kind: "latest" } : tag);
    const job: SimulateJob = {
      kind: "simulate",
      chain: chainOptionsOf(ctx.node.options),
      header: block.header,
      hash: block.hash,
      hashes: hashesUpTo(ctx, block.header.number),
      options: {},
      simulation,
      gasCap: ctx.gasCap,
    };
    const text = await ctx.node.traces.run(job, state, SIMULATE_TIMEOUT_MS);
    if (text.startsWith('{"rpcError":')) {
      const { rpcError } = JSON.parse(text) as SimulateJobError;
      throw new RpcError(rpcError.code, rpcError.message);
    }
    return new RawJson(text);
  },
};
