// The code format of a WebAssembly contract: account code that starts with 0xEF 0xF0 0x00 (Stylus's prefix,
// in the byte range EIP-3541 keeps EVM code out of) followed by a WebAssembly module.

export const WASM_CODE_PREFIX: Uint8Array = Uint8Array.of(0xef, 0xf0, 0x00);

export function isWasmCode(code: Uint8Array): boolean {
  return code.length >= 3 && code[0] === 0xef && code[1] === 0xf0 && code[2] === 0x00;
}

/** The module inside WASM contract code (a view, no copy). */
export function moduleOfCode(code: Uint8Array): Uint8Array {
  return code.subarray(WASM_CODE_PREFIX.length);
}

/** Account code for a module: the prefix followed by the module's bytes. */
export function wasmContractCode(module: Uint8Array): Uint8Array {
  const code = new Uint8Array(WASM_CODE_PREFIX.length + module.length);
  code.set(WASM_CODE_PREFIX);
  code.set(module, WASM_CODE_PREFIX.length);
  return code;
}
