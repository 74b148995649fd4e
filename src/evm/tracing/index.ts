// The EVM's tracing hooks and the context that turns them into frame events; the transaction-level tracers
// (struct logger, callTracer) and their entry points are in src/trace.
export { TraceContext } from "./context.js";
export { decodeRevertReason, OP_NAMES } from "./format.js";
export type { TraceHooks } from "./hooks.js";
export type { CallType, EnterEvent, ExitEvent, StepCapture, StepEvent, Tracer } from "./types.js";
