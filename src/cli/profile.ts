// `lanes profile <block.json>` / `lanes profile --rpc URL --block N`: runs a block on Block-STM with the
// profiler's instrumentation (src/profiler) and reports the conflict graph, critical path, speedup bounds,
// hot spots and advice: a terminal summary, `--json` (docs/profiler.md has the schema), `--html FILE`.
import { writeFileSync } from "node:fs";
import { ContractBook } from "../profiler/contracts.js";
import { ProfileError, profileBlock } from "../profiler/profile-block.js";
import { ReportError, relabelProfile } from "../profiler/relabel.js";
import { renderHtml } from "../profiler/render-html.js";
import { renderTerminal } from "../profiler/render-terminal.js";
import { fetchProfile } from "../profiler/rpc-client.js";
import { LayoutError } from "../profiler/storage-layout.js";
import type { BlockProfile } from "../profiler/types.js";
import { OutputError } from "../t8n/errors.js";
import { readJsonFile } from "../t8n/io.js";
import { parseRunBlock } from "../t8n/run-block.js";
import { type OptionSpec, type ParsedArgs, parseArgs, stringOption } from "./args.js";
import type { Command } from "./command.js";
import { chainOption, FORK_LIST } from "./fork-option.js";
import { reportInputErrorsAsync } from "./input-errors.js";
import { EXIT_FAILED, EXIT_OK, UsageError } from "./usage-error.js";

const USAGE = `Usage: lanes profile <block.json> [options]
       lanes profile --rpc URL --block N [options]

Executes a block in parallel (Block-STM) with instrumentation and reports what serializes it: the conflict
graph (transaction -> transaction edges labelled with the account field or contract slot that caused them),
the critical path and the speedup bound at 2-32 threads, the hot locations and contracts, per-thread
timelines, and advice per hot spot with its simulated gain. The block file is \`lanes run\`'s input
({"env", "pre", "txs"}); with --rpc, a running \`lanes node\` profiles its block N (lanes_profileBlock).

Options:
  --abi FILE[@0xADDR,...]             name contracts and functions (repeatable)
  --storage-layout FILE[@0xADDR,...]  decode slots to variables with solc's storageLayout (repeatable); a file
                                      may be a storageLayout object, a solc standard-JSON output or an artifact
                                      (abi/storageLayout/deployedBytecode). Without @addresses a contract is
                                      recognised by its runtime bytecode.
  --json              print the report as JSON (schema: docs/profiler.md)
  --html FILE         write the interactive report (conflict graph, timeline, hot spots) to FILE
  --top N             hot spots in the terminal summary (default 10)
  --threads N         worker threads (default 2)
  --warmup N          instrumented runs before the measured one (default 1)
  --fork NAME         run under this fork's rules (${FORK_LIST})
  --genesis FILE      run under the fork schedule of a geth genesis.json (or its config object)
  --no-system-calls   run only the transactions
  --rpc URL           a lanes node's JSON-RPC endpoint (with --block)
  --block N           the block number to profile on that node
  --help, -h          show this help

Exit status: 0 when the report was made, 1 on bad input or a block that cannot be profiled, 2 on a usage error.`;

const OPTIONS: Readonly<Record<string, OptionSpec>> = {
  json: { value: false },
  html: { value: true },
  top: { value: true },
  threads: { value: true },
  warmup: { value: true },
  fork: { value: true },
  genesis: { value: true },
  "no-system-calls": { value: false },
  rpc: { value: true },
  block: { value: true },
  help: { value: false, aliases: ["-h"] },
};

const REPEATABLE = ["abi", "storage-layout"] as const;

/** Takes the repeatable options out of argv (the shared parser keeps one value per option). */
function takeRepeatable(argv: readonly string[]): { rest: string[]; files: string[] } {
  const rest: string[] = [];
  const files: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const name = REPEATABLE.find((r) => arg === `--${r}` || arg.startsWith(`--${r}=`));
    if (name === undefined) {
      rest.push(arg);
      if (arg === "--") {
        rest.push(...argv.slice(i + 1));
        break;
      }
      continue;
    }
    const value = arg.includes("=") ? arg.slice(arg.indexOf("=") + 1) : argv[++i];
    if (value === undefined || value === "") throw new UsageError(`profile: option --${name} needs a file`);
    files.push(value);
  }
  return { rest, files };
}

