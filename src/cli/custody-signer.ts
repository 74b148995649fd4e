// `lanes custody signer`: one FROST signer as a long-running process on loopback. Prints one ready line
// ({"ready":true,"index","port","publicKey"}) on stdout, logs one line per request on stderr (never a
// secret), and stops on SIGTERM/SIGINT.
import { resolve } from "node:path";
import { readPassphrase } from "../custody/passphrase.js";
import { serveSigner } from "../custody/signer/http.js";
import { SignerService } from "../custody/signer/service.js";
import { SignerStore } from "../custody/store/signer-store.js";
import type { ParsedArgs } from "./args.js";
import { stringOption } from "./args.js";
import { defineCommand } from "./command.js";
import { intOption, noPositionals, requiredString } from "./custody-options.js";
import { custodyFailure } from "./custody-report.js";
import { EXIT_OK } from "./usage-error.js";

const USAGE = `Usage: lanes custody signer --dir D --port P [--index I] [--host H] [--max-sessions N]

Runs one signer: its identity key and key share live encrypted in D (created on first start, which needs
--index). It answers only the coordinator it first ran a key generation with (pinned in D).

Options:
  --dir D            signer store
  --port P           TCP port (0: any free port; the ready line says which)
  --index I          this signer's number (first start only)
  --host H           interface (default 127.0.0.1; keep it loopback unless behind an authenticated tunnel)
  --max-sessions N   open signing sessions allowed at once (default 8)
Passphrase: LANES_CUSTODY_PASSPHRASE, or a prompt on a terminal.`;

async function run(args: ParsedArgs): Promise<number> {
  noPositionals(args, "signer");
  const dir = resolve(requiredString(args, "dir", "signer"));
  const port = intOption(args, "port", "signer", 0, 65535);
  if (port === undefined) throw new Error("custody signer: --port is required");
  const index = intOption(args, "index", "signer", 1, 255);
  const maxOpenSessions = intOption(args, "max-sessions", "signer", 1, 1000);
  const host = stringOption(args, "host") ?? "127.0.0.1";
  return custodyFailure(async () => {
    const store = SignerStore.open(dir, await readPassphrase(dir), index);
    const log = (line: string) => process.stderr.write(`signer ${store.index}: ${line}\n`);
    const service = new SignerService(store, {
      log,
      ...(maxOpenSessions === undefined ? {} : { maxOpenSessions }),
    });
    const running = await serveSigner(service, host, port);
    process.stdout.write(
      `${JSON.stringify({ ready: true, index: store.index, port: running.port, publicKey: store.publicKey })}\n`,
    );
    await new Promise<void>((done) => {
      process.once("SIGTERM", done);
      process.once("SIGINT", done);
    });
    await running.close();
    store.close();
    return EXIT_OK;
  });
}

export const custodySignerCommand = defineCommand({
  name: "signer",
  summary: "run one signer process (encrypted store, loopback HTTP)",
  usage: USAGE,
  options: {
    dir: { value: true },
    port: { value: true },
    index: { value: true },
    host: { value: true },
    "max-sessions": { value: true },
  },
  run,
});
