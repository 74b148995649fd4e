// Serves a SignerService over HTTP on loopback: POST /rpc takes one signed request envelope and returns
// the signed response; GET /identity returns the signer's index and identity key (public). Bodies are
// capped at 1 MiB and requests time out, so a local client cannot wedge the signer.
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { SignerService } from "./service.js";

export const MAX_BODY_BYTES = 1 << 20;

export interface RunningSigner {
  server: Server;
  port: number;
  url: string;
  close(): Promise<void>;
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY_BYTES) {
        reject(new Error("request body too large"));
        req.destroy();
        return;
      }
      chunks.push(c);
    });
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}

export async function serveSigner(
  service: SignerService,
  host: string,
  port: number,
): Promise<RunningSigner> {
  const server = createServer(async (req, res) => {
    const reply = (status: number, value: unknown) => {
      res.writeHead(status, { "content-type": "application/json" });
      res.end(JSON.stringify(value));
    };
    try {
      if (req.method === "GET" && req.url === "/identity") {
        reply(200, { index: service.index, publicKey: service.publicKey });
        return;
      }
      if (req.method !== "POST" || req.url !== "/rpc") {
        reply(404, { error: "not found" });
        return;
      }
      let parsed: unknown;
      try {
        parsed = JSON.parse(await readBody(req));
      } catch (e) {
        reply(400, { error: e instanceof Error ? e.message : "bad request" });
        return;
      }
      reply(200, service.handle(parsed));
    } catch (e) {
      reply(500, { error: e instanceof Error ? e.message : "internal error" });
    }
  });
  server.requestTimeout = 60_000;
  server.headersTimeout = 10_000;
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => resolve());
  });
  const address = server.address() as AddressInfo;
  return {
    server,
    port: address.port,
    url: `http://${host.includes(":") ? `[${host}]` : host}:${address.port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
