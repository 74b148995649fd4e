// Handler variants of the forks before Berlin and London (Frontier..Istanbul, Berlin's refunds): account
// and slot opcodes without EIP-2929 access costs (their price is the opcode table's static gas), the
// SSTORE meterings before EIP-3529, calls and creations before EIP-150's 63/64 rule and before EIP-3860,
// and SELFDESTRUCT's older new-account rules and refund. opcodes.ts picks a variant once per fork table,
// so the current forks' handlers (the other files here) carry no fork test at all.
import type { ForkRules } from "../forks.js";
import { CHILD_CALL, CHILD_CREATE, type Frame } from "../frame.js";
import {
  G_CALL_STIPEND,
  G_CALL_VALUE,
  G_COLD_ACCOUNT_ACCESS,
  G_COLD_SLOAD,
  G_COPY_WORD,
  G_EXP_BYTE,
  G_KECCAK_WORD,
  G_NEW_ACCOUNT,
  G_SSTORE_SENTRY,
  G_SSTORE_SET,
} from "../gas-constants.js";
import { giveGas, takeCallGas, takeCreateGas } from "../gas-reserve.js";
import { OUT_OF_GAS, WRITE_PROTECTION } from "../halt.js";
import { CallKind, type MessageCallKind } from "../message.js";
import { readWord } from "../word-bytes.js";
import { exp } from "./arithmetic.js";
import { callInput } from "./system.js";
import { byteLength } from "./words.js";

const ADDRESS_MASK = (1n << 160n) - 1n;
/** SSTORE's price for a slot that is not set from zero, before EIP-2929 took the cold part out. */
const G_SSTORE_RESET_FULL = 5000;

// ----- account and slot reads: no access cost -----

export function balance(f: Frame): void {
  const i = f.sp - 1;
  f.stack[i] = f.host.getBalance(f.stack[i]! & ADDRESS_MASK);
}

export function extcodesize(f: Frame): void {
  const i = f.sp - 1;
  f.stack[i] = BigInt(f.host.getCode(f.stack[i]! & ADDRESS_MASK).length);
}

export function extcodecopy(f: Frame): void {
  const s = f.stack;
  const sp = (f.sp -= 4);
  const a = s[sp + 3]! & ADDRESS_MASK;
  const codeOffset = s[sp + 1]!;
  const size = s[sp]!;
  const o = f.memoryRange(s[sp + 2]!, size);
  if (size === 0n) return;
  const n = Number(size);
  f.useGas(G_COPY_WORD * Math.ceil(n / 32));
  const code = f.host.getCode(a);
  const src = codeOffset >= BigInt(code.length) ? code.length : Number(codeOffset);
  f.memory.writePadded(o, code, src, n);
}

export function extcodehash(f: Frame): void {
  const i = f.sp - 1;
  const a = f.stack[i]! & ADDRESS_MASK;
  const host = f.host;
  f.stack[i] = host.isDead(a) ? 0n : readWord(host.getCodeHash(a), 0);
}

export function sload(f: Frame): void {
  const i = f.sp - 1;
  f.stack[i] = f.host.getStorage(f.address, f.stack[i]!);
}

/** EXP before EIP-160 (Spurious Dragon): 10 gas per exponent byte instead of 50. */
export function expFrontier(f: Frame): void {
  // Credit the difference first: `exp` then charges 50 per byte, so the net charge is 10 per byte and it
  // runs out of gas exactly when 10 per byte is more than is left.
  f.gas += (G_EXP_BYTE - 10) * byteLength(f.stack[f.sp - 2]!);
  exp(f);
}

// ----- SSTORE -----

/** The SSTORE of a fork whose metering is not EIP-3529's (storage.ts has that one). */
export function makeSstore(rules: ForkRules): (f: Frame) => void {
  return rules.sstore === "legacy" ? makeLegacySstore(rules) : makeNetSstore(rules);
}

/** Frontier..Byzantium and Petersburg: the price and refund depend only on the current and new values. */
function makeLegacySstore(rules: ForkRules): (f: Frame) => void {
  const clearsRefund = rules.gas.sstoreClearsRefund;
  return (f: Frame) => {
    if (f.isStatic) throw WRITE_PROTECTION;
    const s = f.stack;
    const sp = (f.sp -= 2);
    const slot = s[sp + 1]!;
    const value = s[sp]!;
    const host = f.host;
    const address = f.address;
    const current = host.getStorage(address, slot);
    f.useGas(current === 0n && value !== 0n ? G_SSTORE_SET : G_SSTORE_RESET_FULL);
    if (current !== 0n && value === 0n) host.addRefund(clearsRefund);
    if (current !== value) host.setStorage(address, slot, value);
  };
}

/**
 * Net metering on the slot's original, current and new values: EIP-1283 (Constantinople), EIP-2200
 * (Istanbul: the 2,300-gas sentry, 800 for a no-op), EIP-2929 (Berlin: a cold slot costs 2,100 more and the
 * reset price drops by as much).
 */
