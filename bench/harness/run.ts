// The `lanes bench` harness: every selected workload through every selected engine, in one process, on the
// same signed transactions and the same pre-state.
//
// Per workload:
// 1. build it (untimed) and compute the reference result with Lanes' executeBlock;
// 2. per engine: prepare (untimed: load the pre-state, submit transactions...), one verification run whose
//    outcome is compared with the reference (any difference is a mismatch: the run's exit status is 1),
//    then reset;
// 3. `warmup` untimed rounds, then `runs` timed rounds; in every round each engine runs once, in a
//    balanced order (roundOrder: ABBA for two engines), so that each engine runs first and last equally
//    often and load drifts from other jobs land on every engine alike; unless disabled, a full GC and one
//    untimed re-warming run (see timeOnce) before each timed run, so every engine starts from the same
//    heap conditions and no engine pays for another's garbage. Each engine's figure is its median; the
//    ratios also come paired (the median of the per-round ratios, which cancels load that changes between
//    rounds).
//
// An engine that cannot load is skipped for the whole run; one that fails while preparing or running a
// workload is skipped for that workload. Both are reported with the reason, neither fails the run.
import { cpus, loadavg, release } from "node:os";
import { executeBlock } from "../../src/block/execute-block.js";
import { type BlockOutcome, compareOutcomes, lanesOutcome } from "../../tools/workloads/outcome.js";
import type { WorkloadSize } from "../../tools/workloads/registry.js";
import { lanesBlock, type Workload, type WorkloadId } from "../../tools/workloads/types.js";
import { type BoundMeasurement, measureBound } from "./bound.js";
import { type ConflictReport, conflictReport } from "./conflicts.js";
import type { EngineContext, EngineId, EngineOutcome, ParallelStats, PreparedEngine } from "./engine.js";
import { ENGINES } from "./engines/index.js";
import { collectGarbage, gcAvailable } from "./gc.js";
import { gitRevision } from "./machine.js";
import { type ScalingModel, scalingModel } from "./model.js";
import type { Progress } from "./progress.js";
import { loadSource, type WorkloadSource } from "./source.js";

/** Engines that execute Lanes' own Transaction objects; the others submit signed bytes. */
const LANES_ENGINES: readonly EngineId[] = ["lanes-sequential", "lanes-parallel"];

export interface BenchOptions {
  workloads: WorkloadId[];
  engines: EngineId[];
  size: WorkloadSize;
  seed: number;
  runs: number;
  warmup: number;
  threads: number;
  /** Full GC before each timed run (outside the timed region). */
  gc: boolean;
  /** Compute the write-set conflict report per workload (an extra untimed sequential pass). */
  conflicts: boolean;
  /** Block files (`lanes run` format) run after the workloads, each like a workload. */
  blocks: string[];
  /** Idle accounts added to every pre-state (tools/workloads/state-padding.ts); 0: none. */
  stateAccounts: number;
  /** Measure the bound (bound.ts) for lanes-parallel in the same run. */
  bound: boolean;
  /** Thread counts the scaling model replays each block's schedule on (empty: no model). */
  modelThreads: number[];
}

export interface Machine {
  cpu: string;
  cores: number;
  node: string;
  os: string;
  lanesRevision: string;
  /**
   * os.loadavg() (1, 5 and 15 minutes) when the run started and when it ended (an extension of the issue's
   * schema): on a shared machine, what the wall-clock ratios were measured under. Absent in reports made
   * before it existed.
   */
  loadAverage?: { start: number[]; end?: number[] };
}

export interface BenchResult {
  /** A WorkloadId, or `block:<file name>` for a block file. */
  workload: string;
  engine: EngineId;
  /** ok: timed and equal to the reference; mismatch: timed but the outcome differs; skipped: not timed. */
  status: "ok" | "mismatch" | "skipped";
  reason?: string;
  txs: number;
  gasUsed: number;
  medianMs: number;
  minMs: number;
  maxMs: number;
  samplesMs: number[];
  txPerSec: number;
  mgasPerSec: number;
  /** Baseline median / this median, per baseline engine that ran (> 1: this engine is faster). */
  ratios: Partial<Record<EngineId, number>>;
  /**
   * The median over the timed rounds of (baseline's sample / this engine's sample in the same round): the
   * two ran back to back in each round, so load that changes between rounds cancels out. An extension of
   * the issue's JSON (documented in docs/parallel.md); absent when the sample counts differ.
   */
  pairedRatios?: Partial<Record<EngineId, number>>;
  /** What the equality check covered (see EngineOutcome.comparable). */
  verified?: "full" | "receipts";
  mismatches?: string[];
  notes?: string[];
  /** lanes-parallel: stats of the verification run, and re-executions of each timed run. */
  parallel?: ParallelStats & {
    reExecutionsPerRun: number[];
    modePerRun: string[];
    /** The Block-STM phase and the main-thread commit of each timed run (ms; NaN when not reported). */
    parallelMsPerRun: number[];
    commitMsPerRun: number[];
    /**
     * The bound measured in this run (bound.ts): the speedup over sequential that `threads` threads each
     * running 1/threads of the block with the sequential code reach, with the post-block work (roots)
     * split across them. Absent when not measured (--no-bound, or no sequential figure).
     */
    boundSpeedup?: number;
    /** Measured speedup (lanes-sequential median / this median) divided by boundSpeedup. */
    boundEfficiency?: number;
    bound?: BoundMeasurement;
    /** The schedule replayed on simulated threads (--model-threads). */
    model?: ScalingModel;
  };
}

