// geth's vocabulary for what the hooks report: opcode names, error messages of halts and failed frames, and
// revert-reason decoding (Error(string) and Panic(uint256), as go-ethereum's abi.UnpackRevert). The hex
// output formatting of the transaction-level tracers lives in src/trace/format.ts.
import { FORKS } from "../forks.js";
import { type EvmHalt, INVALID_OPCODE, OUT_OF_GAS, STACK_OVERFLOW, STACK_UNDERFLOW } from "../halt.js";
import { opcodeTable } from "../opcodes.js";

/** geth's OpCode.String() for every byte (fork-independent, as geth's is). */
export const OP_NAMES: readonly string[] = (() => {
  const names = opcodeTable(FORKS.Osaka).names.slice();
  for (let op = 0; op < 256; op++) {
    if (names[op] === "INVALID" && op !== 0xfe) names[op] = `opcode 0x${op.toString(16)} not defined`;
  }
  names[0x44] = "DIFFICULTY";
  return names;
})();

// ----- errors -----

/** geth's message for a frame-level failure, from the Lanes CallResult.error. */
const CALL_ERRORS: Record<string, string> = {
  revert: "execution reverted",
  "call depth": "max call depth exceeded",
  "insufficient balance": "insufficient balance for transfer",
  "create collision": "contract address collision",
  "nonce overflow": "nonce uint64 overflow",
  "code deposit out of gas": "contract creation code storage out of gas",
  "invalid code: starts with 0xef": "invalid code: must not begin with 0xef",
};

export function gethCallError(error: string): string {
  return CALL_ERRORS[error] ?? error;
}

/** geth's message for an exceptional halt at `op` with `sp` stack items (limits from the opcode table). */
export function gethHaltMessage(
  halt: EvmHalt,
  op: number,
  sp: number,
  minStack: Int32Array,
  maxStack: Int32Array,
): string {
  if (halt === STACK_UNDERFLOW) return `stack underflow (${sp} <=> ${minStack[op]})`;
  if (halt === STACK_OVERFLOW) return `stack limit reached ${sp} (${maxStack[op]})`;
  if (halt === INVALID_OPCODE) return `invalid opcode: ${OP_NAMES[op]}`;
  return halt.reason;
}

/** Whether geth reports this halt on the opcode's own struct log (it fails before the opcode runs). */
export function haltBeforeExecution(halt: EvmHalt): boolean {
  return halt === STACK_UNDERFLOW || halt === STACK_OVERFLOW || halt === OUT_OF_GAS;
}

// ----- revert reasons -----

const PANIC_REASONS: Record<number, string> = {
  0: "generic panic",
  1: "assert(false)",
  17: "arithmetic underflow or overflow",
  18: "division or modulo by zero",
  33: "enum overflow",
  34: "invalid encoded storage byte array accessed",
  49: "out-of-bounds array access; popping on an empty array",
  50: "out-of-bounds access of an array or bytesSlice",
  65: "out of memory",
  81: "uninitialized function",
};

function readWord(data: Uint8Array, offset: number): bigint | undefined {
  if (offset + 32 > data.length) return undefined;
  let v = 0n;
  for (let i = offset; i < offset + 32; i++) v = (v << 8n) | BigInt(data[i]!);
  return v;
}

const utf8 = new TextDecoder("utf-8", { fatal: false });

/**
 * The reason of revert data encoded as Error(string) (selector 0x08c379a0) or Panic(uint256) (0x4e487b71);
 * undefined for anything else or for malformed encodings.
 */
export function decodeRevertReason(data: Uint8Array): string | undefined {
  if (data.length < 4) return undefined;
  const selector = ((data[0]! << 24) | (data[1]! << 16) | (data[2]! << 8) | data[3]!) >>> 0;
  const body = data.subarray(4);
  if (selector === 0x08c379a0) {
    const offset = readWord(body, 0);
    if (offset === undefined || offset > BigInt(body.length)) return undefined;
    const length = readWord(body, Number(offset));
    if (length === undefined) return undefined;
    const start = Number(offset) + 32;
    if (length > BigInt(body.length - start)) return undefined;
    return utf8.decode(body.subarray(start, start + Number(length)));
  }
  if (selector === 0x4e487b71) {
    const code = readWord(body, 0);
    if (code === undefined) return undefined;
    const known = code < 0x100n ? PANIC_REASONS[Number(code)] : undefined;
    return known ?? `unknown panic code: 0x${code.toString(16)}`;
  }
  return undefined;
}
