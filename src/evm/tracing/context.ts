// TraceContext: turns the interpreter's and host's hooks into Tracer events with geth's semantics.
//
// geth reports an opcode before running it, with its full cost (static + dynamic). Lanes charges dynamic gas
// inside the handlers, so the context holds the opcode's step as "pending" (state captured before the
// opcode) and completes its gasCost when the cost is known:
// - at the next step of the same frame: the gas difference;
// - when the opcode opens a child frame (CALL family, CREATE family, SELFDESTRUCT): the gas taken from the
//   frame so far (for creations, less the gas handed to the child, which geth does not count);
// - when the frame ends (STOP/RETURN/REVERT) or halts.
// At most one step is pending at a time: a parent's step is always completed before its child starts.
// Logs are read off `evm.logs` at every frame boundary, so the tracer sees them in order between calls.
import { create2Address, createAddress } from "../addresses.js";
import type { Evm } from "../evm.js";
import type { Frame } from "../frame.js";
import { type EvmHalt, STACK_OVERFLOW, STACK_UNDERFLOW } from "../halt.js";
import type { Host } from "../host.js";
import { CallKind, type CallResult, type CreateMessage, type Message } from "../message.js";
import { opcodeTable } from "../opcodes.js";
import {
  decodeRevertReason,
  gethCallError,
  gethHaltMessage,
  haltBeforeExecution,
  OP_NAMES,
} from "./format.js";
import type { TraceHooks } from "./hooks.js";
import type { CallType, EnterEvent, StepEvent, Tracer } from "./types.js";

const CALL_TYPES: Record<CallKind, CallType> = {
  [CallKind.Call]: "CALL",
  [CallKind.CallCode]: "CALLCODE",
  [CallKind.DelegateCall]: "DELEGATECALL",
  [CallKind.StaticCall]: "STATICCALL",
  [CallKind.Create]: "CREATE",
  [CallKind.Create2]: "CREATE2",
};

const EMPTY = new Uint8Array(0);

interface Pending {
  frame: Frame;
  event: StepEvent;
}

export class TraceContext implements TraceHooks {
  private pending: Pending | undefined = undefined;
  /** geth's message for the last halt, used for the frame's exit error. */
  private haltMessage: string | undefined = undefined;
  /** How many entries of evm.logs the tracer has been shown. */
  private logMark = 0;
  /** Depth of the frame currently executing (-1 outside the transaction's frames). */
  private depth = -1;
  private readonly wantStack: boolean;
  private readonly wantMemory: boolean;
  private readonly wantReturnData: boolean;
  private readonly wantStorage: boolean;

  constructor(readonly tracer: Tracer) {
    const c = tracer.capture ?? {};
    this.wantStack = c.stack === true;
    this.wantMemory = c.memory === true;
    this.wantReturnData = c.returnData === true;
    this.wantStorage = c.storage === true;
  }

  attach(evm: Evm): void {
    evm.tracer = this;
    evm.stepTracer = this.tracer.onStep !== undefined ? this : undefined;
  }

  // ----- steps -----

  step(f: Frame, pc: number, op: number, gas: number, sp: number): void {
    const p = this.pending;
    if (p !== undefined) this.complete(p, p.event.gas - gas);
    this.pending = { frame: f, event: this.capture(f, pc, op, gas, sp) };
  }

  end(f: Frame): void {
    const p = this.pending;
    if (p !== undefined) this.complete(p, p.event.gas - f.gas);
    if (!f.stopped) {
      // Ran off the end of the code: geth executes (and logs) the implicit STOP.
      const stop = this.capture(f, f.pc, 0x00, f.gas, f.sp);
      stop.gasCost = 0;
      this.emitStep(stop);
    }
  }

  fault(f: Frame, halt: EvmHalt, pc: number, gas: number, sp: number): void {
    const table = opcodeTable(f.host.rules);
    const stackError = halt === STACK_UNDERFLOW || halt === STACK_OVERFLOW;
    // Stack errors and static out-of-gas throw before the loop advances pc; handler errors after.
    const p = this.pending;
    const op = p !== undefined ? p.event.op : f.code[stackError ? pc : pc - 1]!;
    this.haltMessage = gethHaltMessage(halt, op, sp, table.minStack, table.maxStack);
    if (p === undefined) return;
    // The gas the failing opcode took: the interpreter's local after static gas, or the frame's after a
    // handler charged (and overdrew) it; whichever is lower is the later one.
    const left = gas < f.gas ? gas : f.gas;
    const cost = stackError ? table.staticGas[op]! : p.event.gas - left;
    if (haltBeforeExecution(halt)) p.event.error = this.haltMessage;
    this.complete(p, cost);
  }

