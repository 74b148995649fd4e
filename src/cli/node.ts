// `lanes node`: a JSON-RPC devnet on the Lanes engine with LMDB persistence (src/node).
import { readFileSync } from "node:fs";
import { type GethGenesis, parseGethGenesis } from "../block/genesis-config.js";
import { isForkName } from "../evm/forks.js";
import { importChain } from "../node/chain-import.js";
import { MAX_CODE_SIZE_LIMIT, NODE_DEFAULTS, startNode } from "../node/index.js";
import { type ParsedArgs, stringOption } from "./args.js";
import { defineCommand } from "./command.js";
import { FORK_LIST, unknownForkError } from "./fork-option.js";
import { EXIT_FAILED, EXIT_OK, UsageError } from "./usage-error.js";

const USAGE = `Usage: lanes node [options]

Runs a local Ethereum JSON-RPC node (HTTP and WebSocket on one port) that builds blocks from its mempool,
executes them with Lanes and keeps the chain in an LMDB data directory. It restarts from the last
committed block. Dev accounts are derived from the mnemonic and prefunded with 10000 ETH each.

Options:
  --host HOST          interface to bind (default ${NODE_DEFAULTS.host}; loopback only unless told)
  --port N             port (default ${NODE_DEFAULTS.port}; 0 picks a free one)
  --data-dir DIR       LMDB data directory (default ./.lanes)
  --chain-id N         chain id (default ${NODE_DEFAULTS.chainId})
  --block-time MS      mine every MS milliseconds (default: automine, a block per transaction batch)
  --threads N          execution threads (default: the number of CPUs, here ${NODE_DEFAULTS.threads})
  --accounts N         number of dev accounts (default ${NODE_DEFAULTS.accounts})
  --mnemonic PHRASE    BIP-39 mnemonic for the dev accounts (default: anvil's "test test ... junk")
  --fork NAME          EVM rules (${FORK_LIST}; default ${NODE_DEFAULTS.fork})
  --gas-limit N        block gas limit (default ${NODE_DEFAULTS.gasLimit})
  --genesis FILE       start the chain from a geth genesis.json (config with fork blocks and times and
                       blobSchedule, alloc, header fields): its chain id and fork schedule replace
                       --chain-id and --fork; no dev-account funding and no co-processors
  --import FILE        import blocks from FILE (concatenated RLP blocks, geth's export format) on top of
                       the chain before serving; each is validated and executed, blocks already held are
                       skipped. Blocks under forks before Cancun cannot be executed yet and stop the import
  --code-size-limit N  largest contract code a creation may deploy, in bytes (default 24576, EIP-170);
                       initcode may be twice it (as anvil's option of the same name)
  --disable-code-size-limit
                       no code-size or initcode-size limit (as anvil's option of the same name)
  --allow-origin LIST  comma-separated origins whose web pages may call the node, or "*" (default: pages
                       on loopback hosts only: http(s)://localhost, 127.0.0.1, [::1], any port)
  --allow-host LIST    comma-separated Host header names accepted, or "*" (default: localhost,
                       127.0.0.1, ::1 and the --host address); guards against DNS rebinding
  --durable            acknowledge a block (and answer its sender) only once it is fsynced. Without it
                       a block's sender is answered first and the block is written to the data file
                       right after (before anything reads it back), and one fsync a second covers every
                       block written meanwhile: killing the process loses at most the blocks of its last
                       moment (under a millisecond, none whose receipt was read), but an OS crash or power
                       loss can lose the last second of blocks, or leave a directory the node refuses to
                       start on (then start over with a new --data-dir)
  --throw-on-transaction-failures
                       Hardhat's behaviour: a transaction sent with eth_sendTransaction or
                       eth_sendRawTransaction that is mined and fails is answered with an error carrying
                       its revert data (code -32603, data.data) instead of its hash; it stays mined.
                       Default: anvil's and geth's answer, the hash (the receipt has status 0)
  --no-dev-accounts    sequencer mode: no unlocked or prefunded dev accounts, and no anvil_*, hardhat_*
                       or evm_* methods
  --no-coprocessors    run without the co-processors (SIMD 0x0c01, Groth16 0x0c02) and the job queue
                       (0x0c10), as an Ethereum chain (docs/coprocessors.md)
  --no-wasm            disable WebAssembly contracts (on by default; docs/compute-model.md)
  --quiet              do not print accounts or per-block lines
  --help, -h           show this help`;

