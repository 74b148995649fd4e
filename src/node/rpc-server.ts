// HTTP JSON-RPC (POST) and WebSocket (eth_subscribe) on one port. Limits: request body size (HTTP and WS
// frames), batch size. CORS is open, as anvil's, so browser wallets and dapps can talk to the devnet.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { type WebSocket, WebSocketServer } from "ws";
import type { LanesNode, MinedBlock } from "./devnode.js";
import { METHODS } from "./methods/index.js";
import { type DispatchOptions, dispatchBody, errorResponse, parseBody } from "./rpc-dispatch.js";
import { INVALID_REQUEST } from "./rpc-errors.js";
import { ConnectionSubscriptions } from "./subscriptions.js";

export interface RpcServerOptions {
  host: string;
  port: number;
  /** Largest request body (bytes). */
  maxBodyBytes: number;
  maxBatch: number;
  gasCap: bigint;
  maxLogRange: bigint;
  log?: (line: string) => void;
}

export const DEFAULT_RPC_LIMITS = {
  maxBodyBytes: 5 * 1024 * 1024,
  maxBatch: 1000,
  gasCap: 50_000_000n,
  maxLogRange: 10_000n,
};

const CORS = {
  "Access-Control-Allow-Origin": "*",
  "Access-Control-Allow-Methods": "POST, GET, OPTIONS",
  "Access-Control-Allow-Headers": "*",
};

export class RpcServer {
  private readonly http: Server;
  private readonly wss: WebSocketServer;
  private readonly dispatch: DispatchOptions;
  private readonly sockets = new Set<WebSocket>();
  private readonly onBlock: (mined: MinedBlock) => void;
  private readonly connections = new Map<WebSocket, ConnectionSubscriptions>();

  private constructor(
    readonly node: LanesNode,
    readonly options: RpcServerOptions,
  ) {
    this.dispatch = {
      methods: METHODS,
      context: { node, gasCap: options.gasCap, maxLogRange: options.maxLogRange },
      maxBatch: options.maxBatch,
      onInternalError: (method, e) =>
        options.log?.(
          `internal error in ${method}: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`,
        ),
    };
    this.http = createServer((req, res) => this.handleHttp(req, res));
    this.http.on("clientError", (_e, socket) => {
      if (socket.writable) socket.end("HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n");
      else socket.destroy();
    });
    this.wss = new WebSocketServer({ server: this.http, maxPayload: options.maxBodyBytes });
    this.wss.on("connection", (ws) => this.handleWs(ws));
    this.wss.on("error", (e) => options.log?.(`websocket server error: ${e.message}`));
    this.onBlock = (mined) => {
      for (const subs of this.connections.values()) subs.onBlock(mined);
    };
    node.on("block", this.onBlock);
  }

  static async start(node: LanesNode, options: RpcServerOptions): Promise<RpcServer> {
    const server = new RpcServer(node, options);
    await new Promise<void>((resolve, reject) => {
      server.http.once("error", reject);
      server.http.listen(options.port, options.host, () => {
        server.http.off("error", reject);
        resolve();
      });
    });
    return server;
  }

  get address(): AddressInfo {
    return this.http.address() as AddressInfo;
  }

  get url(): string {
    const a = this.address;
    const host = a.family === "IPv6" ? `[${a.address}]` : a.address;
    return `http://${host}:${a.port}`;
  }

  private send(res: ServerResponse, status: number, body: unknown): void {
    if (res.headersSent) return;
    const text = body === undefined ? "" : JSON.stringify(body);
    res.writeHead(status, { ...CORS, "Content-Type": "application/json" });
    res.end(text);
  }

  private handleHttp(req: IncomingMessage, res: ServerResponse): void {
    res.on("error", () => undefined);
    req.on("error", () => undefined);
    if (req.method === "OPTIONS") {
      res.writeHead(204, CORS);
      res.end();
      return;
    }
    if (req.method !== "POST") {
      this.send(
        res,
        405,
        errorResponse(null, INVALID_REQUEST, "only POST is supported (or WebSocket upgrade)"),
      );
      return;
    }
    const declared = Number(req.headers["content-length"] ?? 0);
    if (declared > this.options.maxBodyBytes) {
      this.tooLarge(req, res);
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    let aborted = false;
    req.on("data", (chunk: Buffer) => {
      if (aborted) return;
      size += chunk.length;
      if (size > this.options.maxBodyBytes) {
        aborted = true;
        this.tooLarge(req, res);
        return;
      }
      chunks.push(chunk);
    });
    req.on("end", () => {
      if (aborted) return;
      this.respond(Buffer.concat(chunks).toString("utf8"))
        .then((out) => this.send(res, 200, out))
        .catch((e: unknown) => {
          this.options.log?.(`internal error: ${e instanceof Error ? e.message : String(e)}`);
          this.send(res, 500, errorResponse(null, -32603, "internal error"));
        });
    });
  }

  private tooLarge(req: IncomingMessage, res: ServerResponse): void {
    res.setHeader("Connection", "close");
    this.send(
      res,
      413,
      errorResponse(
        null,
        INVALID_REQUEST,
        `request body too large (limit ${this.options.maxBodyBytes} bytes)`,
      ),
    );
    res.on("finish", () => req.destroy());
  }

  private async respond(text: string, extra?: ConnectionSubscriptions): Promise<unknown> {
    const parsed = parseBody(text);
    if (!parsed.ok) return parsed.response;
    return dispatchBody(parsed.value, this.dispatch, extra?.methods);
  }

  private handleWs(ws: WebSocket): void {
    this.sockets.add(ws);
    const subs = new ConnectionSubscriptions((message) => {
      if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(message));
    });
    this.connections.set(ws, subs);
    ws.on("error", () => undefined);
    ws.on("close", () => {
      this.sockets.delete(ws);
      this.connections.delete(ws);
    });
    ws.on("message", (data, isBinary) => {
      const text = isBinary ? Buffer.from(data as Buffer).toString("utf8") : data.toString();
      this.respond(text, subs)
        .then((out) => {
          if (out !== undefined && ws.readyState === ws.OPEN) ws.send(JSON.stringify(out));
        })
        .catch(() => undefined);
    });
  }

  async close(): Promise<void> {
    this.node.off("block", this.onBlock);
    for (const ws of this.sockets) ws.terminate();
    await new Promise<void>((resolve) => this.wss.close(() => resolve()));
    this.http.closeAllConnections?.();
    await new Promise<void>((resolve) => this.http.close(() => resolve()));
  }
}
