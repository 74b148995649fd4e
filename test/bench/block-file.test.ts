// `lanes bench --block`: a block file (lanes run's format) written from a generated workload loads back into
// the same block (the Lanes result is identical), runs through the engines from the CLI with the bound and
// the scaling model in the JSON, and a file with unsigned ("from") transactions is skipped by the engines
// that submit signed bytes. No timing assertions.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, test } from "node:test";
import { fileURLToPath } from "node:url";
import { makespan } from "../../bench/harness/model.js";
import type { BenchReport } from "../../bench/harness/run.js";
import { executeBlock } from "../../src/block/execute-block.js";
import { canonicalResultLines } from "../../src/parallel/canonical-result.js";
import { loadBlockFile } from "../../tools/workloads/block-file.js";
import { workloadToBlockJson } from "../../tools/workloads/block-json.js";
import { buildWorkload } from "../../tools/workloads/registry.js";
import { lanesBlock } from "../../tools/workloads/types.js";

const MAIN = fileURLToPath(new URL("../../src/cli/main.js", import.meta.url));
const dir = mkdtempSync(join(tmpdir(), "lanes-bench-block-"));
after(() => rmSync(dir, { recursive: true, force: true }));

const w = await buildWorkload("erc20-transfer", 1, { txs: 40 });
const signedFile = join(dir, "signed.json");
writeFileSync(signedFile, JSON.stringify(workloadToBlockJson(w)));
const unsignedFile = join(dir, "unsigned.json");
writeFileSync(unsignedFile, JSON.stringify(workloadToBlockJson(w, { unsigned: true })));

test("a block file written from a workload executes exactly like the workload", () => {
  const want = canonicalResultLines(executeBlock(lanesBlock(w), w.preState, w.chainConfig));
  for (const file of [signedFile, unsignedFile]) {
    const b = loadBlockFile(file);
    assert.equal(b.transactions.length, 40);
    assert.deepEqual(
      canonicalResultLines(executeBlock(lanesBlock(b), b.preState, b.chainConfig, b.executeOptions)),
      want,
    );
  }
  const signed = loadBlockFile(signedFile);
  assert.equal(signed.unsignedTxs, undefined);
  assert.deepEqual(
    signed.transactions.map((t) => Buffer.from(t.raw).toString("hex")),
    w.transactions.map((t) => Buffer.from(t.raw).toString("hex")),
  );
  assert.equal(loadBlockFile(unsignedFile).unsignedTxs, 40);
});

test("the scaling model's list schedule", () => {
  // Independent transactions spread over the threads; a chain cannot.
  assert.equal(makespan([1, 1, 1, 1, 1, 1], [[], [], [], [], [], []], 2), 3);
  assert.equal(makespan([1, 1, 1, 1], [[], [0], [1], [2]], 8), 4);
  // tx 2 waits for tx 0 (long); tx 1 and 3 fill the other thread meanwhile.
  assert.equal(makespan([4, 1, 1, 1], [[], [], [0], []], 2), 5);
});

function bench(...args: string[]) {
  const r = spawnSync(process.execPath, [MAIN, "bench", ...args], { encoding: "utf8" });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

test("CLI: --block runs the file through the engines, with the bound and the model", {
  timeout: 240_000,
}, () => {
  const json = join(dir, "out.json");
  const r = bench(
    "--block",
    `${signedFile},${unsignedFile}`,
    "--engines",
    "lanes-sequential,lanes-parallel,anvil",
    "--runs",
    "1",
    "--warmup",
    "0",
    "--model-threads",
    "4,32",
    "--no-conflicts",
    "--quiet",
    "--json",
    json,
  );
  assert.equal(r.status, 0, `${r.stdout}\n${r.stderr}`);
  const report = JSON.parse(readFileSync(json, "utf8")) as BenchReport;
  assert.deepEqual(report.mismatches, []);
  assert.deepEqual(
    [...new Set(report.results.map((x) => x.workload))],
    ["block:signed.json", "block:unsigned.json"],
  );
  for (const x of report.results) {
    if (x.engine !== "anvil") assert.equal(x.status, "ok", `${x.workload} ${x.engine}`);
  }
  const anvil = report.results.filter((x) => x.engine === "anvil");
  assert.equal(anvil.find((x) => x.workload === "block:unsigned.json")?.status, "skipped");
  assert.match(anvil.find((x) => x.workload === "block:unsigned.json")?.reason ?? "", /no signature/);
  // anvil is a devDependency: when it is installed it must have run and matched.
  const installed = !report.engines.find((e) => e.id === "anvil")?.skipped;
  if (installed) assert.equal(anvil.find((x) => x.workload === "block:signed.json")?.status, "ok");
  for (const p of report.results.filter((x) => x.engine === "lanes-parallel")) {
    assert.equal(p.parallel?.mode, "parallel", p.parallel?.reason);
    assert.ok((p.parallel?.boundSpeedup ?? 0) > 0, "boundSpeedup measured");
    assert.ok(Number.isFinite(p.parallel?.boundEfficiency), "boundEfficiency computed");
    assert.deepEqual(
      p.parallel?.model?.points.map((pt) => pt.threads),
      [4, 32],
    );
  }
  assert.match(r.stdout, /bound eff/);
  assert.match(r.stdout, /model \(--model-threads\)/);
});
