// eth_call and eth_estimateGas.
import { addressToHex, bytesToHex, quantityToHex, wordToHex } from "../../primitives/hex.js";
import { createAccessList } from "../../trace/index.js";
import {
  type AccountOverride,
  buildCall,
  type CallContext,
  call,
  estimateGas,
  OverrideState,
  type StateOverrides,
} from "../call.js";
import * as p from "../params.js";
import { isTxError, txError } from "../rpc-errors.js";
import { callBlock } from "./resolve.js";
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

/** eth_call defaults to "latest", eth_estimateGas to "pending" (as Hardhat and anvil). */
function callContext(
  params: readonly unknown[],
  ctx: MethodContext,
  byDefault: "latest" | "pending",
): CallContext {
  const tag = params[1] === undefined || params[1] === null ? { kind: byDefault } : p.blockTag(params[1]);
  const { state, header } = callBlock(ctx.node, tag as p.BlockTag);
  const overrides = parseOverrides(params[2]);
  return {
    reader: overrides === undefined ? state : new OverrideState(state, overrides),
    header,
    config: ctx.node.config,
    blockHash: ctx.node.blockHashOf,
    gasCap: ctx.gasCap,
  };
}

export const callMethods: MethodTable = {
  eth_createAccessList: (params, ctx) => {
    const req = p.callRequest(params[0]);
    const c = callContext(params, ctx, "pending");
    try {
      const { tx, env } = buildCall(req, c);
      const rules = ctx.node.config.rulesAt(c.header.number, c.header.timestamp);
      const { accessList, result } = createAccessList(c.reader, tx, env, rules);
      const out: Record<string, unknown> = {
        accessList: accessList.map((e) => ({
          address: addressToHex(e.address),
          storageKeys: e.storageKeys.map(wordToHex),
        })),
        gasUsed: quantityToHex(result.gasUsed),
      };
      if (result.status !== 1)
        out.error = result.error === "revert" ? "execution reverted" : (result.error ?? "execution failed");
      return out;
    } catch (e) {
      if (isTxError(e)) throw txError(e);
      throw e;
    }
  },
  eth_call: (params, ctx) => {
    const req = p.callRequest(params[0]);
    return bytesToHex(call(req, callContext(params, ctx, "latest")));
  },
  eth_estimateGas: (params, ctx) => {
    const req = p.callRequest(params[0]);
    const c = callContext(params, ctx, "pending");
    return quantityToHex(estimateGas(req, c));
  },
};
