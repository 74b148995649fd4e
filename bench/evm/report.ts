// Statistics and output for the EVM benchmark: medians, Mgas/s, the results table and the machine line.

import { cpus } from "node:os";
import { gitRevision } from "../harness/machine.js";

export interface ContractResult {
  name: string;
  gasUsed: bigint;
  lanesMs: number;
  ethereumjsMs: number;
  /** Every timed run, in order, for anyone who wants the spread. */
  lanesSamples: number[];
  ethereumjsSamples: number[];
}

export interface MachineInfo {
  cpu: string;
  cores: number;
  node: string;
  platform: string;
  /** The Lanes revision measured: commit, plus "+dirty" when the working tree had uncommitted changes. */
  lanesRevision: string;
}

export function machineInfo(): MachineInfo {
  const list = cpus();
  return {
    cpu: list[0]?.model.trim() ?? "unknown",
    cores: list.length,
    node: process.version,
    platform: `${process.platform}-${process.arch}`,
    lanesRevision: gitRevision(),
  };
}

export function median(samples: readonly number[]): number {
  const sorted = [...samples].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

export const mgasPerSecond = (gas: bigint, ms: number): number => Number(gas) / 1e6 / (ms / 1e3);

/** How many times faster Lanes is (ethereumjs time / Lanes time). */
export const speedup = (r: ContractResult): number => r.ethereumjsMs / r.lanesMs;

/** Geometric mean of the per-contract speedups: no single contract dominates it, whatever its duration. */
export function geometricMeanSpeedup(results: readonly ContractResult[]): number {
  if (results.length === 0) return Number.NaN;
  const logSum = results.reduce((sum, r) => sum + Math.log(speedup(r)), 0);
  return Math.exp(logSum / results.length);
}

function pad(cells: string[], widths: number[]): string {
  // First column left-aligned (names), the rest right-aligned (numbers).
  return cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join("  ");
}

export function formatTable(results: readonly ContractResult[]): string {
  const header = ["contract", "gas", "Lanes ms", "ethjs ms", "Lanes Mgas/s", "ethjs Mgas/s", "ratio"];
  const rows = results.map((r) => [
    r.name,
    r.gasUsed.toLocaleString("en-US"),
    r.lanesMs.toFixed(1),
    r.ethereumjsMs.toFixed(1),
    mgasPerSecond(r.gasUsed, r.lanesMs).toFixed(1),
    mgasPerSecond(r.gasUsed, r.ethereumjsMs).toFixed(1),
    `${speedup(r).toFixed(2)}x`,
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i]!.length)));
  const rule = widths.map((w) => "-".repeat(w)).join("  ");
  const lines = [pad(header, widths), rule, ...rows.map((row) => pad(row, widths)), rule];
  lines.push(
    `geometric-mean ratio (ethereumjs time / Lanes time): ${geometricMeanSpeedup(results).toFixed(2)}x`,
  );
  return lines.join("\n");
}
