// debug_traceTransaction / debug_traceCall (src/trace): geth's struct logger by default, `{"tracer":
// "callTracer"}` for the call tree, `{"tracer": "prestateTracer"}` for the state touched (diffMode too). Traces run on the trace thread (workers/trace-runner.ts), one at a time,
// each bounded in output size (TraceLimitError, -32000) and in time (geth's `timeout` option, default 5 s).

import { bytesToHex } from "../../primitives/hex.js";
import type { TraceOptions } from "../../trace/index.js";
import type { StoredBlock } from "../codec.js";
import { chainOptionsOf } from "../coprocessor-jobs.js";
import * as p from "../params.js";
import { RawJson } from "../raw-json.js";
import { invalidParams, isTxError, RpcError, serverError, txError } from "../rpc-errors.js";
import type { TraceJob } from "../trace-jobs.js";
import { parseOverrides } from "./call.js";
import { callBlock, findBlock, requireExecutable } from "./resolve.js";
import type { MethodContext, MethodTable } from "./types.js";

/** geth's default trace timeout. */
export const DEFAULT_TRACE_TIMEOUT_MS = 5_000;

const DURATION = /^(?:(\d+(?:\.\d+)?)(h|m|s|ms|us|µs|ns))+$/;
const UNIT_MS: Record<string, number> = {
  h: 3_600_000,
  m: 60_000,
  s: 1000,
  ms: 1,
  us: 1e-3,
  µs: 1e-3,
  ns: 1e-6,
};

/** A Go duration ("5s", "1m30s", "500ms") in milliseconds. */
export function parseDuration(value: unknown, name: string): number {
  if (typeof value !== "string" || value.length > 32 || !DURATION.test(value)) {
    throw invalidParams(`invalid ${name}: expected a duration such as "10s" or "500ms"`);
  }
  let ms = 0;
  for (const m of value.matchAll(/(\d+(?:\.\d+)?)(h|ms|m|s|us|µs|ns)/g)) ms += Number(m[1]) * UNIT_MS[m[2]!]!;
  return ms;
}

function traceOptions(value: unknown, ctx: MethodContext): { options: TraceOptions; timeoutMs: number } {
  const options: TraceOptions = { maxBytes: ctx.limits.traceMaxBytes };
  let timeoutMs = DEFAULT_TRACE_TIMEOUT_MS;
  if (value === undefined || value === null) return { options, timeoutMs };
  const o = p.object(value, "traceConfig");
  if (o.tracer !== undefined && o.tracer !== null && o.tracer !== "") {
    if (o.tracer !== "callTracer" && o.tracer !== "prestateTracer") {
      throw invalidParams(
        `unsupported tracer ${JSON.stringify(o.tracer)?.slice(0, 40)} (struct logger, callTracer or prestateTracer)`,
      );
    }
    options.tracer = o.tracer;
  }
  if (o.tracerConfig !== undefined && o.tracerConfig !== null) {
    const c = p.object(o.tracerConfig, "tracerConfig");
    options.tracerConfig = {
      onlyTopCall: p.bool(c.onlyTopCall, "onlyTopCall", false),
      withLog: p.bool(c.withLog, "withLog", false),
      diffMode: p.bool(c.diffMode, "diffMode", false),
      disableCode: p.bool(c.disableCode, "disableCode", false),
      disableStorage: p.bool(c.disableStorage, "disableStorage", false),
      includeEmpty: p.bool(c.includeEmpty, "includeEmpty", false),
    };
    if (options.tracerConfig.diffMode === true && options.tracerConfig.includeEmpty === true)
      throw invalidParams("cannot use diffMode with includeEmpty");
  }
  options.disableStack = p.bool(o.disableStack, "disableStack", false);
  options.disableStorage = p.bool(o.disableStorage, "disableStorage", false);
  options.enableMemory = p.bool(o.enableMemory, "enableMemory", false);
  options.enableReturnData = p.bool(o.enableReturnData, "enableReturnData", false);
  if (o.limit !== undefined && o.limit !== null) {
    if (typeof o.limit !== "number" || !Number.isSafeInteger(o.limit) || o.limit < 0)
      throw invalidParams("invalid limit");
    options.limit = o.limit;
  }
  if (o.timeout !== undefined && o.timeout !== null) {
    timeoutMs = parseDuration(o.timeout, "timeout");
    if (timeoutMs > ctx.limits.traceMaxTimeoutMs) {
      throw invalidParams(`invalid timeout: at most ${ctx.limits.traceMaxTimeoutMs / 1000}s`);
    }
  }
  return { options, timeoutMs };
}

