// The EVM host and its frame loop: runs messages (calls and creations) against a WorldState. Nested calls
// and creations run on an explicit frame stack (a CALL/CREATE opcode suspends its frame and names the
// child; the loop starts the child, and resumes the parent with the child's result), so call depth costs
// heap, not JavaScript stack: a 1,024-deep chain runs on V8's default stack. The host also moves value,
// dispatches precompiles (contextual ones with the message and the host) and code runners (code-runners.ts),
// follows EIP-7702 delegations, deposits created code and rolls back failed frames.
import type { WorldState } from "../state/world-state.js";
import { create2Address, createAddress } from "./addresses.js";
import { creditBalance, OVERFLOW_PAYMENT, paymentOverflows } from "./balance-credit.js";
import { codeRunnerFor } from "./code-runners.js";
import type { BlockEnv } from "./env.js";
import { type ForkRules, maxCodeSizeOf } from "./forks.js";
import { CHILD_CALL, Frame, NO_CHILD } from "./frame.js";
import { acquireStack, releaseMemory, releaseStack } from "./frame-pool.js";
import { G_CODE_DEPOSIT, MAX_CALL_DEPTH } from "./gas-constants.js";
import { reserveLeft } from "./gas-reserve.js";
import type { EvmHalt } from "./halt.js";
import type { Host, TxContext } from "./host.js";
import { resumeAfterChild } from "./instructions/system.js";
import { runFrame } from "./interpreter.js";
import type { Log } from "./log.js";
import { CallKind, type CallResult, type CreateMessage, isCreateMessage, type Message } from "./message.js";
import { type OpcodeTable, opcodeTable } from "./opcodes.js";
import { getPrecompile } from "./precompiles/index.js";
import type { TraceHooks } from "./tracing/hooks.js";

export type { TxContext } from "./host.js";

/**
 * A callee whose message had a reserve and that never ran a frame (a pre-check failed, a precompile, empty
 * code, a code runner): it hands the whole reserve back unless it halted exceptionally. A frame's result
 * already carries its own (finishFrame).
 */
function settleReserve(result: CallResult, reserve: bigint): void {
  if (result.gasLeftReserve === undefined) result.gasLeftReserve = reserveLeft(result, reserve);
}

const EMPTY = new Uint8Array(0);
const MAX_NONCE = (1n << 64n) - 1n;

export class Evm implements Host {
  logs: Log[] = [];
  /** The refund counter (EIP-3529); may dip below zero inside a transaction. */
  refund = 0;
  readonly table: OpcodeTable;
  /** Frame hooks of an attached tracer (src/evm/tracing); undefined when not tracing. */
  tracer: TraceHooks | undefined = undefined;
  /** The per-opcode hook; set only when the attached tracer traces steps. */
  stepTracer: TraceHooks | undefined = undefined;

  constructor(
    private readonly state: WorldState,
    readonly env: BlockEnv,
    readonly rules: ForkRules,
    readonly tx: TxContext,
  ) {
    this.table = opcodeTable(rules);
  }

  // ----- Host: state, access lists, refunds, logs -----

  getBalance(address: bigint): bigint {
    return this.state.getBalance(address);
  }

  getNonce(address: bigint): bigint {
    return this.state.getNonce(address);
  }

  getCode(address: bigint): Uint8Array {
    return this.state.getCode(address);
  }

  getCodeHash(address: bigint): Uint8Array {
    return this.state.getCodeHash(address);
  }

  isDead(address: bigint): boolean {
    return this.state.isDead(address);
  }

  exists(address: bigint): boolean {
    return this.state.exists(address);
  }

  hasSelfDestructed(address: bigint): boolean {
    return this.state.isSelfDestructed(address);
  }

  warmAddress(address: bigint): boolean {
    return this.state.warmAddress(address);
  }

  warmSlot(address: bigint, slot: bigint): boolean {
    return this.state.warmSlot(address, slot);
  }

  getStorage(address: bigint, slot: bigint): bigint {
    return this.state.getStorage(address, slot);
  }

  getOriginalStorage(address: bigint, slot: bigint): bigint {
    return this.state.getOriginalStorage(address, slot);
  }

