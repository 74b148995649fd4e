// eth_call and eth_estimateGas.
import { bytesToHex, quantityToHex } from "../../primitives/hex.js";
import {
  type AccountOverride,
  type CallContext,
  call,
  estimateGas,
  OverrideState,
  type StateOverrides,
} from "../call.js";
import * as p from "../params.js";
import { stateFor } from "./resolve.js";
import type { MethodContext, MethodTable } from "./types.js";

function slotMap(value: unknown, name: string): Map<bigint, bigint> {
  const o = p.object(value, name);
  const out = new Map<bigint, bigint>();
  for (const [k, v] of Object.entries(o)) out.set(p.word(k, `${name} key`), p.word(v, `${name}[${k}]`));
  return out;
}

export function parseOverrides(value: unknown): StateOverrides | undefined {
  if (value === undefined || value === null) return undefined;
  const o = p.object(value, "stateOverrides");
  const out: StateOverrides = new Map();
  for (const [addr, raw] of Object.entries(o)) {
    const a = p.object(raw, `stateOverrides[${addr}]`);
    const entry: AccountOverride = {};
    if (a.balance !== undefined) entry.balance = p.quantity(a.balance, "override balance");
    if (a.nonce !== undefined) entry.nonce = p.quantity(a.nonce, "override nonce", (1n << 64n) - 1n);
    if (a.code !== undefined) entry.code = p.data(a.code, "override code");
    if (a.state !== undefined) entry.state = slotMap(a.state, "override state");
    if (a.stateDiff !== undefined) entry.stateDiff = slotMap(a.stateDiff, "override stateDiff");
    out.set(p.address(addr, "override address"), entry);
  }
  return out;
}

function callContext(params: readonly unknown[], ctx: MethodContext): CallContext {
  const { state, block } = stateFor(ctx.node, p.blockTag(params[1]));
  const overrides = parseOverrides(params[2]);
  return {
    reader: overrides === undefined ? state : new OverrideState(state, overrides),
    header: block.header,
    config: ctx.node.config,
    blockHash: ctx.node.blockHashOf,
    gasCap: ctx.gasCap,
  };
}

export const callMethods: MethodTable = {
  eth_call: (params, ctx) => {
    const req = p.callRequest(params[0]);
    return bytesToHex(call(req, callContext(params, ctx)));
  },
  eth_estimateGas: (params, ctx) => {
    const req = p.callRequest(params[0]);
    const c = callContext(params, ctx);
    return quantityToHex(estimateGas(req, c));
  },
};
