// Compiles the word-core prototype (u256.as, AssemblyScript) in-process and instantiates it. The
// AssemblyScript compiler is an optional dependency: without it the caller gets undefined and skips.
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

/** The module's exports: each takes the byte address of the top stack item (see u256.as). */
export interface WordCore {
  memory: WebAssembly.Memory;
  add(p: number): void;
  sub(p: number): void;
  mul(p: number): void;
  div(p: number): void;
  mod(p: number): void;
  addmod(p: number): void;
  mulmod(p: number): void;
  xor(p: number): void;
  shl(p: number): void;
  shr(p: number): void;
  /** DUP/PUSH: the 32-byte word at src to dst (byte addresses). */
  copy(dst: number, src: number): void;
  /** SWAP: exchanges the words at x and y (byte addresses). */
  swap(x: number, y: number): void;
  /**
   * The loop over stack-only opcodes from the state block's pc (see u256.as): returns a LoopStatus,
   * NEEDS_HOST with pc at the first opcode it does not run.
   */
  run(codeLength: number): number;
}

/** The whole-loop prototype's memory map and status codes (u256.as). */
export const LOOP = {
  CODE: 65536,
  MAX_CODE: 24576,
  JUMPDESTS: 65536 + 24576,
  GAS_TABLE: 65536 + 2 * 24576,
  MIN_TABLE: 65536 + 2 * 24576 + 1024,
  MAX_TABLE: 65536 + 2 * 24576 + 2048,
  HERE_TABLE: 65536 + 2 * 24576 + 3072,
  STATE: 65536 + 2 * 24576 + 3072 + 256,
} as const;

export enum LoopStatus {
  RUNNING = 0,
  NEEDS_HOST = 1,
  STOPPED = 2,
  UNDERFLOW = 3,
  OVERFLOW = 4,
  OUT_OF_GAS = 5,
  BAD_JUMP = 6,
}

/** The opcodes the whole-loop prototype runs itself (its `switch` and the PUSH/DUP/SWAP ranges). */
export const LOOP_OPCODES: readonly number[] = [
  0x00,
  0x01,
  0x02,
  0x03,
  0x04,
  0x06,
  0x08,
  0x09,
  0x10,
  0x11,
  0x14,
  0x15,
  0x16,
  0x17,
  0x18,
  0x19,
  0x1b,
  0x1c,
  0x50,
  0x56,
  0x57,
  0x5b,
  ...Array.from({ length: 0x9f - 0x5f + 1 }, (_, i) => 0x5f + i),
];

/** Byte address of stack slot 0; slot i is at STACK_BASE + 32 * i. */
export const STACK_BASE = 1024;
/** Start of the free area after the stack and the division scratch (PUSH constants, operand pools). */
export const FREE_BASE = 40 * 1024;
/** Bytes of linear memory (2 pages). */
export const MEMORY_BYTES = 2 * 65536;

/** The AssemblyScript source, read from src (bench/evm/word-core/u256.as; dist holds no copy). */
function source(): string {
  const here = dirname(fileURLToPath(import.meta.url));
  // dist/bench/evm/word-core -> bench/evm/word-core
  return readFileSync(join(here, "..", "..", "..", "..", "bench", "evm", "word-core", "u256.as"), "utf8");
}

/**
 * Compiles and instantiates the core; undefined when assemblyscript is not installed. `optimize: false`
 * skips binaryen's optimizer (seconds on a loaded machine): the same semantics, for tests.
 */
export async function loadWordCore(options: { optimize?: boolean } = {}): Promise<WordCore | undefined> {
  let asc: typeof import("assemblyscript/asc");
  try {
    asc = await import("assemblyscript/asc");
  } catch {
    return undefined;
  }
  const text = source();
  let wasm: Uint8Array | undefined;
  let diagnostics = "";
  const { error } = await asc.main(
    [
      "u256.ts",
      "--outFile",
      "u256.wasm",
      "--runtime",
      "stub",
      options.optimize === false ? "-O0" : "-O3",
      "--noAssert",
      "--initialMemory",
      "2",
      "--enable",
      "simd",
    ],
    {
      readFile: (name: string) => (name === "u256.ts" ? text : null),
      writeFile: (name: string, contents: string | Uint8Array) => {
        if (name.endsWith(".wasm") && typeof contents !== "string") wasm = contents;
      },
      listFiles: () => [],
      stdout: { write: () => true },
      stderr: {
        write: (chunk: string | Uint8Array) => {
          diagnostics += typeof chunk === "string" ? chunk : Buffer.from(chunk).toString("utf8");
          return true;
        },
      },
    },
  );
  if (error || wasm === undefined) throw new Error(`word-core: asc failed: ${diagnostics || error?.message}`);
  const module = await WebAssembly.compile(new Uint8Array(wasm));
  const instance = await WebAssembly.instantiate(module, {
    env: {
      abort: () => {
        throw new Error("word-core: abort");
      },
    },
  });
  return instance.exports as unknown as WordCore;
}
