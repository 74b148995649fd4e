// The sequencer's side of the link: a ShardEndpoint for a shard that runs in another process (`lanes
// shard`), reached over loopback TCP and authenticated with the link secret (line-socket.ts). While the
// connection is down every request fails at once and the listener hears `down` (the superblock in flight is
// lost, exactly as when an in-process shard's thread dies); the client reconnects by itself, so a restarted
// shard process rejoins and the sequencer reconciles it (commit or drop its prepared block) at its next tick.
import { connect } from "node:net";
import type {
  BeginParams,
  SessionReply,
  ShardBegun,
  ShardCommitment,
  ShardEndpoint,
  ShardListener,
  ShardStatus,
} from "../protocol.js";
import type { CallOutcome, CallRequest, Transcript } from "../transcript.js";
import { LineSocket, type LinkMessage, linkMac, linkNonce, macEqual } from "./line-socket.js";

export interface RemoteShardOptions {
  shardId: number;
  host: string;
  port: number;
  secret: Uint8Array;
  /** Pause between connection attempts (ms, default 200). */
  retryMs?: number;
  log?: (line: string) => void;
}

interface Pending {
  resolve: (v: unknown) => void;
  reject: (e: Error) => void;
}

const NO_LISTENER: ShardListener = { call() {}, inret() {}, served() {}, work() {}, down() {} };

export class RemoteShard implements ShardEndpoint {
  readonly shardId: number;
  private listener: ShardListener = NO_LISTENER;
  private line: LineSocket | undefined;
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  private closed = false;
  private connecting: Promise<void> | undefined;
  private readonly waiters: (() => void)[] = [];

  constructor(readonly options: RemoteShardOptions) {
    this.shardId = options.shardId;
    this.connecting = this.connectLoop();
  }

  setListener(listener: ShardListener): void {
    this.listener = listener;
  }

  get connected(): boolean {
    return this.line !== undefined && !this.line.closed;
  }

  /** Resolves once the link is up (or rejects after `timeoutMs`). */
  waitConnected(timeoutMs: number): Promise<void> {
    if (this.connected) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`shard ${this.shardId}: no link after ${timeoutMs} ms`)),
        timeoutMs,
      );
      this.waiters.push(() => {
        clearTimeout(timer);
        resolve();
      });
    });
  }

  private async connectLoop(): Promise<void> {
    while (!this.closed && !this.connected) {
      try {
        await this.connectOnce();
      } catch {
        await new Promise((r) => setTimeout(r, this.options.retryMs ?? 200));
      }
    }
    this.connecting = undefined;
  }

  private async connectOnce(): Promise<void> {
    const socket = connect({ host: this.options.host, port: this.options.port });
    await new Promise<void>((resolve, reject) => {
      socket.once("connect", resolve);
      socket.once("error", reject);
    });
    const line = new LineSocket(socket);
    const hello = await line.next();
    if (hello.t !== "hello" || typeof hello.nonce !== "string") {
      line.close("bad hello");
      throw new Error("bad hello");
    }
    const nonce = linkNonce();
    line.send({ t: "auth", nonce, mac: linkMac(this.options.secret, "client", hello.nonce) });
    const welcome = await line.next();
    if (welcome.t !== "welcome" || !macEqual(welcome.mac, linkMac(this.options.secret, "server", nonce))) {
      line.close("the shard failed authentication");
      throw new Error(`shard ${this.shardId}: the peer failed authentication`);
    }
    if (welcome.shardId !== this.shardId) {
      line.close("wrong shard");
      throw new Error(`shard ${this.shardId}: the peer is shard ${String(welcome.shardId)}`);
    }
    line.open();
    if (this.closed) {
      line.close("closed");
      return;
    }
    this.line = line;
    line.onClose((reason) => this.lost(line, reason));
    line.listen((m) => this.handle(m));
    this.options.log?.(`shard ${this.shardId}: link up`);
    for (const w of this.waiters.splice(0)) w();
  }

  private lost(line: LineSocket, reason: string): void {
    if (this.line !== line) return;
    this.line = undefined;
    const e = new Error(`shard ${this.shardId}: link lost (${reason})`);
    for (const [, p] of this.pending) p.reject(e);
    this.pending.clear();
    if (this.closed) return;
    this.options.log?.(e.message);
    this.listener.down(this.shardId, `link lost (${reason})`);
    this.connecting ??= this.connectLoop();
  }

  private handle(m: LinkMessage): void {
    if (m.t === "res" && typeof m.id === "number") {
      const p = this.pending.get(m.id);
      this.pending.delete(m.id);
      if (p === undefined) return;
      if (typeof m.err === "string") p.reject(new Error(m.err));
      else p.resolve(m.ok);
      return;
    }
    if (m.t === "ev" && Array.isArray(m.a)) {
      const a = m.a as [unknown, never, never, never];
      const ev = m.m;
      if (ev === "call") this.listener.call(this.shardId, a[1], a[2]);
      else if (ev === "inret") this.listener.inret(this.shardId, a[1]);
      else if (ev === "served") this.listener.served(this.shardId, a[1], a[2], a[3]);
      else if (ev === "work") this.listener.work(this.shardId);
      else if (ev === "down") this.listener.down(this.shardId, a[1]);
      else this.line?.close("unknown event from the shard");
      return;
    }
    this.line?.close("unknown message from the shard");
  }

  private request<T>(method: string, args: unknown[]): Promise<T> {
    const line = this.line;
    if (line === undefined || line.closed) {
      return Promise.reject(new Error(`shard ${this.shardId} is not connected`));
    }
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
      line.send({ t: "req", id, m: method, a: args });
    });
  }

  private note(method: string, args: unknown[]): void {
    this.line?.send({ t: "note", m: method, a: args });
  }

  status(): Promise<ShardStatus> {
    return this.request("status", []);
  }

  begin(p: BeginParams): Promise<ShardBegun> {
    return this.request("begin", [p]);
  }

  session(k: number, txHash: string): Promise<SessionReply> {
    return this.request("session", [k, txHash]);
  }

  seal(k: number, transcript: Transcript): Promise<ShardCommitment> {
    return this.request("seal", [k, transcript]);
  }

  async commit(k: number): Promise<void> {
    await this.request("commit", [k]);
  }

  published(k: number): void {
    this.note("published", [k]);
  }

  async abort(k: number): Promise<void> {
    await this.request("abort", [k]);
  }

  inbound(index: number, request: CallRequest): void {
    this.note("inbound", [index, request]);
  }

  ret(outcome: CallOutcome): void {
    this.note("ret", [outcome]);
  }

  end(index: number, status: 0 | 1): void {
    this.note("end", [index, status]);
  }

  async close(): Promise<void> {
    this.closed = true;
    this.line?.close("sequencer closing");
    this.line = undefined;
    await this.connecting;
  }
}