export interface WorkloadInfo {
  id: string;
  txs: number;
  gasUsed: number;
  shape: Record<string, number | string>;
  generateMs: number;
  conflicts?: ConflictReport;
}

export interface BenchReport {
  machine: Machine;
  generatedAt: string;
  command?: string;
  options: Omit<BenchOptions, "size"> & { size: WorkloadSize; gcAvailable: boolean };
  engines: { id: EngineId; description: string; skipped?: string }[];
  workloads: WorkloadInfo[];
  results: BenchResult[];
  /** Every mismatch line, prefixed with workload and engine (empty: all engines agree). */
  mismatches: string[];
}

export function machine(): Machine {
  const list = cpus();
  return {
    cpu: list[0]?.model.trim() ?? "unknown",
    cores: list.length,
    node: process.version,
    os: `${process.platform} ${release()} ${process.arch}`,
    lanesRevision: gitRevision(),
    loadAverage: { start: loadavg() },
  };
}

export function median(xs: readonly number[]): number {
  if (xs.length === 0) return Number.NaN;
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 === 1 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

const errorText = (e: unknown) => (e instanceof Error ? e.message.split("\n")[0]! : String(e));

/** The reference outcome's differences from an engine's outcome (all of them, or all but the state root). */
export function verify(reference: BlockOutcome, got: EngineOutcome, engine: EngineId): string[] {
  const out = got.comparable === "full" ? got.outcome : { ...got.outcome, stateRoot: reference.stateRoot };
  const lines = compareOutcomes(reference, out, ["lanes-sequential", engine]);
  return [...lines, ...(got.ownMismatches ?? [])];
}

interface Lane {
  id: EngineId;
  prepared: PreparedEngine;
  samples: number[];
  stats: ParallelStats[];
  verification: EngineOutcome;
  mismatches: string[];
}

function skippedResult(w: WorkloadInfo, engine: EngineId, reason: string): BenchResult {
  return {
    workload: w.id,
    engine,
    status: "skipped",
    reason,
    txs: w.txs,
    gasUsed: w.gasUsed,
    medianMs: Number.NaN,
    minMs: Number.NaN,
    maxMs: Number.NaN,
    samplesMs: [],
    txPerSec: Number.NaN,
    mgasPerSec: Number.NaN,
    ratios: {},
  };
}

/**
 * The order in which `engines` engines run in round `round` (indices): the rotation by `round`, reversed
 * in every other group of `engines` rounds. For two engines: AB, BA, BA, AB, AB, BA... (ABBA), so each
 * engine runs first equally often in every 4 rounds and directly after each other engine equally often.
 */
export function roundOrder(round: number, engines: number): number[] {
  const order = Array.from({ length: engines }, (_, k) => (round + k) % engines);
  return Math.floor(round / engines) % 2 === 1 ? order.reverse() : order;
}

async function timeOnce(prepared: PreparedEngine, gc: boolean): Promise<{ ms: number; result: unknown }> {
  if (gc) {
    collectGarbage();
    // A full GC also throws away optimized code that embedded objects which died with the previous run
    // (V8 deoptimizes it for "weak objects": ~60 functions of the EVM per block), so the run right after
    // it measures re-optimization (executeBlock on 2,000 ERC-20 transfers: ~165 ms instead of ~110 ms).
    // One untimed run re-optimizes; the timed run then starts without other engines' garbage but warm.
    await prepared.execute();
    await prepared.reset();
  }
  const t = performance.now();
  const result = await prepared.execute();
  const ms = performance.now() - t;
  await prepared.reset();
  return { ms, result };
}

/** The bound and the scaling model of the lanes-parallel row (when it ran and matched). */
async function boundAndModel(
  source: WorkloadSource,
  w: Workload,
  results: BenchResult[],
  options: BenchOptions,
  progress: Progress,
): Promise<void> {
  const row = results.find((r) => r.engine === "lanes-parallel" && r.status !== "skipped");
  if (row?.parallel === undefined) return;
  const sequential = results.find((r) => r.engine === "lanes-sequential" && r.status !== "skipped");
  let sequentialMs = sequential?.medianMs;
  if (options.bound) {
    progress.update(`${w.id}: bound (${options.threads} threads running parts of the block sequentially)`);
    try {
      const bound = await measureBound(source, w, options.threads, options.runs, Math.min(options.warmup, 2));
      sequentialMs ??= bound.sequentialMs;
      row.parallel.bound = bound;
      row.parallel.boundSpeedup = bound.speedup;
      row.parallel.boundEfficiency = sequentialMs / row.medianMs / bound.speedup;
    } catch (e) {
      progress.log(`${w.id}: bound not measured: ${errorText(e)}`);
    }
  }
  const schedule = row.parallel.schedule;
  if (options.modelThreads.length > 0 && schedule !== undefined && sequentialMs !== undefined) {
    row.parallel.model = scalingModel(schedule, sequentialMs, row.parallel.threads, options.modelThreads);
  }
  delete row.parallel.schedule; // large; the model keeps what it needs
}

async function benchWorkload(
  source: WorkloadSource,
  w: Workload,
  info: WorkloadInfo,
  reference: BlockOutcome,
  engines: EngineId[],
  options: BenchOptions,
  progress: Progress,
): Promise<BenchResult[]> {
  const ctx: EngineContext = { threads: options.threads };
  const results: BenchResult[] = [];
  const lanes: Lane[] = [];
  for (const id of engines) {
    if (w.unsignedTxs !== undefined && !LANES_ENGINES.includes(id)) {
      const reason = `${w.unsignedTxs} transactions have no signature (only Lanes runs them as \`from\`)`;
      progress.log(`${w.id}: ${id} skipped: ${reason}`);
      results.push(skippedResult(info, id, reason));
      continue;
    }
    progress.update(`${w.id}: ${id}: preparing and verifying`);
    try {
      const prepared = await ENGINES[id].prepare(w, ctx);
      const first = await prepared.execute();
      const verification = await prepared.outcome(first);
      await prepared.reset();
      lanes.push({
        id,
        prepared,
        samples: [],
        stats: [],
        verification,
        mismatches: verify(reference, verification, id),
      });
    } catch (e) {
      progress.log(`${w.id}: ${id} skipped: ${errorText(e)}`);
      results.push(skippedResult(info, id, `failed on ${w.id}: ${errorText(e)}`));
    }
  }
  const total = options.warmup + options.runs;
  for (let round = 0; round < total; round++) {
    const timedRound = round >= options.warmup;
    // Timed rounds count from 0, so the balanced pattern starts with them.
    const order = roundOrder(timedRound ? round - options.warmup : round, lanes.length).map((k) => lanes[k]!);
    for (const lane of order) {
      if (!lanes.includes(lane)) continue; // failed earlier in this round
      progress.update(
        `${w.id}: ${timedRound ? `run ${round - options.warmup + 1}/${options.runs}` : `warm-up ${round + 1}/${options.warmup}`}: ${lane.id}`,
      );
      try {
        const { ms, result } = await timeOnce(lane.prepared, timedRound && options.gc);
        if (timedRound) {
          lane.samples.push(ms);
          const s = lane.prepared.stats?.(result);
          if (s !== undefined) lane.stats.push(s);
        }
      } catch (e) {
        progress.log(`${w.id}: ${lane.id} failed during the timed runs: ${errorText(e)}`);
        results.push(skippedResult(info, lane.id, `failed during the runs on ${w.id}: ${errorText(e)}`));
        lanes.splice(lanes.indexOf(lane), 1);
      }
    }
  }
  for (const lane of lanes) {
    if (options.modelThreads.length > 0 && lane.prepared.recordSchedule !== undefined) {
      progress.update(`${w.id}: ${lane.id}: recording the schedule (untimed)`);
      const schedule = await lane.prepared.recordSchedule().catch(() => undefined);
      if (schedule !== undefined && lane.verification.parallel !== undefined) {
        lane.verification.parallel.schedule = schedule;
      }
    }
    await lane.prepared.dispose().catch(() => {});
    const med = median(lane.samples);
    const r: BenchResult = {
      workload: w.id,
      engine: lane.id,
      status: lane.mismatches.length === 0 ? "ok" : "mismatch",
      txs: info.txs,
      gasUsed: info.gasUsed,
      medianMs: med,
      minMs: Math.min(...lane.samples),
      maxMs: Math.max(...lane.samples),
      samplesMs: lane.samples,
      txPerSec: (info.txs * 1000) / med,
      mgasPerSec: info.gasUsed / 1e3 / med,
      ratios: {},
      verified: lane.verification.comparable,
    };
    if (lane.mismatches.length > 0) r.mismatches = lane.mismatches;
    if (lane.verification.notes) r.notes = lane.verification.notes;
    if (lane.verification.parallel) {
      r.parallel = {
        ...lane.verification.parallel,
        reExecutionsPerRun: lane.stats.map((s) => s.reExecutions),
        modePerRun: lane.stats.map((s) => s.mode),
        parallelMsPerRun: lane.stats.map((s) => s.parallelMs ?? Number.NaN),
        commitMsPerRun: lane.stats.map((s) => s.commitMs ?? Number.NaN),
      };
    }
    results.push(r);
  }
  await boundAndModel(source, w, results, options, progress);
  for (const r of results) {
    if (r.status === "skipped") continue;
    for (const base of results) {
      if (base.status === "skipped" || base.engine === r.engine) continue;
      r.ratios[base.engine] = base.medianMs / r.medianMs;
      if (base.samplesMs.length === r.samplesMs.length && r.samplesMs.length > 0) {
        r.pairedRatios ??= {};
        r.pairedRatios[base.engine] = median(r.samplesMs.map((ms, i) => base.samplesMs[i]! / ms));
      }
    }
  }
  return engines.map((id) => results.find((r) => r.engine === id)!).filter((r) => r !== undefined);
}

export async function runBench(
  options: BenchOptions,
  progress: Progress,
  command?: string,
): Promise<BenchReport> {
  // Taken before anything runs: the revision and time the run started on.
  const startMachine = machine();
  const startedAt = new Date().toISOString();
  const ctx: EngineContext = { threads: options.threads };
  const engineInfo: BenchReport["engines"] = [];
  const available: EngineId[] = [];
  for (const id of options.engines) {
    const reason = await ENGINES[id].unavailable();
    engineInfo.push({ id, description: ENGINES[id].describe(ctx), ...(reason ? { skipped: reason } : {}) });
    if (reason) progress.log(`${id} skipped: ${reason}`);
    else available.push(id);
  }
  const workloads: WorkloadInfo[] = [];
  const results: BenchResult[] = [];
  const sources: WorkloadSource[] = [
    ...options.workloads.map(
      (id): WorkloadSource => ({
        kind: "workload",
        id,
        seed: options.seed,
        size: options.size,
        stateAccounts: options.stateAccounts,
      }),
    ),
    ...options.blocks.map(
      (file): WorkloadSource => ({ kind: "block", file, stateAccounts: options.stateAccounts }),
    ),
  ];
  for (const source of sources) {
    const label = source.kind === "workload" ? source.id : source.file;
    progress.update(`${label}: building the workload`);
    const t = performance.now();
    const w = await loadSource(source);
    const id = w.id;
    const generateMs = performance.now() - t;
    progress.update(`${id}: reference run (Lanes executeBlock)`);
    const referenceResult = executeBlock(lanesBlock(w), w.preState, w.chainConfig, w.executeOptions);
    const reference = lanesOutcome(referenceResult);
    const info: WorkloadInfo = {
      id,
      txs: w.transactions.length,
      gasUsed: Number(referenceResult.gasUsed),
      shape: w.shape,
      generateMs,
    };
    const failed = reference.receipts.filter((r) => r.status !== 1).length;
    if (failed > 0) progress.log(`${id}: warning: ${failed} transactions failed in the reference run`);
    if (options.conflicts) {
      progress.update(`${id}: conflict analysis`);
      info.conflicts = await conflictReport(w);
    }
    workloads.push(info);
    const rows = await benchWorkload(source, w, info, reference, available, options, progress);
    for (const id of options.engines) {
      const skipped = engineInfo.find((e) => e.id === id)?.skipped;
      if (skipped !== undefined) rows.push(skippedResult(info, id, skipped));
    }
    rows.sort((a, b) => options.engines.indexOf(a.engine) - options.engines.indexOf(b.engine));
    results.push(...rows);
    progress.done(summaryLine(info, rows));
  }
  const mismatches = results.flatMap((r) =>
    (r.mismatches ?? []).map((m) => `${r.workload} ${r.engine}: ${m}`),
  );
  if (startMachine.loadAverage !== undefined) startMachine.loadAverage.end = loadavg();
  return {
    machine: startMachine,
    generatedAt: startedAt,
    ...(command !== undefined ? { command } : {}),
    options: { ...options, gcAvailable },
    engines: engineInfo,
    workloads,
    results,
    mismatches,
  };
}

function summaryLine(w: WorkloadInfo, rows: BenchResult[]): string {
  const parts = rows
    .filter((r) => r.status !== "skipped")
    .map((r) => `${r.engine} ${r.medianMs.toFixed(1)} ms${r.status === "mismatch" ? " (MISMATCH)" : ""}`);
  return `${w.id}: ${w.txs} txs, ${(w.gasUsed / 1e6).toFixed(1)} Mgas: ${parts.join(", ") || "nothing ran"}`;
}
