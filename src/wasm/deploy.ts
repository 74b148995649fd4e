// Deployable init code for a WASM contract: a 12-byte EVM loader that copies the code appended after it
// (0xEF 0xF0 0x00 + module) into memory and returns it, so an ordinary CREATE/CREATE2 deposits it.
import { WASM_CODE_PREFIX } from "./code-format.js";

const LOADER_SIZE = 12;

/** Init code that deploys `module` as a WASM contract. */
export function wasmInitCode(module: Uint8Array): Uint8Array {
  const size = WASM_CODE_PREFIX.length + module.length;
  if (size > 0xffff) throw new RangeError(`module of ${module.length} bytes is too large to deploy`);
  const loader = Uint8Array.of(
    0x61,
    size >> 8,
    size & 0xff, // PUSH2 size
    0x80, // DUP1
    0x60,
    LOADER_SIZE, // PUSH1 offset
    0x60,
    0x00, // PUSH1 0
    0x39, // CODECOPY(0, offset, size)
    0x60,
    0x00, // PUSH1 0
    0xf3, // RETURN(0, size)
  );
  const out = new Uint8Array(LOADER_SIZE + size);
  out.set(loader);
  out.set(WASM_CODE_PREFIX, LOADER_SIZE);
  out.set(module, LOADER_SIZE + WASM_CODE_PREFIX.length);
  return out;
}
