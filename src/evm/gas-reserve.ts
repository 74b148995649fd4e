// Exact gas above 2^52: a frame's gas is a float64 `Frame.gas` (what every opcode charges) plus an exact
// bigint `Frame.gasReserve` (0n except in transactions whose execution gas exceeds GAS_CAP; the legacy test
// suites use gas limits up to 2^63). geth and revm count gas in u64; a float64 is exact only to 2^53.
//
// Invariants:
// - A frame's gas is `gas + gasReserve`. When `gasReserve` is not 0n, `gas` was GAS_CAP when the reserve
//   was last rebalanced and has only been charged by the frame's own opcodes since (or credited by a child's
//   leftover, after which `rebalance` runs again if it passed GAS_CAP).
// - Opcodes never read the reserve except where the whole amount is the rule: GAS, and the CALL/CREATE
//   families' 63/64 split (and the pre-EIP-150 "requested gas must be available" check). Everything else
//   (SSTORE's 2,300 sentry, code deposit, memory) compares against `gas`, which is then at least GAS_CAP
//   minus what this frame's own opcodes burnt.
// - A frame's own opcodes cannot burn GAS_CAP (2^52, 4.5e15) gas: memory is capped at 2^32 bytes (2^45 gas
//   at most) and every other charge is per executed instruction, so that would take years of compute. This
//   is the one bound the split relies on; it is why the reserve never needs to refill `gas` mid-frame.
// - GAS_CAP is 2^52, not 2^53, so the few credits added to `gas` on top of it (the 2,300 call stipend,
//   Frontier EXP's per-byte credit, a child's leftover before rebalancing) stay exact.
// A CallResult carries `gasLeftReserve` only from a child that had a reserve; results without one are the
// usual shape, so no transaction under 2^52 gas ever takes these paths.
import type { Frame } from "./frame.js";
import type { CallResult, CreateMessage, Message } from "./message.js";

export const GAS_CAP = 2 ** 52;
const GAS_CAP_BIG = BigInt(GAS_CAP);

/** The part of `total` held as a number (at most GAS_CAP). */
export function gasHead(total: bigint): number {
  return total > GAS_CAP_BIG ? GAS_CAP : Number(total);
}

/** A frame's whole gas, exact. */
export function frameGas(f: Frame): bigint {
  return BigInt(f.gas) + f.gasReserve;
}

/** Sets a frame's whole gas to `total`: GAS_CAP (or less) as the number, the rest as the reserve. */
export function setFrameGas(f: Frame, total: bigint): void {
  const head = gasHead(total);
  f.gas = head;
  f.gasReserve = total - BigInt(head);
}

/** After a child's leftover (and its reserve) came back to `f`: rebalances when the number passed GAS_CAP. */
export function absorbLeftover(f: Frame, leftoverReserve: bigint | undefined): void {
  const reserve = leftoverReserve === undefined ? f.gasReserve : f.gasReserve + leftoverReserve;
  setFrameGas(f, BigInt(f.gas) + reserve);
}

/**
 * A CALL-family opcode in a frame with a reserve: takes the child's gas from `f` (EIP-150: at most all but
 * one 64th of what is left; before it the requested amount, which must all be there, else undefined for
 * out of gas), and returns the child's whole gas including `stipend`.
 */
export function takeCallGas(
  f: Frame,
  requested: bigint,
  stipend: number,
  eip150: boolean,
): bigint | undefined {
  const total = frameGas(f);
  let callGas: bigint;
  if (eip150) {
    const available = total - total / 64n;
    callGas = requested < available ? requested : available;
  } else {
    if (requested > total) return undefined;
    callGas = requested;
  }
  setFrameGas(f, total - callGas);
  return callGas + BigInt(stipend);
}

/** A CREATE-family opcode in a frame with a reserve: all but one 64th (before EIP-150: all) of the gas. */
export function takeCreateGas(f: Frame, eip150: boolean): bigint {
  const total = frameGas(f);
  const callGas = eip150 ? total - total / 64n : total;
  setFrameGas(f, total - callGas);
  return callGas;
}

/** Gives `msg` (a child's message, built with gas 0) the whole `total`: GAS_CAP as `gas`, the rest reserved. */
export function giveGas(msg: Message | CreateMessage, total: bigint): void {
  const head = gasHead(total);
  msg.gas = head;
  if (total !== BigInt(head)) msg.gasReserve = total - BigInt(head);
}

/**
 * The reserve a result hands back to the caller: all of `reserve` when the callee returned gas (success,
 * revert, or a pre-check that never ran code), none after an exceptional halt (its gas is all consumed).
 */
export function reserveLeft(result: CallResult, reserve: bigint): bigint {
  return result.success || result.gasLeft > 0 ? reserve : 0n;
}
