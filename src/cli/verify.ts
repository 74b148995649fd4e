// `lanes verify --witness w.json --block block.json`: stateless verification of one block from its execution
// witness (src/witness/verify.ts). Prints the computed state root, receipts root and gas, compares them with
// the block's header (or, for a `lanes run` input, which has no header, with --expect-state-root) and exits
// 0 only when everything matches. A witness that lacks or misstates something fails with one line naming it.
import { InvalidBlockError } from "../block/errors.js";
import { verifyBlockStatelessParallel } from "../parallel/witness.js";
import { bytesToHex, HexError, hexToBytes, quantityToHex } from "../primitives/hex.js";
import { readJsonFile } from "../t8n/io.js";
import { WitnessError } from "../witness/errors.js";
import { type ExecutionWitness, witnessFromJson } from "../witness/format.js";
import { type StatelessOptions, type StatelessResult, verifyBlockStateless } from "../witness/verify.js";
import { type ParsedArgs, stringOption } from "./args.js";
import { defineCommand } from "./command.js";
import { chainOption, FORK_LIST } from "./fork-option.js";
import { reportInputErrorsAsync } from "./input-errors.js";
import { EXIT_FAILED, EXIT_OK, UsageError } from "./usage-error.js";
import { parseVerifyBlock } from "./verify-block.js";

const USAGE = `Usage: lanes verify --witness <witness.json> --block <block.json> [options]

Verifies one block statelessly: builds partial tries from the witness (the trie nodes, codes and ancestor
headers of debug_executionWitness or \`lanes run --witness\`), executes the block against them, updates
them with the block's changes, and prints the computed state root, receipts root and gas used. They are
compared with the block's header; a \`lanes run\` input has none, so its state root is compared with
--expect-state-root. A witness that lacks a node, a code or a header, or holds a wrong one, fails with a
message naming it.

The block file is a \`lanes run\` input {"env", "pre", "txs"} (its pre-state root is the root of "pre"),
a block's RLP ("0x…" or {"rlp": "0x…", "chainId": "0x…"}), or a JSON-RPC block with full transactions.

Options:
  --witness FILE           the execution witness (JSON: {state, codes, keys, headers})
  --block FILE             the block
  --parallel               execute with Block-STM on worker threads (forced parallel) instead of the
                           sequential reference; the union of the final read sets must be proven by the witness
  --threads N              worker threads with --parallel (default: available cores)
  --fork NAME              run under this fork's rules (${FORK_LIST}); default: mainnet's schedule
  --genesis FILE           run under the fork schedule of a geth genesis.json (or its config object)
  --no-system-calls        run only the transactions (as lanes run --no-system-calls)
  --expect-state-root R    compare the post-state root with R instead of the header's commitments
                           (required for a lanes run input)
  --pre-state-root R       the pre-state root, for a witness without headers whose block file has no "pre"
  --json                   print {"stateRoot", "receiptsRoot", "gasUsed", "ok"} only
  --help, -h               show this help

Exit status: 0 when the block verifies, 1 when it does not (a difference, a witness problem, an invalid
block, bad input), 2 on a usage error.`;

function hashOption(args: ParsedArgs, name: string): Uint8Array | undefined {
  const value = stringOption(args, name);
  if (value === undefined) return undefined;
  let bytes: Uint8Array | undefined;
  try {
    bytes = /^0[xX][0-9a-fA-F]{64}$/.test(value) ? hexToBytes(value) : undefined;
  } catch (e) {
    if (!(e instanceof HexError)) throw e;
  }
  if (bytes === undefined)
    throw new UsageError(`verify: --${name} wants a 32-byte 0x-prefixed hash, got "${value}"`);
  return bytes;
}

function threadsOption(args: ParsedArgs): number | undefined {
  const value = stringOption(args, "threads");
  if (value === undefined) return undefined;
  const n = /^\d+$/.test(value) ? Number(value) : Number.NaN;
  if (!Number.isSafeInteger(n) || n < 1 || n > 256) {
    throw new UsageError(`verify: --threads wants a whole number from 1 to 256, got "${value}"`);
  }
  return n;
}

function readWitness(path: string): ExecutionWitness {
  const raw = readJsonFile(path, "witness");
  try {
    return witnessFromJson(raw);
  } catch (e) {
    if (e instanceof WitnessError) throw new WitnessError(e.kind, `${path}: ${e.message}`);
    throw e;
  }
}

