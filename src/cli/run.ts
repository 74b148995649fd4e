// `lanes run <block.json>`: executes one block ({"env", "pre", "txs"}) with executeBlockParallel (which
// picks the sequential reference itself when parallelism cannot pay, or with --sequential) and prints what
// it produced, as JSON (--json) or a short summary; --stats adds the parallel statistics on stderr.
// --witness FILE also writes the block's execution witness (src/witness), for `lanes verify`.

import { writeFileSync } from "node:fs";
import { BlockException, InvalidBlockError } from "../block/errors.js";
import { defaultThreadCount, executeBlockParallel, formatStats, type ModeOption } from "../parallel/index.js";
import { generateWitnessParallel } from "../parallel/witness.js";
import { OutputError } from "../t8n/errors.js";
import { readJsonFile } from "../t8n/io.js";
import { parseRunBlock } from "../t8n/run-block.js";
import { runJson, runSummary } from "../t8n/run-output.js";
import { type ExecutionWitness, witnessToJson } from "../witness/format.js";
import { type ParsedArgs, stringOption } from "./args.js";
import { defineCommand } from "./command.js";
import { chainOption, FORK_LIST } from "./fork-option.js";
import { reportInputErrorsAsync } from "./input-errors.js";
import { EXIT_OK, UsageError } from "./usage-error.js";

const USAGE = `Usage: lanes run <block.json> [options]

Executes one block and prints the result. The file holds
  {"env": {...}, "pre": {...}, "txs": [...]}
where env has t8n's field names (currentCoinbase, currentGasLimit, currentNumber, currentTimestamp,
currentRandom, currentBaseFee or parentBaseFee/parentGasUsed/parentGasLimit, currentExcessBlobGas or
parentExcessBlobGas/parentBlobGasUsed, parentBeaconBlockRoot, withdrawals, blockHashes, parentHash) plus
an optional chainId (default 1); pre is an alloc (address -> {balance, nonce, code, storage}); and each
transaction uses JSON-RPC field names (type, from, to, nonce, gas, gasPrice or maxFeePerGas and
maxPriorityFeePerGas, value, input, accessList, blobVersionedHashes, maxFeePerBlobGas, authorizationList,
chainId, and optionally v/r/s). A transaction without a signature runs as "from"; a missing nonce is the
sender's next one. Every transaction must be valid: an invalid one fails the block.

The fork follows mainnet's schedule (from Frontier: block numbers, then timestamps) unless --fork or
--genesis is given.

Options:
  --fork NAME         run under this fork's rules (${FORK_LIST})
  --genesis FILE      run under the fork schedule of a geth genesis.json (or its config object); its
                      chainId replaces the block's
  --no-system-calls   run only the transactions (no EIP-4788/2935 calls, no EIP-7002/7251 queues)
  --json              print {gasUsed, blobGasUsed, receipts, stateRoot, post} as JSON
  --threads N         worker threads for parallel execution (default: available cores, here ${defaultThreadCount()})
  --sequential        execute with the sequential reference executor only
  --parallel          execute in parallel even when the fallback policy would not (small or serial block)
  --stats             print the block's execution statistics (mode and why, executions, re-executions,
                      validation aborts, dependency waits, per-thread busy time) on stderr
  --witness FILE      also write the block's execution witness (trie nodes, codes, keys; no headers: a
                      run input has no chain) as JSON, for lanes verify --expect-state-root
  --help, -h          show this help

Exit status: 0 when the block executed, 1 on bad input or an invalid block, 2 on a usage error.`;

function hint(e: unknown): string {
  if (e instanceof InvalidBlockError && e.code === BlockException.SYSTEM_CONTRACT_EMPTY) {
    return " (the pre-state lacks the system contracts; add them or pass --no-system-calls)";
  }
  return "";
}

function threadsOption(args: ParsedArgs): number | undefined {
  const value = args.options.get("threads");
  if (value === undefined) return undefined;
  const n = typeof value === "string" && /^\d+$/.test(value) ? Number(value) : Number.NaN;
  if (!Number.isSafeInteger(n) || n < 1 || n > 256) {
    throw new UsageError(`run: --threads wants a whole number from 1 to 256, got "${value}"`);
  }
  return n;
}

function modeOption(args: ParsedArgs): ModeOption {
  const sequential = args.options.has("sequential");
  const parallel = args.options.has("parallel");
  if (sequential && parallel) throw new UsageError("run: --sequential and --parallel exclude each other");
  return sequential ? "sequential" : parallel ? "parallel" : "auto";
}

function writeWitness(path: string, witness: ExecutionWitness): void {
  try {
    writeFileSync(path, `${JSON.stringify(witnessToJson(witness))}\n`);
  } catch (e) {
    throw new OutputError(
      `cannot write the witness to ${path}: ${e instanceof Error ? e.message : String(e)}`,
    );
  }
}

function run(args: ParsedArgs): Promise<number> {
  if (args.positionals.length === 0) throw new UsageError("run: no block file given");
  if (args.positionals.length > 1) throw new UsageError("run: expected one block file");
  const fork = chainOption(args, "run");
  const file = args.positionals[0]!;
  const systemCalls = !args.options.has("no-system-calls");
  const threads = threadsOption(args);
  const mode = modeOption(args);
  const witnessPath = stringOption(args, "witness");
  if (witnessPath === "") throw new UsageError("run: --witness wants a file name");

  return reportInputErrorsAsync(
    "run",
    async () => {
      const input = parseRunBlock(readJsonFile(file, "block"), file, fork);
      const execution = { blockHash: input.blockHash, systemCalls, threads, mode };
      let result: Awaited<ReturnType<typeof executeBlockParallel>>;
      if (witnessPath === undefined) {
        result = await executeBlockParallel(input.block, input.pre, input.config, execution);
      } else {
        const generated = await generateWitnessParallel(input.block, input.pre, input.config, execution);
        writeWitness(witnessPath, generated.witness);
        result = generated.result;
      }
      if (args.options.has("stats")) process.stderr.write(`${formatStats(result.stats)}\n`);
      const text = args.options.has("json")
        ? `${JSON.stringify(runJson(input.pre, result), null, 2)}\n`
        : runSummary(result, { number: input.block.header.number, rules: input.rules, systemCalls });
      process.stdout.write(text);
      return EXIT_OK;
    },
    hint,
  );
}

export const runCommand = defineCommand({
  name: "run",
  summary: "execute one block given as JSON (env, pre-state, transactions)",
  usage: USAGE,
  options: {
    fork: { value: true },
    genesis: { value: true },
    "no-system-calls": { value: false },
    json: { value: false },
    threads: { value: true },
    sequential: { value: false },
    parallel: { value: false },
    stats: { value: false },
    witness: { value: true },
  },
  run,
});
