// Devnet controls, in anvil's and Hardhat's names (dev-controls.ts holds the state they change). Sequencer
// mode (--no-dev-accounts) serves none of the anvil_*, hardhat_* and evm_* methods.

import { bytesToHex, quantityToHex } from "../../primitives/hex.js";
import { packageVersion } from "../../primitives/package-version.js";
import { MAX_TIMESTAMP } from "../block-builder.js";
import { prevRandaoBytes } from "../dev-controls.js";
import * as p from "../params.js";
import { invalidParams } from "../rpc-errors.js";
import type { Handler, MethodTable } from "./types.js";

/** What web3_clientVersion reports: a name Hardhat's network helpers accept (they check for "anvil"). */
export function clientVersion(): string {
  return `anvil/v1.0.0 (lanes/v${packageVersion()})`;
}

const MAX_MINED_BLOCKS = 10_000;

function timestampParam(arg: unknown, name = "timestamp"): bigint {
  return typeof arg === "number" ? BigInt(p.smallQuantity(arg, name)) : p.quantity(arg, name, MAX_TIMESTAMP);
}

/** hardhat_mine / anvil_mine: `count` blocks (default 1), `interval` seconds apart (default 1). */
const mineMany: Handler = async (params, { node }) => {
  const count = params[0] === undefined || params[0] === null ? 1 : p.smallQuantity(params[0], "blocks");
  if (count < 1 || count > MAX_MINED_BLOCKS)
    throw invalidParams(`invalid block count: 1 to ${MAX_MINED_BLOCKS}`);
  const interval =
    params[1] === undefined || params[1] === null
      ? undefined
      : BigInt(p.smallQuantity(params[1], "interval"));
  let timestamp: bigint | undefined;
  for (let i = 0; i < count; i++) {
    const mined = await node.mine(timestamp);
    if (interval !== undefined) timestamp = mined.block.header.timestamp + (interval === 0n ? 1n : interval);
  }
  return null;
};

const setBalance: Handler = async (params, { node }) => {
  await node.dev.editAccount(p.address(params[0]), { balance: p.quantity(params[1], "balance") });
  return null;
};

const setCode: Handler = async (params, { node }) => {
  await node.dev.editAccount(p.address(params[0]), { code: p.data(params[1], "code", 1 << 20) });
  return null;
};

const setNonce: Handler = async (params, { node }) => {
  await node.dev.editAccount(p.address(params[0]), {
    nonce: p.quantity(params[1], "nonce", (1n << 64n) - 1n),
  });
  return null;
};

const setStorageAt: Handler = async (params, { node }) => {
  const slot = p.word(params[1], "slot");
  const value = p.word(params[2], "value");
  await node.dev.editAccount(p.address(params[0]), { storage: new Map([[slot, value]]) });
  return true;
};

const impersonate: Handler = (params, { node }) => {
  node.dev.impersonated.add(p.address(params[0]));
  return null;
};

const stopImpersonating: Handler = (params, { node }) => {
  node.dev.impersonated.delete(p.address(params[0]));
  return null;
};

const setNextBlockBaseFee: Handler = (params, { node }) => {
  node.dev.setNextBlockBaseFee(p.quantity(params[0], "base fee"));
  return null;
};

const setCoinbase: Handler = (params, { node }) => {
  node.dev.coinbase = p.address(params[0]);
  return null;
};

const setPrevRandao: Handler = (params, { node }) => {
  node.dev.setPrevRandao(prevRandaoBytes(p.word(params[0], "prevRandao")));
  return null;
};

const dropTransaction: Handler = (params, { node }) => node.dropTransaction(bytesToHex(p.hash(params[0])));

const metadata: Handler = (_params, { node }) => ({
  clientVersion: clientVersion(),
  chainId: quantityToHex(node.options.chainId),
  instanceId: bytesToHex(node.store.block(0n)!.hash),
  latestBlockNumber: quantityToHex(node.head.header.number),
  latestBlockHash: bytesToHex(node.head.hash),
  snapshots: {},
});

/** The same handler under each name. */
function both(names: string[], handler: Handler): MethodTable {
  return Object.fromEntries(names.map((n) => [n, handler]));
}

export const devnetMethods: MethodTable = {
  evm_mine: async (params, { node }) => {
    let timestamp: bigint | undefined;
    const arg = params[0];
    if (arg !== undefined && arg !== null) {
      if (typeof arg === "object" && !Array.isArray(arg)) {
        const o = arg as Record<string, unknown>;
        if (o.timestamp !== undefined) timestamp = timestampParam(o.timestamp);
      } else {
        timestamp = timestampParam(arg);
      }
    }
    await node.mine(timestamp);
    return "0x0";
  },
  ...both(["anvil_mine", "hardhat_mine"], mineMany),
  evm_snapshot: (_params, { node }) => quantityToHex(node.dev.snapshot()),
  evm_revert: async (params, { node }) => node.dev.revert(p.smallQuantity(params[0], "snapshot id")),
  evm_setNextBlockTimestamp: (params, { node }) => {
    node.dev.setNextBlockTimestamp(timestampParam(params[0]));
    return null;
  },
  evm_increaseTime: (params, { node }) => {
    const seconds =
      typeof params[0] === "number"
        ? BigInt(p.smallQuantity(params[0], "seconds"))
        : p.quantity(params[0], "seconds", MAX_TIMESTAMP);
    return Number(node.dev.increaseTime(seconds));
  },
  evm_setAutomine: (params, { node }) => {
    node.setAutomine(p.bool(params[0], "enabled", true));
    return null;
  },
  ...both(["hardhat_getAutomine", "anvil_getAutomine"], (_params, { node }) => node.automine),
  evm_setIntervalMining: (params, { node }) => {
    const ms = p.smallQuantity(params[0], "interval");
    if (ms > 86_400_000) throw invalidParams("invalid interval: at most 86400000 ms");
    node.setIntervalMining(ms);
    return null;
  },
  evm_setBlockGasLimit: (params, { node }) => {
    const gasLimit = p.quantity(params[0], "gas limit", (1n << 63n) - 1n);
    if (gasLimit < 21_000n) throw invalidParams("invalid gas limit: at least 21000");
    node.gasLimit = gasLimit;
    return true;
  },
  ...both(["anvil_setBalance", "hardhat_setBalance"], setBalance),
  ...both(["anvil_setCode", "hardhat_setCode"], setCode),
  ...both(["anvil_setNonce", "hardhat_setNonce"], setNonce),
  ...both(["anvil_setStorageAt", "hardhat_setStorageAt"], setStorageAt),
  ...both(["anvil_setNextBlockBaseFeePerGas", "hardhat_setNextBlockBaseFeePerGas"], setNextBlockBaseFee),
  ...both(["anvil_setCoinbase", "hardhat_setCoinbase"], setCoinbase),
  ...both(["anvil_setPrevRandao", "hardhat_setPrevRandao"], setPrevRandao),
  ...both(["anvil_dropTransaction", "hardhat_dropTransaction"], dropTransaction),
  ...both(["anvil_metadata", "hardhat_metadata"], metadata),
  ...both(["anvil_impersonateAccount", "hardhat_impersonateAccount"], impersonate),
  ...both(["anvil_stopImpersonatingAccount", "hardhat_stopImpersonatingAccount"], stopImpersonating),
  anvil_nodeInfo: (_params, { node }) => ({
    currentBlockNumber: quantityToHex(node.head.header.number),
    currentBlockHash: bytesToHex(node.head.hash),
    chainId: quantityToHex(node.options.chainId),
    hardFork: node.options.fork,
    automine: node.automine,
  }),
};