function summary(r: StatelessResult, witness: ExecutionWitness, mode: string): string {
  const lines = [
    `stateRoot     ${bytesToHex(r.stateRoot)}`,
    `receiptsRoot  ${bytesToHex(r.receiptsRoot)}`,
    `gasUsed       ${r.gasUsed}`,
    `witness       ${witness.state.length} nodes, ${witness.codes.length} codes, ${witness.headers.length} headers (${r.unusedNodes} nodes and ${r.unusedCodes} codes unused); executed ${mode}`,
  ];
  for (const m of r.mismatches) lines.push(`MISMATCH      ${m}`);
  lines.push(r.ok ? "ok" : "NOT OK: the block does not verify");
  return `${lines.join("\n")}\n`;
}

function jsonLine(r: StatelessResult | undefined): string {
  return `${JSON.stringify({
    stateRoot: r === undefined ? null : bytesToHex(r.stateRoot),
    receiptsRoot: r === undefined ? null : bytesToHex(r.receiptsRoot),
    gasUsed: r === undefined ? null : quantityToHex(r.gasUsed),
    ok: r?.ok ?? false,
  })}\n`;
}

async function run(args: ParsedArgs): Promise<number> {
  if (args.positionals.length > 0)
    throw new UsageError(`verify: unexpected argument "${args.positionals[0]}"`);
  const witnessPath = stringOption(args, "witness");
  const blockPath = stringOption(args, "block");
  if (witnessPath === undefined) throw new UsageError("verify: --witness FILE is required");
  if (blockPath === undefined) throw new UsageError("verify: --block FILE is required");
  const fork = chainOption(args, "verify");
  const expectStateRoot = hashOption(args, "expect-state-root");
  const preStateRoot = hashOption(args, "pre-state-root");
  const parallel = args.options.has("parallel");
  const threads = threadsOption(args);
  if (threads !== undefined && !parallel) throw new UsageError("verify: --threads needs --parallel");
  const json = args.options.has("json");

  return reportInputErrorsAsync("verify", async () => {
    const input = parseVerifyBlock(readJsonFile(blockPath, "block"), blockPath, fork);
    let witness: ExecutionWitness;
    try {
      witness = readWitness(witnessPath);
    } catch (e) {
      if (!(e instanceof WitnessError)) throw e;
      process.stderr.write(`lanes verify: ${e.message}\n`);
      return EXIT_FAILED;
    }
    const options: StatelessOptions = { systemCalls: !args.options.has("no-system-calls") };
    if (expectStateRoot !== undefined) options.expectStateRoot = expectStateRoot;
    if (input.runInput !== undefined) {
      if (expectStateRoot === undefined) {
        throw new UsageError(
          "verify: a lanes run input has no header to compare with: give --expect-state-root",
        );
      }
      options.blockHash = input.runInput.blockHash;
      const root = preStateRoot ?? input.runInput.preStateRoot;
      if (root !== undefined) options.preStateRoot = root;
    } else if (preStateRoot !== undefined) {
      options.preStateRoot = preStateRoot;
    }
    let result: StatelessResult;
    try {
      result = parallel
        ? await verifyBlockStatelessParallel(input.block, witness, input.config, { ...options, threads })
        : verifyBlockStateless(input.block, witness, input.config, options);
    } catch (e) {
      if (!(e instanceof WitnessError || e instanceof InvalidBlockError)) throw e;
      const what = e instanceof WitnessError ? "witness" : "invalid block";
      process.stderr.write(`lanes verify: ${what}: ${e.message.replace(/\s*\n\s*/g, " ")}\n`);
      if (json) process.stdout.write(jsonLine(undefined));
      return EXIT_FAILED;
    }
    process.stdout.write(
      json ? jsonLine(result) : summary(result, witness, parallel ? "in parallel" : "sequentially"),
    );
    return result.ok ? EXIT_OK : EXIT_FAILED;
  });
}

export const verifyCommand = defineCommand({
  name: "verify",
  summary: "verify a block statelessly from its execution witness",
  usage: USAGE,
  options: {
    witness: { value: true },
    block: { value: true },
    parallel: { value: false },
    threads: { value: true },
    fork: { value: true },
    genesis: { value: true },
    "no-system-calls": { value: false },
    "expect-state-root": { value: true },
    "pre-state-root": { value: true },
    json: { value: false },
  },
  run,
});
