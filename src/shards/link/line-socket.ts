// One side of a shard link connection: newline-delimited JSON messages (codec.ts tags bigint, bytes, maps)
// over a TCP socket, with a size bound per line, and the mutual HMAC handshake that authenticates both ends
// with the link secret before anything else is read:
//   server -> {"t":"hello","nonce":N1}
//   client -> {"t":"auth","nonce":N2,"mac":HMAC(secret,"client"|N1)}
//   server -> {"t":"welcome","mac":HMAC(secret,"server"|N2),"shardId":K}
// A peer that sends a longer line, bad JSON or a wrong MAC is disconnected.
import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import type { Socket } from "node:net";
import { decodeMessage, encodeMessage } from "./codec.js";

/** Longest message after the handshake (a superblock's transcript and messages travel in one line). */
export const MAX_LINK_LINE = 64 * 1024 * 1024;
/** Longest message before it (the handshake lines are ~200 bytes). */
export const MAX_HANDSHAKE_LINE = 1024;
export const HANDSHAKE_TIMEOUT_MS = 10_000;

export type LinkMessage = Record<string, unknown> & { t: string };

export class LineSocket {
  private buffer = "";
  private limit = MAX_HANDSHAKE_LINE;
  private onMessage: ((m: LinkMessage) => void) | undefined;
  private readonly backlog: LinkMessage[] = [];
  private closedReason: string | undefined;
  private readonly closeListeners: ((reason: string) => void)[] = [];

  constructor(readonly socket: Socket) {
    socket.setEncoding("utf8");
    socket.setNoDelay(true);
    socket.on("data", (chunk: string) => this.read(chunk));
    socket.on("error", (e) => this.close(e.message));
    socket.on("close", () => this.close("connection closed"));
  }

  get closed(): boolean {
    return this.closedReason !== undefined;
  }

  /** After the handshake: allow full-size messages. */
  open(): void {
    this.limit = MAX_LINK_LINE;
  }

  onClose(f: (reason: string) => void): void {
    if (this.closedReason !== undefined) f(this.closedReason);
    else this.closeListeners.push(f);
  }

  /** Delivers every message, in order (those that arrived before a listener was set included). */
  listen(f: (m: LinkMessage) => void): void {
    this.onMessage = f;
    while (this.backlog.length > 0 && this.onMessage === f) f(this.backlog.shift()!);
  }

  /** The next message (handshake steps), or an error when the peer goes or takes too long. */
  next(timeoutMs = HANDSHAKE_TIMEOUT_MS): Promise<LinkMessage> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.close("handshake timed out");
        reject(new Error("shard link: handshake timed out"));
      }, timeoutMs);
      this.onClose((reason) => {
        clearTimeout(timer);
        reject(new Error(`shard link: ${reason}`));
      });
      this.listen((m) => {
        clearTimeout(timer);
        this.onMessage = undefined;
        resolve(m);
      });
    });
  }

  send(m: LinkMessage): void {
    if (this.closedReason !== undefined) return;
    this.socket.write(`${encodeMessage(m)}\n`);
  }

  close(reason: string): void {
    if (this.closedReason !== undefined) return;
    this.closedReason = reason;
    this.socket.destroy();
    for (const f of this.closeListeners.splice(0)) f(reason);
  }

  private read(chunk: string): void {
    if (this.closedReason !== undefined) return;
    this.buffer += chunk;
    for (;;) {
      const nl = this.buffer.indexOf("\n");
      if (nl < 0) break;
      const line = this.buffer.slice(0, nl);
      this.buffer = this.buffer.slice(nl + 1);
      if (line.length > this.limit) {
        this.close("message too long");
        return;
      }
      let m: unknown;
      try {
        m = decodeMessage(line);
      } catch {
        this.close("malformed message");
        return;
      }
      if (m === null || typeof m !== "object" || typeof (m as LinkMessage).t !== "string") {
        this.close("malformed message");
        return;
      }
      if (this.onMessage !== undefined) this.onMessage(m as LinkMessage);
      else this.backlog.push(m as LinkMessage);
      if (this.closedReason !== undefined) return;
    }
    if (this.buffer.length > this.limit) this.close("message too long");
  }
}

export function linkNonce(): string {
  return randomBytes(32).toString("hex");
}

export function linkMac(secret: Uint8Array, role: "client" | "server", nonce: string): string {
  return createHmac("sha256", secret).update(`lanes-shard-link|${role}|${nonce}`).digest("hex");
}

export function macEqual(a: unknown, b: string): boolean {
  if (typeof a !== "string" || a.length !== b.length) return false;
  return timingSafeEqual(Buffer.from(a), Buffer.from(b));
}