function hashesBefore(ctx: MethodContext, number: bigint): Map<bigint, bigint> {
  const hashes = new Map<bigint, bigint>();
  for (let n = number > 256n ? number - 256n : 0n; n < number; n++) hashes.set(n, ctx.node.blockHashOf(n));
  return hashes;
}

async function run(
  ctx: MethodContext,
  job: TraceJob,
  state: Parameters<MethodContext["node"]["traces"]["run"]>[1],
  timeoutMs: number,
): Promise<RawJson> {
  try {
    return new RawJson(await ctx.node.traces.run(job, state, timeoutMs));
  } catch (e) {
    if (e instanceof RpcError) throw e;
    if (isTxError(e)) throw txError(e);
    if (e instanceof Error && (e.name === "TraceLimitError" || e.name === "RpcError"))
      throw serverError(e.message);
    throw e;
  }
}

export const debugMethods: MethodTable = {
  debug_traceTransaction: async (params, ctx) => {
    const { node } = ctx;
    const hash = p.hash(params[0]);
    const { options, timeoutMs } = traceOptions(params[1], ctx);
    const loc = node.store.txLocation(hash);
    if (loc === undefined) throw serverError("transaction not found");
    const block = node.store.block(loc.number)!;
    requireExecutable(node, block.header);
    const job: TraceJob = {
      kind: "transaction",
      chain: chainOptionsOf(node.options),
      header: block.header,
      hashes: hashesBefore(ctx, block.header.number),
      options,
      rawTransactions: block.rawTransactions.slice(0, loc.index + 1),
      senders: block.senders.slice(0, loc.index + 1),
    };
    return run(ctx, job, node.stateAt(block.header.number - 1n), timeoutMs);
  },

  debug_traceCall: async (params, ctx) => {
    const { node } = ctx;
    const request = p.callRequest(params[0]);
    const { state, header } = callBlock(node, p.blockTag(params[1]));
    const { options, timeoutMs } = traceOptions(params[2], ctx);
    const overrides =
      params[2] !== null && typeof params[2] === "object"
        ? parseOverrides((params[2] as Record<string, unknown>).stateOverrides)
        : undefined;
    const job: TraceJob = {
      kind: "call",
      chain: chainOptionsOf(node.options),
      header,
      hashes: hashesBefore(ctx, header.number),
      options,
      request,
      overrides,
      gasCap: ctx.gasCap,
    };
    return run(ctx, job, state, timeoutMs);
  },

  debug_traceBlockByNumber: (params, ctx) => {
    const tag = p.blockTag(params[0]);
    const block = findBlock(ctx.node, tag);
    if (block === undefined) throw serverError(`block ${blockTagText(params[0])} not found`);
    return traceBlock(ctx, block, params[1]);
  },

  debug_traceBlockByHash: (params, ctx) => {
    const hash = p.hash(params[0]);
    const number = ctx.node.store.blockNumberByHash(hash);
    const block = number === undefined ? undefined : ctx.node.store.block(number);
    if (block === undefined) throw serverError(`block ${bytesToHex(hash)} not found`);
    return traceBlock(ctx, block, params[1]);
  },
};

function blockTagText(value: unknown): string {
  return typeof value === "string" ? value.slice(0, 80) : "";
}

/** Traces every transaction of `block` in order on its parent's state: [{txHash, result}] as geth. */
function traceBlock(ctx: MethodContext, block: StoredBlock, config: unknown): Promise<RawJson> {
  const { node } = ctx;
  if (block.header.number === 0n) throw serverError("genesis is not traceable");
  requireExecutable(node, block.header);
  const { options, timeoutMs } = traceOptions(config, ctx);
  const job: TraceJob = {
    kind: "block",
    chain: chainOptionsOf(node.options),
    header: block.header,
    hashes: hashesBefore(ctx, block.header.number),
    options,
    rawTransactions: block.rawTransactions,
    senders: block.senders,
    txHashes: block.txHashes.map(bytesToHex),
  };
  return run(ctx, job, node.stateAt(block.header.number - 1n), timeoutMs);
}
