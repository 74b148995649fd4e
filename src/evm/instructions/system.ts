// System opcodes: CALL CALLCODE DELEGATECALL STATICCALL CREATE CREATE2 SELFDESTRUCT. The CALL and CREATE
// families charge their gas, build the child's message and suspend the frame; Evm's frame loop runs the
// child and then calls resumeAfterChild, which completes the opcode (gas returned, return data, the pushed
// result) before the frame continues.
import { delegationTarget } from "../delegation.js";
import { maxInitcodeSizeOf } from "../forks.js";
import { CHILD_CALL, CHILD_CREATE, type Frame, NO_CHILD } from "../frame.js";
import {
  G_CALL_STIPEND,
  G_CALL_VALUE,
  G_COLD_ACCOUNT_ACCESS,
  G_INITCODE_WORD,
  G_KECCAK_WORD,
  G_NEW_ACCOUNT,
  G_WARM_ACCESS,
} from "../gas-constants.js";
import { absorbLeftover, GAS_CAP, giveGas, takeCallGas, takeCreateGas } from "../gas-reserve.js";
import { INITCODE_TOO_LARGE, WRITE_PROTECTION } from "../halt.js";
import { CallKind, type CallResult, type MessageCallKind } from "../message.js";
import { getPrecompile } from "../precompiles/index.js";

const EMPTY = new Uint8Array(0);
const ADDRESS_MASK = (1n << 160n) - 1n;

function accessCost(f: Frame, address: bigint): number {
  return f.host.warmAddress(address) ? G_COLD_ACCOUNT_ACCESS : G_WARM_ACCESS;
}

/** Writes a call's output into the caller's reserved return area (truncated to the area). */
function writeReturn(f: Frame, retOffset: number, retSize: number, output: Uint8Array): void {
  const n = Math.min(retSize, output.length);
  if (n > 0) f.memory.buf.set(output.subarray(0, n), retOffset);
}

/**
 * A CALL's input. For one of the fork's own precompiles (at most 0x100, not through a delegation, no tracer
 * attached) a view of the caller's memory, not a copy: the caller is suspended while the precompile runs,
 * and a Precompile reads its input during the call only and never returns it or a view of it (types.ts).
 * Hashing precompiles over large inputs (static_Call50000_sha256) spent more on the copy than on the hash.
 * Anything else (code, a code runner, a contextual precompile, a tracer) may keep the input: a copy.
 */
export function callInput(f: Frame, offset: number, size: number, precompileCandidate: bigint): Uint8Array {
  const host = f.host;
  if (
    precompileCandidate <= 0x100n &&
    precompileCandidate > 0n &&
    host.tracer === undefined &&
    getPrecompile(precompileCandidate, host.rules) !== undefined
  ) {
    return f.memory.buf.subarray(offset, offset + size);
  }
  return f.memory.read(offset, size);
}

function makeCall(kind: MessageCallKind): (f: Frame) => void {
  const hasValue = kind === CallKind.Call || kind === CallKind.CallCode;
  return (f: Frame) => {
    const s = f.stack;
    const top = f.sp - 1;
    const requestedGas = s[top]!;
    const target = s[top - 1]! & ADDRESS_MASK;
    let i = top - 2;
    const value = hasValue ? s[i--]! : 0n;
    const argsOffset = s[i--]!;
    const argsSize = s[i--]!;
    const retOffset = s[i--]!;
    const retSize = s[i]!;
    f.sp = i;
    if (kind === CallKind.Call && value !== 0n && f.isStatic) throw WRITE_PROTECTION;

    const argsO = f.memoryRange(argsOffset, argsSize);
    const retO = f.memoryRange(retOffset, retSize);
    const host = f.host;
    let cost = accessCost(f, target);
    // EIP-7702: calling a delegated account also pays to access the delegate's code.
    let codeAddress = target;
    const delegate = host.rules.eip7702 ? delegationTarget(host.getCode(target)) : undefined;
    if (delegate !== undefined) {
      cost += accessCost(f, delegate);
      codeAddress = delegate;
    }
    if (value !== 0n) {
      cost += G_CALL_VALUE;
      if (kind === CallKind.Call && host.isDead(target)) cost += G_NEW_ACCOUNT;
    }
    f.useGas(cost);
    // EIP-150: pass at most all but one 64th of what is left.
    let callGas = 0;
    let bigGas: bigint | undefined;
    if (f.gasReserve === 0n) {
      const available = f.gas - Math.floor(f.gas / 64);
      callGas = requestedGas < BigInt(available) ? Number(requestedGas) : available;
      f.useGas(callGas);
      if (value !== 0n) callGas += G_CALL_STIPEND;
    } else {
      bigGas = takeCallGas(f, requestedGas, value !== 0n ? G_CALL_STIPEND : 0, true);
    }

    const input = callInput(f, argsO, Number(argsSize), delegate === undefined ? target : -1n);
    f.retOffset = retO;
    f.retSize = Number(retSize);
    f.childKind = CHILD_CALL;
    f.stopped = true;
    f.childCall = {
      kind,
      caller: kind === CallKind.DelegateCall ? f.caller : f.address,
      to: kind === CallKind.Call || kind === CallKind.StaticCall ? target : f.address,
      codeAddress,
      delegated: delegate !== undefined,
      value: kind === CallKind.DelegateCall ? f.value : value,
      transfersValue: hasValue,
      input,
      gas: callGas,
      isStatic: f.isStatic || kind === CallKind.StaticCall,
      depth: f.depth + 1,
    };
    if (bigGas !== undefined) giveGas(f.childCall, bigGas);
  };
}