  setStorage(address: bigint, slot: bigint, value: bigint): void {
    this.state.setStorage(address, slot, value);
  }

  getTransient(address: bigint, slot: bigint): bigint {
    return this.state.getTransient(address, slot);
  }

  setTransient(address: bigint, slot: bigint, value: bigint): void {
    this.state.setTransient(address, slot, value);
  }

  addRefund(delta: number): void {
    this.refund += delta;
  }

  emitLog(log: Log): void {
    this.logs.push(log);
  }

  selfDestruct(address: bigint, beneficiary: bigint): void {
    const state = this.state;
    const balance = state.getBalance(address);
    if (!this.rules.eip6780) {
      // Before Cancun every self-destruct deletes the account; a self-beneficiary's balance is burnt.
      creditBalance(this.rules, state, beneficiary, balance);
      state.setBalance(address, 0n);
      state.markSelfDestruct(address);
      return;
    }
    // EIP-6780: only an account created in this transaction is deleted; otherwise just move the balance.
    if (state.isCreatedInTx(address)) {
      state.setBalance(address, 0n);
      creditBalance(this.rules, state, beneficiary, beneficiary === address ? 0n : balance);
      state.markSelfDestruct(address);
    } else if (beneficiary !== address) {
      state.setBalance(address, 0n);
      creditBalance(this.rules, state, beneficiary, balance);
    }
  }

  // ----- Host: calls and creations -----

  call(msg: Message): CallResult {
    const started = this.startCall(msg);
    return started instanceof Frame ? this.runFrames(started) : started;
  }

  create(msg: CreateMessage): CallResult {
    const started = this.startCreate(msg);
    return started instanceof Frame ? this.runFrames(started) : started;
  }

  /**
   * The frame loop: runs `root` and every frame it nests to completion. A frame that opens a child stays
   * on `frames` (suspended, its locals saved in the Frame) while the child runs; a child that needs no
   * frame (precompile, empty code, failed pre-checks, a code runner) resumes its parent at once.
   */
  private runFrames(root: Frame): CallResult {
    const frames: Frame[] = [root];
    const table = this.table;
    let frame = root;
    for (;;) {
      const halt = runFrame(frame, table);
      if (halt === undefined && frame.childKind !== NO_CHILD) {
        const child =
          frame.childKind === CHILD_CALL
            ? this.startCall(frame.childCall!)
            : this.startCreate(frame.childCreate!);
        if (child instanceof Frame) {
          frames.push(child);
          frame = child;
        } else {
          resumeAfterChild(frame, child);
        }
        continue;
      }
      const result = this.finishFrame(frame, halt);
      frames.pop();
      // A tracer may hold on to the frame; its buffers are pooled only when nothing can see them.
      if (this.tracer === undefined) {
        releaseStack(frame.stack);
        releaseMemory(frame.memory);
      }
      const parent = frames[frames.length - 1];
      if (parent === undefined) return result;
      resumeAfterChild(parent, result);
      frame = parent;
    }
  }

