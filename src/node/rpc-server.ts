// HTTP JSON-RPC (POST) and WebSocket (eth_subscribe) on one port. Limits: request body size (HTTP and WS
// frames), batch size, JSON nesting depth. Browser safety (see http-policy.ts): only allowed origins (default:
// loopback pages) may call, the Host header must be an allowed name (DNS rebinding), and POST bodies must be
// declared application/json, so no cross-origin page can send a request without a CORS preflight.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { type WebSocket, WebSocketServer } from "ws";
import type { LanesNode, MinedBlock, PoolTx } from "./devnode.js";
import { PollingFilters } from "./filters.js";
import { HttpPolicy } from "./http-policy.js";
import type { MethodTable } from "./methods/index.js";
import { METHODS } from "./methods/index.js";
import { PROFILE_PAGE_PREFIX, serveProfilePage } from "./profile-page.js";
import {
  type DispatchOptions,
  dispatchBody,
  errorResponse,
  parseBody,
  serializeResponse,
} from "./rpc-dispatch.js";
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
  /** Deepest JSON nesting a request may have. */
  maxJsonDepth: number;
  /** Largest trace output (bytes of JSON). */
  traceMaxBytes: number;
  /** Largest `timeout` a trace may ask for (ms). */
  traceMaxTimeoutMs: number;
  /** Origins allowed to call from a browser: exact origins or "*"; default: loopback origins only. */
  allowOrigins?: readonly string[];
  /** Accepted Host header names (geth's vhosts) or "*"; default: loopback names and the bound host. */
  allowHosts?: readonly string[];
  /** Serve the anvil_*, hardhat_* and evm_* methods (false in sequencer mode). */
  devMethods: boolean;
  /**
   * Time a client has to send a whole request (ms; Node's 300 s when absent). Past it the client gets HTTP
   * 408 with a JSON-RPC error and the connection is closed.
   */
  requestTimeoutMs?: number;
  /** Methods beyond the node's own (a shard's lanes_* methods); they replace same-named ones. */
  extraMethods?: MethodTable;
  log?: (line: string) => void;
}

export const DEFAULT_RPC_LIMITS = {
  maxBodyBytes: 5 * 1024 * 1024,
  maxBatch: 1000,
  gasCap: 50_000_000n,
  maxLogRange: 10_000n,
  maxJsonDepth: 64,
  traceMaxBytes: 64 * 1024 * 1024,
  traceMaxTimeoutMs: 60_000,
};

/** Whether `method` is a devnet cheat or a testing-only method (left out in sequencer mode). */
export function isDevMethod(method: string): boolean {
  return /^(anvil|hardhat|evm|testing)_/.test(method);
}

/** How long an idle keep-alive HTTP connection is kept. */
const KEEP_ALIVE_MS = 60_000;

export class RpcServer {
  private readonly http: Server;
  private readonly wss: WebSocketServer;
  private readonly dispatch: DispatchOptions;
  private readonly sockets = new Set<WebSocket>();
  private readonly onBlock: (mined: MinedBlock) => void;
  private readonly onPending: (tx: PoolTx) => void;
  private readonly connections = new Map<WebSocket, ConnectionSubscriptions>();
  private readonly policy: HttpPolicy;
  private readonly filters: PollingFilters;