function makeNetSstore(rules: ForkRules): (f: Frame) => void {
  const sentry = rules.sstoreSentry;
  const access = rules.eip2929;
  const noop = rules.gas.sstoreNoop;
  const reset = access ? G_SSTORE_RESET_FULL - G_COLD_SLOAD : G_SSTORE_RESET_FULL;
  const clears = rules.gas.sstoreClearsRefund;
  return (f: Frame) => {
    if (f.isStatic) throw WRITE_PROTECTION;
    if (sentry && f.gas <= G_SSTORE_SENTRY) throw OUT_OF_GAS;
    const s = f.stack;
    const sp = (f.sp -= 2);
    const slot = s[sp + 1]!;
    const value = s[sp]!;
    const host = f.host;
    const address = f.address;
    let cost = access && host.warmSlot(address, slot) ? G_COLD_SLOAD : 0;
    const current = host.getStorage(address, slot);
    if (current === value) {
      cost += noop;
    } else {
      const original = host.getOriginalStorage(address, slot);
      if (original === current) {
        if (original === 0n) cost += G_SSTORE_SET;
        else {
          cost += reset;
          if (value === 0n) host.addRefund(clears);
        }
      } else {
        cost += noop;
        if (original !== 0n) {
          if (current === 0n) host.addRefund(-clears);
          else if (value === 0n) host.addRefund(clears);
        }
        if (original === value) host.addRefund(original === 0n ? G_SSTORE_SET - noop : reset - noop);
      }
    }
    f.useGas(cost);
    if (current !== value) host.setStorage(address, slot, value);
  };
}

// ----- calls and creations before Berlin -----

/**
 * The CALL family before EIP-2929: the table charges the base price (40, then 700 from EIP-150). The
 * new-account charge needs only a missing target before EIP-161, and value to a dead one after. Before
 * EIP-150 the requested gas must all be available; from it, at most all but one 64th of what is left passes.
 */
export function makeCall(kind: MessageCallKind, rules: ForkRules): (f: Frame) => void {
  const hasValue = kind === CallKind.Call || kind === CallKind.CallCode;
  const eip150 = rules.eip150;
  const eip161 = rules.eip161;
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
    let cost = value !== 0n ? G_CALL_VALUE : 0;
    if (kind === CallKind.Call && (eip161 ? value !== 0n && host.isDead(target) : !host.exists(target))) {
      cost += G_NEW_ACCOUNT;
    }
    f.useGas(cost);
    let callGas = 0;
    let bigGas: bigint | undefined;
    if (f.gasReserve !== 0n) {
      // Above 2^52 gas: the same rules on the exact whole (gas-reserve.ts).
      bigGas = takeCallGas(f, requestedGas, value !== 0n ? G_CALL_STIPEND : 0, eip150);
      if (bigGas === undefined) throw OUT_OF_GAS;
    } else {
      if (eip150) {
        const available = f.gas - Math.floor(f.gas / 64);
        callGas = requestedGas < BigInt(available) ? Number(requestedGas) : available;
      } else {
        if (requestedGas > BigInt(f.gas)) throw OUT_OF_GAS;
        callGas = Number(requestedGas);
      }
      f.useGas(callGas);
      if (value !== 0n) callGas += G_CALL_STIPEND;
    }

    const input = callInput(f, argsO, Number(argsSize), target);
    f.retOffset = retO;
    f.retSize = Number(retSize);
    f.childKind = CHILD_CALL;
    f.stopped = true;
    f.childCall = {
      kind,
      caller: kind === CallKind.DelegateCall ? f.caller : f.address,
      to: kind === CallKind.Call || kind === CallKind.StaticCall ? target : f.address,
      codeAddress: target,
      delegated: false,
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

/** CREATE and CREATE2 before EIP-3860 (no initcode limit or word cost); before EIP-150 all gas passes. */
export function makeCreate(isCreate2: boolean, rules: ForkRules): (f: Frame) => void {
  const eip150 = rules.eip150;
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
    const n = Number(size);
    if (isCreate2) f.useGas(G_KECCAK_WORD * Math.ceil(n / 32));
    const initcode = f.memory.read(o, n);
    let callGas = 0;
    let bigGas: bigint | undefined;
    if (f.gasReserve !== 0n) bigGas = takeCreateGas(f, eip150);
    else {
      callGas = eip150 ? f.gas - Math.floor(f.gas / 64) : f.gas;
      f.useGas(callGas);
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

/**
 * SELFDESTRUCT before London: the first self-destruct of an account in a transaction earns a refund. The
 * new-account charge: none before EIP-150, a missing beneficiary until EIP-161, a dead beneficiary of a
 * non-zero balance after; from Berlin a cold beneficiary costs 2,600 more.
 */
export function makeSelfdestruct(rules: ForkRules): (f: Frame) => void {
  const access = rules.eip2929;
  const eip150 = rules.eip150;
  const eip161 = rules.eip161;
  const refund = rules.gas.selfdestructRefund;
  return (f: Frame) => {
    if (f.isStatic) throw WRITE_PROTECTION;
    const beneficiary = f.stack[--f.sp]! & ADDRESS_MASK;
    const host = f.host;
    let cost = access && host.warmAddress(beneficiary) ? G_COLD_ACCOUNT_ACCESS : 0;
    const balance = host.getBalance(f.address);
    if (eip161) {
      if (balance !== 0n && host.isDead(beneficiary)) cost += G_NEW_ACCOUNT;
    } else if (eip150 && !host.exists(beneficiary)) {
      cost += G_NEW_ACCOUNT;
    }
    f.useGas(cost);
    if (refund !== 0 && !host.hasSelfDestructed(f.address)) host.addRefund(refund);
    host.tracer?.selfdestruct(f, beneficiary, balance);
    host.selfDestruct(f.address, beneficiary);
    f.stopped = true;
  };
}
