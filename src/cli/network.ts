// `lanes network`: an L1, N shards of one state and the sequencer that builds their superblocks
// (src/shards/network.ts), started with one command on embedded defaults.
import { LanesNetwork, MAX_NETWORK_SHARDS } from "../shards/network.js";
import { type ParsedArgs, stringOption } from "./args.js";
import { defineCommand } from "./command.js";
import { EXIT_OK, UsageError } from "./usage-error.js";

const USAGE = `Usage: lanes network [options]

Starts an L1 (an embedded Lanes devnet unless --l1-rpc is given), deploys ShardHub and the committee
verifier on it (first start), and runs N shard chains, each with its own chain id, LMDB directory and
JSON-RPC port, plus the sequencer that builds superblocks across them and settles them on the L1. Once
every endpoint answers it prints one line per endpoint:
  l1 http://127.0.0.1:PORT chainId=N
  shard K http://127.0.0.1:PORT chainId=N
and the ShardHub address. Restarting with the same --data-dir resumes the same network.

Options:
  --shards N         number of shards (default 2, at most ${MAX_NETWORK_SHARDS})
  --base-port P      the L1 listens on P, shard K on P+1+K (default 8545; 0 picks free ports)
  --l1-rpc URL       use this Ethereum JSON-RPC endpoint as the L1 (account 9 of --mnemonic deploys
                     ShardHub and is the sequencer); the embedded L1 is not started
  --l1-confirmations N
                     read L1 deposits only from blocks N below the L1's latest (default 0); an L1
                     reorg of the scanned blocks is detected and the deposits are re-read
  --data-dir DIR     the network directory (default ./.lanes-network)
  --host HOST        interface to bind (default 127.0.0.1)
  --mnemonic PHRASE  BIP-39 mnemonic of the dev accounts, the L1 sequencer and the shard operator
                     (default: anvil's "test test ... junk")
  --shard-processes  run each shard as \`lanes shard\` in a child process (an extension): the sequencer
                     drives it over an authenticated loopback link (secret: <data-dir>/link.secret)
                     and restarts it, on the same ports, if it dies
  --json             print the endpoints and the ShardHub address as one JSON object
  --verbose          print the network's log lines
  --help, -h         show this help`;

function intOption(args: ParsedArgs, name: string, min: number, max: number): number | undefined {
  const s = stringOption(args, name);
  if (s === undefined) return undefined;
  if (!/^[0-9]+$/.test(s)) throw new UsageError(`network: --${name} must be a non-negative integer`);
  const n = Number(s);
  if (n < min || n > max) throw new UsageError(`network: --${name} must be between ${min} and ${max}`);
  return n;
}

async function run(args: ParsedArgs): Promise<number> {
  if (args.positionals.length > 0)
    throw new UsageError(`network: unexpected argument ${args.positionals[0]}`);
  const shards = intOption(args, "shards", 1, MAX_NETWORK_SHARDS) ?? 2;
  const basePort = intOption(args, "base-port", 0, 65535 - 1 - MAX_NETWORK_SHARDS) ?? 8545;
  const l1Rpc = stringOption(args, "l1-rpc");
  if (l1Rpc !== undefined && !/^https?:\/\//.test(l1Rpc)) {
    throw new UsageError("network: --l1-rpc must be an http(s) URL");
  }
  const confirmations = intOption(args, "l1-confirmations", 0, 10_000);
  const verbose = args.options.has("verbose");
  // Tests only: a cheaper scrypt for the committee's keystores (custody's default otherwise).
  const kdf = /^[0-9]+$/.test(process.env.LANES_COMMITTEE_KDF_LOGN ?? "")
    ? Math.min(Math.max(Number(process.env.LANES_COMMITTEE_KDF_LOGN), 10), 20)
    : undefined;
  // Crash tests (test/shards/crash.test.ts): "seal:K" or "commit:K", see SequencerOptions.crash.
  const crashSpec = /^(seal|commit):([0-9]+)$/.exec(process.env.LANES_SHARDS_CRASH ?? "");
  const crash =
    crashSpec === null
      ? undefined
      : crashSpec[1] === "seal"
        ? { afterSeal: Number(crashSpec[2]) }
        : { afterFirstCommit: Number(crashSpec[2]) };
  const network = await LanesNetwork.start({
    shards,
    basePort,
    dataDir: stringOption(args, "data-dir") ?? "./.lanes-network",
    host: stringOption(args, "host") ?? "127.0.0.1",
    ...(l1Rpc === undefined ? {} : { l1Rpc }),
    ...(confirmations === undefined ? {} : { l1Confirmations: confirmations }),
    ...(stringOption(args, "mnemonic") === undefined ? {} : { mnemonic: stringOption(args, "mnemonic")! }),
    ...(crash === undefined ? {} : { crash }),
    ...(args.options.has("shard-processes") ? { shardProcesses: true } : {}),
    ...(kdf === undefined ? {} : { kdfLogN: kdf }),
    ...(verbose ? { log: (line: string) => process.stderr.write(`${line}\n`) } : {}),
  });
  if (args.options.has("json")) {
    process.stdout.write(`${JSON.stringify(network.json())}\n`);
  } else {
    process.stdout.write(`${network.lines().join("\n")}\n`);
    process.stdout.write(`shardHub ${network.json().shardHub}\n`);
  }
  await new Promise<void>((resolve) => {
    process.once("SIGINT", resolve);
    process.once("SIGTERM", resolve);
  });
  await network.close();
  return EXIT_OK;
}

export const networkCommand = defineCommand({
  name: "network",
  summary: "run an L1, N shards of one state and their sequencer (atomic cross-shard calls)",
  usage: USAGE,
  options: {
    shards: { value: true },
    "base-port": { value: true },
    "l1-rpc": { value: true },
    "l1-confirmations": { value: true },
    "data-dir": { value: true },
    host: { value: true },
    mnemonic: { value: true },
    json: { value: false },
    "shard-processes": { value: false },
    verbose: { value: false },
  },
  run,
});
