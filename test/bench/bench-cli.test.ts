// `lanes bench`: option parsing and its errors, one tiny end-to-end run through the compiled CLI (JSON
// schema, exit status, Markdown and SVG files), and the writers on a synthetic report. No timing assertions:
// these check shape and equality, never speed.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, test } from "node:test";
import { fileURLToPath } from "node:url";
import { benchOptions } from "../../bench/harness/options.js";
import { formatMarkdown, formatText } from "../../bench/harness/report.js";
import { type BenchReport, type BenchResult, roundOrder } from "../../bench/harness/run.js";
import { escapeXml, formatSvg, niceMax } from "../../bench/harness/svg.js";
import { parseArgs } from "../../src/cli/args.js";
import { BENCH_OPTIONS } from "../../src/cli/bench.js";
import { UsageError } from "../../src/cli/usage-error.js";

const MAIN = fileURLToPath(new URL("../../src/cli/main.js", import.meta.url));
const dir = mkdtempSync(join(tmpdir(), "lanes-bench-cli-"));
after(() => rmSync(dir, { recursive: true, force: true }));

function lanes(...args: string[]) {
  const r = spawnSync(process.execPath, [MAIN, "bench", ...args], { encoding: "utf8" });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

const parse = (...argv: string[]) => benchOptions(parseArgs(argv, { ...BENCH_OPTIONS }, "bench"));

test("engine order: ABBA for two engines, balanced for more", () => {
  const two = Array.from({ length: 8 }, (_, r) => roundOrder(r, 2).join(""));
  assert.deepEqual(two, ["01", "10", "10", "01", "01", "10", "10", "01"]);
  for (const engines of [1, 2, 3, 4]) {
    // Over 2 x engines rounds, each engine takes each position equally often.
    const counts = Array.from({ length: engines }, () => new Array<number>(engines).fill(0));
    for (let r = 0; r < 2 * engines; r++) {
      const order = roundOrder(r, engines);
      assert.deepEqual(
        [...order].sort(),
        Array.from({ length: engines }, (_, k) => k),
        `round ${r}: a permutation`,
      );
      order.forEach((engine, position) => {
        counts[engine]![position]!++;
      });
    }
    for (const row of counts) assert.deepEqual(row, new Array<number>(engines).fill(2), `${engines} engines`);
  }
});

test("options: defaults", () => {
  const { options, outputs } = parse();
  assert.equal(options.workloads.length, 11);
  assert.deepEqual(options.engines, ["lanes-sequential", "lanes-parallel", "ethereumjs", "edr", "anvil"]);
  assert.deepEqual(options.blocks, []);
  assert.equal(options.stateAccounts, 0);
  assert.equal(options.bound, true);
  assert.deepEqual(options.modelThreads, []);
  assert.deepEqual(options.size, { txs: 2000 });
  assert.equal(options.runs, 5);
  assert.equal(options.warmup, 3);
  assert.equal(options.seed, 1);
  assert.ok(options.threads >= 1);
  assert.equal(options.gc, true);
  assert.deepEqual(outputs, {});
});

test("options: selections, sizes and files", () => {
  const { options, outputs } = parse(
    "--workloads",
    "erc20-transfer,uniswap-v2-swap,erc20-transfer",
    "--engines=edr,lanes-parallel",
    "--txs",
    "300",
    "--runs",
    "3",
    "--warmup",
    "0",
    "--threads",
    "4",
    "--seed",
    "0",
    "--no-gc",
    "--json",
    "out.json",
    "--markdown",
    "out.md",
    "--svg",
    "out.svg",
  );
  assert.deepEqual(options.workloads, ["erc20-transfer", "uniswap-v2-swap"]);
  assert.deepEqual(options.engines, ["edr", "lanes-parallel"]);
  assert.deepEqual(options.size, { txs: 300 });
  assert.equal(options.runs, 3);
  assert.equal(options.warmup, 0);
  assert.equal(options.threads, 4);
  assert.equal(options.seed, 0);
  assert.equal(options.gc, false);
  assert.deepEqual(outputs, { json: "out.json", markdown: "out.md", svg: "out.svg" });
  assert.deepEqual(parse("--gigagas").options.size, { gas: 1e9 });
  const more = parse(
    "--block",
    "a.json,b.json",
    "--state-accounts",
    "1000",
    "--model-threads",
    "8,4,8",
    "--no-bound",
  );
  assert.deepEqual(more.options.blocks, ["a.json", "b.json"]);
  assert.deepEqual(more.options.workloads, [], "--block alone runs only the blocks");
  assert.equal(more.options.stateAccounts, 1000);
  assert.deepEqual(more.options.modelThreads, [4, 8]);
  assert.equal(more.options.bound, false);
  assert.deepEqual(parse("--block", "a.json", "--workloads", "mixed").options.workloads, ["mixed"]);
  assert.deepEqual(parse("--size", "30Mgas").options.size, { gas: 30e6 });
});

test("options: every mistake is a UsageError naming it", () => {
  const cases: [string[], RegExp][] = [
    [["--workloads", "erc20,eth-transfer"], /unknown workload "erc20"/],
    [["--engines", "geth"], /unknown engine "geth"/],
    [["--workloads", ","], /--workloads needs at least one id/],
    [["--runs", "0"], /--runs must be an integer >= 1/],
    [["--txs", "ten"], /--txs must be an integer/],
    [["--threads", "-1"], /--threads must be an integer/],
    [["--txs", "10", "--gigagas"], /only one of --txs, --size and --gigagas/],
    [["--size", "lots"], /bad size "lots"/],
    [["erc20-transfer"], /unexpected argument "erc20-transfer"/],
    [["--model-threads", "4,0"], /--model-threads wants thread counts/],
    [["--state-accounts", "many"], /--state-accounts must be an integer >= 0/],
    [["--state-accounts", "99999999"], /--state-accounts is at most/],
    [["--block", ""], /--block/],
    [["--block", ","], /--block needs a file/],
  ];
  for (const [argv, message] of cases)
    assert.throws(
      () => parse(...argv),
      (e: unknown) => e instanceof UsageError && message.test(e.message),
      argv.join(" "),
    );
  assert.throws(() => parse("--bogus"), /unknown option --bogus/);
  assert.throws(() => parse("--json"), /needs a value/);
});

test("CLI: usage errors are one line with exit status 2; --help prints the usage", () => {
  const bad = lanes("--engines", "geth");
  assert.equal(bad.status, 2);
  assert.equal(bad.stdout, "");
  assert.match(bad.stderr, /^lanes: bench: unknown engine "geth" \(known: [^\n]+\)\n$/);
  const help = lanes("--help");
  assert.equal(help.status, 0);
  assert.match(help.stdout, /^Usage: lanes bench/);
  assert.match(help.stdout, /--gigagas/);
});

/** A small XML well-formedness check: every tag closed in order, attributes quoted, entities known. */
function assertWellFormedXml(text: string): void {
  const stack: string[] = [];
  const token =
    /<(\/?)([A-Za-z][\w:-]*)((?:\s+[\w:-]+="[^"<]*")*)\s*(\/?)>|<[^>]*>|&(?:amp|lt|gt|quot|apos|#\d+);|&|[^<&]+/g;
  let m: RegExpExecArray | null;
  let seenRoot = false;
  while ((m = token.exec(text)) !== null) {
    const [all, close, name, , selfClose] = m;
    if (all === "&") assert.fail(`unescaped & at ${m.index}`);
    if (all.startsWith("<") && name === undefined) assert.fail(`malformed tag ${all}`);
    if (name === undefined) continue;
    if (close) assert.equal(stack.pop(), name, `closing </${name}>`);
    else if (!selfClose) {
      if (stack.length === 0) {
        assert.ok(!seenRoot, "one root element");
        seenRoot = true;
      }
      stack.push(name);
    }
  }
  assert.deepEqual(stack, [], "every element closed");
  assert.ok(seenRoot);
}

function assertMarkdownTables(md: string): void {
  const lines = md.split("\n");
  let tables = 0;
  for (let i = 0; i < lines.length; i++) {
    if (!lines[i]!.startsWith("| ") || lines[i - 1]?.startsWith("|")) continue;
    tables++;
    const cells = (l: string) => l.replace(/\\\|/g, "").split("|").length;
    const n = cells(lines[i]!);
    assert.match(lines[i + 1]!, /^\|( -{3}:? \|)+$/, "separator row");
    for (let j = i + 1; j < lines.length && lines[j]!.startsWith("|"); j++)
      assert.equal(cells(lines[j]!), n, lines[j]);
  }
  assert.ok(tables >= 1, "at least one table");
}

test("CLI: a small run writes the JSON schema, Markdown and SVG; engines agree", { timeout: 120_000 }, () => {
  const json = join(dir, "out.json");
  const md = join(dir, "out.md");
  const svg = join(dir, "chart.svg");
  const r = lanes(
    "--workloads",
    "eth-transfer,erc20-transfer",
    "--txs",
    "40",
    "--runs",
    "1",
    "--warmup",
    "0",
    "--quiet",
    "--json",
    json,
    "--markdown",
    md,
    "--svg",
    svg,
    "--engines",
    "lanes-sequential,lanes-parallel,ethereumjs,edr",
  );
  assert.equal(r.status, 0, `${r.stdout}\n${r.stderr}`);
  const report = JSON.parse(readFileSync(json, "utf8")) as BenchReport;
  assert.equal(typeof report.machine.cpu, "string");
  assert.equal(typeof report.machine.cores, "number");
  assert.match(report.machine.node, /^v\d+/);
  assert.equal(typeof report.machine.os, "string");
  assert.deepEqual(report.mismatches, []);
  assert.equal(report.results.length, 2 * 4, "one result per workload and engine, skipped ones included");
  for (const res of report.results) {
    assert.ok(["eth-transfer", "erc20-transfer"].includes(res.workload));
    assert.ok(["lanes-sequential", "lanes-parallel", "ethereumjs", "edr"].includes(res.engine));
    assert.equal(res.txs, 40);
    assert.equal(typeof res.gasUsed, "number");
    assert.ok(res.gasUsed >= 40 * 21_000);
    assert.ok(
      res.status === "ok" || res.status === "skipped",
      `${res.workload} ${res.engine}: ${res.status}`,
    );
    if (res.status === "ok") {
      assert.ok(typeof res.medianMs === "number" && res.medianMs > 0);
      assert.equal(res.samplesMs.length, 1);
      assert.ok(res.txPerSec > 0 && res.mgasPerSec > 0);
    } else {
      assert.equal(res.medianMs, null, "NaN is written as null");
      assert.ok(typeof res.reason === "string" && res.reason.length > 0);
    }
  }
  // The reference engines always run; the gas they report is the same block's.
  for (const w of ["eth-transfer", "erc20-transfer"]) {
    const rows = report.results.filter((x) => x.workload === w);
    for (const e of ["lanes-sequential", "ethereumjs"])
      assert.equal(rows.find((x) => x.engine === e)?.status, "ok", `${w} ${e}`);
    assert.equal(new Set(rows.map((x) => x.gasUsed)).size, 1);
  }
  assert.match(r.stdout, /^# lanes bench: .*cores, Node v/m);
  // The load the run was measured under (an extension of the schema), at its start and its end.
  const load = report.machine.loadAverage;
  assert.ok(load !== undefined && load.start.length === 3 && load.end?.length === 3, JSON.stringify(load));
  assert.match(r.stdout, /load average \(1\/5\/15 min\) [\d.]+\/[\d.]+\/[\d.]+ at start, [\d./]+ at end/);
  // 40 transactions: above the parallel executor's small-block cutoff, so its Block-STM path is checked too,
  // except for plain ETH transfers, which its fallback policy runs sequentially (light transactions).
  const parallel = report.results.filter((x) => x.engine === "lanes-parallel" && x.status === "ok");
  for (const p of parallel) {
    if (p.workload === "eth-transfer") assert.match(p.parallel?.reason ?? "", /^light transactions/);
    else assert.equal(p.parallel?.mode, "parallel", `${p.workload}: ${p.parallel?.reason}`);
  }
  assert.match(r.stdout, /erc20-transfer\s+ethereumjs\s+40/);
  assertMarkdownTables(readFileSync(md, "utf8"));
  assertWellFormedXml(readFileSync(svg, "utf8"));
});

function syntheticReport(): BenchReport {
  const result = (
    engine: BenchResult["engine"],
    ms: number,
    status: BenchResult["status"] = "ok",
  ): BenchResult => ({
    workload: "uniswap-v2-swap",
    engine,
    status,
    ...(status === "skipped" ? { reason: "no <module> & no luck | really" } : {}),
    txs: 100,
    gasUsed: 6e6,
    medianMs: status === "skipped" ? Number.NaN : ms,
    minMs: ms,
    maxMs: ms,
    samplesMs: [ms],
    txPerSec: 1e5 / ms,
    mgasPerSec: 6e3 / ms,
    ratios: status === "skipped" ? {} : { "lanes-sequential": 20 / ms, ethereumjs: 400 / ms },
  });
  return {
    machine: { cpu: "Test CPU <3 & more", cores: 2, node: "v20.0.0", os: "linux", lanesRevision: "abc" },
    generatedAt: "2026-01-01T00:00:00.000Z",
    options: {
      workloads: ["uniswap-v2-swap"],
      engines: ["lanes-sequential", "lanes-parallel", "ethereumjs", "edr"],
      size: { txs: 100 },
      seed: 1,
      runs: 1,
      warmup: 0,
      threads: 2,
      gc: true,
      conflicts: false,
      blocks: [],
      stateAccounts: 0,
      bound: false,
      modelThreads: [],
      gcAvailable: true,
    },
    engines: [
      { id: "lanes-sequential", description: "seq" },
      { id: "lanes-parallel", description: "par" },
      { id: "ethereumjs", description: "ejs" },
      { id: "edr", description: "edr", skipped: "no <module> & no luck | really" },
    ],
    workloads: [{ id: "uniswap-v2-swap", txs: 100, gasUsed: 6e6, shape: {}, generateMs: 1 }],
    results: [
      result("lanes-sequential", 20),
      result("lanes-parallel", 12),
      result("ethereumjs", 400),
      result("edr", 0, "skipped"),
    ],
    mismatches: [],
  };
}

test("writers: SVG escapes text, skips skipped engines, scales bars; Markdown tables stay rectangular", () => {
  const report = syntheticReport();
  const svg = formatSvg(report);
  assertWellFormedXml(svg);
  assert.match(svg, /Test CPU &lt;3 &amp; more/);
  assert.equal((svg.match(/<rect [^>]*><title>/g) ?? []).length, 3, "one bar per engine that ran");
  assert.match(svg, /^<svg [^>]*role="img">\n<title>/, "the chart has a title for screen readers");
  assert.ok(!svg.includes("edr:"), "an engine skipped everywhere gets no row");
  const md = formatMarkdown(report);
  assertMarkdownTables(md);
  assert.match(md, /no <module> & no luck \\\| really/);
  const text = formatText(report);
  assert.match(text, /lanes-parallel\s+100\s+6\.0\s+12\.0\s+8333\s+500\.0\s+1\.67x\s+33\.33x/);
  assert.equal(escapeXml(`a<b>&"'`), "a&lt;b&gt;&amp;&quot;&apos;");
  assert.equal(niceMax(437), 500);
  assert.equal(niceMax(1200), 2000);
});
