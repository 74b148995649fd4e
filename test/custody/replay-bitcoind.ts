// A loopback HTTP server that answers bitcoind JSON-RPC requests from a fixture of exchanges, in order
// of appearance per method (test helper). "$signed" in fixture params matches any raw transaction that
// parses as a fully signed transaction; "$txid" in a result is replaced by that transaction's txid.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { hexToBytes } from "@noble/hashes/utils.js";
import { Transaction } from "@scure/btc-signer";

export interface Exchange {
  method: string;
  params: unknown[];
  result?: unknown;
  status?: number;
  error?: { code: number; message: string };
}

export interface ReplayServer {
  url: string;
  /** Methods called, in order. */
  calls: { method: string; params: unknown[]; auth: string | undefined }[];
  close(): Promise<void>;
}

export async function replayBitcoind(exchanges: Exchange[]): Promise<ReplayServer> {
  const calls: ReplayServer["calls"] = [];
  let lastTxid = "";
  const substitute = (v: unknown): unknown =>
    JSON.parse(JSON.stringify(v ?? null).replaceAll("$txid", lastTxid));
  const matches = (expected: unknown[], got: unknown[]): boolean => {
    if (expected.length !== got.length) return false;
    return expected.every((e, i) => {
      if (e === "$signed") {
        try {
          const tx = Transaction.fromRaw(hexToBytes(String(got[i])));
          if (tx.inputsLength === 0 || !tx.isFinal) return false;
          lastTxid = tx.id;
          return true;
        } catch {
          return false;
        }
      }
      return JSON.stringify(substitute(e)) === JSON.stringify(got[i]);
    });
  };
  const server: Server = createServer((req, res) => {
    let body = "";
    req.on("data", (c) => (body += c));
    req.on("end", () => {
      const rpc = JSON.parse(body) as { id: string; method: string; params: unknown[] };
      calls.push({ method: rpc.method, params: rpc.params, auth: req.headers.authorization });
      const ex = exchanges.find((e) => e.method === rpc.method && matches(e.params, rpc.params ?? []));
      if (ex === undefined) {
        res.writeHead(500, { "content-type": "application/json" });
        res.end(
          JSON.stringify({
            result: null,
            error: { code: -32601, message: `no recorded answer for ${rpc.method}` },
            id: rpc.id,
          }),
        );
        return;
      }
      res.writeHead(ex.status ?? 200, { "content-type": "application/json" });
      res.end(
        JSON.stringify({
          result: ex.error ? null : substitute(ex.result),
          error: ex.error ?? null,
          id: rpc.id,
        }),
      );
    });
  });
  await new Promise<void>((ok) => server.listen(0, "127.0.0.1", () => ok()));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    calls,
    close: () => new Promise<void>((ok) => server.close(() => ok())),
  };
}
