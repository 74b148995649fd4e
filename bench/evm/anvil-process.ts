// One anvil process on a free loopback port (Cancun unless told otherwise, chain id 1, base fee 7), and JSON-RPC requests to
// it, one at a time. Used by bench:evm's anvil engine and by the precompile benchmark.
import { type ChildProcess, spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import { createServer } from "node:net";
import { dirname, join } from "node:path";

/** The anvil binary to run (ANVIL=path, else the optional dependency), or undefined when not installed. */
export function findAnvil(): string | undefined {
  const fromEnv = process.env.ANVIL;
  if (fromEnv !== undefined && fromEnv !== "") return existsSync(fromEnv) ? fromEnv : undefined;
  try {
    const require = createRequire(import.meta.url);
    const pkg = require.resolve("@foundry-rs/anvil-linux-amd64/package.json");
    const bin = join(dirname(pkg), "bin", "anvil");
    return existsSync(bin) ? bin : undefined;
  } catch {
    return undefined;
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address !== null ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

export class AnvilProcess {
  private id = 0;

  private constructor(
    private readonly child: ChildProcess,
    private readonly url: string,
  ) {}

  /** Starts anvil with a block gas limit of `gasLimit` and waits until it answers (20 s at most). */
  static async start(binary: string, gasLimit: bigint, hardfork = "cancun"): Promise<AnvilProcess> {
    const port = await freePort();
    const args = ["--host", "127.0.0.1", "--port", String(port), "--hardfork", hardfork];
    args.push(
      "--gas-limit",
      String(gasLimit),
      "--base-fee",
      "7",
      "--chain-id",
      "1",
      "--accounts",
      "0",
      "--silent",
    );
    const child = spawn(binary, args, { stdio: ["ignore", "ignore", "pipe"] });
    let stderr = "";
    child.stderr?.on("data", (d) => {
      stderr += String(d);
    });
    const anvil = new AnvilProcess(child, `http://127.0.0.1:${port}`);
    const deadline = performance.now() + 20_000;
    for (;;) {
      if (child.exitCode !== null)
        throw new Error(`anvil exited (${child.exitCode}): ${stderr.slice(0, 300)}`);
      try {
        await anvil.rpc("eth_chainId", []);
        return anvil;
      } catch {
        if (performance.now() > deadline) {
          child.kill();
          throw new Error("anvil did not answer within 20 s");
        }
        await new Promise((r) => setTimeout(r, 100));
      }
    }
  }

  /** The anvil process id (for reading its CPU time). */
  get pid(): number {
    return this.child.pid ?? -1;
  }

  async rpc(method: string, params: unknown[]): Promise<unknown> {
    const response = await fetch(this.url, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ jsonrpc: "2.0", id: ++this.id, method, params }),
    });
    const reply = (await response.json()) as { result?: unknown; error?: { message: string } };
    if (reply.error !== undefined) throw new Error(`${method}: ${reply.error.message}`);
    return reply.result;
  }

  stop(): void {
    this.child.kill();
  }
}
