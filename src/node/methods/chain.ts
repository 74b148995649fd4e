// Chain, network and fee methods.

import { addressToHex, bytesToHex, quantityToHex } from "../../primitives/hex.js";
import { keccak256 } from "../../primitives/keccak.js";
import { decodeTransaction } from "../../tx/codec/decode.js";
import { effectiveTip } from "../block-builder.js";
import * as p from "../params.js";
import { invalidParams } from "../rpc-errors.js";
import { clientVersion } from "./devnet.js";
import { blockNumberOf } from "./resolve.js";
import type { MethodTable } from "./types.js";

/** The suggested priority fee (anvil and geth dev mode suggest 1 gwei). */
export const SUGGESTED_TIP = 1_000_000_000n;

export const chainMethods: MethodTable = {
  eth_chainId: (_params, { node }) => quantityToHex(node.options.chainId),
  net_version: (_params, { node }) => node.options.chainId.toString(),
  net_listening: () => true,
  net_peerCount: () => "0x0",
  web3_clientVersion: () => clientVersion(),
  web3_sha3: (params) => bytesToHex(keccak256(p.data(params[0], "data"))),
  eth_blockNumber: (_params, { node }) => quantityToHex(node.head.header.number),
  eth_syncing: () => false,
  eth_mining: (_params, { node }) => node.automine || node.blockTime !== undefined,
  eth_hashrate: () => "0x0",
  eth_coinbase: () => addressToHex(0n),
  eth_accounts: (_params, { node }) => node.accounts.map((a) => addressToHex(a.address)),
  eth_gasPrice: (_params, { node }) => quantityToHex(node.nextBaseFee() + SUGGESTED_TIP),
  eth_maxPriorityFeePerGas: () => quantityToHex(SUGGESTED_TIP),
  eth_blobBaseFee: (_params, { node }) => quantityToHex(node.nextBlobBaseFee()),
  /** The base fee of the next block (geth's eth_baseFee). */
  eth_baseFee: (_params, { node }) => quantityToHex(node.nextBaseFee()),
  /**
   * What history the node serves: everything from genesis (blocks, receipts, logs and, through the stored
   * reverse diffs, every block's state and proofs); nothing is pruned, so no delete strategy.
   */
  eth_capabilities: (_params, { node }) => {
    const all = { disabled: false, oldestBlock: "0x0" };
    return {
      head: { number: quantityToHex(node.head.header.number), hash: bytesToHex(node.head.hash) },
      state: all,
      tx: all,
      logs: all,
      receipts: all,
      blocks: all,
      stateproofs: all,
    };
  },
  eth_feeHistory: (params, { node }) => {
    const count = p.smallQuantity(params[0], "blockCount");
    if (count < 1 || count > 1024) throw invalidParams("invalid blockCount: must be 1 to 1024");
    const newest = blockNumberOf(node, p.blockTag(params[1], "newestBlock"));
    const head = node.head.header.number;
    if (newest === undefined || newest > head) throw invalidParams("newestBlock is beyond the head");
    let percentiles: number[] = [];
    if (params[2] !== undefined && params[2] !== null) {
      if (!Array.isArray(params[2]) || params[2].length > 100)
        throw invalidParams("invalid rewardPercentiles");
      percentiles = params[2].map((x) => {
        if (typeof x !== "number" || !(x >= 0 && x <= 100)) throw invalidParams("invalid rewardPercentiles");
        return x;
      });
      for (let i = 1; i < percentiles.length; i++) {
        if (percentiles[i]! < percentiles[i - 1]!) throw invalidParams("rewardPercentiles must be ascending");
      }
    }
    const first = newest - BigInt(count) + 1n < 0n ? 0n : newest - BigInt(count) + 1n;
    const baseFees: string[] = [];
    const blobFees: string[] = [];
    const ratios: number[] = [];
    const blobRatios: number[] = [];
    const rewards: string[][] = [];
    for (let n = first; n <= newest; n++) {
      const block = node.store.block(n)!;
      const h = block.header;
      const baseFee = h.baseFeePerGas ?? 0n;
      baseFees.push(quantityToHex(baseFee));
      blobFees.push("0x1");
      ratios.push(h.gasLimit === 0n ? 0 : Number(h.gasUsed) / Number(h.gasLimit));
      blobRatios.push(0);
      if (percentiles.length > 0) {
        const receipts = node.store.receiptsOf(n);
        const txs = block.rawTransactions.map((raw, i) => ({
          tip: effectiveTip({ ...decodeTransaction(raw).tx, sender: 0n }, baseFee),
          gas: receipts[i]?.gasUsed ?? 0n,
        }));
        txs.sort((a, b) => (a.tip < b.tip ? -1 : a.tip > b.tip ? 1 : 0));
        rewards.push(
          percentiles.map((pct) => {
            if (txs.length === 0) return "0x0";
            const threshold = (Number(h.gasUsed) * pct) / 100;
            let sum = 0;
            for (const t of txs) {
              sum += Number(t.gas);
              if (sum >= threshold) return quantityToHex(t.tip);
            }
            return quantityToHex(txs[txs.length - 1]!.tip);
          }),
        );
      }
    }
    // The entry after the newest block: its (next) base fee.
    const next =
      newest === head ? node.nextBaseFee() : (node.store.block(newest + 1n)!.header.baseFeePerGas ?? 0n);
    baseFees.push(quantityToHex(next));
    blobFees.push("0x1");
    const out: Record<string, unknown> = {
      oldestBlock: quantityToHex(first),
      baseFeePerGas: baseFees,
      gasUsedRatio: ratios,
      baseFeePerBlobGas: blobFees,
      blobGasUsedRatio: blobRatios,
    };
    if (percentiles.length > 0) out.reward = rewards;
    return out;
  },
};
