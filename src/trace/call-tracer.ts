// geth's callTracer: the tree of call frames (top-level call or creation, every CALL, CALLCODE,
// DELEGATECALL, STATICCALL, CREATE, CREATE2 and SELFDESTRUCT), with the options `onlyTopCall` and `withLog`
// (go-ethereum eth/tracers/native/call.go). Quantities and bytes are hex strings, keys in geth's order.

import type { Log } from "../evm/log.js";
import { decodeRevertReason } from "../evm/tracing/format.js";
import type { TxResult } from "../tx/execute.js";
import { addressHex, bytesHex, hashHex, quantityHex } from "./format.js";
import { TraceLimitError } from "./struct-logger.js";
import type { CallType, EnterEvent, ExitEvent, TransactionTracer, TxStartEvent } from "./types.js";

export interface CallTracerConfig {
  /** Trace only the top-level call. */
  onlyTopCall?: boolean;
  /** Include the logs each frame emitted (cleared for frames that failed, and below them). */
  withLog?: boolean;
}

export interface CallLogJson {
  address: string;
  topics: string[];
  data: string;
  /** How many sub-calls of the frame precede the log. */
  position: string;
}

export interface CallFrameJson {
  from: string;
  gas: string;
  gasUsed: string;
  to?: string;
  input: string;
  output?: string;
  error?: string;
  revertReason?: string;
  calls?: CallFrameJson[];
  logs?: CallLogJson[];
  value?: string;
  type: CallType;
}

interface FrameLog {
  log: Log;
  position: number;
}

interface CallFrame {
  type: CallType;
  from: bigint;
  to: bigint | undefined;
  value: bigint | undefined;
  gas: number | bigint;
  gasUsed: number | bigint;
  input: Uint8Array;
  output: Uint8Array | undefined;
  error: string | undefined;
  revertReason: string | undefined;
  calls: CallFrame[];
  logs: FrameLog[];
}

export class CallTracer implements TransactionTracer {
  private readonly stack: CallFrame[] = [];
  private root: CallFrame | undefined = undefined;
  private gasLimit = 0n;
  private readonly onlyTopCall: boolean;
  private readonly withLog: boolean;
  private readonly maxBytes: number;
  private bytes = 0;

  /** `maxBytes`: the largest output in bytes of JSON (approximate; 0: unlimited), else TraceLimitError. */
  constructor(
    readonly config: CallTracerConfig = {},
    maxBytes = 0,
  ) {
    this.onlyTopCall = config.onlyTopCall === true;
    this.withLog = config.withLog === true;
    this.maxBytes = maxBytes;
  }

  /** Counts `n` bytes of output; false once past the bound (result() then throws). */
  private grow(n: number): boolean {
    if (this.maxBytes === 0) return true;
    this.bytes += n;
    return this.bytes <= this.maxBytes;
  }

  onTxStart(e: TxStartEvent): void {
    this.gasLimit = e.gasLimit;
  }

  onEnter(e: EnterEvent): void {
    if (this.onlyTopCall && e.depth > 0) return;
    this.grow(300 + 2 * e.input.length);
    const frame: CallFrame = {
      type: e.type,
      from: e.from,
      to: e.to,
      value: e.value,
      gas: e.depth === 0 ? this.gasLimit : e.gas,
      gasUsed: 0,
      input: e.input,
      output: undefined,
      error: undefined,
      revertReason: undefined,
      calls: [],
      logs: [],
    };
    if (e.depth === 0) this.root = frame;
    this.stack.push(frame);
  }

  onLog(log: Log, depth: number): void {
    if (!this.withLog || (this.onlyTopCall && depth > 0)) return;
    const top = this.stack[this.stack.length - 1];
    if (top !== undefined && this.grow(200 + 2 * log.data.length + 70 * log.topics.length)) {
      top.logs.push({ log, position: top.calls.length });
    }
  }

  onExit(e: ExitEvent): void {
    if (this.onlyTopCall && e.depth > 0) return;
    const frame = this.stack.pop();
    if (frame === undefined) return;
    frame.gasUsed = e.gasUsed;
    this.grow(2 * e.output.length);
    processOutput(frame, e.output, e.error);
    const parent = this.stack[this.stack.length - 1];
    if (parent !== undefined) parent.calls.push(frame);
  }

  onTxEnd(result: TxResult): void {
    if (this.root === undefined) return;
    this.root.gasUsed = result.gasUsed;
    if (this.withLog) clearFailedLogs(this.root, false);
  }

  result(): CallFrameJson {
    if (this.root === undefined) throw new Error("callTracer: no transaction was traced");
    if (this.maxBytes > 0 && this.bytes > this.maxBytes) {
      throw new TraceLimitError(`trace output exceeds ${this.maxBytes} bytes (try onlyTopCall)`);
    }
    return toJson(this.root);
  }
}

/** geth's callFrame.processOutput: output on success, error (and revert data and reason) on failure. */
function processOutput(frame: CallFrame, output: Uint8Array, error: string | undefined): void {
  if (error === undefined) {
    frame.output = output;
    return;
  }
  frame.error = error;
  if (frame.type === "CREATE" || frame.type === "CREATE2") frame.to = undefined;
  if (error !== "execution reverted" || output.length === 0) return;
  frame.output = output;
  frame.revertReason = decodeRevertReason(output);
}

function clearFailedLogs(frame: CallFrame, parentFailed: boolean): void {
  const failed = frame.error !== undefined || parentFailed;
  if (failed) frame.logs = [];
  for (const child of frame.calls) clearFailedLogs(child, failed);
}

function toJson(f: CallFrame): CallFrameJson {
  // Keys in geth's order (encoding/json follows the struct's field order; `type` is marshalled last).
  const out: Partial<CallFrameJson> = {
    from: addressHex(f.from),
    gas: quantityHex(f.gas),
    gasUsed: quantityHex(f.gasUsed),
  };
  if (f.to !== undefined) out.to = addressHex(f.to);
  out.input = bytesHex(f.input);
  if (f.output !== undefined && f.output.length > 0) out.output = bytesHex(f.output);
  if (f.error !== undefined) out.error = f.error;
  if (f.revertReason !== undefined && f.revertReason !== "") out.revertReason = f.revertReason;
  if (f.calls.length > 0) out.calls = f.calls.map(toJson);
  if (f.logs.length > 0) {
    out.logs = f.logs.map(
      ({ log, position }): CallLogJson => ({
        address: addressHex(log.address),
        topics: log.topics.map(hashHex),
        data: bytesHex(log.data),
        position: quantityHex(position),
      }),
    );
  }
  if (f.value !== undefined) out.value = quantityHex(f.value);
  out.type = f.type;
  return out as CallFrameJson;
}
