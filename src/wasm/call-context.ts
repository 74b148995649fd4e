// The state of one WASM contract call while it runs: its message, instance, memory, ink meter and the last
// call's return data; plus the per-transaction state all WASM frames of a transaction share (stack budget,
// memory pages in use, which contracts are on the call stack). Host functions reach the running call
// through `current` (one instance runs at a time on a thread; nested calls save and restore it).

import type { Host } from "../evm/host.js";
import type { Message } from "../evm/message.js";
import { WASM_PARAMS } from "./params.js";

/** Ends the call from inside a host function: an exceptional halt (all the frame's gas is consumed). */
export class WasmHalt extends Error {
  override name = "WasmHalt";
}

/** exit_early(status): ends the call with the output written so far (status 0 returns, else reverts). */
export class ExitEarly {
  constructor(readonly status: number) {}
}

export const OUT_OF_GAS = "out of gas";

/** Shared by every WASM frame of one transaction (keyed by the host, which lives for one transaction). */
export interface TxWasmState {
  /** Stack slots left for WASM frames at every depth (WASM_PARAMS.stackBudget at the start). */
  stackLeft: number;
  /** Memory pages held by live WASM frames, and the most held at once (the memory model's inputs). */
  openPages: number;
  everPages: number;
  /** Live WASM frames per executing address (msg_reentrant). */
  active: Map<bigint, number>;
}

const txStates = new WeakMap<Host, TxWasmState>();

export function txState(host: Host): TxWasmState {
  let s = txStates.get(host);
  if (s === undefined) {
    s = { stackLeft: WASM_PARAMS.stackBudget, openPages: 0, everPages: 0, active: new Map() };
    txStates.set(host, s);
  }
  return s;
}

const EMPTY = new Uint8Array(0);

export class WasmCall {
  /** The exported globals the instrumentation added (set once the instance exists). */
  inkGlobal!: WebAssembly.Global;
  stackGlobal!: WebAssembly.Global;
  memory!: WebAssembly.Memory;
  private view: Uint8Array = EMPTY;
  /** Output set by write_result. */
  output: Uint8Array = EMPTY;
  /** Return data of the last call or creation this frame made. */
  returnData: Uint8Array = EMPTY;
  /** Pages this frame holds (initial plus grown), released when it ends. */
  pages = 0;

  constructor(
    readonly host: Host,
    readonly msg: Message,
    readonly tx: TxWasmState,
    readonly reentrant: boolean,
  ) {}

  /** The instance's memory as bytes (re-read after memory.grow detaches the old buffer). */
  bytes(): Uint8Array {
    if (this.view.byteLength === 0 || this.view.buffer !== this.memory.buffer)
      this.view = new Uint8Array(this.memory.buffer);
    return this.view;
  }

  /** Bounds-checked copy out of memory. */
  read(ptr: number, len: number): Uint8Array {
    const mem = this.bytes();
    const p = ptr >>> 0;
    const n = len >>> 0;
    if (p + n > mem.length) throw new WasmHalt(`wasm: memory read [${p}, ${p + n}) out of bounds`);
    return mem.slice(p, p + n);
  }

  write(ptr: number, data: Uint8Array): void {
    const mem = this.bytes();
    const p = ptr >>> 0;
    if (p + data.length > mem.length)
      throw new WasmHalt(`wasm: memory write [${p}, ${p + data.length}) out of bounds`);
    mem.set(data, p);
  }

  inkLeft(): number {
    return Number(this.inkGlobal.value as bigint);
  }

  setInk(ink: number): void {
    this.inkGlobal.value = BigInt(ink);
  }

  /** Charges ink; out of gas (an exceptional halt) when there is not enough. */
  buyInk(ink: number): void {
    const left = this.inkLeft() - ink;
    if (left < 0) {
      this.setInk(0);
      throw new WasmHalt(OUT_OF_GAS);
    }
    this.setInk(left);
  }

  buyGas(gas: number): void {
    this.buyInk(gas * WASM_PARAMS.inkPrice);
  }

  /** Gas left, rounded down (a fraction of a gas in ink cannot be spent on EVM work). */
  gasLeft(): number {
    return Math.floor(this.inkLeft() / WASM_PARAMS.inkPrice);
  }

  /** Returns gas to the meter (what a nested call did not use). */
  refundGas(gas: number): void {
    this.setInk(this.inkLeft() + gas * WASM_PARAMS.inkPrice);
  }

  requireGas(gas: number): void {
    if (this.gasLeft() < gas) throw new WasmHalt(OUT_OF_GAS);
  }

  /** Before a nested call: what this frame has not used of the stack budget is what nested frames get. */
  lendStack(): void {
    this.tx.stackLeft = this.stackGlobal.value as number;
  }

  /** Halts with write protection when the frame is static (STATICCALL rules). */
  requireWritable(what: string): void {
    if (this.msg.isStatic) throw new WasmHalt(`write protection: ${what} in a static call`);
  }
}

/** The call whose host functions are running (undefined outside WASM execution). */
export let current: WasmCall | undefined;

export function setCurrent(call: WasmCall | undefined): void {
  current = call;
}
