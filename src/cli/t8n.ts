// `lanes t8n`: a state transition tool with the interface of geth's `evm t8n` (the one test fillers such as
// execution-spec-tests drive): alloc + env + txs in, result + post-alloc + body out.
import { configForNetwork } from "../block/chain-config.js";
import { chainConfigFromSpec } from "../block/genesis-config.js";
import { HexError, parseQuantity } from "../primitives/hex.js";
import { dispatchOutputs, loadInputs } from "../t8n/io.js";
import { runT8n } from "../t8n/t8n.js";
import { type ParsedArgs, stringOption } from "./args.js";
import { defineCommand } from "./command.js";
import { FORK_LIST, readGenesisSpec, unknownForkError } from "./fork-option.js";
import { reportInputErrors } from "./input-errors.js";
import { EXIT_OK, UsageError } from "./usage-error.js";

const USAGE = `Usage: lanes t8n [options]

Applies transactions to a pre-state, like geth's \`evm t8n\`: reads an alloc (accounts), an env (block
context) and a list of transactions, executes them one by one on top of the pre-block system calls,
skips and reports invalid ones (the "rejected" list), applies withdrawals and (Prague+) collects the
EIP-7685 requests. Writes the result (state/tx/receipts roots, receipts, gas used, base fee, excess blob
gas, requests hash), the post-state alloc and the RLP body of the included transactions.

A file name of "stdin" reads that input from one JSON object {"alloc", "env", "txs"} (or "txsRlp") on
stdin; "stdout"/"stderr" print the outputs as one JSON object {"alloc", "result", "body"}. A txs file
ending in .rlp holds a JSON hex string of an RLP list of signed transactions. Transactions in JSON may be
signed (v, r, s) or carry a "secretKey" to be signed with.

Options:
  --input.alloc FILE     pre-state accounts (default alloc.json)
  --input.env FILE       block environment (default env.json)
  --input.txs FILE       transactions, JSON or .rlp (default txs.json)
  --output.basedir DIR   directory for the output files (created if missing)
  --output.result FILE   result (default result.json)
  --output.alloc FILE    post-state accounts (default alloc.json)
  --output.body FILE     RLP of the included transactions (default: not written)
  --state.fork NAME      fork rules: ${FORK_LIST}, or a transition such as
                         PragueToOsakaAtTime15k, HomesteadToDaoAt5 (this or --genesis is required)
  --genesis FILE         the fork schedule (by block number, then timestamp) and chain id of a geth
                         genesis.json or its config object, instead of --state.fork and --state.chainid
  --state.chainid N      chain id (default 1)
  --state.reward N       block reward; accepted for compatibility and ignored (no rewards after the Merge)
  --help, -h             show this help

Exit status: 0 on success (rejected transactions included), 1 on bad input, 2 on a usage error.`;

const OPTIONS = {
  "input.alloc": { value: true },
  "input.env": { value: true },
  "input.txs": { value: true },
  "output.basedir": { value: true },
  "output.result": { value: true },
  "output.alloc": { value: true },
  "output.body": { value: true },
  "state.fork": { value: true },
  genesis: { value: true },
  "state.chainid": { value: true },
  "state.reward": { value: true },
};

function chainIdOption(value: string | undefined): bigint {
  if (value === undefined) return 1n;
  try {
    return parseQuantity(value);
  } catch (e) {
    if (e instanceof HexError) throw new UsageError(`t8n: invalid --state.chainid "${value}"`);
    throw e;
  }
}

function run(args: ParsedArgs): number {
  if (args.positionals.length > 0) throw new UsageError(`t8n: unexpected argument "${args.positionals[0]}"`);
  const get = (name: keyof typeof OPTIONS): string | undefined => stringOption(args, name);
  const fork = get("state.fork");
  const genesis = get("genesis");
  if (fork === undefined && genesis === undefined)
    throw new UsageError("t8n: --state.fork (or --genesis) is required");
  if (genesis !== undefined && (fork !== undefined || get("state.chainid") !== undefined))
    throw new UsageError("t8n: --genesis sets the forks and chain id; drop --state.fork and --state.chainid");
  const chainId = chainIdOption(get("state.chainid"));
  const reward = get("state.reward");
  if (reward !== undefined && !/^-?[0-9]+$/.test(reward)) {
    throw new UsageError(`t8n: invalid --state.reward "${reward}"`);
  }
  const config =
    genesis !== undefined
      ? chainConfigFromSpec(readGenesisSpec(genesis, "t8n"))
      : configForNetwork(chainId, fork!);
  if (config === undefined) throw unknownForkError("t8n", fork!);

  return reportInputErrors("t8n", () => {
    const inputs = loadInputs({
      alloc: get("input.alloc") ?? "alloc.json",
      env: get("input.env") ?? "env.json",
      txs: get("input.txs") ?? "txs.json",
    });
    const out = runT8n(inputs, config);
    dispatchOutputs(
      {
        basedir: get("output.basedir") ?? "",
        alloc: get("output.alloc") ?? "alloc.json",
        result: get("output.result") ?? "result.json",
        body: get("output.body") ?? "",
      },
      out,
      { stdout: (t) => process.stdout.write(t), stderr: (t) => process.stderr.write(t) },
    );
    return EXIT_OK;
  });
}

export const t8nCommand = defineCommand({
  name: "t8n",
  summary: "state transition tool compatible with geth's evm t8n",
  usage: USAGE,
  options: OPTIONS,
  run,
});
