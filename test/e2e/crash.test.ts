// Crash safety: the node runs as a child process (`lanes node`) under a stream of transactions from several
// senders and is killed with SIGKILL mid-stream, twice. After each restart on the same data directory every
// transaction whose receipt was returned is still there in the same block, the node's own startup check
// found the flat state equal to the head block's state root, and per-sender nonces match the chain.
import assert from "node:assert/strict";
import { type ChildProcess, spawn } from "node:child_process";
import { after, describe, it } from "node:test";
import { fileURLToPath } from "node:url";
import { bytesToHex, hexToBytes } from "../../src/primitives/hex.js";
import { keccak256 } from "../../src/primitives/keccak.js";
import { rlpDecode } from "../../src/primitives/rlp.js";
import { verifyProof } from "../../src/trie/index.js";
import { ANVIL_ADDRESSES, call, rpc, signDevTx, tempDir } from "../../tools/node-client.js";

const MAIN = fileURLToPath(new URL("../../src/cli/main.js", import.meta.url));

interface Child {
  proc: ChildProcess;
  url: string;
}

function startChild(dataDir: string): Promise<Child> {
  const proc = spawn(process.execPath, [MAIN, "node", "--port", "0", "--data-dir", dataDir, "--quiet"], {
    stdio: ["ignore", "pipe", "pipe"],
  });
  return new Promise((resolve, reject) => {
    let out = "";
    let err = "";
    proc.stdout!.on("data", (d: Buffer) => {
      out += d.toString();
      const m = /Listening on ([0-9.]+):(\d+)/.exec(out);
      if (m) resolve({ proc, url: `http://${m[1]}:${m[2]}` });
    });
    proc.stderr!.on("data", (d: Buffer) => {
      err += d.toString();
    });
    proc.on("exit", (code) => reject(new Error(`node exited with ${code} before listening: ${err}${out}`)));
  });
}

function killHard(child: Child): Promise<void> {
  return new Promise((resolve) => {
    child.proc.once("exit", () => resolve());
    child.proc.kill("SIGKILL");
  });
}

interface Ack {
  hash: string;
  blockNumber: string;
  blockHash: string;
  sender: number;
}

function rawTransfer(sender: number, nonce: bigint): string {
  const to = BigInt(ANVIL_ADDRESSES[(sender + 1) % 3]!);
  return bytesToHex(signDevTx({ sender, nonce, to, value: 1000n + nonce }).raw);
}

/** Streams transfers from three senders until `stop()`; records every acknowledged receipt. */
function stream(url: string, acks: Ack[]): { stop(): void; done: Promise<void> } {
  let stopped = false;
  const loops = [0, 1, 2].map(async (sender) => {
    let nonce = BigInt(
      (await call(url, "eth_getTransactionCount", [ANVIL_ADDRESSES[sender], "latest"])) as string,
    );
    while (!stopped) {
      try {
        const sent = await rpc(url, "eth_sendRawTransaction", [rawTransfer(sender, nonce)]);
        if (sent.error !== undefined) throw new Error(JSON.stringify(sent.error));
        const receipt = (await call(url, "eth_getTransactionReceipt", [sent.result])) as Ack | null;
        if (receipt !== null)
          acks.push({
            hash: sent.result as string,
            blockNumber: receipt.blockNumber,
            blockHash: receipt.blockHash,
            sender,
          });
        nonce++;
      } catch {
        return; // the node is gone
      }
    }
  });
  return {
    stop: () => {
      stopped = true;
    },
    done: Promise.all(loops).then(() => undefined),
  };
}

describe("e2e: kill -9 during a transaction stream", () => {
  const dir = tempDir("lanes-crash-");
  let child: Child | undefined;

  after(async () => {
    if (child && child.proc.exitCode === null && child.proc.signalCode === null) await killHard(child);
    dir.remove();
  });

  it("loses no acknowledged block and restarts on a consistent state", async () => {
    const acks: Ack[] = [];
    for (let round = 0; round < 2; round++) {
      child = await startChild(dir.path);
      const s = stream(child.url, acks);
      const target = acks.length + 25;
      while (acks.length < target) await new Promise((r) => setTimeout(r, 10));
      // Kill while requests are in flight: some transactions are mid-block, not yet acknowledged.
      await killHard(child);
      s.stop();
      await s.done;
    }
    assert.ok(acks.length >= 50);

    child = await startChild(dir.path);
    const url = child.url;
    for (const ack of acks) {
      const r = (await call(url, "eth_getTransactionReceipt", [ack.hash])) as Ack | null;
      assert.ok(r, `acknowledged transaction ${ack.hash} is present`);
      assert.equal(r.blockNumber, ack.blockNumber);
      assert.equal(r.blockHash, ack.blockHash);
    }
    const head = (await call(url, "eth_getBlockByNumber", ["latest", false])) as {
      number: string;
      stateRoot: string;
    };
    // Per-sender nonces equal the number of their transactions in the chain, and are proven by the root.
    const counts = [0, 0, 0];
    for (let n = 1n; n <= BigInt(head.number); n++) {
      const block = (await call(url, "eth_getBlockByNumber", [`0x${n.toString(16)}`, true])) as {
        transactions: { from: string }[];
      };
      for (const tx of block.transactions) counts[ANVIL_ADDRESSES.indexOf(tx.from as never)]!++;
    }
    for (let sender = 0; sender < 3; sender++) {
      const address = ANVIL_ADDRESSES[sender]!;
      const nonce = BigInt((await call(url, "eth_getTransactionCount", [address, "latest"])) as string);
      assert.equal(nonce, BigInt(counts[sender]!));
      assert.ok(counts[sender]! >= acks.filter((a) => a.sender === sender).length);
      const proof = (await call(url, "eth_getProof", [address, [], "latest"])) as { accountProof: string[] };
      const leaf = verifyProof(
        hexToBytes(head.stateRoot),
        keccak256(hexToBytes(address)),
        proof.accountProof.map((p) => hexToBytes(p)),
      );
      const fields = rlpDecode(leaf!) as Uint8Array[];
      assert.equal(BigInt(bytesToHex(fields[0]!) === "0x" ? 0 : bytesToHex(fields[0]!)), nonce);
    }
    // And the chain goes on from there.
    const more = await rpc(url, "eth_sendRawTransaction", [rawTransfer(0, BigInt(counts[0]!))]);
    assert.equal(more.error, undefined);
    await killHard(child);
  });
});
