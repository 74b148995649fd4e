// Why a WebAssembly contract was rejected at activation. Each rejection class has a stable code (for tests
// and tools) and a message that names what was found, so a developer can fix the module.

export type RejectionCode =
  /** Not well-formed WebAssembly, or invalid by the WebAssembly type rules. */
  | "malformed"
  /** Larger than the module size limit. */
  | "too-large"
  /** An import that is not one of the host's vm_hooks functions with its exact signature. */
  | "unknown-import"
  /** The module has a start function (it would run during instantiation, outside metering). */
  | "start-function"
  /** Initial memory beyond the page limit, more than one memory, or a shared / 64-bit memory. */
  | "memory-limit"
  /** A floating-point type or instruction (rejected: results must not depend on the host's float unit). */
  | "float"
  /** An instruction or feature outside the accepted set (SIMD, atomics, reference types, ...). */
  | "unsupported"
  /** A count limit (functions, locals, globals, table entries, exports) exceeded. */
  | "limits"
  /** Missing or wrongly typed `user_entrypoint` / `memory` export, or a reserved export name. */
  | "exports";

export class WasmActivationError extends Error {
  override name = "WasmActivationError";
  constructor(
    readonly code: RejectionCode,
    message: string,
  ) {
    super(`wasm: ${message}`);
  }
}

export function reject(code: RejectionCode, message: string): never {
  throw new WasmActivationError(code, message);
}
