// Transaction tracing compatible with geth's debug_traceTransaction / debug_traceCall (docs/tracing.md), over
// the EVM's hooks (src/evm/tracing).
export { decodeRevertReason, OP_NAMES } from "../evm/tracing/format.js";
export { AccessListTracer, createAccessList } from "./access-list.js";
export {
  type BuiltCall,
  type CallBuildOptions,
  type CallMessage,
  callGasCap,
  callTransaction,
} from "./call-message.js";
export { type CallFrameJson, type CallLogJson, CallTracer, type CallTracerConfig } from "./call-tracer.js";
export { PrestateTracer, type PrestateTracerConfig } from "./prestate-tracer.js";
export {
  type StructLog,
  StructLogger,
  type StructLoggerConfig,
  type StructLoggerResult,
  TraceLimitError,
} from "./struct-logger.js";
export {
  type TraceOptions,
  type TraceResult,
  traceCall,
  traceTransaction,
  traceTransactionWithResult,
  traceWith,
} from "./trace.js";
export type {
  CallType,
  EnterEvent,
  ExitEvent,
  FrameTracer,
  StepCapture,
  StepEvent,
  TransactionTracer,
  TxStartEvent,
} from "./types.js";
