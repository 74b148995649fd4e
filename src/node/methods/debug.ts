// debug_traceTransaction / debug_traceCall on the EVM tracers (src/evm/tracing): geth's struct logger by
// default, `{"tracer": "callTracer"}` for the call tree. A mined transaction is replayed on the state of its
// parent block plus the block's earlier transactions, exactly as the block executed it.
import { blockEnvFromHeader } from "../../block/block-env.js";
import { OverlayState } from "../../block/overlay-state.js";
import { processParentBlockHash } from "../../block/system-calls/eip2935.js";
import { processBeaconBlockRoot } from "../../block/system-calls/eip4788.js";
import { type TraceOptions, traceCall, traceTransaction } from "../../trace/index.js";
import { decodeTransaction } from "../../tx/codec/decode.js";
import { applyTransaction } from "../../tx/execute.js";
import { OverrideState } from "../call.js";
import * as p from "../params.js";
import { invalidParams, isTxError, serverError, txError } from "../rpc-errors.js";
import { parseOverrides } from "./call.js";
import { stateFor } from "./resolve.js";
import type { MethodTable } from "./types.js";

function traceOptions(value: unknown): TraceOptions {
  if (value === undefined || value === null) return {};
  const o = p.object(value, "traceConfig");
  const out: TraceOptions = {};
  if (o.tracer !== undefined && o.tracer !== null && o.tracer !== "") {
    if (o.tracer !== "callTracer")
      throw invalidParams(
        `unsupported tracer ${JSON.stringify(o.tracer)?.slice(0, 40)} (struct logger or callTracer)`,
      );
    out.tracer = "callTracer";
  }
  if (o.tracerConfig !== undefined && o.tracerConfig !== null) {
    const c = p.object(o.tracerConfig, "tracerConfig");
    out.tracerConfig = {
      onlyTopCall: p.bool(c.onlyTopCall, "onlyTopCall", false),
      withLog: p.bool(c.withLog, "withLog", false),
    };
  }
  out.disableStack = p.bool(o.disableStack, "disableStack", false);
  out.disableStorage = p.bool(o.disableStorage, "disableStorage", false);
  out.enableMemory = p.bool(o.enableMemory, "enableMemory", false);
  out.enableReturnData = p.bool(o.enableReturnData, "enableReturnData", false);
  if (o.limit !== undefined && o.limit !== null) {
    if (typeof o.limit !== "number" || !Number.isSafeInteger(o.limit) || o.limit < 0)
      throw invalidParams("invalid limit");
    out.limit = o.limit;
  }
  return out;
}

function wrap<T>(fn: () => T): T {
  try {
    return fn();
  } catch (e) {
    if (isTxError(e)) throw txError(e);
    throw e;
  }
}

export const debugMethods: MethodTable = {
  debug_traceTransaction: (params, { node }) => {
    const hash = p.hash(params[0]);
    const options = traceOptions(params[1]);
    const loc = node.store.txLocation(hash);
    if (loc === undefined) throw serverError("transaction not found");
    const block = node.store.block(loc.number)!;
    const { header } = block;
    const rules = node.config.rulesAt(header.number, header.timestamp);
    const env = blockEnvFromHeader(header, rules, node.config.chainId, node.blockHashOf);
    const state = new OverlayState(node.stateAt(header.number - 1n));
    // The pre-transaction system calls ran before the transactions (executeBlock's order).
    if (header.parentBeaconBlockRoot !== undefined) {
      const d = processBeaconBlockRoot(state, env, rules, header.parentBeaconBlockRoot);
      if (d) state.apply(d);
    }
    const d = processParentBlockHash(state, env, rules, header.parentHash);
    if (d) state.apply(d);
    const txOf = (i: number) => ({
      ...decodeTransaction(block.rawTransactions[i]!).tx,
      sender: block.senders[i]!,
    });
    for (let i = 0; i < loc.index; i++)
      state.apply(wrap(() => applyTransaction(state, txOf(i), env, rules)).diff);
    return wrap(() => traceTransaction(state, txOf(loc.index), env, rules, options));
  },

  debug_traceCall: (params, ctx) => {
    const req = p.callRequest(params[0]);
    const { state, block } = stateFor(ctx.node, p.blockTag(params[1]));
    const options = traceOptions(params[2]);
    const overrides =
      params[2] !== null && typeof params[2] === "object"
        ? parseOverrides((params[2] as Record<string, unknown>).stateOverrides)
        : undefined;
    const { header } = block;
    const rules = ctx.node.config.rulesAt(header.number, header.timestamp);
    const env = blockEnvFromHeader(header, rules, ctx.node.config.chainId, ctx.node.blockHashOf);
    const reader = overrides === undefined ? state : new OverrideState(state, overrides);
    return wrap(() => traceCall(reader, req, env, rules, options, { gasCap: ctx.gasCap }));
  },
};