  /** Pre-checks, value transfer and precompile/runner dispatch of a call; a Frame when EVM code must run. */
  private startCall(msg: Message): Frame | CallResult {
    this.tracer?.enterCall(this, msg);
    const state = this.state;
    if (msg.depth > MAX_CALL_DEPTH) {
      return this.callDone(msg, { success: false, gasLeft: msg.gas, output: EMPTY, error: "call depth" });
    }
    if (msg.transfersValue && msg.value !== 0n && state.getBalance(msg.caller) < msg.value) {
      return this.callDone(msg, {
        success: false,
        gasLeft: msg.gas,
        output: EMPTY,
        error: "insufficient balance",
      });
    }
    const precompile = msg.delegated ? undefined : getPrecompile(msg.codeAddress, this.rules);
    const checkpoint = state.checkpoint();
    const logCount = this.logs.length;
    const refund = this.refund;

    if (msg.kind === CallKind.Call) {
      // EIP-161: a zero-value call does not create its target (before it, the credit below does).
      if (precompile === undefined && msg.value === 0n && this.rules.eip161 && !state.exists(msg.to)) {
        return this.callDone(msg, { success: true, gasLeft: msg.gas, output: EMPTY });
      }
      if (msg.value !== 0n) state.subBalance(msg.caller, msg.value);
      if (msg.to !== msg.caller && paymentOverflows(this.rules, state, msg.to, msg.value)) {
        // Devnet rule (balance-credit.ts): revm halts, spending the frame's gas, after taking the value from
        // the caller without giving it back: the debit above stays outside the frame's rollback.
        this.rollback(checkpoint, logCount, refund);
        state.subBalance(msg.caller, msg.value);
        return this.callDone(msg, { success: false, gasLeft: 0, output: EMPTY, error: OVERFLOW_PAYMENT });
      }
      state.addBalance(msg.to, msg.value);
    } else if (msg.kind === CallKind.StaticCall) {
      // A zero-value credit, as geth does, so an empty target counts as touched (EIP-161).
      state.addBalance(msg.to, 0n);
    }

    if (precompile !== undefined) {
      if (msg.codeAddress > 0x100n) {
        const contextual = this.rules.extraPrecompiles?.contextual?.(msg.codeAddress);
        if (contextual !== undefined) {
          const r = contextual.run(this, msg);
          if (!r.success) this.rollback(checkpoint, logCount, refund);
          return this.callDone(msg, r);
        }
      }
      const r = precompile(msg.input, msg.gas, this.rules);
      if (!r.success) {
        this.rollback(checkpoint, logCount, refund);
        return this.callDone(msg, { success: false, gasLeft: 0, output: EMPTY, error: "precompile failure" });
      }
      return this.callDone(msg, { success: true, gasLeft: msg.gas - r.gasUsed, output: r.output });
    }

    const code = this.codeAt(msg.codeAddress, msg.delegated);
    if (code.length === 0) return this.callDone(msg, { success: true, gasLeft: msg.gas, output: EMPTY });

    const runner = codeRunnerFor(code);
    if (runner !== undefined) {
      const r = runner.run(this, msg, code);
      if (!r.success) this.rollback(checkpoint, logCount, refund);
      return this.callDone(msg, r);
    }

    const frame = new Frame(this, msg, code, acquireStack());
    frame.checkpoint = checkpoint;
    frame.logCount = logCount;
    frame.refundAtEntry = refund;
    return frame;
  }

  private callDone(msg: Message, result: CallResult): CallResult {
    if (msg.gasReserve !== undefined) settleReserve(result, msg.gasReserve);
    this.tracer?.exitCall(this, msg, result);
    return result;
  }

  /** Code to run for an address; a delegate's code, when reached through a designator, never chains. */
  private codeAt(address: bigint, viaDelegation: boolean): Uint8Array {
    if (viaDelegation && getPrecompile(address, this.rules) !== undefined) return EMPTY;
    return this.state.getCode(address);
  }

  /**
   * Pre-checks of a creation (depth, balance, nonce, collision), the nonce increment and the endowment;
   * the Frame that runs the initcode, or the result when it cannot start.
   */
  private startCreate(msg: CreateMessage): Frame | CallResult {
    this.tracer?.enterCreate(this, msg);
    const state = this.state;
    const { caller, value, gas } = msg;
    if (msg.depth > MAX_CALL_DEPTH) {
      return this.createDone(msg, { success: false, gasLeft: gas, output: EMPTY, error: "call depth" });
    }
    if (state.getBalance(caller) < value) {
      return this.createDone(msg, {
        success: false,
        gasLeft: gas,
        output: EMPTY,
        error: "insufficient balance",
      });
    }
    const nonce = state.getNonce(caller);
    if (nonce >= MAX_NONCE) {
      return this.createDone(msg, { success: false, gasLeft: gas, output: EMPTY, error: "nonce overflow" });
    }
    state.setNonce(caller, nonce + 1n);
    const address =
      msg.kind === CallKind.Create2
        ? create2Address(caller, msg.salt, msg.initcode)
        : createAddress(caller, nonce);
    state.warmAddress(address);
    if (state.hasCollision(address)) {
      return this.createDone(msg, { success: false, gasLeft: 0, output: EMPTY, error: "create collision" });
    }

    const checkpoint = state.checkpoint();
    const logCount = this.logs.length;
    const refund = this.refund;
    state.createContractAccount(address);
    // EIP-161: contracts start at nonce 1 (before it, at 0).
    if (this.rules.eip161) state.setNonce(address, 1n);
    if (paymentOverflows(this.rules, state, address, value)) {
      // Devnet rule (balance-credit.ts): revm checks the endowment before debiting the caller, so the
      // creation halts with its gas spent and the caller keeps the value (its nonce stays incremented).
      this.rollback(checkpoint, logCount, refund);
      return this.createDone(msg, { success: false, gasLeft: 0, output: EMPTY, error: OVERFLOW_PAYMENT });
    }
    if (value !== 0n) state.subBalance(caller, value);
    state.addBalance(address, value);

    const frame = new Frame(this, msg, msg.initcode, acquireStack(), address);
    frame.checkpoint = checkpoint;
    frame.logCount = logCount;
    frame.refundAtEntry = refund;
    return frame;
  }

