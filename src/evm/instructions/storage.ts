// Storage opcodes: SLOAD SSTORE (EIP-2200/2929/3529 metering and refunds) and TLOAD TSTORE (EIP-1153).
import type { Frame } from "../frame.js";
import {
  G_COLD_SLOAD,
  G_SSTORE_RESET,
  G_SSTORE_SENTRY,
  G_SSTORE_SET,
  G_WARM_ACCESS,
  R_SSTORE_CLEARS,
} from "../gas-constants.js";
import { OUT_OF_GAS, WRITE_PROTECTION } from "../halt.js";

export function sload(f: Frame): void {
  const i = f.sp - 1;
  const slot = f.stack[i]!;
  const host = f.host;
  f.useGas(host.warmSlot(f.address, slot) ? G_COLD_SLOAD : G_WARM_ACCESS);
  f.stack[i] = host.getStorage(f.address, slot);
}

export function sstore(f: Frame): void {
  if (f.isStatic) throw WRITE_PROTECTION;
  if (f.gas <= G_SSTORE_SENTRY) throw OUT_OF_GAS;
  const s = f.stack;
  const sp = (f.sp -= 2);
  const slot = s[sp + 1]!;
  const value = s[sp]!;
  const host = f.host;
  const address = f.address;
  let cost = host.warmSlot(address, slot) ? G_COLD_SLOAD : 0;
  const current = host.getStorage(address, slot);
  if (current === value) {
    cost += G_WARM_ACCESS;
  } else {
    const original = host.getOriginalStorage(address, slot);
    if (original === current) {
      if (original === 0n) {
        cost += G_SSTORE_SET;
      } else {
        cost += G_SSTORE_RESET;
        if (value === 0n) host.addRefund(R_SSTORE_CLEARS);
      }
    } else {
      cost += G_WARM_ACCESS;
      if (original !== 0n) {
        if (current === 0n) host.addRefund(-R_SSTORE_CLEARS);
        else if (value === 0n) host.addRefund(R_SSTORE_CLEARS);
      }
      if (original === value) {
        host.addRefund(original === 0n ? G_SSTORE_SET - G_WARM_ACCESS : G_SSTORE_RESET - G_WARM_ACCESS);
      }
    }
  }
  f.useGas(cost);
  if (current !== value) host.setStorage(address, slot, value);
}

export function tload(f: Frame): void {
  const i = f.sp - 1;
  f.stack[i] = f.host.getTransient(f.address, f.stack[i]!);
}

export function tstore(f: Frame): void {
  if (f.isStatic) throw WRITE_PROTECTION;
  const s = f.stack;
  const sp = (f.sp -= 2);
  f.host.setTransient(f.address, s[sp + 1]!, s[sp]!);
}
