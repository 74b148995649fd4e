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
}

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

export async function loadWordCore(): Promise<WordCore | undefined> {
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
      "-O3",
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
