// The EVM host: runs messages (calls and creations) against a WorldState, nesting frames, moving value,
// dispatching precompiles, following EIP-7702 delegations, and rolling back failed frames.
import type { WorldState } from "../state/world-state.js";
import { create2Address, createAddress } from "./addresses.js";
import { analyzeCode } from "./code-analysis.js";
import type { BlockEnv } from "./env.js";
import type { ForkRules } from "./forks.js";
import { Frame } from "./frame.js";
import { G_CODE_DEPOSIT, MAX_CALL_DEPTH, MAX_CODE_SIZE } from "./gas-constants.js";
import { runFrame } from "./interpreter.js";
import type { Log } from "./log.js";
import { CallKind, type CallResult, type Message } from "./message.js";
import { type OpcodeTable, opcodeTable } from "./opcodes.js";
import { getPrecompile } from "./precompiles/index.js";
import type { TraceHooks } from "./tracing/hooks.js";

export interface TxContext {
  origin: bigint;
  gasPrice: bigint;
  blobHashes: Uint8Array[];
}

const EMPTY = new Uint8Array(0);
const MAX_NONCE = (1n << 64n) - 1n;

export class Evm {
  logs: Log[] = [];
  /** The refund counter (EIP-3529); may dip below zero inside a transaction. */
  refund = 0;
  readonly table: OpcodeTable;
  private readonly stacks: bigint[][] = [];
  /** Frame hooks of an attached tracer (src/evm/tracing); undefined when not tracing. */
  tracer: TraceHooks | undefined = undefined;
  /** The per-opcode hook; set only when the attached tracer traces steps. */
  stepTracer: TraceHooks | undefined = undefined;

  constructor(
    readonly state: WorldState,
    readonly env: BlockEnv,
    readonly rules: ForkRules,
    readonly tx: TxContext,
  ) {
    this.table = opcodeTable(rules);
  }

  /** Stacks are reused per depth: a frame's stack is dead once the frame returns. */
  private stackAt(depth: number): bigint[] {
    let s = this.stacks[depth];
    if (s === undefined) {
      s = new Array<bigint>(1024).fill(0n);
      this.stacks[depth] = s;
    }
    return s;
  }

  call(msg: Message): CallResult {
    const tracer = this.tracer;
    if (tracer === undefined) return this.runCall(msg);
    tracer.enterCall(this, msg);
    const result = this.runCall(msg);
    tracer.exitCall(this, msg, result);
    return result;
  }

  private runCall(msg: Message): CallResult {
    const state = this.state;
    if (msg.depth > MAX_CALL_DEPTH)
      return { success: false, gasLeft: msg.gas, output: EMPTY, error: "call depth" };
    if (msg.transfersValue && msg.value !== 0n && state.getBalance(msg.caller) < msg.value) {
      return { success: false, gasLeft: msg.gas, output: EMPTY, error: "insufficient balance" };
    }
    const precompile = msg.delegated ? undefined : getPrecompile(msg.codeAddress, this.rules);
    const checkpoint = state.checkpoint();
    const logCount = this.logs.length;
    const refund = this.refund;

    if (msg.kind === CallKind.Call) {
      if (precompile === undefined && msg.value === 0n && !state.exists(msg.to)) {
        return { success: true, gasLeft: msg.gas, output: EMPTY };
      }
      if (msg.value !== 0n) state.subBalance(msg.caller, msg.value);
      state.addBalance(msg.to, msg.value);
    } else if (msg.kind === CallKind.StaticCall) {
      // A zero-value credit, as geth does, so an empty target counts as touched (EIP-161).
      state.addBalance(msg.to, 0n);
    }

    if (precompile !== undefined) {
      const r = precompile(msg.input, msg.gas, this.rules);
      if (!r.success) {
        this.rollback(checkpoint, logCount, refund);
        return { success: false, gasLeft: 0, output: EMPTY, error: "precompile failure" };
      }
      return { success: true, gasLeft: msg.gas - r.gasUsed, output: r.output };
    }

    const code = this.codeAt(msg.codeAddress, msg.delegated);
    if (code.length === 0) return { success: true, gasLeft: msg.gas, output: EMPTY };

    const analysis = analyzeCode(code);
    const frame = new Frame(
      this,
      this.stackAt(msg.depth),
      code,
      analysis.jumpdests,
      analysis.pushValues,
      msg.gas,
      msg.to,
      msg.caller,
      msg.value,
      msg.input,
      msg.isStatic,
      msg.depth,
    );
    const halt = runFrame(frame, this.table);
    if (halt !== undefined) {
      this.rollback(checkpoint, logCount, refund);
      return { success: false, gasLeft: 0, output: EMPTY, error: halt.reason };
    }
    if (frame.reverted) {
      this.rollback(checkpoint, logCount, refund);
      return { success: false, gasLeft: frame.gas, output: frame.output, error: "revert" };
    }
    return { success: true, gasLeft: frame.gas, output: frame.output };
  }

