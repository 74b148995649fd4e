// Runs a call into WASM contract code: activation (from this thread's cache), entry charges (a fixed call
// cost and the memory model's price for the instance's initial pages), instantiation with the vm_hooks,
// the ink meter and stack budget set from the frame's gas and the transaction's budget, then
// `user_entrypoint(len)`. The outcome maps onto the EVM's:
//   status 0                      success, output from write_result
//   non-zero status / exit_early  revert, with the output as revert data and the gas left kept
//   out of ink, out of stack, a trap, a host-function halt (write protection, bad pointer, ...)
//                                 an exceptional halt: all the frame's gas is consumed
// Checkpoints and rollback of state, logs and refunds are the host's (as for an EVM frame).
//
// Instances are reused: creating one costs ~100-250 us on this machine (mostly V8 reserving and zeroing its
// memory), far more than a token transfer. After a call, an instance whose memory did not grow is put
// back in its program's idle list with its memory zeroed, its data segments copied back and its mutable
// globals reset (the added `stylus_reset` export): exactly the state of a fresh instance, so reuse cannot
// change a result. An instance in use (a reentrant call) is never idle, so nested calls get their own.
import type { CodeRunner } from "../evm/code-runners.js";
import { MAX_CODE_SIZE } from "../evm/gas-constants.js";
import type { Host } from "../evm/host.js";
import type { CallResult, Message } from "../evm/message.js";
import { programFor, type WasmProgram } from "./activate.js";
import { current, ExitEarly, OUT_OF_GAS, setCurrent, txState, WasmCall, WasmHalt } from "./call-context.js";
import { WasmActivationError } from "./errors.js";
import {
  ENTRYPOINT,
  INK_LEFT_EXPORT,
  INK_STATUS_EXPORT,
  STACK_LEFT_EXPORT,
  STATUS_OUT_OF_INK,
  STATUS_OUT_OF_STACK,
} from "./host-abi.js";
import { RESET_EXPORT } from "./instrument.js";
import { WASM_CALL_ENTRY_GAS, WASM_PARAMS } from "./params.js";
import { memoryGas } from "./pricing.js";
import { VM_HOOKS_IMPORTS } from "./vm-hooks.js";

const EMPTY = new Uint8Array(0);
/** The most gas a frame meters in ink (ink must stay an exact integer in a double); the rest is set aside. */
const MAX_METERED_GAS = Math.floor(Number.MAX_SAFE_INTEGER / WASM_PARAMS.inkPrice);

function halt(error: string): CallResult {
  return { success: false, gasLeft: 0, output: EMPTY, error };
}

/** Programs by code array: state readers hand out the same array for an account's code, so this skips hashing. */
const byCode = new WeakMap<Uint8Array, WasmProgram>();

function program(host: Host, msg: Message, code: Uint8Array): WasmProgram {
  let p = byCode.get(code);
  if (p === undefined) {
    p = programFor(code, host.getCodeHash(msg.codeAddress));
    byCode.set(code, p);
  }
  return p;
}

/** Idle instances kept per program (more are created when calls nest). */
const MAX_IDLE = 2;

function acquire(prog: WasmProgram): WebAssembly.Instance {
  return prog.idle.pop() ?? new WebAssembly.Instance(prog.module, VM_HOOKS_IMPORTS);
}

/** Returns an instance to the idle list in the state of a fresh one, if its memory can be restored. */
function release(prog: WasmProgram, instance: WebAssembly.Instance, memory: WebAssembly.Memory): void {
  if (prog.idle.length >= MAX_IDLE || memory.buffer.byteLength !== prog.initialPages * 65536) return;
  const bytes = new Uint8Array(memory.buffer);
  bytes.fill(0);
  for (const d of prog.dataSegments) bytes.set(d.bytes, d.offset);
  (instance.exports[RESET_EXPORT] as () => void)();
  prog.idle.push(instance);
}

