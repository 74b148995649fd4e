// Tracing entry points: run one transaction (or an unsigned call) through applyTransaction, the same path
// untraced execution takes, with a tracer attached, and return geth's JSON for debug_traceTransaction /
// debug_traceCall.

import type { BlockEnv } from "../evm/env.js";
import type { ForkRules } from "../evm/forks.js";
import { TraceContext } from "../evm/tracing/context.js";
import type { StateReader } from "../state/types.js";
import { applyTransaction, type TxResult } from "../tx/execute.js";
import type { Transaction } from "../tx/types.js";
import { type CallBuildOptions, type CallMessage, callTransaction } from "./call-message.js";
import { type CallFrameJson, CallTracer, type CallTracerConfig } from "./call-tracer.js";
import { PrestateTracer, type PrestateTracerConfig } from "./prestate-tracer.js";
import { StructLogger, type StructLoggerConfig, type StructLoggerResult } from "./struct-logger.js";
import type { TransactionTracer } from "./types.js";

/** geth's TraceConfig: the struct logger's options, or a named tracer with its config. */
export interface TraceOptions extends StructLoggerConfig {
  /** Absent (or "") for the struct logger; "callTracer" for the call tree; "prestateTracer" for touched state. */
  tracer?: "callTracer" | "prestateTracer" | "";
  tracerConfig?: CallTracerConfig & PrestateTracerConfig;
  /** The largest output in bytes of JSON (approximate); past it, TraceLimitError. 0 or absent: unlimited. */
  maxBytes?: number;
}

export type TraceResult = StructLoggerResult | CallFrameJson | Record<string, unknown>;

/**
 * Runs `tx` with any Tracer attached and returns the untouched TxResult: the same applyTransaction call as
 * untraced execution, so gas, status, logs and the state diff are identical. Throws InvalidTransactionError
 * as applyTransaction does.
 */
export function traceWith(
  reader: StateReader,
  tx: Transaction,
  env: BlockEnv,
  rules: ForkRules,
  tracer: TransactionTracer,
): TxResult {
  tracer.onTxStart?.({ tx, from: tx.sender, gasLimit: tx.gasLimit });
  const result = applyTransaction(reader, tx, env, rules, { tracer: new TraceContext(tracer) });
  tracer.onTxEnd?.(result);
  return result;
}

/** debug_traceTransaction: the struct logger's result, or callTracer's frame tree with `tracer: "callTracer"`. */
export function traceTransaction(
  reader: StateReader,
  tx: Transaction,
  env: BlockEnv,
  rules: ForkRules,
  options: TraceOptions = {},
): TraceResult {
  return traceTransactionWithResult(reader, tx, env, rules, options).trace;
}

/** traceTransaction plus the transaction's own result (its diff), for tracing a block's transactions in turn. */
export function traceTransactionWithResult(
  reader: StateReader,
  tx: Transaction,
  env: BlockEnv,
  rules: ForkRules,
  options: TraceOptions = {},
): { trace: TraceResult; result: TxResult } {
  const tracer = options.tracer ?? "";
  if (tracer === "callTracer") {
    const t = new CallTracer(options.tracerConfig, options.maxBytes ?? 0);
    const result = traceWith(reader, tx, env, rules, t);
    return { trace: t.result(), result };
  }
  if (tracer === "prestateTracer") {
    const t = new PrestateTracer(reader, env, rules, options.tracerConfig, options.maxBytes ?? 0);
    const result = traceWith(reader, tx, env, rules, t);
    return { trace: t.result(), result };
  }
  if (tracer !== "") throw new Error(`tracer not supported: ${String(tracer)}`);
  const t = new StructLogger(options);
  const result = traceWith(reader, tx, env, rules, t);
  return { trace: t.result(), result };
}

/**
 * debug_traceCall: traces an unsigned call against `reader` (the state it runs on is not modified), built
 * by the same callTransaction as eth_call and eth_estimateGas.
 */
export function traceCall(
  reader: StateReader,
  call: CallMessage,
  env: BlockEnv,
  rules: ForkRules,
  options: TraceOptions = {},
  build: CallBuildOptions = {},
): TraceResult {
  const built = callTransaction(reader, call, env, rules, build);
  return traceTransaction(reader, built.tx, built.env, rules, options);
}
