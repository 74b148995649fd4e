// Activation: WASM contract code -> a compiled, instrumented WebAssembly.Module, or a WasmActivationError
// saying why the code is rejected. Activation is a pure function of the code bytes, so every thread (the
// main one and each Block-STM worker) can rebuild it on its own and gets the same program; each keeps a
// cache keyed by code hash, so a module is validated, instrumented and compiled by V8 once per thread.
//
// Order of checks: size, structure and policy (decodeModule, checkModule, instrument: each names what it
// rejects), then V8 validation of the original module (type rules), then compilation of the instrumented one.
import { keccak256 } from "../primitives/keccak.js";
import { type DataSegment, decodeModule } from "./binary/module.js";
import { WasmDecodeError } from "./binary/reader.js";
import { isWasmCode, moduleOfCode } from "./code-format.js";
import { reject, WasmActivationError } from "./errors.js";
import { instrument } from "./instrument.js";
import { WASM_PARAMS } from "./params.js";
import { checkModule } from "./validate.js";

export interface WasmProgram {
  readonly module: WebAssembly.Module;
  /** Pages of memory an instance starts with (charged by the memory model on every call). */
  readonly initialPages: number;
  /** Size of the original module in bytes. */
  readonly moduleSize: number;
  /** Size of the instrumented module in bytes. */
  readonly instrumentedSize: number;
  /** The active data segments, to restore a reused instance's memory. */
  readonly dataSegments: readonly DataSegment[];
  /** Idle instances ready for reuse (runner.ts), per thread. */
  readonly idle: WebAssembly.Instance[];
}

/** The bytes in a plain ArrayBuffer (code may live in a SharedArrayBuffer, which WebAssembly APIs refuse). */
function plainBytes(bytes: Uint8Array): Uint8Array<ArrayBuffer> {
  return bytes.buffer instanceof ArrayBuffer ? (bytes as Uint8Array<ArrayBuffer>) : new Uint8Array(bytes);
}

function compileMessage(bytes: Uint8Array<ArrayBuffer>): string {
  try {
    new WebAssembly.Module(bytes);
    return "rejected by the WebAssembly validator";
  } catch (e) {
    return e instanceof Error ? e.message.replace(/^WebAssembly\.Module\(\): /, "") : String(e);
  }
}

/** Validates, instruments and compiles a module (no prefix). Throws WasmActivationError. */
export function activateModule(wasm: Uint8Array): WasmProgram {
  if (wasm.length > WASM_PARAMS.maxModuleSize)
    reject(
      "too-large",
      `module of ${wasm.length} bytes exceeds the limit of ${WASM_PARAMS.maxModuleSize} bytes`,
    );
  try {
    const m = decodeModule(wasm);
    const hostImports = checkModule(m);
    const inst = instrument(m, hostImports);
    const original = plainBytes(wasm);
    if (!WebAssembly.validate(original)) reject("malformed", compileMessage(original));
    let module: WebAssembly.Module;
    try {
      module = new WebAssembly.Module(plainBytes(inst.bytes));
    } catch (e) {
      throw new Error(`wasm: instrumentation produced an invalid module: ${(e as Error).message}`);
    }
    return {
      module,
      initialPages: inst.initialPages,
      moduleSize: wasm.length,
      instrumentedSize: inst.bytes.length,
      dataSegments: m.dataSegments.map((d) => ({ offset: d.offset, bytes: d.bytes.slice() })),
      idle: [],
    };
  } catch (e) {
    if (e instanceof WasmDecodeError) throw new WasmActivationError("malformed", e.message);
    throw e;
  }
}

/** Activates contract code (with its prefix). Throws WasmActivationError, also for code without the prefix. */
export function activateCode(code: Uint8Array): WasmProgram {
  if (!isWasmCode(code)) reject("malformed", "code does not start with the WASM prefix 0xEF 0xF0 0x00");
  return activateModule(moduleOfCode(code));
}

/** A thread's activated programs (and rejections), by code hash, least recently used evicted first. */
const cache = new Map<string, WasmProgram | WasmActivationError>();
const CACHE_LIMIT = 512;
let hits = 0;
let misses = 0;

function hashKey(codeHash: Uint8Array): string {
  return Buffer.from(codeHash.buffer, codeHash.byteOffset, codeHash.byteLength).toString("latin1");
}

/**
 * The program for contract code, from this thread's cache or activated now. `codeHash` is keccak256(code)
 * when the caller has it (the state usually does); otherwise it is computed. Throws WasmActivationError.
 */
export function programFor(code: Uint8Array, codeHash?: Uint8Array): WasmProgram {
  const key = hashKey(codeHash ?? keccak256(code));
  let entry = cache.get(key);
  if (entry !== undefined) {
    hits++;
    cache.delete(key);
    cache.set(key, entry);
  } else {
    misses++;
    try {
      entry = activateCode(code);
    } catch (e) {
      if (!(e instanceof WasmActivationError)) throw e;
      entry = e;
    }
    cache.set(key, entry);
    if (cache.size > CACHE_LIMIT) cache.delete(cache.keys().next().value!);
  }
  if (entry instanceof WasmActivationError) throw entry;
  return entry;
}

/** Cache counters of this thread (for tests and stats). */
export function programCacheStats(): { size: number; hits: number; misses: number } {
  return { size: cache.size, hits, misses };
}

export function clearProgramCache(): void {
  cache.clear();
  hits = 0;
  misses = 0;
}
