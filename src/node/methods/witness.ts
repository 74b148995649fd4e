// debug_executionWitness(blockNumberOrTag): the execution witness of a mined block, in the shape geth and reth
// answer with, {"state", "codes", "keys", "headers"} (src/witness/format.ts). The block is re-executed on its
// parent's state with every pre-state read recorded, on the trace thread (witness-job.ts), under the trace
// queue's bound and the longest trace timeout; the re-execution must reproduce the stored header's state
// root, or the call fails rather than return a witness of something else. The headers are the parent's
// back to the oldest block BLOCKHASH read, added here from the store.
import { bytesToHex } from "../../primitives/hex.js";
import { ancestorHeaders } from "../../witness/headers.js";
import { chainOptionsOf } from "../coprocessor-jobs.js";
import * as p from "../params.js";
import { RawJson } from "../raw-json.js";
import { invalidParams, RpcError, serverError } from "../rpc-errors.js";
import type { WitnessJob } from "../witness-job.js";
import { findBlock, requireExecutable } from "./resolve.js";
import type { MethodTable } from "./types.js";

export const witnessMethods: MethodTable = {
  debug_executionWitness: async (params, { node, limits }) => {
    const stored = findBlock(node, p.blockTag(params[0]));
    if (stored === undefined) throw serverError("header not found");
    const { header } = stored;
    if (header.number === 0n) throw invalidParams("the genesis block executes nothing: it has no witness");
    requireExecutable(node, header);
    const hashes = new Map<bigint, bigint>();
    for (let n = header.number > 256n ? header.number - 256n : 0n; n < header.number; n++) {
      hashes.set(n, node.blockHashOf(n));
    }
    const job: WitnessJob = {
      kind: "witness",
      chain: chainOptionsOf(node.options),
      header,
      hashes,
      rawTransactions: stored.rawTransactions,
      senders: stored.senders,
      withdrawals: header.withdrawalsRoot !== undefined,
    };
    let reply: Awaited<ReturnType<typeof node.traces.runJob>>;
    try {
      reply = await node.traces.runJob(job, node.stateAt(header.number - 1n), limits.traceMaxTimeoutMs);
    } catch (e) {
      if (e instanceof RpcError) throw e;
      if (e instanceof Error && e.name === "RpcError") throw serverError(e.message);
      throw e;
    }
    const headers = ancestorHeaders(header, [reply.oldest ?? header.number - 1n], (hash) => {
      const n = node.store.blockNumberByHash(hash);
      return n === undefined ? undefined : node.store.block(n)?.header;
    });
    // `{state, codes, keys}` from the thread, unparsed, with `headers` spliced in as the last field.
    const json = `${reply.json.slice(0, -1)},"headers":${JSON.stringify(headers.map(bytesToHex))}}`;
    return new RawJson(json);
  },
};
