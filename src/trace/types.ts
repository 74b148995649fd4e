// The transaction-level tracer interface: the EVM's frame events (src/evm/tracing/types.ts) between
// onTxStart and onTxEnd. Events arrive in execution order: onTxStart, then nested onEnter/onExit pairs with
// onStep and onLog inside, then onTxEnd with the transaction's result.
import type { Tracer } from "../evm/tracing/types.js";
import type { TxResult } from "../tx/execute.js";
import type { Transaction } from "../tx/types.js";

export type {
  CallType,
  EnterEvent,
  ExitEvent,
  StepCapture,
  StepEvent,
  Tracer as FrameTracer,
} from "../evm/tracing/types.js";

export interface TxStartEvent {
  tx: Transaction;
  from: bigint;
  gasLimit: bigint;
}

/** A tracer of one transaction: the frame events plus its start and end. */
export interface TransactionTracer extends Tracer {
  onTxStart?(e: TxStartEvent): void;
  onTxEnd?(result: TxResult): void;
}