export const call = makeCall(CallKind.Call);
export const callcode = makeCall(CallKind.CallCode);
export const delegatecall = makeCall(CallKind.DelegateCall);
export const staticcall = makeCall(CallKind.StaticCall);

function makeCreate(isCreate2: boolean): (f: Frame) => void {
  return (f: Frame) => {
    if (f.isStatic) throw WRITE_PROTECTION;
    const s = f.stack;
    const top = f.sp - 1;
    const value = s[top]!;
    const offset = s[top - 1]!;
    const size = s[top - 2]!;
    const salt = isCreate2 ? s[top - 3]! : 0n;
    f.sp = top - (isCreate2 ? 3 : 2);
    const o = f.memoryRange(offset, size);
    if (size > BigInt(maxInitcodeSizeOf(f.host.rules))) throw INITCODE_TOO_LARGE;
    const n = Number(size);
    const words = Math.ceil(n / 32);
    f.useGas(G_INITCODE_WORD * words + (isCreate2 ? G_KECCAK_WORD * words : 0));
    const initcode = f.memory.read(o, n);
    let callGas = 0;
    let bigGas: bigint | undefined;
    if (f.gasReserve === 0n) {
      callGas = f.gas - Math.floor(f.gas / 64);
      f.useGas(callGas);
    } else {
      bigGas = takeCreateGas(f, true);
    }
    f.childKind = CHILD_CREATE;
    f.stopped = true;
    f.childCreate = {
      kind: isCreate2 ? CallKind.Create2 : CallKind.Create,
      caller: f.address,
      value,
      initcode,
      gas: callGas,
      depth: f.depth + 1,
      salt,
    };
    if (bigGas !== undefined) giveGas(f.childCreate, bigGas);
  };
}

export const create = makeCreate(false);
export const create2 = makeCreate(true);

/** Completes the CALL/CREATE opcode that suspended `f`, with its child's result; `f` then runs on. */
export function resumeAfterChild(f: Frame, result: CallResult): void {
  f.stopped = false;
  f.gas += result.gasLeft;
  if (result.gasLeftReserve !== undefined || f.gas > GAS_CAP) absorbLeftover(f, result.gasLeftReserve);
  if (f.childKind === CHILD_CALL) {
    f.returnData = result.output;
    writeReturn(f, f.retOffset, f.retSize, result.output);
    f.stack[f.sp++] = result.success ? 1n : 0n;
    f.childCall = undefined;
  } else {
    f.returnData = result.success ? EMPTY : result.output;
    f.stack[f.sp++] = result.success ? result.createdAddress! : 0n;
    f.childCreate = undefined;
  }
  f.childKind = NO_CHILD;
}

export function selfdestruct(f: Frame): void {
  if (f.isStatic) throw WRITE_PROTECTION;
  const beneficiary = f.stack[--f.sp]! & ADDRESS_MASK;
  const host = f.host;
  let cost = host.warmAddress(beneficiary) ? G_COLD_ACCOUNT_ACCESS : 0;
  const balance = host.getBalance(f.address);
  if (balance !== 0n && host.isDead(beneficiary)) cost += G_NEW_ACCOUNT;
  f.useGas(cost);
  host.tracer?.selfdestruct(f, beneficiary, balance);
  host.selfDestruct(f.address, beneficiary);
  f.stopped = true;
}
