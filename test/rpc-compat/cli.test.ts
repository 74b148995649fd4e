// `lanes node --genesis FILE --import FILE` from the command line: a bad file is a usage error (exit 2, one
// line); a chain whose blocks predate Cancun stops the import at its first block with one line (exit 1),
// since the CLI has no pre-Cancun executor (the rpc-compat test uses a test-only oracle for those).
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
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

  it("stops an import at the first pre-Cancun block with one line", () => {
    const dir = tempDir();
    try {
      const r = lanes([
        "--data-dir",
        dir.path,
        "--genesis",
        join(RPC_COMPAT_DIR, "genesis.json"),
        "--import",
        join(RPC_COMPAT_DIR, "chain.rlp"),
      ]);
      assert.equal(r.status, 1);
      assert.equal(
        r.stderr.trim(),
        `lanes: node: --import ${join(RPC_COMPAT_DIR, "chain.rlp")}: block 1 (timestamp 10) is under a fork Lanes does not execute yet`,
      );
    } finally {
      dir.remove();
    }
  });
});
