// The shard's side of the link: serves one ShardEndpoint (a ShardHost in a `lanes shard` process) to the
// sequencer over loopback TCP. Requests (status, begin, session, seal, commit, abort) are answered by id;
// notes (inbound, ret, end, published) are one-way; the shard's listener events (call, inret, served,
// work, down) go the other way. One sequencer connection at a time: a newly authenticated one replaces the
// old (a restarted sequencer). Unauthenticated peers get nothing but the hello.
import { createServer, type Server, type Socket } from "node:net";
import type { ShardEndpoint, ShardListener } from "../protocol.js";
import { LineSocket, type LinkMessage, linkMac, linkNonce, macEqual } from "./line-socket.js";

const REQUESTS = new Set(["status", "begin", "session", "seal", "commit", "abort"]);
const NOTES = new Set(["inbound", "ret", "end", "published"]);

export interface LinkServerOptions {
  host: string;
  port: number;
  secret: Uint8Array;
  log?: (line: string) => void;
  /**
   * Crash tests only: called with "sealed" after a seal stored its prepared block (before the reply), and
   * with "commit" before a commit runs; `lanes shard` kills its own process there (LANES_SHARD_CRASH).
   */
  hook?: (point: "sealed" | "commit", k: number) => void;
}

export class ShardLinkServer {
  private current: LineSocket | undefined;

  private constructor(
    private readonly endpoint: ShardEndpoint,
    private readonly options: LinkServerOptions,
    private readonly server: Server,
  ) {}

  static async start(endpoint: ShardEndpoint, options: LinkServerOptions): Promise<ShardLinkServer> {
    const server = createServer();
    const link = new ShardLinkServer(endpoint, options, server);
    server.on("connection", (socket) => void link.accept(socket));
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(options.port, options.host, () => {
        server.off("error", reject);
        resolve();
      });
    });
    endpoint.setListener(link.listener());
    return link;
  }

  get port(): number {
    const a = this.server.address();
    return typeof a === "object" && a !== null ? a.port : 0;
  }

  private listener(): ShardListener {
    const ev = (m: string, a: unknown[]) => this.current?.send({ t: "ev", m, a });
    return {
      call: (shard, request, key) => ev("call", [shard, request, key]),
      inret: (shard, outcome) => ev("inret", [shard, outcome]),
      served: (shard, index, status, error) => ev("served", [shard, index, status, error]),
      work: (shard) => ev("work", [shard]),
      down: (shard, reason) => ev("down", [shard, reason]),
    };
  }

  private async accept(socket: Socket): Promise<void> {
    const line = new LineSocket(socket);
    try {
      const nonce = linkNonce();
      line.send({ t: "hello", nonce });
      const auth = await line.next();
      if (auth.t !== "auth" || !macEqual(auth.mac, linkMac(this.options.secret, "client", nonce))) {
        this.options.log?.(`shard link: refused a peer from ${socket.remoteAddress} (bad authentication)`);
        line.close("authentication failed");
        return;
      }
      if (typeof auth.nonce !== "string" || auth.nonce.length !== 64) {
        line.close("bad nonce");
        return;
      }
      line.open();
      line.send({
        t: "welcome",
        mac: linkMac(this.options.secret, "server", auth.nonce),
        shardId: this.endpoint.shardId,
      });
    } catch {
      line.close("handshake failed");
      return;
    }
    const old = this.current;
    this.current = line;
    old?.close("replaced by a new sequencer connection");
    line.onClose(() => {
      if (this.current === line) this.current = undefined;
    });
    line.listen((m) => this.handle(line, m));
  }

  private handle(line: LineSocket, m: LinkMessage): void {
    const method = m.m;
    const args = Array.isArray(m.a) ? (m.a as unknown[]) : [];
    if (m.t === "note" && typeof method === "string" && NOTES.has(method)) {
      try {
        (this.endpoint[method as "inbound"] as (...a: unknown[]) => void).apply(this.endpoint, args);
      } catch (e) {
        this.options.log?.(`shard link: ${method}: ${(e as Error).message}`);
      }
      return;
    }
    if (m.t === "req" && typeof method === "string" && REQUESTS.has(method) && typeof m.id === "number") {
      const id = m.id;
      const hook = this.options.hook;
      const k = typeof args[0] === "number" ? args[0] : -1;
      Promise.resolve()
        .then(() => {
          if (method === "commit") hook?.("commit", k);
          return (this.endpoint[method as "status"] as (...a: unknown[]) => Promise<unknown>).apply(
            this.endpoint,
            args,
          );
        })
        .then((value) => {
          if (method === "seal") hook?.("sealed", k);
          return value;
        })
        .then(
          (value) => line.send({ t: "res", id, ok: value ?? null }),
          (e: unknown) => line.send({ t: "res", id, err: (e as Error)?.message ?? String(e) }),
        );
      return;
    }
    line.close("unknown message");
  }

  async close(): Promise<void> {
    this.current?.close("shard closing");
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
