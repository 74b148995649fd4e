// `lanes shard`: one shard of a Lanes network in a process of its own (src/shards/host + the shard link).
// `lanes network --shard-processes` starts one per shard; it can also be started by hand, or on another
// machine behind a tunnel, with the network directory's link secret.
import { existsSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { NODE_DEFAULTS } from "../node/index.js";
import { ShardHost } from "../shards/host/shard-host.js";
import { readLinkSecret } from "../shards/link/secret.js";
import { ShardLinkServer } from "../shards/link/server.js";
import { MAX_NETWORK_SHARDS, SHARD_CHAIN_ID_BASE } from "../shards/network.js";
import { type ParsedArgs, stringOption } from "./args.js";
import { defineCommand } from "./command.js";
import { forkOption } from "./fork-option.js";
import { EXIT_OK, UsageError } from "./usage-error.js";

const USAGE = `Usage: lanes shard --shard-id K --shards N [options]

Runs shard K of a Lanes network of N shards in this process: its chain (LMDB under --data-dir, JSON-RPC on
--port) and the shard link, a loopback TCP endpoint through which the network's sequencer drives the shard
(begin, cross-shard sessions, seal, commit). The link authenticates both ends with the secret in
--link-secret (32 hex bytes, mode 600; \`lanes network\` creates <network dir>/link.secret). Once both
listen it prints
  shard K http://HOST:PORT chainId=N
  link HOST:PORT
(or one JSON object with --json). \`lanes network --shard-processes\` starts and restarts these processes.

Options:
  --shard-id K         this shard's id (0..N-1)
  --shards N           the network's shard count (at most ${MAX_NETWORK_SHARDS})
  --chain-id C         chain id (default ${SHARD_CHAIN_ID_BASE} + K)
  --data-dir DIR       the shard's directory (default ./.lanes-network/shard-K)
  --host HOST          interface to bind, JSON-RPC and link (default 127.0.0.1)
  --port P             JSON-RPC port (default 0: a free one)
  --link-port P        link port (default 0: a free one)
  --link-secret FILE   the link secret (default <data-dir>/../link.secret)
  --fork NAME          EVM rules (default ${NODE_DEFAULTS.fork})
  --mnemonic PHRASE    dev accounts and the shard operator (default anvil's; LANES_SHARD_MNEMONIC too)
  --json               print the endpoints as one JSON object
  --exit-on-stdin-close
                       exit when standard input closes (a supervisor's pipe: the shard goes with it)
  --verbose            print log lines
  --help, -h           show this help`;

function intOption(args: ParsedArgs, name: string, min: number, max: number): number | undefined {
  const s = stringOption(args, name);
  if (s === undefined) return undefined;
  if (!/^[0-9]+$/.test(s)) throw new UsageError(`shard: --${name} must be a non-negative integer`);
  const n = Number(s);
  if (n < min || n > max) throw new UsageError(`shard: --${name} must be between ${min} and ${max}`);
  return n;
}

/** Crash tests only: LANES_SHARD_CRASH="K:sealed:N,K:commit:N" (shard K, superblock N), each fires once. */
function crashHook(shardId: number, dataDir: string) {
  const points = new Set<string>();
  for (const item of (process.env.LANES_SHARD_CRASH ?? "").split(",")) {
    const m = /^([0-9]+):(sealed|commit):([0-9]+)$/.exec(item.trim());
    if (m !== null && Number(m[1]) === shardId) points.add(`${m[2]}-${m[3]}`);
  }
  if (points.size === 0) return undefined;
  return (point: "sealed" | "commit", k: number) => {
    const key = `${point}-${k}`;
    const marker = join(dataDir, `crash-${key}.fired`);
    if (!points.has(key) || existsSync(marker)) return;
    writeFileSync(marker, "");
    process.kill(process.pid, "SIGKILL");
  };
}

async function run(args: ParsedArgs): Promise<number> {
  if (args.positionals.length > 0) throw new UsageError(`shard: unexpected argument ${args.positionals[0]}`);
  const shardCount = intOption(args, "shards", 1, MAX_NETWORK_SHARDS);
  if (shardCount === undefined) throw new UsageError("shard: --shards N is required");
  const shardId = intOption(args, "shard-id", 0, shardCount - 1);
  if (shardId === undefined) throw new UsageError("shard: --shard-id K is required");
  const chainIdText = stringOption(args, "chain-id");
  if (chainIdText !== undefined && !/^[0-9]{1,15}$/.test(chainIdText)) {
    throw new UsageError("shard: --chain-id must be a positive integer");
  }
  const chainId = chainIdText === undefined ? SHARD_CHAIN_ID_BASE + BigInt(shardId) : BigInt(chainIdText);
  const dataDir = stringOption(args, "data-dir") ?? `./.lanes-network/shard-${shardId}`;
  const host = stringOption(args, "host") ?? "127.0.0.1";
  const port = intOption(args, "port", 0, 65535) ?? 0;
  const linkPort = intOption(args, "link-port", 0, 65535) ?? 0;
  const secretFile = stringOption(args, "link-secret") ?? join(dataDir, "..", "link.secret");
  let secret: Uint8Array;
  try {
    secret = readLinkSecret(secretFile);
  } catch (e) {
    throw new UsageError(`shard: ${(e as Error).message}`);
  }
  const fork = forkOption(args, "shard") ?? NODE_DEFAULTS.fork;
  const mnemonic = stringOption(args, "mnemonic") ?? process.env.LANES_SHARD_MNEMONIC;
  const verbose = args.options.has("verbose");
  const log = verbose ? (line: string) => process.stderr.write(`${line}\n`) : undefined;
  const shard = await ShardHost.open({
    spec: { shardId, shardCount, chainId, fork },
    dataDir,
    host,
    port,
    ...(mnemonic === undefined || mnemonic === "" ? {} : { mnemonic }),
    ...(log === undefined ? {} : { log }),
  });
  const hook = crashHook(shardId, dataDir);
  const link = await ShardLinkServer.start(shard, {
    host,
    port: linkPort,
    secret,
    ...(log === undefined ? {} : { log }),
    ...(hook === undefined ? {} : { hook }),
  });
  const rpcChainId = shard.spec.chainId;
  if (args.options.has("json")) {
    const info = { shardId, url: shard.url, chainId: Number(rpcChainId), link: { host, port: link.port } };
    process.stdout.write(`${JSON.stringify(info)}\n`);
  } else {
    process.stdout.write(`shard ${shardId} ${shard.url} chainId=${rpcChainId}\nlink ${host}:${link.port}\n`);
  }
  await new Promise<void>((resolve) => {
    process.once("SIGINT", resolve);
    process.once("SIGTERM", resolve);
    if (args.options.has("exit-on-stdin-close")) {
      process.stdin.on("end", resolve);
      process.stdin.on("error", resolve);
      process.stdin.resume();
    }
  });
  await link.close();
  await shard.close();
  return EXIT_OK;
}

export const shardCommand = defineCommand({
  name: "shard",
  summary: "run one shard of a Lanes network in its own process (driven over the shard link)",
  usage: USAGE,
  options: {
    "shard-id": { value: true },
    shards: { value: true },
    "chain-id": { value: true },
    "data-dir": { value: true },
    host: { value: true },
    port: { value: true },
    "link-port": { value: true },
    "link-secret": { value: true },
    fork: { value: true },
    mnemonic: { value: true },
    json: { value: false },
    "exit-on-stdin-close": { value: false },
    verbose: { value: false },
  },
  run,
});
