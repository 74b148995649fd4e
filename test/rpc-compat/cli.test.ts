// `lanes node --genesis FILE --import FILE` from the command line: a bad file is a usage error (exit 2, one
// line); the rpc-compat chain (Frontier to BPO2) imports, executed by Lanes alone, and the node then serves
// hive's forkchoice head.
import assert from "node:assert/strict";
import { spawn, spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import { tempDir } from "../../tools/node-client.js";
import { haveFixtures, RPC_COMPAT_DIR } from "./chain.js";

const MAIN = new URL("../../src/cli/main.js", import.meta.url).pathname;

function lanes(args: string[]) {
  return spawnSync(process.execPath, [MAIN, "node", "--port", "0", "--quiet", ...args], {
    encoding: "utf8",
    timeout: 60_000,
  });
}

describe("lanes node --genesis / --import", {
  skip: !haveFixtures() && "no ../shared/execution-apis-tests",
}, () => {
  it("refuses a missing or malformed genesis file as a usage error", () => {
    const dir = tempDir();
    try {
      const missing = lanes(["--data-dir", dir.path, "--genesis", join(dir.path, "none.json")]);
      assert.equal(missing.status, 2);
      assert.match(missing.stderr, /^lanes: node: --genesis .*none\.json: ENOENT/);
      const both = lanes([
        "--data-dir",
        dir.path,
        "--genesis",
        join(RPC_COMPAT_DIR, "genesis.json"),
        "--chain-id",
        "5",
      ]);
      assert.equal(both.status, 2);
      assert.match(both.stderr, /--genesis sets the chain id/);
    } finally {
      dir.remove();
    }
  });

  it("imports the whole chain with Lanes alone and serves hive's head", async () => {
    const dir = tempDir();
    const child = spawn(
      process.execPath,
      [
        MAIN,
        "node",
        "--port",
        "0",
        "--quiet",
        "--data-dir",
        dir.path,
        "--genesis",
        join(RPC_COMPAT_DIR, "genesis.json"),
        "--import",
        join(RPC_COMPAT_DIR, "chain.rlp"),
      ],
      { stdio: ["ignore", "pipe", "pipe"] },
    );
    try {
      let stderr = "";
      child.stderr.on("data", (d: Buffer) => {
        stderr += d.toString();
      });
      const url = await new Promise<string>((resolve, reject) => {
        let out = "";
        child.stdout.on("data", (d: Buffer) => {
          out += d.toString();
          const m = /Listening on (\S+)/.exec(out);
          if (m) resolve(m[1]!.startsWith("http") ? m[1]! : `http://${m[1]}`);
        });
        child.on("exit", (code) => reject(new Error(`node exited with ${code}: ${stderr}`)));
      });
      const res = await fetch(url, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({
          jsonrpc: "2.0",
          id: 1,
          method: "eth_getBlockByNumber",
          params: ["latest", false],
        }),
      });
      const head = ((await res.json()) as { result: { number: string; hash: string } }).result;
      const fcu = JSON.parse(readFileSync(join(RPC_COMPAT_DIR, "headfcu.json"), "utf8"));
      assert.equal(head.number, "0x36", "54 blocks imported");
      assert.equal(head.hash, fcu.params[0].headBlockHash);
    } finally {
      child.kill();
      dir.remove();
    }
  });
});
