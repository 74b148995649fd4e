// What debug_traceTransaction and debug_traceCall compute, as self-contained jobs that run on the trace
// thread (workers/trace-entry.ts): everything a job needs (the state it starts from, the block, the options)
// travels with it. A mined transaction is replayed on the state of its parent block plus the pre-block system
// calls and the block's earlier transactions, exactly as the block executed it.
import { blockEnvFromHeader } from "../block/block-env.js";
import { OverlayState } from "../block/overlay-state.js";
import { processParentBlockHash } from "../block/system-calls/eip2935.js";
import { processBeaconBlockRoot } from "../block/system-calls/eip4788.js";
import type { BlockHeader, ChainConfig } from "../block/types.js";
import type { InMemoryState } from "../state/memory-state.js";
import {
  type TraceOptions,
  traceCall,
  traceTransaction,
  traceTransactionWithResult,
} from "../trace/index.js";
import { decodeTransaction } from "../tx/codec/decode.js";
import { withSender } from "../tx/codec/with-sender.js";
import { applyTransaction } from "../tx/execute.js";
import { OverrideState, type StateOverrides } from "./call.js";
import { type NodeChainOptions, nodeChainConfig } from "./coprocessor-jobs.js";
import type { CallRequest } from "./params.js";
import { RpcError } from "./rpc-errors.js";
import type { SimulateOptions } from "./simulate/simulator.js";
import { simulate } from "./simulate/simulator.js";

interface JobBase {
  /** The node's chain (chainOptionsOf). */
  chain: NodeChainOptions;
  header: BlockHeader;
  /** Hashes of the 256 blocks before `header` (BLOCKHASH). */
  hashes: Map<bigint, bigint>;
  options: TraceOptions;
}

export interface TraceTransactionJob extends JobBase {
  kind: "transaction";
  /** The block's transactions up to and including the traced one, and their senders. */
  rawTransactions: Uint8Array[];
  senders: bigint[];
}

export interface TraceCallJob extends JobBase {
  kind: "call";
  request: CallRequest;
  overrides: StateOverrides | undefined;
  gasCap: bigint;
}

/** debug_traceBlockByNumber/ByHash: every transaction of the block, each on the state the previous left. */
export interface TraceBlockJob extends JobBase {
  kind: "block";
  rawTransactions: Uint8Array[];
  senders: bigint[];
  /** The transactions' hashes (0x hex), for the `txHash` of each entry. */
  txHashes: string[];
}

/** eth_simulateV1 (simulate/simulator.ts) on the base block's state, off the RPC server's event loop. */
export interface SimulateJob extends JobBase {
  kind: "simulate";
  /** The base block's hash (`header` is its header). */
  hash: Uint8Array;
  simulation: SimulateOptions;
  gasCap: bigint;
}

export type TraceJob = TraceTransactionJob | TraceCallJob | TraceBlockJob | SimulateJob;

/**
 * What a simulate job returns when the request fails with a JSON-RPC error (its code must survive the thread
 * boundary): the reply's JSON text starts with `{"rpcError":` (a result is an array).
 */
export interface SimulateJobError {
  rpcError: { code: number; message: string };
}

/** Runs `job` on `state` (the parent block's post-state for a transaction, the block's for a call). */
export function runTraceJob(job: TraceJob, state: InMemoryState): unknown {
  const config = nodeChainConfig(job.chain);
  const { header } = job;
  if (job.kind === "simulate") return runSimulateJob(job, state, config);
  const rules = config.rulesAt(header.number, header.timestamp);
  const env = blockEnvFromHeader(header, rules, job.chain.chainId, (n) => job.hashes.get(n) ?? 0n);
  if (job.kind === "call") {
    const reader = job.overrides === undefined ? state : new OverrideState(state, job.overrides);
    return traceCall(reader, job.request, env, rules, job.options, { gasCap: job.gasCap });
  }
  const overlay = new OverlayState(state);
  // The pre-transaction system calls ran before the transactions (executeBlock's order).
  if (header.parentBeaconBlockRoot !== undefined) {
    const d = processBeaconBlockRoot(overlay, env, rules, header.parentBeaconBlockRoot);
    if (d) overlay.apply(d);
  }
  const d = processParentBlockHash(overlay, env, rules, header.parentHash);
  if (d) overlay.apply(d);
  const txOf = (i: number) => withSender(decodeTransaction(job.rawTransactions[i]!).tx, job.senders[i]!);
  if (job.kind === "block") {
    // One output budget for the whole block: each transaction's trace gets what the previous ones left.
    const out: { txHash: string; result: unknown }[] = [];
    let left = job.options.maxBytes ?? 0;
    for (let i = 0; i < job.rawTransactions.length; i++) {
      const options = job.options.maxBytes ? { ...job.options, maxBytes: Math.max(1, left) } : job.options;
      const { trace, result } = traceTransactionWithResult(overlay, txOf(i), env, rules, options);
      if (job.options.maxBytes) left -= JSON.stringify(trace).length;
      overlay.apply(result.diff);
      out.push({ txHash: job.txHashes[i]!, result: trace });
    }
    return out;
  }
  const last = job.rawTransactions.length - 1;
  for (let i = 0; i < last; i++) overlay.apply(applyTransaction(overlay, txOf(i), env, rules).diff);
  return traceTransaction(overlay, txOf(last), env, rules, job.options);
}

function runSimulateJob(job: SimulateJob, state: InMemoryState, config: ChainConfig): unknown {
  const { header } = job;
  try {
    return simulate(
      {
        header,
        hash: job.hash,
        state,
        config,
        canonicalHash: (n) => job.hashes.get(n) ?? 0n,
        gasCap: job.gasCap,
        // The trace thread's timeout bounds the time.
        deadline: Number.POSITIVE_INFINITY,
      },
      job.simulation,
    );
  } catch (e) {
    if (e instanceof RpcError) return { rpcError: { code: e.code, message: e.message } } as SimulateJobError;
    throw e;
  }
}
