// Statistics and output for the EVM benchmark: medians, Mgas/s, the results table and the machine line.

import { cpus } from "node:os";
import { gitRevision } from "../harness/machine.js";

export interface ContractResult {
  name: string;
  gasUsed: bigint;
  lanesMs: number;
  ethereumjsMs: number;
  /** anvil's median, when anvil ran. */
  anvilMs?: number;
  /** Every timed run, in order, for anyone who wants the spread. */
  lanesSamples: number[];
  ethereumjsSamples: number[];
  anvilSamples?: number[];
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

/** Lanes' speed relative to anvil (anvil time / Lanes time; 1 = as fast as native revm). */
export const vsAnvil = (r: ContractResult): number | undefined =>
  r.anvilMs === undefined ? undefined : r.anvilMs / r.lanesMs;

/** Geometric mean of Lanes' speed relative to anvil over the contracts anvil ran (NaN when none). */
export function geometricMeanVsAnvil(results: readonly ContractResult[]): number {
  const ratios = results.map(vsAnvil).filter((x): x is number => x !== undefined);
  if (ratios.length === 0) return Number.NaN;
  return Math.exp(ratios.reduce((sum, x) => sum + Math.log(x), 0) / ratios.length);
}

function pad(cells: string[], widths: number[]): string {
  // First column left-aligned (names), the rest right-aligned (numbers).
  return cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join("  ");
}

export function formatTable(results: readonly ContractResult[]): string {
  const withAnvil = results.some((r) => r.anvilMs !== undefined);
  const header = ["contract", "gas", "Lanes ms", "ethjs ms", "Lanes Mgas/s", "ethjs Mgas/s", "ratio"];
  if (withAnvil) header.push("anvil ms", "anvil Mgas/s", "Lanes/anvil");
  const rows = results.map((r) => {
    const row = [
      r.name,
      r.gasUsed.toLocaleString("en-US"),
      r.lanesMs.toFixed(1),
      r.ethereumjsMs.toFixed(1),
      mgasPerSecond(r.gasUsed, r.lanesMs).toFixed(1),
      mgasPerSecond(r.gasUsed, r.ethereumjsMs).toFixed(1),
      `${speedup(r).toFixed(2)}x`,
    ];
    if (withAnvil) {
      const a = r.anvilMs;
      row.push(
        a === undefined ? "-" : a.toFixed(1),
        a === undefined ? "-" : mgasPerSecond(r.gasUsed, a).toFixed(1),
        a === undefined ? "-" : `${(a / r.lanesMs).toFixed(2)}x`,
      );
    }
    return row;
  });
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i]!.length)));
  const rule = widths.map((w) => "-".repeat(w)).join("  ");
  const lines = [pad(header, widths), rule, ...rows.map((row) => pad(row, widths)), rule];
  lines.push(
    `geometric-mean ratio (ethereumjs time / Lanes time): ${geometricMeanSpeedup(results).toFixed(2)}x`,
  );
  if (withAnvil) {
    const arithmetic = results.find((r) => r.name === "arithmetic");
    const others = results.filter((r) => r !== arithmetic);
    lines.push(
      `Lanes/anvil (anvil time / Lanes time; 1 = native revm's speed): geometric mean ${geometricMeanVsAnvil(results).toFixed(2)}x` +
        (arithmetic !== undefined && vsAnvil(arithmetic) !== undefined
          ? `; arithmetic ${vsAnvil(arithmetic)!.toFixed(2)}x; the others ${geometricMeanVsAnvil(others).toFixed(2)}x`
          : ""),
    );
  }
  return lines.join("\n");
}
