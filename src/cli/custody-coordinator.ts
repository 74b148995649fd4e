// `lanes custody coordinator`: a long-running coordinator on loopback. It starts the signers of D as
// processes (or reaches already running ones at --endpoints) and serves a small JSON API:
//   POST / {"method":"status"}                                  -> {group, signers}
//   POST / {"method":"sign","message":"0x..32","taproot":bool,"signers":[..]?}
//                                                               -> {signature, publicKey, quorum}
//   POST / {"method":"refresh"}                                 -> {epoch}
// Signing retries with another quorum when a signer stops answering. It never holds a secret share.
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { join, resolve } from "node:path";
import { bytesToHex, hexToBytes } from "@noble/hashes/utils.js";
import type { SignerEndpoint } from "../custody/coordinator/client.js";
import { Coordinator } from "../custody/coordinator/coordinator.js";
import { openCoordinatorIdentity, readState, writeState } from "../custody/coordinator/state.js";
import { CustodyError } from "../custody/errors.js";
import { type SignerProcess, startSigners, stopSigners } from "../custody/local/cluster.js";
import { readPassphrase } from "../custody/passphrase.js";
import { type ParsedArgs, stringOption } from "./args.js";
import { defineCommand } from "./command.js";
import { intOption, noPositionals, requiredString } from "./custody-options.js";
import { custodyFailure } from "./custody-report.js";
import { EXIT_OK, UsageError } from "./usage-error.js";

const USAGE = `Usage: lanes custody coordinator --dir D [--port P] [--endpoints 1=http://127.0.0.1:9001,...]

Serves signing requests for the key set in D on http://127.0.0.1:P (default port 8555, loopback only).
Without --endpoints it starts every signer of D as a local process; with it, it uses running signers
(their identity keys must match D's roster). Stops on SIGTERM/SIGINT.`;

function parseEndpoints(value: string): Map<number, string> {
  const out = new Map<number, string>();
  for (const part of value.split(",")) {
    const m = /^([0-9]+)=(http:\/\/(127\.0\.0\.1|localhost|\[::1\]):[0-9]+)$/.exec(part);
    if (m === null)
      throw new UsageError(`custody coordinator: bad endpoint "${part}" (expected I=http://127.0.0.1:PORT)`);
    out.set(Number(m[1]), m[2]!);
  }
  return out;
}

async function run(args: ParsedArgs): Promise<number> {
  noPositionals(args, "coordinator");
  const dir = resolve(requiredString(args, "dir", "coordinator"));
  const port = intOption(args, "port", "coordinator", 0, 65535) ?? 8555;
  const endpointsArg = stringOption(args, "endpoints");
  return custodyFailure(async () => {
    const state = readState(dir);
    const passphrase = await readPassphrase(dir);
    const identity = openCoordinatorIdentity(dir, passphrase);
    let spawned: SignerProcess[] = [];
    let endpoints: SignerEndpoint[];
    if (endpointsArg === undefined) {
      spawned = await startSigners(
        new Map(state.group.signers.map((i) => [i, join(dir, state.signerDirs[String(i)] ?? `signer-${i}`)])),
        { passphrase },
      );
      endpoints = spawned;
    } else {
      endpoints = [...parseEndpoints(endpointsArg)].map(([index, url]) => {
        const publicKey = state.roster[String(index)];
        if (publicKey === undefined)
          throw new UsageError(`custody coordinator: signer ${index} is not in the roster`);
        return { index, url, publicKey };
      });
    }
    const coordinator = new Coordinator(identity, endpoints, {
      log: (l) => process.stderr.write(`coordinator: ${l}\n`),
    });
    const handle = async (req: Record<string, unknown>): Promise<unknown> => {
      const current = readState(dir);
      switch (req.method) {
        case "status":
          return { group: current.group, signers: endpoints.map((e) => e.index) };
        case "sign": {
          if (typeof req.message !== "string" || !/^0x[0-9a-fA-F]{64}$/.test(req.message))
            throw new CustodyError("message must be 0x + 32 bytes");
          const mode = req.taproot === true ? "taproot" : "plain";
          const candidates = Array.isArray(req.signers)
            ? req.signers.map(Number)
            : endpoints.map((e) => e.index);
          const r = await coordinator.signWithRetry(
            current.group,
            candidates,
            hexToBytes(req.message.slice(2).toLowerCase()),
            mode,
          );
          return {
            signature: `0x${bytesToHex(r.signature)}`,
            publicKey: `0x${bytesToHex(r.publicKey)}`,
            quorum: r.quorum,
          };
        }
        case "refresh": {
          const next = await coordinator.refresh(current.group);
          writeState(dir, { ...current, group: next });
          return { epoch: next.epoch };
        }
        default:
          throw new CustodyError(`unknown method ${String(req.method)}`);
      }
    };
    const server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      let size = 0;
      req.on("data", (c: Buffer) => {
        size += c.length;
        if (size > 1 << 16) req.destroy();
        else chunks.push(c);
      });
      req.on("end", async () => {
        let status = 200;
        let out: unknown;
        try {
          out = {
            result: await handle(
              JSON.parse(Buffer.concat(chunks).toString("utf8")) as Record<string, unknown>,
            ),
          };
        } catch (e) {
          status = e instanceof CustodyError || e instanceof SyntaxError ? 400 : 500;
          out = { error: e instanceof Error ? e.message : String(e) };
        }
        res.writeHead(status, { "content-type": "application/json" });
        res.end(JSON.stringify(out));
      });
    });
    await new Promise<void>((ok, fail) => {
      server.once("error", fail);
      server.listen(port, "127.0.0.1", () => ok());
    });
    process.stdout.write(
      `${JSON.stringify({ ready: true, port: (server.address() as AddressInfo).port, signers: endpoints.map((e) => e.index) })}\n`,
    );
    await new Promise<void>((done) => {
      process.once("SIGTERM", done);
      process.once("SIGINT", done);
    });
    server.closeAllConnections();
    await new Promise<void>((ok) => server.close(() => ok()));
    await stopSigners(spawned);
    identity.fill(0);
    return EXIT_OK;
  });
}

export const custodyCoordinatorCommand = defineCommand({
  name: "coordinator",
  summary: "run a coordinator service that drives signing rounds (holds no secret)",
  usage: USAGE,
  options: { dir: { value: true }, port: { value: true }, endpoints: { value: true } },
  run,
});
