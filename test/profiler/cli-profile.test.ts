// `lanes profile` as a user runs it: an OpenZeppelin ERC-20 block written as a `lanes run` block file, with the
// token's storage layout: --json gives the documented fields (docs/profiler.md) with the slots decoded, --html
// writes the self-contained page, and bad input is a clear error with exit status 1 or 2, not a crash.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, test } from "node:test";
import { fileURLToPath } from "node:url";
import { addressHex } from "../../src/profiler/describe.js";
import type { BlockProfile } from "../../src/profiler/types.js";
import { repoRoot } from "../../tools/contracts/sources.js";
import { workloadToBlockJson } from "../../tools/workloads/block-json.js";
import { erc20Block } from "./blocks.js";

const MAIN = fileURLToPath(new URL("../../src/cli/main.js", import.meta.url));
const dir = mkdtempSync(join(tmpdir(), "lanes-profile-cli-"));
after(() => rmSync(dir, { recursive: true, force: true }));

const lanes = (...args: string[]) =>
  spawnSync(process.execPath, [MAIN, "profile", ...args], { encoding: "utf8", timeout: 120_000 });

describe("lanes profile (CLI)", () => {
  test("--json and --html on a block file with a storage layout", async () => {
    const b = await erc20Block();
    const file = join(dir, "erc20.block.json");
    writeFileSync(file, JSON.stringify(workloadToBlockJson(b.workload)));
    const html = join(dir, "erc20.html");
    const layout = join(repoRoot(), "tools", "profiler", "layouts", "BenchToken.json");
    const r = lanes(file, "--storage-layout", layout, "--json", "--html", html);
    assert.equal(r.status, 0, r.stderr);
    const p = JSON.parse(r.stdout) as BlockProfile;
    for (const field of ["txs", "edges", "criticalPath", "hotLocations", "speedupBound"])
      assert.ok(field in p, `no ${field}`);
    assert.equal(p.txs, b.workload.transactions.length);
    assert.deepEqual(Object.keys(p.speedupBound).sort(), ["16", "2", "32", "4", "8"]);
    for (const e of p.edges) assert.ok(e.from < e.to && typeof e.location.label === "string");
    assert.ok(Array.isArray(p.criticalPath.txs) && typeof p.criticalPath.ms === "number");
    const balance = `_balances[${addressHex(b.recipient)}]`;
    // Hot locations are ranked by measured chain time, which depends on the machine (CI once measured the
    // spender's 4-transaction chain slower than the recipient's 6), so the recipient's balance is found by
    // its writer count, which does not: every holder's transfer writes it, and no other location has as many.
    const mostWritten = [...p.hotLocations].sort((x, y) => y.writers - x.writers);
    assert.equal(mostWritten[0]?.location.variable, balance);
    assert.equal(mostWritten[0]!.writers, b.workload.shape.holders);
    assert.ok(mostWritten[1] === undefined || mostWritten[1].writers < mostWritten[0]!.writers);
    p.hotLocations.forEach((h, i) => {
      if (i > 0) assert.ok(h.chainMs <= p.hotLocations[i - 1]!.chainMs, "ranked by chain time");
    });
    const page = readFileSync(html, "utf8");
    assert.match(page, /^<!doctype html>/);
    assert.ok(page.includes(balance), "the page's report data has the decoded slot");
    // The terminal summary names the hot spot too.
    const text = lanes(file, "--storage-layout", layout);
    assert.equal(text.status, 0, text.stderr);
    assert.ok(text.stdout.includes("_balances["), text.stdout);
  });

  test("bad input: clear errors and exit status", () => {
    const missing = lanes(join(dir, "nope.json"));
    assert.equal(missing.status, 1);
    assert.match(missing.stderr, /nope\.json/);
    const usage = lanes("--rpc", "http://127.0.0.1:1");
    assert.equal(usage.status, 2);
    assert.match(usage.stderr, /--rpc needs --block/);
    const badLayout = join(dir, "bad-layout.json");
    writeFileSync(badLayout, '{"storage": [{"label": 1}]}');
    const layout = lanes(join(dir, "erc20.block.json"), "--storage-layout", badLayout);
    assert.equal(layout.status, 1);
    assert.match(layout.stderr, /bad-layout\.json/);
  });
});