  private constructor(
    readonly node: LanesNode,
    readonly options: RpcServerOptions,
  ) {
    const methods: MethodTable = {};
    for (const [name, handler] of Object.entries(METHODS)) {
      if (options.devMethods || !isDevMethod(name)) methods[name] = handler;
    }
    Object.assign(methods, options.extraMethods);
    this.policy = new HttpPolicy(options);
    this.filters = new PollingFilters(node);
    this.dispatch = {
      methods,
      context: {
        node,
        filters: this.filters,
        gasCap: options.gasCap,
        maxLogRange: options.maxLogRange,
        limits: { traceMaxBytes: options.traceMaxBytes, traceMaxTimeoutMs: options.traceMaxTimeoutMs },
      },
      maxBatch: options.maxBatch,
      onInternalError: (method, e) =>
        options.log?.(
          `internal error in ${method}: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`,
        ),
    };
    const requestTimeout = options.requestTimeoutMs;
    this.http = createServer(
      // Node checks the request and header timeouts every connectionsCheckingInterval (30 s by default).
      requestTimeout === undefined
        ? {}
        : { requestTimeout, connectionsCheckingInterval: Math.max(10, Math.min(30_000, requestTimeout / 4)) },
      (req, res) => this.handleHttp(req, res),
    );
    // Idle keep-alive connections stay open for a minute (Node's default is 5 s). A client reuses an idle
    // connection until its own timer, derived from the server's, says otherwise; a client busy for a second
    // (signing a thousand transactions) misses that margin and sends a request on a socket the server is
    // closing, which fails with "other side closed" (seen with viem's fetch). anvil keeps idle connections.
    this.http.keepAliveTimeout = KEEP_ALIVE_MS;
    // At most the request timeout (Node requires it).
    this.http.headersTimeout = Math.min(KEEP_ALIVE_MS + 5_000, requestTimeout ?? Number.POSITIVE_INFINITY);
    this.http.on("clientError", (e: NodeJS.ErrnoException, socket) => {
      if (!socket.writable) {
        socket.destroy();
        return;
      }
      // A JSON-RPC error body, not a bare status line, so clients can show what went wrong.
      const timeout = e.code === "ERR_HTTP_REQUEST_TIMEOUT";
      const status = timeout ? "408 Request Timeout" : "400 Bad Request";
      const body = JSON.stringify(
        errorResponse(
          null,
          INVALID_REQUEST,
          timeout ? "request timed out" : `bad HTTP request: ${e.code ?? e.message}`,
        ),
      );
      socket.end(
        `HTTP/1.1 ${status}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n` +
          `Connection: close\r\n\r\n${body}`,
      );
    });
    this.wss = new WebSocketServer({
      server: this.http,
      maxPayload: options.maxBodyBytes,
      verifyClient: (info: { origin: string; req: IncomingMessage }) => this.policy.check(info.req).ok,
    });
    this.wss.on("connection", (ws) => this.handleWs(ws));
    this.wss.on("error", (e) => options.log?.(`websocket server error: ${e.message}`));
    this.onBlock = (mined) => {
      for (const subs of this.connections.values()) subs.onBlock(mined);
    };
    node.on("block", this.onBlock);
    this.onPending = (tx) => {
      for (const subs of this.connections.values()) subs.onPending(tx);
    };
    node.on("pending", this.onPending);
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

  private send(
    res: ServerResponse,
    status: number,
    body: Parameters<typeof serializeResponse>[0],
    req?: IncomingMessage,
  ): void {
    if (res.headersSent) return;
    const text = serializeResponse(body);
    const cors = req === undefined ? {} : this.policy.corsHeaders(req);
    // With a length (not chunked), Node writes the head and the body in one write() call.
    res.writeHead(status, {
      ...cors,
      "Content-Type": "application/json",
      "Content-Length": Buffer.byteLength(text),
    });
    res.end(text);
  }

  private handleHttp(req: IncomingMessage, res: ServerResponse): void {
    res.on("error", () => undefined);
    req.on("error", () => undefined);
    const verdict = this.policy.check(req);
    if (!verdict.ok) {
      res.setHeader("Connection", "close");
      this.send(res, verdict.status, errorResponse(null, INVALID_REQUEST, verdict.message));
      res.on("finish", () => req.destroy());
      return;
    }
    if (req.method === "OPTIONS") {
      res.writeHead(204, this.policy.corsHeaders(req));
      res.end();
      return;
    }
    if (req.method === "GET" && req.url?.startsWith(PROFILE_PAGE_PREFIX)) {
      void serveProfilePage(this.node, req.url, res, this.options.log);
      return;
    }
    if (req.method !== "POST") {
      this.send(
        res,
        405,
        errorResponse(
          null,
          INVALID_REQUEST,
          `only POST is supported (or WebSocket upgrade, or GET ${PROFILE_PAGE_PREFIX}<block>)`,
        ),
      );
      return;
    }
    const type = this.policy.checkContentType(req);
    if (type !== undefined) {
      res.setHeader("Connection", "close");
      this.send(res, 415, errorResponse(null, INVALID_REQUEST, type), req);
      res.on("finish", () => req.destroy());
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
        .then((out) => this.send(res, 200, out, req))
        .catch((e: unknown) => {
          this.options.log?.(`internal error: ${e instanceof Error ? e.message : String(e)}`);
          this.send(res, 500, errorResponse(null, -32603, "internal error"), req);
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
      req,
    );
    res.on("finish", () => req.destroy());
  }

  private async respond(
    text: string,
    extra?: ConnectionSubscriptions,
  ): Promise<Parameters<typeof serializeResponse>[0]> {
    const parsed = parseBody(text, this.options.maxJsonDepth);
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
          if (out !== undefined && ws.readyState === ws.OPEN) ws.send(serializeResponse(out));
        })
        .catch(() => undefined);
    });
  }

  async close(): Promise<void> {
    this.node.off("block", this.onBlock);
    this.node.off("pending", this.onPending);
    this.filters.close();
    for (const ws of this.sockets) ws.terminate();
    await new Promise<void>((resolve) => this.wss.close(() => resolve()));
    this.http.closeAllConnections?.();
    await new Promise<void>((resolve) => this.http.close(() => resolve()));
  }
}
