// The shard link (src/shards/link): the secret file's checks, the mutual HMAC handshake (a wrong secret
// never connects, a peer that sends garbage or an oversized line is cut off), requests, errors, notes and
// events round-tripping plain data (bigint, bytes, undefined arguments), and `down` when the shard goes.
import assert from "node:assert/strict";
import { chmodSync, writeFileSync } from "node:fs";
import { connect } from "node:net";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import { RemoteShard } from "../../src/shards/link/remote-shard.js";
import { ensureLinkSecret, readLinkSecret } from "../../src/shards/link/secret.js";
import { ShardLinkServer } from "../../src/shards/link/server.js";
import type { ShardEndpoint, ShardListener, ShardStatus } from "../../src/shards/protocol.js";
import { tempDir } from "./helpers.js";

class FakeShard implements ShardEndpoint {
  readonly shardId = 3;
  listener: ShardListener | undefined;
  notes: unknown[][] = [];
  setListener(l: ShardListener): void {
    this.listener = l;
  }
  async status(): Promise<ShardStatus> {
    return {
      shardId: 3,
      chainId: 710003n,
      rpcUrl: "http://127.0.0.1:1",
      headNumber: 7,
      headHash: new Uint8Array([1, 2, 3]),
      headStateRoot: new Uint8Array(32).fill(9),
      pending: 2,
    };
  }
  async begin(): Promise<never> {
    throw new Error("shard 3 is at block 7, not 8");
  }
  async session() {
    return { included: true as const, status: 1 as const };
  }
  async seal(): Promise<never> {
    throw new Error("unused");
  }
  async commit(): Promise<void> {}
  published(k: number): void {
    this.notes.push(["published", k]);
  }
  async abort(): Promise<void> {}
  inbound(index: number, request: unknown): void {
    this.notes.push(["inbound", index, request]);
  }
  ret(outcome: unknown): void {
    this.notes.push(["ret", outcome]);
  }
  end(index: number, status: 0 | 1): void {
    this.notes.push(["end", index, status]);
  }
  async close(): Promise<void> {}
}

function waitFor(f: () => boolean, ms = 10_000): Promise<void> {
  const deadline = Date.now() + ms;
  return new Promise((resolve, reject) => {
    const tick = () => {
      if (f()) resolve();
      else if (Date.now() > deadline) reject(new Error("timed out"));
      else setTimeout(tick, 10);
    };
    tick();
  });
}

describe("the shard link", () => {
  const dir = tempDir("lanes-link-");
  after(() => dir.remove());

  it("keeps its secret in an owner-only file and refuses one others can read", () => {
    const path = join(dir.path, "link.secret");
    ensureLinkSecret(path);
    const secret = readLinkSecret(path);
    assert.equal(secret.length, 32);
    ensureLinkSecret(path); // kept, not replaced
    assert.deepEqual(readLinkSecret(path), secret);
    chmodSync(path, 0o644);
    assert.throws(() => readLinkSecret(path), /readable by other users/);
    const bad = join(dir.path, "bad.secret");
    writeFileSync(bad, "not hex\n", { mode: 0o600 });
    assert.throws(() => readLinkSecret(bad), /32-byte hex secret/);
  });

  it("authenticates both ends, carries requests, errors, notes and events, and reports a lost shard", async () => {
    const secret = new Uint8Array(32).fill(7);
    const shard = new FakeShard();
    const server = await ShardLinkServer.start(shard, { host: "127.0.0.1", port: 0, secret });
    let serverClosed = false;
    try {
      // A wrong secret never links (the server refuses it; the client would not accept that server either).
      const intruder = new RemoteShard({
        shardId: 3,
        host: "127.0.0.1",
        port: server.port,
        secret: new Uint8Array(32).fill(8),
        retryMs: 50,
      });
      await assert.rejects(intruder.waitConnected(1_500), /no link/);
      await assert.rejects(intruder.status(), /not connected/);
      await intruder.close();

      // Garbage before the handshake, and an oversized line, are cut off.
      for (const payload of ["this is not json\n", `${"x".repeat(5_000)}\n`]) {
        const closed = await new Promise<boolean>((resolve) => {
          const s = connect({ host: "127.0.0.1", port: server.port }, () => s.write(payload));
          s.on("data", () => undefined);
          s.on("close", () => resolve(true));
          s.on("error", () => undefined);
          setTimeout(() => resolve(false), 5_000);
        });
        assert.ok(closed, "the server closes a peer that does not authenticate");
      }

      const remote = new RemoteShard({
        shardId: 3,
        host: "127.0.0.1",
        port: server.port,
        secret,
        retryMs: 50,
      });
      const events: unknown[][] = [];
      remote.setListener({
        call: (s, r, k) => events.push(["call", s, r, k]),
        inret: (s, o) => events.push(["inret", s, o]),
        served: (s, i, st, e) => events.push(["served", s, i, st, e]),
        work: (s) => events.push(["work", s]),
        down: (s, reason) => events.push(["down", s, reason]),
      });
      await remote.waitConnected(10_000);
      const st = await remote.status();
      assert.equal(st.chainId, 710003n);
      assert.deepEqual(st.headHash, new Uint8Array([1, 2, 3]));
      assert.equal(st.prepared, undefined);
      await assert.rejects(remote.begin({ k: 8, timestamp: 1n, ops: [] }), /at block 7, not 8/);
      assert.deepEqual(await remote.session(8, "0x01"), { included: true, status: 1 });

      remote.end(4, 0);
      remote.published(9);
      await waitFor(() => shard.notes.length === 2);
      assert.deepEqual(shard.notes, [
        ["end", 4, 0],
        ["published", 9],
      ]);

      shard.listener!.served(3, 5, 1, undefined);
      shard.listener!.call(3, { from: 3, to: 1, depth: 1 } as never, undefined);
      await waitFor(() => events.length === 2);
      assert.deepEqual(events[0], ["served", 3, 5, 1, undefined]);
      assert.deepEqual(events[1], ["call", 3, { from: 3, to: 1, depth: 1 }, undefined]);

      await server.close();
      serverClosed = true;
      await waitFor(() => events.some((e) => e[0] === "down"));
      assert.equal(remote.connected, false);
      await assert.rejects(remote.status(), /not connected/);
      await remote.close();
    } finally {
      if (!serverClosed) await server.close();
    }
  });
});
