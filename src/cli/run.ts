// `lanes run <block.json>`: executes one block ({"env", "pre", "txs"}) with the reference block executor and
// prints what it produced, as JSON (--json) or a short summary.

import { BlockException, InvalidBlockError } from "../block/errors.js";
import { executeBlock } from "../block/execute-block.js";
import { FORKS, isForkName } from "../evm/forks.js";
import { inputErrorMessage } from "../t8n/errors.js";
import { readJsonFile } from "../t8n/io.js";
import { parseRunBlock } from "../t8n/run-block.js";
import { runJson, runSummary } from "../t8n/run-output.js";
import { parseArgs } from "./args.js";
import type { Command } from "./command.js";
import { EXIT_FAILED, EXIT_OK, UsageError } from "./usage-error.js";

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

The fork follows mainnet's schedule by timestamp unless --fork is given.

Options:
  --fork NAME         run under this fork's rules (${Object.keys(FORKS).join(", ")})
  --no-system-calls   run only the transactions (no EIP-4788/2935 calls, no EIP-7002/7251 queues)
  --json              print {gasUsed, blobGasUsed, receipts, stateRoot, post} as JSON
  --help, -h          show this help

Exit status: 0 when the block executed, 1 on bad input or an invalid block, 2 on a usage error.`;

const OPTIONS = {
  fork: { value: true },
  "no-system-calls": { value: false },
  json: { value: false },
  help: { value: false, aliases: ["-h"] },
};

function hint(e: unknown): string {
  if (e instanceof InvalidBlockError && e.code === BlockException.SYSTEM_CONTRACT_EMPTY) {
    return " (the pre-state lacks the system contracts; add them or pass --no-system-calls)";
  }
  return "";
}

function run(argv: readonly string[]): number {
  const args = parseArgs(argv, OPTIONS, "run");
  if (args.options.has("help")) {
    process.stdout.write(`${USAGE}\n`);
    return EXIT_OK;
  }
  if (args.positionals.length === 0) throw new UsageError("run: no block file given");
  if (args.positionals.length > 1) throw new UsageError("run: expected one block file");
  const fork = args.options.get("fork");
  if (typeof fork === "string" && !isForkName(fork)) {
    throw new UsageError(`run: unknown fork "${fork}" (supported: ${Object.keys(FORKS).join(", ")})`);
  }
  const file = args.positionals[0]!;
  const systemCalls = !args.options.has("no-system-calls");

  try {
    const input = parseRunBlock(
      readJsonFile(file, "block"),
      file,
      typeof fork === "string" ? fork : undefined,
    );
    const result = executeBlock(input.block, input.pre, input.config, {
      blockHash: input.blockHash,
      systemCalls,
    });
    const text = args.options.has("json")
      ? `${JSON.stringify(runJson(input.pre, result), null, 2)}\n`
      : runSummary(result, { number: input.block.header.number, rules: input.rules, systemCalls });
    process.stdout.write(text);
    return EXIT_OK;
  } catch (e) {
    const message = inputErrorMessage(e);
    if (message === undefined) throw e;
    process.stderr.write(`lanes run: ${message}${hint(e)}\n`);
    return EXIT_FAILED;
  }
}

export const runCommand: Command = {
  name: "run",
  summary: "execute one block given as JSON (env, pre-state, transactions)",
  usage: USAGE,
  run,
};
