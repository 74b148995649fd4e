// `lanes bench` options: from the parsed command line to BenchOptions plus the output files, with one clear
// UsageError per mistake.
import { availableParallelism } from "node:os";
import type { ParsedArgs } from "../../src/cli/args.js";
import { UsageError } from "../../src/cli/usage-error.js";
import { parseSize, type WorkloadSize } from "../../tools/workloads/registry.js";
import { isWorkloadId, WORKLOAD_IDS, type WorkloadId } from "../../tools/workloads/types.js";
import { ENGINE_IDS, type EngineId, isEngineId } from "./engine.js";
import type { BenchOptions } from "./run.js";

export const DEFAULT_TXS = 2000;
export const DEFAULT_RUNS = 5;
/**
 * Untimed rounds before the timed ones. Three, not one: the parallel engine's worker threads are separate
 * V8 isolates that JIT-compile the EVM on their own, and a freshly started worker needs a few 2,000-tx
 * blocks to reach steady state (measured: Block-STM phase 437 -> 184 -> 140 -> 101 ms over its first four
 * blocks, then ~70-110 ms). Every engine gets the same rounds.
 */
export const DEFAULT_WARMUP = 3;

export interface BenchOutputs {
  json?: string;
  markdown?: string;
  svg?: string;
}

function list<T extends string>(
  text: string,
  what: string,
  valid: readonly T[],
  isValid: (s: string) => s is T,
): T[] {
  const items = text
    .split(",")
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
  if (items.length === 0) throw new UsageError(`bench: --${what} needs at least one id`);
  for (const item of items) {
    if (!isValid(item))
      throw new UsageError(`bench: unknown ${what.replace(/s$/, "")} "${item}" (known: ${valid.join(", ")})`);
  }
  return [...new Set(items)] as T[];
}

function positiveInt(args: ParsedArgs, name: string, fallback: number, min = 1): number {
  const v = args.options.get(name);
  if (v === undefined) return fallback;
  if (typeof v !== "string" || !/^\d+$/.test(v) || Number(v) < min)
    throw new UsageError(`bench: --${name} must be an integer >= ${min}, got "${String(v)}"`);
  return Number(v);
}

const str = (args: ParsedArgs, name: string): string | undefined => {
  const v = args.options.get(name);
  return typeof v === "string" ? v : undefined;
};

/** Large enough for the 1,000,000-account measurements, small enough to fail fast instead of swapping. */
export const MAX_STATE_ACCOUNTS = 10_000_000;

function modelThreads(text: string | undefined, given: boolean): number[] {
  if (!given) return [];
  if (text === undefined) throw new UsageError("bench: --model-threads needs thread counts, e.g. 4,8,16,32");
  const counts = text.split(",").map((s) => s.trim());
  for (const c of counts) {
    if (!/^\d+$/.test(c) || Number(c) < 1 || Number(c) > 4096)
      throw new UsageError(`bench: --model-threads wants thread counts from 1 to 4096, got "${c}"`);
  }
  return [...new Set(counts.map(Number))].sort((a, b) => a - b);
}

export function benchOptions(args: ParsedArgs): { options: BenchOptions; outputs: BenchOutputs } {
  if (args.positionals.length > 0)
    throw new UsageError(
      `bench: unexpected argument "${args.positionals[0]}" (select workloads with --workloads a,b)`,
    );
  const workloadsText = str(args, "workloads");
  const enginesText = str(args, "engines");
  const blockText = args.options.get("block");
  const blocks =
    typeof blockText === "string"
      ? blockText
          .split(",")
          .map((s) => s.trim())
          .filter((s) => s.length > 0)
      : [];
  if (blockText !== undefined && blocks.length === 0)
    throw new UsageError(
      "bench: --block needs a file (lanes run's input format), or several separated by commas",
    );
  // With --block alone, only the block files run.
  const workloads: WorkloadId[] = workloadsText
    ? list(workloadsText, "workloads", WORKLOAD_IDS, isWorkloadId)
    : blocks.length > 0
      ? []
      : [...WORKLOAD_IDS];
  const engines: EngineId[] = enginesText
    ? list(enginesText, "engines", ENGINE_IDS, isEngineId)
    : [...ENGINE_IDS];
  const sizes = ["txs", "size", "gigagas"].filter((k) => args.options.has(k));
  if (sizes.length > 1) throw new UsageError(`bench: give only one of --txs, --size and --gigagas`);
  let size: WorkloadSize = { txs: DEFAULT_TXS };
  if (args.options.has("txs")) size = { txs: positiveInt(args, "txs", DEFAULT_TXS) };
  else if (args.options.has("gigagas")) size = parseSize("gigagas");
  else if (args.options.has("size")) {
    try {
      size = parseSize(str(args, "size")!);
    } catch (e) {
      throw new UsageError(`bench: ${e instanceof Error ? e.message : String(e)}`);
    }
  }
  const options: BenchOptions = {
    workloads,
    engines,
    size,
    seed: positiveInt(args, "seed", 1, 0),
    runs: positiveInt(args, "runs", DEFAULT_RUNS),
    warmup: positiveInt(args, "warmup", DEFAULT_WARMUP, 0),
    threads: positiveInt(args, "threads", availableParallelism()),
    gc: !args.options.has("no-gc"),
    conflicts: !args.options.has("no-conflicts"),
    blocks,
    stateAccounts: positiveInt(args, "state-accounts", 0, 0),
    bound: !args.options.has("no-bound"),
    modelThreads: modelThreads(str(args, "model-threads"), args.options.has("model-threads")),
  };
  if (options.stateAccounts > MAX_STATE_ACCOUNTS)
    throw new UsageError(`bench: --state-accounts is at most ${MAX_STATE_ACCOUNTS}`);
  const outputs: BenchOutputs = {};
  for (const k of ["json", "markdown", "svg"] as const) {
    const v = str(args, k);
    if (v !== undefined) outputs[k] = v;
  }
  return { options, outputs };
}