  private createDone(msg: CreateMessage, result: CallResult): CallResult {
    if (msg.gasReserve !== undefined) settleReserve(result, msg.gasReserve);
    this.tracer?.exitCreate(this, msg, result);
    return result;
  }

  /** The result of a frame that ended (halt: its exceptional halt), after rollback or code deposit. */
  private finishFrame(frame: Frame, halt: EvmHalt | undefined): CallResult {
    const msg = frame.message;
    if (isCreateMessage(msg)) {
      const created = this.finishCreate(frame, halt);
      if (frame.gasReserve !== 0n || msg.gasReserve !== undefined) {
        created.gasLeftReserve = reserveLeft(created, frame.gasReserve);
      }
      return this.createDone(msg, created);
    }
    let result: CallResult;
    if (halt !== undefined) {
      result = { success: false, gasLeft: 0, output: EMPTY, error: halt.reason };
    } else if (frame.reverted) {
      result = { success: false, gasLeft: frame.gas, output: frame.output, error: "revert" };
    } else {
      result = { success: true, gasLeft: frame.gas, output: frame.output };
    }
    // Above 2^52 gas: what is left of the frame's own reserve (gas-reserve.ts), not its message's.
    if (frame.gasReserve !== 0n || msg.gasReserve !== undefined) {
      result.gasLeftReserve = reserveLeft(result, frame.gasReserve);
    }
    if (!result.success) this.rollback(frame.checkpoint, frame.logCount, frame.refundAtEntry);
    return this.callDone(msg, result);
  }

  /** Deposits the code an initcode frame returned (size, EIP-3541 prefix and deposit gas checked). */
  private finishCreate(frame: Frame, halt: EvmHalt | undefined): CallResult {
    let error: string | undefined = halt?.reason;
    if (error === undefined && !frame.reverted) {
      const code = frame.output;
      const runner = code.length > 0 && code[0] === 0xef ? codeRunnerFor(code) : undefined;
      const rules = this.rules;
      if (runner?.checkDeposit !== undefined) error = runner.checkDeposit(this, code);
      else if (rules.eip170 && code.length > maxCodeSizeOf(this.rules)) error = "max code size exceeded";
      else if (rules.eip3541 && code.length > 0 && code[0] === 0xef && runner === undefined)
        error = "invalid code: starts with 0xef";
      if (error === undefined) {
        const deposit = G_CODE_DEPOSIT * code.length;
        if (frame.gas < deposit) {
          // Before EIP-2 (Homestead) the creation succeeds without code when the deposit cannot be paid.
          if (!rules.eip2)
            return { success: true, gasLeft: frame.gas, output: EMPTY, createdAddress: frame.address };
          error = "code deposit out of gas";
        } else {
          frame.gas -= deposit;
          this.state.setCode(frame.address, code);
          return { success: true, gasLeft: frame.gas, output: EMPTY, createdAddress: frame.address };
        }
      }
    }
    this.rollback(frame.checkpoint, frame.logCount, frame.refundAtEntry);
    if (error === undefined)
      return { success: false, gasLeft: frame.gas, output: frame.output, error: "revert" };
    return { success: false, gasLeft: 0, output: EMPTY, error };
  }

  private rollback(checkpoint: number, logCount: number, refund: number): void {
    this.state.revert(checkpoint);
    this.logs.length = logCount;
    this.refund = refund;
  }
}
