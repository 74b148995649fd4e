// Devnet controls (anvil / hardhat names).
import { bytesToHex, quantityToHex } from "../../primitives/hex.js";
import * as p from "../params.js";
import { invalidParams } from "../rpc-errors.js";
import type { MethodTable } from "./types.js";

const setBalance: MethodTable[string] = async (params, { node }) => {
  const address = p.address(params[0]);
  const balance = p.quantity(params[1], "balance");
  await node.dev.editAccount(address, { balance });
  return null;
};

const impersonate: MethodTable[string] = (params, { node }) => {
  node.dev.impersonated.add(p.address(params[0]));
  return null;
};

const stopImpersonating: MethodTable[string] = (params, { node }) => {
  node.dev.impersonated.delete(p.address(params[0]));
  return null;
};

export const devnetMethods: MethodTable = {
  evm_mine: async (params, { node }) => {
    let timestamp: bigint | undefined;
    const arg = params[0];
    if (arg !== undefined && arg !== null) {
      if (typeof arg === "object" && !Array.isArray(arg)) {
        const o = arg as Record<string, unknown>;
        if (o.timestamp !== undefined) timestamp = p.quantity(o.timestamp, "timestamp", (1n << 64n) - 1n);
      } else {
        timestamp =
          typeof arg === "number"
            ? BigInt(p.smallQuantity(arg, "timestamp"))
            : p.quantity(arg, "timestamp", (1n << 64n) - 1n);
      }
    }
    await node.mine(timestamp);
    return "0x0";
  },
  anvil_mine: async (params, { node }) => {
    const count = params[0] === undefined || params[0] === null ? 1 : p.smallQuantity(params[0], "blocks");
    if (count < 1 || count > 10_000) throw invalidParams("invalid block count: 1 to 10000");
    for (let i = 0; i < count; i++) await node.mine();
    return null;
  },
  evm_snapshot: (_params, { node }) => quantityToHex(node.dev.snapshot()),
  evm_revert: async (params, { node }) => {
    const id = p.smallQuantity(params[0], "snapshot id");
    return node.dev.revert(id);
  },
  evm_setNextBlockTimestamp: (params, { node }) => {
    const arg = params[0];
    const ts =
      typeof arg === "number"
        ? BigInt(p.smallQuantity(arg, "timestamp"))
        : p.quantity(arg, "timestamp", (1n << 64n) - 1n);
    node.dev.setNextBlockTimestamp(ts);
    return null;
  },
  anvil_setBalance: setBalance,
  hardhat_setBalance: setBalance,
  anvil_impersonateAccount: impersonate,
  hardhat_impersonateAccount: impersonate,
  anvil_stopImpersonatingAccount: stopImpersonating,
  hardhat_stopImpersonatingAccount: stopImpersonating,
  txpool_status: (_params, { node }) => {
    const c = node.mempool.counts(node.nonceOf);
    return { pending: quantityToHex(c.pending), queued: quantityToHex(c.queued) };
  },
  anvil_nodeInfo: (_params, { node }) => ({
    currentBlockNumber: quantityToHex(node.head.header.number),
    currentBlockHash: bytesToHex(node.head.hash),
    chainId: quantityToHex(node.options.chainId),
    hardFork: node.options.fork,
    automine: node.automine,
  }),
};
