// The internal hook surface the interpreter (per opcode) and the host (per frame) call when a tracer is
// attached to an Evm. Untraced execution pays one `!== undefined` test per opcode and per frame.
import type { Evm } from "../evm.js";
import type { Frame } from "../frame.js";
import type { EvmHalt } from "../halt.js";
import type { Host } from "../host.js";
import type { CallResult, CreateMessage, Message } from "../message.js";

export interface TraceHooks {
  /** Sets `evm.tracer` (and `evm.stepTracer` when steps are traced). */
  attach(evm: Evm): void;
  /** Before each opcode, with the interpreter's live pc, gas and stack height. */
  step(f: Frame, pc: number, op: number, gas: number, sp: number): void;
  /** A frame ran to STOP/RETURN/REVERT/SELFDESTRUCT or off the end of its code. */
  end(f: Frame): void;
  /** An exceptional halt, with the interpreter's locals at the throw. */
  fault(f: Frame, halt: EvmHalt, pc: number, gas: number, sp: number): void;
  /** A call starts (before its pre-checks), and ends with `result`. */
  enterCall(host: Host, msg: Message): void;
  exitCall(host: Host, msg: Message, result: CallResult): void;
  /** A creation starts (before its pre-checks and nonce increment), and ends with `result`. */
  enterCreate(host: Host, msg: CreateMessage): void;
  exitCreate(host: Host, msg: CreateMessage, result: CallResult): void;
  selfdestruct(f: Frame, beneficiary: bigint, balance: bigint): void;
}
