// `lanes run <block.json>`: executes one block ({"env", "pre", "txs"}) with the reference block executor and
// prints what it produced, as JSON (--json) or a short summary.

import { BlockException, InvalidBlockError } from "../block/errors.js";
import { executeBlock } from "../block/execute-block.js";
import { readJsonFile } from "../t8n/io.js";
import { parseRunBlock } from "../t8n/run-block.js";
import { runJson, runSummary } from "../t8n/run-output.js";
import type { ParsedArgs } from "./args.js";
import { defineCommand } from "./command.js";
import { FORK_LIST, forkOption } from "./fork-option.js";
import { reportInputErrors } from "./input-errors.js";
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

The fork follows mainnet's schedule by timestamp unless --fork is given.

Options:
  --fork NAME         run under this fork's rules (${FORK_LIST})
  --no-system-calls   run only the transactions (no EIP-4788/2935 calls, no EIP-7002/7251 queues)
  --json              print {gasUsed, blobGasUsed, receipts, stateRoot, post} as JSON
  --help, -h          show this help

Exit status: 0 when the block executed, 1 on bad input or an invalid block, 2 on a usage error.`;

function hint(e: unknown): string {
  if (e instanceof InvalidBlockError && e.code === BlockException.SYSTEM_CONTRACT_EMPTY) {
    return " (the pre-state lacks the system contracts; add them or pass --no-system-calls)";
  }
  return "";
}

function run(args: ParsedArgs): number {
  if (args.positionals.length === 0) throw new UsageError("run: no block file given");
  if (args.positionals.length > 1) throw new UsageError("run: expected one block file");
  const fork = forkOption(args, "run");
  const file = args.positionals[0]!;
  const systemCalls = !args.options.has("no-system-calls");

  return reportInputErrors(
    "run",
    () => {
      const input = parseRunBlock(readJsonFile(file, "block"), file, fork);
      const result = executeBlock(input.block, input.pre, input.config, {
        blockHash: input.blockHash,
        systemCalls,
      });
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
  options: { fork: { value: true }, "no-system-calls": { value: false }, json: { value: false } },
  run,
});