/** Runs `code` (a WASM contract) for `msg` on `host`. */
export function runWasm(host: Host, msg: Message, code: Uint8Array): CallResult {
  // Without the chain flag the code is EVM code starting with 0xEF: an invalid opcode.
  if (!host.rules.wasm) return halt("invalid opcode");
  let prog: WasmProgram;
  try {
    prog = program(host, msg, code);
  } catch (e) {
    if (e instanceof WasmActivationError) return halt(e.message);
    throw e;
  }
  const tx = txState(host);
  const metered = Math.min(msg.gas, MAX_METERED_GAS);
  const reserved = msg.gas - metered;

  // Entry: the call's fixed cost, the stack budget, and the initial pages.
  const entryGas = WASM_CALL_ENTRY_GAS + memoryGas(prog.initialPages, tx.openPages, tx.everPages);
  if (metered < entryGas) return { success: false, gasLeft: reserved, output: EMPTY, error: OUT_OF_GAS };
  if (tx.stackLeft < WASM_PARAMS.callEntrySlots) return halt("wasm: out of stack (transaction stack budget)");

  const reentrant = (tx.active.get(msg.to) ?? 0) > 0;
  const frame = new WasmCall(host, msg, tx, reentrant);
  frame.pages = prog.initialPages;
  const stackAtEntry = tx.stackLeft;
  tx.openPages += prog.initialPages;
  if (tx.openPages > tx.everPages) tx.everPages = tx.openPages;
  tx.active.set(msg.to, (tx.active.get(msg.to) ?? 0) + 1);
  const caller = current;
  setCurrent(frame);
  let instance: WebAssembly.Instance | undefined;
  try {
    try {
      instance = acquire(prog);
    } catch (e) {
      if (e instanceof WebAssembly.RuntimeError || e instanceof WebAssembly.LinkError)
        return halt(`wasm: instantiation failed: ${e.message}`);
      throw e;
    }
    const exports = instance.exports;
    frame.memory = exports.memory as WebAssembly.Memory;
    frame.inkGlobal = exports[INK_LEFT_EXPORT] as WebAssembly.Global;
    frame.stackGlobal = exports[STACK_LEFT_EXPORT] as WebAssembly.Global;
    frame.setInk((metered - entryGas) * WASM_PARAMS.inkPrice);
    frame.stackGlobal.value = stackAtEntry - WASM_PARAMS.callEntrySlots;
    // Nested WASM frames draw on what this one leaves (read back from its global when it calls out).
    tx.stackLeft = stackAtEntry - WASM_PARAMS.callEntrySlots;
    const entry = exports[ENTRYPOINT] as (len: number) => number;
    let status: number;
    try {
      status = entry(msg.input.length);
    } catch (e) {
      if (e instanceof ExitEarly) status = e.status;
      else if (e instanceof WasmHalt) return { ...halt(e.message), gasLeft: 0 };
      else if (e instanceof WebAssembly.RuntimeError) {
        const why = (exports[INK_STATUS_EXPORT] as WebAssembly.Global).value as number;
        if (why === STATUS_OUT_OF_INK) return halt(OUT_OF_GAS);
        if (why === STATUS_OUT_OF_STACK) return halt("wasm: out of stack");
        return halt(`wasm trap: ${e.message}`);
      } else if (e instanceof RangeError && /call stack/i.test(e.message)) {
        // Never expected: the stack budget keeps WASM frames well inside V8's stack.
        return halt("wasm: host stack exhausted");
      } else throw e;
    }
    const gasLeft = Math.floor(frame.inkLeft() / WASM_PARAMS.inkPrice) + reserved;
    if (status === 0) return { success: true, gasLeft, output: frame.output };
    return { success: false, gasLeft, output: frame.output, error: "revert" };
  } finally {
    if (instance !== undefined) release(prog, instance, frame.memory);
    setCurrent(caller);
    tx.stackLeft = stackAtEntry;
    tx.openPages -= frame.pages;
    const n = tx.active.get(msg.to)! - 1;
    if (n === 0) tx.active.delete(msg.to);
    else tx.active.set(msg.to, n);
  }
}

/**
 * Activation on deploy: the code a creation returns is validated, instrumented and compiled before it is
 * deposited; a rejected module fails the creation with the rejection as its error. Without the chain flag
 * the EVM's own checks apply (EIP-170 size, then EIP-3541's ban on 0xEF).
 */
function checkDeposit(host: Host, code: Uint8Array): string | undefined {
  if (!host.rules.wasm)
    return code.length > MAX_CODE_SIZE ? "max code size exceeded" : "invalid code: starts with 0xef";
  try {
    programFor(code);
    return undefined;
  } catch (e) {
    if (e instanceof WasmActivationError) return e.message;
    throw e;
  }
}

export const wasmRunner: CodeRunner = { name: "wasm", run: runWasm, checkDeposit };
