// A shard in a process of its own, seen from the network: the supervisor that spawns `lanes shard` (the
// same binary), reads its ready line, links the sequencer to it (RemoteShard) and restarts it, on the same
// JSON-RPC and link ports, whenever it dies. The child exits when this process goes (its stdin closes), so a
// kill -9 of the network leaves no orphan shards behind.
import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import { fileURLToPath } from "node:url";
import { RemoteShard } from "./remote-shard.js";

const MAIN = fileURLToPath(new URL("../../cli/main.js", import.meta.url));
/** How long a shard process may take to print its ready line. */
const READY_TIMEOUT_MS = 120_000;

export interface ShardProcessOptions {
  shardId: number;
  shardCount: number;
  chainId: bigint;
  fork: string;
  dataDir: string;
  host: string;
  /** JSON-RPC port (0: a free one, kept across restarts). */
  rpcPort: number;
  secretFile: string;
  secret: Uint8Array;
  /** Passed in the environment (LANES_SHARD_MNEMONIC), never on the command line. */
  mnemonic?: string;
  /** Extra environment (tests: LANES_SHARD_CRASH). */
  env?: Record<string, string>;
  log?: (line: string) => void;
}

interface Ready {
  shardId: number;
  url: string;
  chainId: number;
  link: { host: string; port: number };
}

export class ShardProcess {
  private child: ChildProcess | undefined;
  private stopping = false;
  private rpcPort: number;
  private linkPort = 0;
  /** How many times the process was (re)started. */
  starts = 0;
  remote!: RemoteShard;
  url = "";

  private constructor(readonly options: ShardProcessOptions) {
    this.rpcPort = options.rpcPort;
  }

  static async start(options: ShardProcessOptions): Promise<ShardProcess> {
    const p = new ShardProcess(options);
    await p.spawnOnce();
    p.remote = new RemoteShard({
      shardId: options.shardId,
      host: options.host,
      port: p.linkPort,
      secret: options.secret,
      ...(options.log === undefined ? {} : { log: options.log }),
    });
    try {
      await p.remote.waitConnected(30_000);
    } catch (e) {
      await p.close();
      throw e;
    }
    return p;
  }

  get pid(): number | undefined {
    return this.child?.pid;
  }

  private async spawnOnce(): Promise<void> {
    const o = this.options;
    const args = [
      MAIN,
      "shard",
      "--shard-id",
      String(o.shardId),
      "--shards",
      String(o.shardCount),
      "--chain-id",
      o.chainId.toString(),
      "--fork",
      o.fork,
      "--data-dir",
      o.dataDir,
      "--host",
      o.host,
      "--port",
      String(this.rpcPort),
      "--link-port",
      String(this.linkPort),
      "--link-secret",
      o.secretFile,
      "--json",
      "--exit-on-stdin-close",
      ...(o.log === undefined ? [] : ["--verbose"]),
    ];
    const env = { ...process.env, ...o.env };
    if (o.mnemonic !== undefined) env.LANES_SHARD_MNEMONIC = o.mnemonic;
    const child = spawn(process.execPath, ["--max-semi-space-size=64", ...args], {
      env,
      stdio: ["pipe", "pipe", "inherit"],
    });
    this.child = child;
    this.starts++;
    child.stdout!.setEncoding("utf8");
    const ready = await new Promise<Ready>((resolve, reject) => {
      let out = "";
      const timer = setTimeout(() => {
        child.kill("SIGKILL");
        reject(new Error(`shard ${o.shardId}: no ready line after ${READY_TIMEOUT_MS} ms`));
      }, READY_TIMEOUT_MS);
      const onData = (d: string) => {
        out += d;
        const nl = out.indexOf("\n");
        if (nl < 0) return;
        clearTimeout(timer);
        child.stdout!.off("data", onData);
        child.off("exit", onExit);
        child.stdout!.resume(); // keep draining anything else it prints
        try {
          resolve(JSON.parse(out.slice(0, nl)) as Ready);
        } catch {
          reject(new Error(`shard ${o.shardId}: bad ready line`));
        }
      };
      const onExit = (code: number | null, signal: string | null) => {
        clearTimeout(timer);
        reject(new Error(`shard ${o.shardId}: the process exited (${code ?? signal}) before it was ready`));
      };
      child.stdout!.on("data", onData);
      child.once("exit", onExit);
    });
    this.url = ready.url;
    this.rpcPort = Number(new URL(ready.url).port);
    this.linkPort = ready.link.port;
    child.once("exit", (code, signal) => void this.exited(child, code, signal));
  }

  private async exited(child: ChildProcess, code: number | null, signal: string | null): Promise<void> {
    if (this.stopping || this.child !== child) return;
    this.options.log?.(
      `shard ${this.options.shardId}: process ${child.pid} exited (${code ?? signal}); restarting`,
    );
    for (let attempt = 0; !this.stopping; attempt++) {
      try {
        await this.spawnOnce();
        this.options.log?.(`shard ${this.options.shardId}: restarted as process ${this.child?.pid}`);
        return;
      } catch (e) {
        this.options.log?.(`shard ${this.options.shardId}: restart failed: ${(e as Error).message}`);
        await new Promise((r) => setTimeout(r, Math.min(200 * 2 ** attempt, 5_000)));
      }
    }
  }

  async close(): Promise<void> {
    this.stopping = true;
    await this.remote?.close();
    const child = this.child;
    if (child === undefined || child.exitCode !== null || child.signalCode !== null) return;
    const exited = once(child, "exit");
    child.kill("SIGTERM");
    const timer = setTimeout(() => child.kill("SIGKILL"), 15_000);
    await exited;
    clearTimeout(timer);
  }
}
