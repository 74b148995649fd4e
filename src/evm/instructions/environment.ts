// Call-context and account opcodes: ADDRESS BALANCE ORIGIN CALLER CALLVALUE CALLDATA* CODESIZE CODECOPY
// GASPRICE EXTCODESIZE EXTCODECOPY RETURNDATASIZE RETURNDATACOPY EXTCODEHASH SELFBALANCE.
import type { Frame } from "../frame.js";
import { G_COLD_ACCOUNT_ACCESS, G_COPY_WORD, G_WARM_ACCESS } from "../gas-constants.js";
import { RETURN_DATA_OUT_OF_BOUNDS } from "../halt.js";
import { readWord } from "../word-bytes.js";

const ADDRESS_MASK = (1n << 160n) - 1n;

/** EIP-2929: charge for touching an account (the table charges nothing up front for these). */
export function chargeAccountAccess(f: Frame, address: bigint): void {
  f.useGas(f.host.warmAddress(address) ? G_COLD_ACCOUNT_ACCESS : G_WARM_ACCESS);
}

export function address(f: Frame): void {
  f.stack[f.sp++] = f.address;
}

export function balance(f: Frame): void {
  const i = f.sp - 1;
  const a = f.stack[i]! & ADDRESS_MASK;
  chargeAccountAccess(f, a);
  f.stack[i] = f.host.getBalance(a);
}

export function origin(f: Frame): void {
  f.stack[f.sp++] = f.host.tx.origin;
}

export function caller(f: Frame): void {
  f.stack[f.sp++] = f.caller;
}

export function callvalue(f: Frame): void {
  f.stack[f.sp++] = f.value;
}

export function calldataload(f: Frame): void {
  const i = f.sp - 1;
  const offset = f.stack[i]!;
  const input = f.input;
  if (offset >= BigInt(input.length)) {
    f.stack[i] = 0n;
    return;
  }
  f.stack[i] = readWord(input, Number(offset));
}

export function calldatasize(f: Frame): void {
  f.stack[f.sp++] = BigInt(f.input.length);
}

/** Shared body of the *COPY opcodes: memory expansion, word gas, zero-padded copy from `source`. */
function copyToMemory(
  f: Frame,
  source: Uint8Array,
  memOffset: bigint,
  srcOffset: bigint,
  size: bigint,
): void {
  const o = f.memoryRange(memOffset, size);
  if (size === 0n) return;
  const n = Number(size);
  f.useGas(G_COPY_WORD * Math.ceil(n / 32));
  const src = srcOffset >= BigInt(source.length) ? source.length : Number(srcOffset);
  f.memory.writePadded(o, source, src, n);
}

export function calldatacopy(f: Frame): void {
  const s = f.stack;
  const sp = (f.sp -= 3);
  copyToMemory(f, f.input, s[sp + 2]!, s[sp + 1]!, s[sp]!);
}

export function codesize(f: Frame): void {
  f.stack[f.sp++] = BigInt(f.code.length);
}

export function codecopy(f: Frame): void {
  const s = f.stack;
  const sp = (f.sp -= 3);
  copyToMemory(f, f.code, s[sp + 2]!, s[sp + 1]!, s[sp]!);
}

export function gasprice(f: Frame): void {
  f.stack[f.sp++] = f.host.tx.gasPrice;
}

export function extcodesize(f: Frame): void {
  const i = f.sp - 1;
  const a = f.stack[i]! & ADDRESS_MASK;
  chargeAccountAccess(f, a);
  f.stack[i] = BigInt(f.host.getCode(a).length);
}

export function extcodecopy(f: Frame): void {
  const s = f.stack;
  const sp = (f.sp -= 4);
  const a = s[sp + 3]! & ADDRESS_MASK;
  const memOffset = s[sp + 2]!;
  const codeOffset = s[sp + 1]!;
  const size = s[sp]!;
  // Memory and copy gas are charged before the access cost, as geth does; the order only matters for
  // which error is reported, not for the gas consumed.
  const o = f.memoryRange(memOffset, size);
  const n = Number(size);
  if (size !== 0n) f.useGas(G_COPY_WORD * Math.ceil(n / 32));
  chargeAccountAccess(f, a);
  if (size === 0n) return;
  const code = f.host.getCode(a);
  const src = codeOffset >= BigInt(code.length) ? code.length : Number(codeOffset);
  f.memory.writePadded(o, code, src, n);
}

export function returndatasize(f: Frame): void {
  f.stack[f.sp++] = BigInt(f.returnData.length);
}

export function returndatacopy(f: Frame): void {
  const s = f.stack;
  const sp = (f.sp -= 3);
  const memOffset = s[sp + 2]!;
  const dataOffset = s[sp + 1]!;
  const size = s[sp]!;
  if (dataOffset + size > BigInt(f.returnData.length)) throw RETURN_DATA_OUT_OF_BOUNDS;
  copyToMemory(f, f.returnData, memOffset, dataOffset, size);
}

export function extcodehash(f: Frame): void {
  const i = f.sp - 1;
  const a = f.stack[i]! & ADDRESS_MASK;
  chargeAccountAccess(f, a);
  const host = f.host;
  f.stack[i] = host.isDead(a) ? 0n : readWord(host.getCodeHash(a), 0);
}

export function selfbalance(f: Frame): void {
  f.stack[f.sp++] = f.host.getBalance(f.address);
}
