// Code runners: which engine runs a frame's code, chosen by the code's first bytes. EVM bytecode is the
// default; a higher layer (src/wasm for WebAssembly contracts, prefix 0xEF 0xF0 0x00) registers a runner
// for its prefix, so `evm` never imports it. Every registered prefix starts with 0xEF, a byte EIP-3541
// forbids at the start of deployed EVM code, so no EVM contract can be mistaken for another kind, and the
// check costs one byte comparison per frame when nothing is registered.
//
// Registration is per thread (module state): a Block-STM worker registers its runners when it starts,
// like the main thread, or its results would differ.
import type { Host } from "./host.js";
import type { CallResult, Message } from "./message.js";

/**
 * Runs the code of one message call to completion. The runner meters its own frame (starting from
 * `msg.gas`) and reaches the world only through `host`: state, access lists, logs, and nested calls and
 * creations with `host.call` / `host.create` (which run synchronously to completion, so a runner never
 * needs to suspend). The host takes the checkpoint before and rolls back after a failed result, and fires
 * the tracer's enter/exit hooks around it, as for an EVM frame.
 *
 * Result: `success` with the output and `gasLeft`; or a revert (`success: false`, `error: "revert"`,
 * output and `gasLeft` kept); or an exceptional halt (`success: false`, `gasLeft: 0`, `error` says why).
 * Creation initcode is always EVM code; a runner only runs the code stored at an account.
 */
export interface CodeRunner {
  /** A short name for errors and docs ("wasm"). */
  readonly name: string;
  run(host: Host, msg: Message, code: Uint8Array): CallResult;
  /**
   * Checks code with this runner's prefix that a creation is about to deposit, in place of the EVM's
   * size and EIP-3541 checks: an error message fails the creation as an exceptional halt (e.g. the chain
   * does not enable this kind of code, or the code does not validate). Without it, EIP-170's size limit
   * applies and any code is accepted.
   */
  checkDeposit?(host: Host, code: Uint8Array): string | undefined;
}

/** The byte every registered prefix starts with (EIP-3541 reserves it). */
export const RESERVED_CODE_BYTE = 0xef;

interface Registration {
  prefix: Uint8Array;
  runner: CodeRunner;
}

const registrations: Registration[] = [];

function startsWith(code: Uint8Array, prefix: Uint8Array): boolean {
  if (code.length < prefix.length) return false;
  for (let i = 0; i < prefix.length; i++) if (code[i] !== prefix[i]) return false;
  return true;
}

/**
 * Makes `runner` run every account code that starts with `prefix` (at least 2 bytes, first byte 0xEF, not
 * the EIP-7702 designator 0xEF01, not overlapping a registered prefix). Code with a registered prefix may
 * also be deposited by a creation, which EIP-3541 otherwise rejects. Returns a function that unregisters.
 */
export function registerCodeRunner(prefix: Uint8Array, runner: CodeRunner): () => void {
  if (prefix.length < 2 || prefix[0] !== RESERVED_CODE_BYTE) {
    throw new Error("a code-runner prefix has at least 2 bytes and starts with 0xEF");
  }
  if (prefix[1] === 0x01) throw new Error("0xEF01 is the EIP-7702 delegation designator");
  for (const r of registrations) {
    if (startsWith(prefix, r.prefix) || startsWith(r.prefix, prefix)) {
      throw new Error(`code-runner prefix overlaps the one registered for ${r.runner.name}`);
    }
  }
  const registration: Registration = { prefix: prefix.slice(), runner };
  registrations.push(registration);
  return () => {
    const i = registrations.indexOf(registration);
    if (i >= 0) registrations.splice(i, 1);
  };
}

/** The runner registered for `code`'s prefix, or undefined for EVM bytecode. Cheap: called per frame. */
export function codeRunnerFor(code: Uint8Array): CodeRunner | undefined {
  if (code[0] !== RESERVED_CODE_BYTE || registrations.length === 0) return undefined;
  for (const r of registrations) if (startsWith(code, r.prefix)) return r.runner;
  return undefined;
}