  private capture(f: Frame, pc: number, op: number, gas: number, sp: number): StepEvent {
    const host = f.host;
    const event: StepEvent = {
      pc,
      op,
      opName: OP_NAMES[op]!,
      gas,
      gasCost: 0,
      depth: f.depth + 1,
      refund: host.refund > 0 ? host.refund : 0,
      address: f.address,
    };
    if (this.wantStack) event.stack = f.stack.slice(0, sp);
    if (this.wantMemory) event.memory = f.memory.buf.slice(0, f.memory.size);
    if (this.wantReturnData) event.returnData = f.returnData;
    if (this.wantStorage) {
      if (op === 0x54 && sp >= 1) {
        const key = f.stack[sp - 1]!;
        event.storage = { key, value: host.getStorage(f.address, key) };
      } else if (op === 0x55 && sp >= 2) {
        event.storage = { key: f.stack[sp - 1]!, value: f.stack[sp - 2]! };
      }
    }
    return event;
  }

  private complete(p: Pending, cost: number): void {
    this.pending = undefined;
    p.event.gasCost = cost;
    this.emitStep(p.event);
  }

  private emitStep(e: StepEvent): void {
    this.tracer.onStep?.(e);
  }

  /** Completes the pending step of the opcode opening a child frame; `childGas` is not part of its cost. */
  private completeOpener(childGas: number): void {
    const p = this.pending;
    if (p !== undefined) this.complete(p, p.event.gas - p.frame.gas - childGas);
  }

  // ----- logs -----

  private flushLogs(host: Host): void {
    const logs = host.logs;
    if (logs.length < this.logMark) this.logMark = logs.length;
    const onLog = this.tracer.onLog;
    if (onLog !== undefined) {
      for (let i = this.logMark; i < logs.length; i++) onLog.call(this.tracer, logs[i]!, this.depth);
    }
    this.logMark = logs.length;
  }

  // ----- frames -----

  private enter(host: Host, e: EnterEvent): void {
    this.flushLogs(host);
    this.depth = e.depth;
    this.haltMessage = undefined;
    this.tracer.onEnter?.(e);
  }

  private exit(
    host: Host,
    type: CallType,
    depth: number,
    gas: number,
    result: CallResult,
    output: Uint8Array,
  ): void {
    this.flushLogs(host);
    let error: string | undefined;
    let revertReason: string | undefined;
    if (!result.success) {
      error = this.haltMessage ?? gethCallError(result.error ?? "execution reverted");
      if (result.error === "revert") revertReason = decodeRevertReason(output);
    }
    this.haltMessage = undefined;
    this.depth = depth - 1;
    this.tracer.onExit?.({
      type,
      depth,
      gasUsed: gas - result.gasLeft,
      output,
      error,
      revertReason,
      createdAddress: result.success ? result.createdAddress : undefined,
    });
  }

  enterCall(host: Host, msg: Message): void {
    this.completeOpener(0);
    const kind = msg.kind;
    const inContext = kind === CallKind.CallCode || kind === CallKind.DelegateCall;
    this.enter(host, {
      type: CALL_TYPES[kind],
      from: inContext ? msg.to : msg.caller,
      to: inContext ? msg.codeAddress : msg.to,
      value: kind === CallKind.StaticCall ? undefined : msg.value,
      gas: msg.gas,
      input: msg.input,
      depth: msg.depth,
    });
  }

  exitCall(host: Host, msg: Message, result: CallResult): void {
    this.exit(host, CALL_TYPES[msg.kind], msg.depth, msg.gas, result, result.output);
  }

  enterCreate(host: Host, msg: CreateMessage): void {
    const { caller, initcode } = msg;
    this.completeOpener(msg.gas);
    const nonce = host.getNonce(caller);
    this.enter(host, {
      type: CALL_TYPES[msg.kind],
      from: caller,
      to:
        msg.kind === CallKind.Create
          ? createAddress(caller, nonce)
          : create2Address(caller, msg.salt, initcode),
      value: msg.value,
      gas: msg.gas,
      input: initcode,
      depth: msg.depth,
    });
  }

  exitCreate(host: Host, msg: CreateMessage, result: CallResult): void {
    const output =
      result.success && result.createdAddress !== undefined
        ? host.getCode(result.createdAddress)
        : result.output;
    this.exit(host, CALL_TYPES[msg.kind], msg.depth, msg.gas, result, output);
  }

  selfdestruct(f: Frame, beneficiary: bigint, balance: bigint): void {
    this.completeOpener(0);
    const host = f.host;
    const depth = f.depth + 1;
    this.enter(host, {
      type: "SELFDESTRUCT",
      from: f.address,
      to: beneficiary,
      value: balance,
      gas: 0,
      input: EMPTY,
      depth,
    });
    this.exit(host, "SELFDESTRUCT", depth, 0, { success: true, gasLeft: 0, output: EMPTY }, EMPTY);
  }
}
