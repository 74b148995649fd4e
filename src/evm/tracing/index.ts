// Transaction tracing compatible with geth's debug_traceTransaction / debug_traceCall (docs/tracing.md).
export { type CallFrameJson, type CallLogJson, CallTracer, type CallTracerConfig } from "./call-tracer.js";
export { TraceContext } from "./context.js";
export { decodeRevertReason, OP_NAMES } from "./format.js";
export type { TraceHooks } from "./hooks.js";
export {
  type StructLog,
  StructLogger,
  type StructLoggerConfig,
  type StructLoggerResult,
} from "./struct-logger.js";
export {
  type CallMessage,
  callTransaction,
  type TraceOptions,
  type TraceResult,
  traceCall,
  traceTransaction,
  traceWith,
} from "./trace.js";
export type {
  CallType,
  EnterEvent,
  ExitEvent,
  StepCapture,
  StepEvent,
  Tracer,
  TxStartEvent,
} from "./types.js";
