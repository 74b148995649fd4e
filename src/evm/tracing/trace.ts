// Tracing entry points: run one transaction (or an unsigned call) through applyTransaction, the same path
// untraced execution takes, with a tracer attached, and return geth's JSON for debug_traceTransaction /
// debug_traceCall.

import type { StateReader } from "../../state/types.js";
import { applyTransaction, type TxResult } from "../../tx/execute.js";
import type { AccessListEntry, Transaction } from "../../tx/types.js";
import { type BlockEnv, makeEnv } from "../env.js";
import type { ForkRules } from "../forks.js";
import { type CallFrameJson, CallTracer, type CallTracerConfig } from "./call-tracer.js";
import { TraceContext } from "./context.js";
import { StructLogger, type StructLoggerConfig, type StructLoggerResult } from "./struct-logger.js";
import type { Tracer } from "./types.js";

/** geth's TraceConfig: the struct logger's options, or a named tracer with its config. */
export interface TraceOptions extends StructLoggerConfig {
  /** Absent (or "") for the struct logger; "callTracer" for the call tree. */
  tracer?: "callTracer" | "";
  tracerConfig?: CallTracerConfig;
}

export type TraceResult = StructLoggerResult | CallFrameJson;

/** An unsigned call, as debug_traceCall / eth_call take it. */
export interface CallMessage {
  /** Default: the zero address. */
  from?: bigint;
  /** Absent for a creation. */
  to?: bigint;
  /** Default: the block gas limit, capped at the fork's transaction gas cap (EIP-7825). */
  gas?: bigint;
  /** Legacy pricing (default 0). */
  gasPrice?: bigint;
  /** EIP-1559 pricing; when set, the call is priced as a type-2 transaction. */
  maxFeePerGas?: bigint;
  maxPriorityFeePerGas?: bigint;
  value?: bigint;
  data?: Uint8Array;
  accessList?: AccessListEntry[];
}

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
  tracer: Tracer,
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
  const tracer = options.tracer ?? "";
  if (tracer === "callTracer") {
    const t = new CallTracer(options.tracerConfig);
    traceWith(reader, tx, env, rules, t);
    return t.result();
  }
  if (tracer !== "") throw new Error(`tracer not supported: ${String(tracer)}`);
  const t = new StructLogger(options);
  traceWith(reader, tx, env, rules, t);
  return t.result();
}

/**
 * The transaction debug_traceCall executes for `call`, as geth builds it: the sender's current nonce, gas
 * defaulting to the block gas limit (within the fork's cap), and, when no gas price is given, a zero base fee (geth lowers the
 * block's base fee to 0 for such calls, so BASEFEE reads 0) and a zero gas price. Checks that geth skips for
 * calls but applyTransaction makes (sender has code, gas above the block limit) still apply.
 */
export function callTransaction(
  reader: StateReader,
  call: CallMessage,
  env: BlockEnv,
  rules: ForkRules,
): { tx: Transaction; env: BlockEnv } {
  const cap = rules.txGasLimitCap;
  const defaultGas = cap !== undefined && cap < env.gasLimit ? cap : env.gasLimit;
  const from = call.from ?? 0n;
  const dynamic = call.maxFeePerGas !== undefined || call.maxPriorityFeePerGas !== undefined;
  const gasPrice = call.gasPrice ?? 0n;
  const maxFee = dynamic ? (call.maxFeePerGas ?? call.maxPriorityFeePerGas ?? 0n) : gasPrice;
  const tip = dynamic ? (call.maxPriorityFeePerGas ?? 0n) : gasPrice;
  const zeroPrice = maxFee === 0n;
  const tx: Transaction = {
    type: dynamic ? 2 : call.accessList !== undefined ? 1 : 0,
    chainId: env.chainId,
    nonce: reader.getAccount(from)?.nonce ?? 0n,
    gasLimit: call.gas ?? defaultGas,
    to: call.to,
    value: call.value ?? 0n,
    data: call.data ?? new Uint8Array(0),
    gasPrice: dynamic ? 0n : gasPrice,
    maxFeePerGas: maxFee,
    maxPriorityFeePerGas: tip,
    accessList: call.accessList ?? [],
    maxFeePerBlobGas: 0n,
    blobVersionedHashes: [],
    authorizationList: [],
    sender: from,
  };
  return { tx, env: zeroPrice ? makeEnv({ ...env, baseFee: 0n }, env.blockHash) : env };
}

/** debug_traceCall: traces an unsigned call against `reader` (the state it runs on is not modified). */
export function traceCall(
  reader: StateReader,
  call: CallMessage,
  env: BlockEnv,
  rules: ForkRules,
  options: TraceOptions = {},
): TraceResult {
  const built = callTransaction(reader, call, env, rules);
  return traceTransaction(reader, built.tx, built.env, rules, options);
}
