// The workload registry: every generator by id, and sizing (a transaction count, or a gas target turned
// into one with the generator's expected gas per transaction; "gigagas" is a 10^9 gas target).
import { erc20OneSender } from "./erc20-one-sender.js";
import { erc20Transfer } from "./erc20-transfer.js";
import { erc721Mint } from "./erc721-mint.js";
import { ethTransfer } from "./eth-transfer.js";
import { defiMix, rollupBlobs, zkVerify } from "./l1-traffic.js";
import { mixed } from "./mixed.js";
import { WORKLOAD_IDS, type Workload, type WorkloadGenerator, type WorkloadId } from "./types.js";
import { uniswapV2OnePool } from "./uniswap-v2-one-pool.js";
import { uniswapV2Swap } from "./uniswap-v2-swap.js";
import { uniswapV2Zipf } from "./uniswap-v2-zipf.js";

export const GENERATORS: Readonly<Record<WorkloadId, WorkloadGenerator>> = {
  "eth-transfer": ethTransfer,
  "erc20-transfer": erc20Transfer,
  "erc20-one-sender": erc20OneSender,
  "erc721-mint": erc721Mint,
  "uniswap-v2-swap": uniswapV2Swap,
  "uniswap-v2-zipf": uniswapV2Zipf,
  "uniswap-v2-one-pool": uniswapV2OnePool,
  mixed,
  "rollup-blobs": rollupBlobs,
  "zk-verify": zkVerify,
  "defi-mix": defiMix,
};

export const GIGAGAS = 1_000_000_000;

export type WorkloadSize = { txs: number } | { gas: number };

/** Parses `N` / `Ntx` (transactions), `Ngas` / `Mgas` suffixes, or `gigagas`. */
export function parseSize(text: string): WorkloadSize {
  const t = text.trim().toLowerCase();
  if (t === "gigagas") return { gas: GIGAGAS };
  const m = /^(\d+(?:\.\d+)?)\s*(tx|txs|gas|kgas|mgas|ggas)?$/.exec(t);
  if (!m) throw new RangeError(`bad size "${text}" (want N, Ntxs, Ngas, NMgas or gigagas)`);
  const n = Number(m[1]);
  const unit = m[2] ?? "txs";
  if (unit === "tx" || unit === "txs") return { txs: Math.round(n) };
  const scale = unit === "gas" ? 1 : unit === "kgas" ? 1e3 : unit === "mgas" ? 1e6 : 1e9;
  return { gas: n * scale };
}

/** The transaction count a size asks of `generator`. */
export function txCount(generator: WorkloadGenerator, size: WorkloadSize): number {
  const n = "txs" in size ? size.txs : Math.round(size.gas / generator.gasPerTx);
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`workload size must be at least one transaction`);
  return n;
}

export function buildWorkload(id: WorkloadId, seed: number, size: WorkloadSize): Promise<Workload> {
  const generator = GENERATORS[id];
  return generator.generate({ seed, txs: txCount(generator, size) });
}

export { WORKLOAD_IDS };
