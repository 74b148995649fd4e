// geth's default tracer (the struct/opcode logger): one entry per executed opcode, formatted exactly as
// `debug_traceTransaction` without a `tracer` prints it (go-ethereum eth/tracers/logger).
import type { TxResult } from "../tx/execute.js";
import { bytesHex, quantityHex, rawHex, wordHex } from "./format.js";
import type { ExitEvent, StepCapture, StepEvent, TransactionTracer } from "./types.js";

export interface StructLoggerConfig {
  /** Leave out `stack` (default: included). */
  disableStack?: boolean;
  /** Leave out `storage` on SLOAD/SSTORE (default: included). */
  disableStorage?: boolean;
  /** Include `memory` (default: left out). */
  enableMemory?: boolean;
  /** Include `returnData` (default: left out). */
  enableReturnData?: boolean;
  /** Stop recording after this many entries (0 or absent: unlimited). */
  limit?: number;
  /**
   * The largest output, in bytes of JSON (counted as entries are recorded, within a few percent): past it the
   * trace fails with TraceLimitError instead of growing further (0 or absent: unlimited).
   */
  maxBytes?: number;
}

/** A trace whose output would exceed the configured bound. */
export class TraceLimitError extends Error {
  override name = "TraceLimitError";
}

/** One struct log entry; keys in geth's order, optional ones left out as geth's `omitempty` does. */
export interface StructLog {
  pc: number;
  op: string;
  gas: number;
  gasCost: number;
  depth: number;
  error?: string;
  /** Words as `0x`-prefixed minimal hex, bottom of the stack first. */
  stack?: string[];
  returnData?: string;
  /** 32-byte words as 64 hex digits without prefix. */
  memory?: string[];
  /** Slots of the executing contract read or written so far in the transaction (64 hex digits, no prefix). */
  storage?: Record<string, string>;
  refund?: number;
}

export interface StructLoggerResult {
  /** Gas used by the transaction (after refunds), as the receipt counts it. */
  gas: number;
  failed: boolean;
  /** Output of a successful or reverted transaction (`0x`-prefixed); `0x` after any other failure. */
  returnValue: string;
  structLogs: StructLog[];
}

export class StructLogger implements TransactionTracer {
  readonly capture: StepCapture;
  private readonly logs: StructLog[] = [];
  private readonly limit: number;
  private readonly storage = new Map<bigint, Map<bigint, bigint>>();
  private output: Uint8Array = new Uint8Array(0);
  private error: string | undefined = undefined;
  private gasUsed = 0n;
  private readonly maxBytes: number;
  private bytes = 0;

  constructor(readonly config: StructLoggerConfig = {}) {
    this.capture = {
      stack: config.disableStack !== true,
      memory: config.enableMemory === true,
      returnData: config.enableReturnData === true,
      storage: config.disableStorage !== true,
    };
    this.limit = config.limit ?? 0;
    this.maxBytes = config.maxBytes ?? 0;
  }

  onStep(e: StepEvent): void {
    if (this.limit > 0 && this.logs.length >= this.limit) return;
    const log: StructLog = { pc: e.pc, op: e.opName, gas: e.gas, gasCost: e.gasCost, depth: e.depth };
    if (e.error !== undefined) log.error = e.error;
    if (e.stack !== undefined) log.stack = e.stack.map((w) => quantityHex(w));
    if (e.returnData !== undefined && e.returnData.length > 0) log.returnData = bytesHex(e.returnData);
    if (e.memory !== undefined && e.memory.length > 0) {
      const words: string[] = [];
      for (let i = 0; i + 32 <= e.memory.length; i += 32) words.push(rawHex(e.memory, i, i + 32));
      log.memory = words;
    }
    if (e.storage !== undefined) {
      let slots = this.storage.get(e.address);
      if (slots === undefined) {
        slots = new Map();
        this.storage.set(e.address, slots);
      }
      slots.set(e.storage.key, e.storage.value);
      // encoding/json sorts map keys; fixed-width hex sorts as the numbers do.
      const keys = [...slots.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
      const out: Record<string, string> = {};
      for (const k of keys) out[wordHex(k)] = wordHex(slots.get(k)!);
      log.storage = out;
    }
    if (e.refund > 0) log.refund = e.refund;
    if (this.maxBytes > 0) {
      this.bytes += entryBytes(log);
      // Thrown through the interpreter (it only catches EVM halts): the run stops here, not at its gas's end.
      if (this.bytes > this.maxBytes) {
        throw new TraceLimitError(
          `trace output exceeds ${this.maxBytes} bytes after ${this.logs.length} steps ` +
            '(use "limit", "disableStack" or "disableStorage", or the callTracer)',
        );
      }
    }
    this.logs.push(log);
  }

  onExit(e: ExitEvent): void {
    if (e.depth !== 0) return;
    this.output = e.output;
    this.error = e.error;
  }

  onTxEnd(result: TxResult): void {
    this.gasUsed = result.gasUsed;
  }

  result(): StructLoggerResult {
    const failed = this.error !== undefined;
    const returned = !failed || this.error === "execution reverted";
    return {
      gas: Number(this.gasUsed),
      failed,
      returnValue: returned ? bytesHex(this.output) : "0x",
      structLogs: this.logs,
    };
  }
}

/** The JSON size of one entry, counted as the serializer will write it (keys, quotes, commas). */
function entryBytes(log: StructLog): number {
  let n = 80 + log.op.length + (log.error?.length ?? 0);
  if (log.stack !== undefined) for (const w of log.stack) n += w.length + 3;
  if (log.memory !== undefined) n += log.memory.length * 67;
  if (log.returnData !== undefined) n += log.returnData.length + 16;
  if (log.storage !== undefined) n += Object.keys(log.storage).length * 134;
  return n;
}
