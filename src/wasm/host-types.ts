// What the WASM runner needs from the EVM: the subset of the EVM's Host seam (evm/host.ts) that vm_hooks
// use, declared here so the runner depends on this list only. Evm implements it.
import type { BlockEnv } from "../evm/env.js";
import type { ForkRules } from "../evm/forks.js";
import type { Log } from "../evm/log.js";
import type { CallResult, Message } from "../evm/message.js";

export interface WasmTxContext {
  origin: bigint;
  gasPrice: bigint;
}

/** A creation request as the host takes it (CREATE when salt is undefined). */
export interface WasmCreate {
  caller: bigint;
  value: bigint;
  initcode: Uint8Array;
  gas: number;
  depth: number;
  salt: bigint | undefined;
}

export interface WasmHost {
  readonly env: BlockEnv;
  readonly tx: WasmTxContext;
  readonly rules: ForkRules;
  getBalance(address: bigint): bigint;
  getCode(address: bigint): Uint8Array;
  getCodeHash(address: bigint): Uint8Array;
  isDead(address: bigint): boolean;
  /** Marks the address warm; true when it was cold. */
  warmAddress(address: bigint): boolean;
  /** Marks the slot warm; true when it was cold. */
  warmSlot(address: bigint, slot: bigint): boolean;
  getStorage(address: bigint, slot: bigint): bigint;
  getOriginalStorage(address: bigint, slot: bigint): bigint;
  setStorage(address: bigint, slot: bigint, value: bigint): void;
  getTransient(address: bigint, slot: bigint): bigint;
  setTransient(address: bigint, slot: bigint, value: bigint): void;
  addRefund(delta: number): void;
  emitLog(log: Log): void;
  call(msg: Message): CallResult;
  create(msg: WasmCreate): CallResult;
}
