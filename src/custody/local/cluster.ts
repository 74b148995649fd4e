// Local signer processes for the CLI: starts `lanes custody signer` for chosen signer directories as
// separate OS processes on loopback (port 0: the OS picks), waits for each one's ready line on stdout
// ({"ready":true,"index","port","publicKey"}), and stops them again. The passphrase reaches each child
// through its environment (LANES_CUSTODY_PASSPHRASE), never its command line.
import { type ChildProcess, spawn } from "node:child_process";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import type { SignerEndpoint } from "../coordinator/client.js";
import { CustodyError } from "../errors.js";
import { PASSPHRASE_ENV } from "../passphrase.js";

export interface SignerProcess extends SignerEndpoint {
  child: ChildProcess;
  port: number;
}

/** dist/src/cli/main.js (the `lanes` binary), beside this module's build output. */
export function cliEntry(): string {
  return fileURLToPath(new URL("../../cli/main.js", import.meta.url));
}

/** dist/src/cli/custody-main.js: `lanes custody` without the rest of the CLI (faster start-up). */
export function custodyEntry(): string {
  return fileURLToPath(new URL("../../cli/custody-main.js", import.meta.url));
}

export interface SpawnOptions {
  passphrase: string;
  /** Extra arguments for each signer (e.g. --max-sessions). */
  extraArgs?: string[];
  /** Milliseconds to wait for a signer to be ready (default 60 s: scrypt on a loaded machine). */
  readyTimeoutMs?: number;
  /** Where each signer's stderr log lines go (default: dropped). */
  log?: (index: number, line: string) => void;
  /** Another entry script (tests start misbehaving signers this way). */
  entry?: string[];
}

export async function startSigner(index: number, dir: string, options: SpawnOptions): Promise<SignerProcess> {
  const args = [
    ...(options.entry ?? [custodyEntry(), "signer"]),
    "--dir",
    dir,
    "--port",
    "0",
    "--index",
    String(index),
    ...(options.extraArgs ?? []),
  ];
  const child = spawn(process.execPath, args, {
    env: { ...process.env, [PASSPHRASE_ENV]: options.passphrase },
    stdio: ["ignore", "pipe", "pipe"],
  });
  createInterface({ input: child.stderr! }).on("line", (line) => options.log?.(index, line));
  return new Promise<SignerProcess>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new CustodyError(`signer ${index} did not start within ${options.readyTimeoutMs ?? 60_000} ms`));
    }, options.readyTimeoutMs ?? 60_000);
    const lines = createInterface({ input: child.stdout! });
    lines.once("line", (line) => {
      clearTimeout(timer);
      try {
        const ready = JSON.parse(line) as { ready: boolean; index: number; port: number; publicKey: string };
        if (!ready.ready || ready.index !== index) throw new Error(line);
        resolve({
          index,
          publicKey: ready.publicKey,
          url: `http://127.0.0.1:${ready.port}`,
          port: ready.port,
          child,
        });
      } catch {
        child.kill("SIGKILL");
        reject(new CustodyError(`signer ${index} did not start: ${line.slice(0, 200)}`));
      }
    });
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new CustodyError(`signer ${index} exited during start-up (code ${code})`));
    });
  });
}

export async function startSigners(
  dirs: Map<number, string>,
  options: SpawnOptions,
): Promise<SignerProcess[]> {
  const settled = await Promise.allSettled([...dirs].map(([i, d]) => startSigner(i, d, options)));
  const started = settled
    .filter((s): s is PromiseFulfilledResult<SignerProcess> => s.status === "fulfilled")
    .map((s) => s.value);
  const failed = settled.find((s) => s.status === "rejected") as PromiseRejectedResult | undefined;
  if (failed !== undefined) {
    await stopSigners(started);
    throw failed.reason;
  }
  return started;
}

export async function stopSigners(signers: readonly SignerProcess[]): Promise<void> {
  await Promise.all(
    signers.map(
      (s) =>
        new Promise<void>((resolve) => {
          if (s.child.exitCode !== null || s.child.signalCode !== null) return resolve();
          const timer = setTimeout(() => s.child.kill("SIGKILL"), 5_000);
          s.child.once("exit", () => {
            clearTimeout(timer);
            resolve();
          });
          s.child.kill("SIGTERM");
        }),
    ),
  );
}