  /** Code to run for an address; a delegate's code, when reached through a designator, never chains. */
  private codeAt(address: bigint, viaDelegation: boolean): Uint8Array {
    if (viaDelegation && getPrecompile(address, this.rules) !== undefined) return EMPTY;
    return this.state.getCode(address);
  }

  /**
   * CREATE (salt undefined) or CREATE2. Increments the creator's nonce, checks collisions, runs the
   * initcode and deposits the returned code.
   */
  create(
    caller: bigint,
    value: bigint,
    initcode: Uint8Array,
    gas: number,
    depth: number,
    salt: bigint | undefined,
  ): CallResult {
    const tracer = this.tracer;
    if (tracer === undefined) return this.runCreate(caller, value, initcode, gas, depth, salt);
    tracer.enterCreate(this, caller, value, initcode, gas, depth, salt);
    const result = this.runCreate(caller, value, initcode, gas, depth, salt);
    tracer.exitCreate(this, gas, depth, salt, result);
    return result;
  }

  private runCreate(
    caller: bigint,
    value: bigint,
    initcode: Uint8Array,
    gas: number,
    depth: number,
    salt: bigint | undefined,
  ): CallResult {
    const state = this.state;
    if (depth > MAX_CALL_DEPTH) return { success: false, gasLeft: gas, output: EMPTY, error: "call depth" };
    if (state.getBalance(caller) < value) {
      return { success: false, gasLeft: gas, output: EMPTY, error: "insufficient balance" };
    }
    const nonce = state.getNonce(caller);
    if (nonce >= MAX_NONCE) return { success: false, gasLeft: gas, output: EMPTY, error: "nonce overflow" };
    state.setNonce(caller, nonce + 1n);
    const address =
      salt === undefined ? createAddress(caller, nonce) : create2Address(caller, salt, initcode);
    state.warmAddress(address);
    if (state.hasCollision(address)) {
      return { success: false, gasLeft: 0, output: EMPTY, error: "create collision" };
    }

    const checkpoint = state.checkpoint();
    const logCount = this.logs.length;
    const refund = this.refund;
    state.createContractAccount(address);
    state.setNonce(address, 1n);
    if (value !== 0n) state.subBalance(caller, value);
    state.addBalance(address, value);

    const initAnalysis = analyzeCode(initcode);
    const frame = new Frame(
      this,
      this.stackAt(depth),
      initcode,
      initAnalysis.jumpdests,
      initAnalysis.pushValues,
      gas,
      address,
      caller,
      value,
      EMPTY,
      false,
      depth,
    );
    const halt = runFrame(frame, this.table);
    let error: string | undefined = halt?.reason;
    if (error === undefined && !frame.reverted) {
      const code = frame.output;
      if (code.length > MAX_CODE_SIZE) error = "max code size exceeded";
      else if (code.length > 0 && code[0] === 0xef) error = "invalid code: starts with 0xef";
      else {
        const deposit = G_CODE_DEPOSIT * code.length;
        if (frame.gas < deposit) error = "code deposit out of gas";
        else {
          frame.gas -= deposit;
          state.setCode(address, code);
          return { success: true, gasLeft: frame.gas, output: EMPTY, createdAddress: address };
        }
      }
    }
    this.rollback(checkpoint, logCount, refund);
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