function wholeNumber(args: ParsedArgs, name: string, min: number, max: number, fallback: number): number {
  const value = stringOption(args, name);
  if (value === undefined) return fallback;
  const n = /^\d+$/.test(value) ? Number(value) : Number.NaN;
  if (!Number.isSafeInteger(n) || n < min || n > max) {
    throw new UsageError(`profile: --${name} wants a whole number from ${min} to ${max}, got "${value}"`);
  }
  return n;
}

function blockNumber(text: string): bigint {
  if (!/^(0x[0-9a-fA-F]{1,16}|\d{1,20})$/.test(text)) {
    throw new UsageError(`profile: --block wants a block number, got "${text}"`);
  }
  return BigInt(text);
}

function write(path: string, text: string, what: string): void {
  try {
    writeFileSync(path, text);
  } catch (e) {
    throw new OutputError(
      `cannot write the ${what} to ${path}: ${e instanceof Error ? e.message : String(e)}`,
    );
  }
}

async function run(argv: readonly string[]): Promise<number> {
  const { rest, files } = takeRepeatable(argv);
  const args = parseArgs(rest, OPTIONS, "profile");
  if (args.options.has("help")) {
    process.stdout.write(`${USAGE}\n`);
    return EXIT_OK;
  }
  const rpc = stringOption(args, "rpc");
  const blockText = stringOption(args, "block");
  if (rpc !== undefined) {
    if (args.positionals.length > 0) throw new UsageError("profile: give a block file or --rpc, not both");
    if (blockText === undefined) throw new UsageError("profile: --rpc needs --block N");
    if (!/^https?:\/\//.test(rpc)) throw new UsageError(`profile: --rpc wants an http(s) URL, got "${rpc}"`);
  } else {
    if (blockText !== undefined) throw new UsageError("profile: --block goes with --rpc");
    if (args.positionals.length === 0)
      throw new UsageError("profile: no block file given (or --rpc URL --block N)");
    if (args.positionals.length > 1) throw new UsageError("profile: expected one block file");
  }
  const fork = chainOption(args, "profile");
  const threads = wholeNumber(args, "threads", 1, 256, 2);
  const warmups = wholeNumber(args, "warmup", 0, 20, 1);
  const top = wholeNumber(args, "top", 1, 1000, 10);
  const html = stringOption(args, "html");
  const systemCalls = !args.options.has("no-system-calls");

  const book = new ContractBook();
  try {
    for (const f of files) book.addFile(f);
  } catch (e) {
    if (e instanceof LayoutError) {
      process.stderr.write(`lanes profile: ${e.message}\n`);
      return EXIT_FAILED;
    }
    throw e;
  }

  return reportInputErrorsAsync("profile", async () => {
    let profile: BlockProfile;
    try {
      if (rpc !== undefined) {
        profile = relabelProfile(await fetchProfile(rpc, blockNumber(blockText!)), book);
      } else {
        const file = args.positionals[0]!;
        const input = parseRunBlock(readJsonFile(file, "block"), file, fork);
        profile = await profileBlock(input.block, input.pre, input.config, {
          threads,
          warmups,
          book,
          systemCalls,
          blockHash: input.blockHash,
          fork: input.rules.name,
        });
      }
    } catch (e) {
      if (e instanceof ProfileError || e instanceof ReportError || e instanceof LayoutError) {
        process.stderr.write(`lanes profile: ${e.message}\n`);
        return EXIT_FAILED;
      }
      throw e;
    }
    if (html !== undefined) write(html, renderHtml(profile), "HTML report");
    process.stdout.write(
      args.options.has("json") ? `${JSON.stringify(profile, null, 1)}\n` : renderTerminal(profile, top),
    );
    if (html !== undefined && !args.options.has("json")) process.stdout.write(`HTML report: ${html}\n`);
    return EXIT_OK;
  });
}

export const profileCommand: Command = {
  name: "profile",
  summary: "profile a block's parallel execution: conflict graph, critical path, hot spots, advice",
  usage: USAGE,
  run,
};