function readInput(file: string, what: string): Uint8Array {
  try {
    return readFileSync(file);
  } catch (e) {
    throw new UsageError(`node: ${what} ${file}: ${(e as Error).message}`);
  }
}

function readGenesisFile(file: string): GethGenesis {
  const text = Buffer.from(readInput(file, "--genesis")).toString("utf8");
  try {
    return parseGethGenesis(JSON.parse(text));
  } catch (e) {
    throw new UsageError(`node: --genesis ${file}: ${(e as Error).message}`);
  }
}

function intOption(args: ParsedArgs, name: string, min: number, max: number): number | undefined {
  const s = stringOption(args, name);
  if (s === undefined) return undefined;
  if (!/^[0-9]+$/.test(s)) throw new UsageError(`node: --${name} must be a non-negative integer`);
  const n = Number(s);
  if (n < min || n > max) throw new UsageError(`node: --${name} must be between ${min} and ${max}`);
  return n;
}

function bigOption(args: ParsedArgs, name: string): bigint | undefined {
  const s = stringOption(args, name);
  if (s === undefined) return undefined;
  if (!/^(0x[0-9a-fA-F]+|[0-9]+)$/.test(s)) throw new UsageError(`node: --${name} must be an integer`);
  return BigInt(s);
}

async function run(args: ParsedArgs): Promise<number> {
  if (args.positionals.length > 0) throw new UsageError(`node: unexpected argument ${args.positionals[0]}`);
  const fork = stringOption(args, "fork");
  if (fork !== undefined && !isForkName(fork)) throw unknownForkError("node", fork);
  const quiet = args.options.has("quiet");
  const log = quiet ? undefined : (line: string) => process.stdout.write(`${line}\n`);
  const chainId = bigOption(args, "chain-id");
  if (chainId !== undefined && (chainId < 1n || chainId >= 1n << 64n))
    throw new UsageError("node: --chain-id out of range");
  const gasLimit = bigOption(args, "gas-limit");
  if (gasLimit !== undefined && (gasLimit < 5000n || gasLimit >= 1n << 63n))
    throw new UsageError("node: --gas-limit out of range");
  const blockTime = intOption(args, "block-time", 1, 86_400_000);
  const codeSizeLimit = bigOption(args, "code-size-limit");
  if (codeSizeLimit !== undefined && args.options.has("disable-code-size-limit"))
    throw new UsageError("node: --code-size-limit and --disable-code-size-limit exclude each other");
  if (codeSizeLimit !== undefined && (codeSizeLimit < 1n || codeSizeLimit > BigInt(MAX_CODE_SIZE_LIMIT)))
    throw new UsageError(`node: --code-size-limit must be between 1 and ${MAX_CODE_SIZE_LIMIT}`);
  const list = (name: string) =>
    stringOption(args, name)
      ?.split(",")
      .map((s) => s.trim())
      .filter((s) => s.length > 0);
  const allowOrigins = list("allow-origin");
  const allowHosts = list("allow-host");
  const devAccounts = !args.options.has("no-dev-accounts");
  const options: Parameters<typeof startNode>[0] = {
    dataDir: stringOption(args, "data-dir") ?? "./.lanes",
    host: stringOption(args, "host") ?? NODE_DEFAULTS.host,
    port: intOption(args, "port", 0, 65535) ?? NODE_DEFAULTS.port,
    threads: intOption(args, "threads", 1, 256) ?? NODE_DEFAULTS.threads,
    accounts: intOption(args, "accounts", 0, 1000) ?? NODE_DEFAULTS.accounts,
    mnemonic: stringOption(args, "mnemonic") ?? NODE_DEFAULTS.mnemonic,
  };
  if (fork !== undefined) options.fork = fork;
  if (args.options.has("no-wasm")) options.wasm = false;
  if (chainId !== undefined) options.chainId = chainId;
  if (gasLimit !== undefined) options.gasLimit = gasLimit;
  if (blockTime !== undefined) options.blockTime = blockTime;
  if (codeSizeLimit !== undefined) options.codeSizeLimit = Number(codeSizeLimit);
  if (args.options.has("disable-code-size-limit")) options.codeSizeLimit = MAX_CODE_SIZE_LIMIT;
  if (log !== undefined) options.log = log;
  if (allowOrigins !== undefined) options.allowOrigins = allowOrigins;
  if (allowHosts !== undefined) options.allowHosts = allowHosts;
  if (!devAccounts) options.devAccounts = false;
  if (args.options.has("durable")) options.durable = true;
  if (args.options.has("throw-on-transaction-failures")) options.throwOnTransactionFailures = true;
  const exposed = !/^(127\.\d+\.\d+\.\d+|localhost|::1|\[::1\])$/.test(options.host ?? "");
  if (exposed) {
    process.stderr.write(
      `WARNING: --host ${options.host} serves JSON-RPC beyond this machine` +
        (devAccounts ? ", with unlocked dev accounts and devnet methods anyone reaching it can use" : "") +
        ". Use a firewall, and --no-dev-accounts for anything but a private devnet.\n",
    );
  }
  if (args.options.has("no-coprocessors")) options.coprocessors = false;
  const genesisFile = stringOption(args, "genesis");
  if (genesisFile !== undefined) {
    if (chainId !== undefined || fork !== undefined)
      throw new UsageError("node: --genesis sets the chain id and forks; drop --chain-id and --fork");
    options.genesis = readGenesisFile(genesisFile);
  }
  const importFile = stringOption(args, "import");
  const chainData = importFile === undefined ? undefined : readInput(importFile, "--import");

  const running = await startNode(options);
  if (chainData !== undefined) {
    try {
      const n = await importChain(running.node, chainData, {
        progress: quiet ? undefined : (number) => log?.(`imported block ${number}`),
      });
      process.stdout.write(`imported ${n} blocks from ${importFile}\n`);
    } catch (e) {
      // Bad input, not a bug: one line, nothing served.
      await running.close();
      process.stderr.write(`lanes: node: --import ${importFile}: ${(e as Error).message}\n`);
      return EXIT_FAILED;
    }
  }
  const { node } = running;
  if (!quiet && devAccounts) {
    process.stdout.write(`\nLanes node (fork ${node.options.fork}, chain id ${node.options.chainId})\n\n`);
    process.stdout.write(`${node.describeAccounts()}\n\n`);
    process.stdout.write(`Mnemonic: ${node.options.mnemonic}\nDerivation path: m/44'/60'/0'/0/\n\n`);
  }
  process.stdout.write(
    `data dir ${options.dataDir}, head block ${node.head.header.number}, ` +
      `${node.automine ? "automine" : `block time ${node.options.blockTime} ms`}\n` +
      `Listening on ${running.url.replace("http://", "")}\n`,
  );
  await new Promise<void>((resolve) => {
    const stop = () => resolve();
    process.once("SIGINT", stop);
    process.once("SIGTERM", stop);
  });
  process.stdout.write("shutting down\n");
  await running.close();
  return EXIT_OK;
}

export const nodeCommand = defineCommand({
  name: "node",
  summary: "run a JSON-RPC devnet node with LMDB persistence",
  usage: USAGE,
  options: {
    host: { value: true },
    port: { value: true },
    "data-dir": { value: true },
    "chain-id": { value: true },
    "block-time": { value: true },
    threads: { value: true },
    accounts: { value: true },
    mnemonic: { value: true },
    fork: { value: true },
    "gas-limit": { value: true },
    genesis: { value: true },
    import: { value: true },
    "code-size-limit": { value: true },
    "disable-code-size-limit": { value: false },
    "allow-origin": { value: true },
    "allow-host": { value: true },
    "no-dev-accounts": { value: false },
    durable: { value: false },
    "throw-on-transaction-failures": { value: false },
    quiet: { value: false },
    "no-coprocessors": { value: false },
    "no-wasm": { value: false },
  },
  run,
});
