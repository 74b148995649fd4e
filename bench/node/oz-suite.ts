// OpenZeppelin Contracts' own test suite (Hardhat 2) against `lanes node` and against Hardhat's own node,
// per test (issue 22's must-show). Not part of npm test: it needs an OZ checkout with its npm dev
// dependencies installed and the npm `solc` its config asks for.
//
// What it changes in the OZ checkout: it writes two files next to OZ's hardhat.config.js, and nothing else:
// - hardhat.lanes.config.js: requires OZ's config unchanged, then (1) overrides the subtask
//   TASK_COMPILE_SOLIDITY_GET_SOLC_BUILD to return the local solcjs (`<solc-dir>/node_modules/solc`)
//   instead of downloading a compiler, and (2) adds a network `target` whose URL is OZ_NODE_URL;
// - lanes-oz-reporter.js: a mocha reporter that appends one JSON line per test outcome (pass, fail,
//   pending, and failed hooks) to OZ_RESULTS, so a run cut short still leaves its results.
// The tests run with `hardhat test --network target --no-compile` against each node in turn (or both at
// once with --concurrent), each node started as a user would: `hardhat node` with OZ's config (its
// hardhat network: Osaka, allowUnlimitedContractSize) and `lanes node --fork Osaka --accounts 20
// --disable-code-size-limit` (Hardhat's node has 20 accounts; OZ's exposed contracts exceed EIP-170).
//
// Usage (after `npm run build`):
//   node dist/bench/node/oz-suite.js --oz /tmp/oz/oz --solc-dir /tmp/oz/solc [--out DIR] [--concurrent]
//        [--only lanes|hardhat] [--port N (hardhat on N, lanes on N+1; default 8646)] [--compile]
//        [test files or folders relative to the checkout ...]
// Without test paths it runs OZ's whole test/ folder. Prints per-file pass/fail/pending on each node, the
// totals, and every test whose outcome differs (with the first line of its error). Results: DIR/*.jsonl.
import { type ChildProcess, spawn } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const args = process.argv.slice(2);
function option(name: string): string | undefined {
  const i = args.indexOf(`--${name}`);
  if (i < 0) return undefined;
  const v = args[i + 1];
  args.splice(i, 2);
  return v;
}
function flag(name: string): boolean {
  const i = args.indexOf(`--${name}`);
  if (i >= 0) args.splice(i, 1);
  return i >= 0;
}

const OZ = option("oz");
const SOLC_DIR = option("solc-dir");
const OUT = resolve(option("out") ?? "/tmp/oz-suite-results");
const ONLY = option("only");
const CONCURRENT = flag("concurrent");
const COMPILE = flag("compile");
const PORT = Number(option("port") ?? 8646);
const TEST_ARGS = args;
if (OZ === undefined || SOLC_DIR === undefined) {
  console.error("usage: oz-suite --oz <OZ checkout> --solc-dir <dir with node_modules/solc> [paths...]");
  process.exit(2);
}
const ozDir = resolve(OZ);
const solcDir = resolve(SOLC_DIR);
/** `hardhat test` takes files only: folders expand to the `*.test.js` files under them (sorted). */
function testFiles(paths: string[]): string[] {
  const out: string[] = [];
  const walk = (p: string) => {
    if (!statSync(p).isDirectory()) return void out.push(p);
    for (const e of readdirSync(p).sort()) {
      const q = join(p, e);
      if (statSync(q).isDirectory()) walk(q);
      else if (e.endsWith(".test.js")) out.push(q);
    }
  };
  for (const p of paths.length > 0 ? paths : ["test"]) walk(resolve(ozDir, p));
  return out;
}
const TEST_PATHS = testFiles(TEST_ARGS);
const LANES_MAIN = fileURLToPath(new URL("../../src/cli/main.js", import.meta.url));

const CONFIG = `// Written by Lanes' bench/node/oz-suite: OpenZeppelin's config unchanged, plus a local solc and a
// network "target" (OZ_NODE_URL). Delete freely.
const path = require("node:path");
const { subtask } = require("hardhat/config");
const { TASK_COMPILE_SOLIDITY_GET_SOLC_BUILD } = require("hardhat/builtin-tasks/task-names");
const config = require("./hardhat.config.js");

subtask(TASK_COMPILE_SOLIDITY_GET_SOLC_BUILD, async ({ solcVersion }, _hre, runSuper) => {
  const dir = process.env.OZ_SOLC_DIR;
  if (!dir) return runSuper();
  const solc = require(path.join(dir, "node_modules/solc"));
  const longVersion = solc.version().replace(/\\.Emscripten\\.clang$/, "");
  if (!longVersion.startsWith(solcVersion + "+")) {
    throw new Error("local solc is " + longVersion + ", the config asks for " + solcVersion);
  }
  return { compilerPath: path.join(dir, "node_modules/solc/soljson.js"), isSolcJs: true, version: solcVersion, longVersion };
});

config.networks.target = { url: process.env.OZ_NODE_URL || "http://127.0.0.1:8545", timeout: 600000 };
if (process.env.OZ_RESULTS) {
  config.mocha = { ...config.mocha, reporter: path.join(__dirname, "lanes-oz-reporter.js") };
}
module.exports = config;
`;

const REPORTER = `// Written by Lanes' bench/node/oz-suite: one JSON line per test outcome to OZ_RESULTS, dots to stdout.
const fs = require("node:fs");
const Mocha = require("mocha");
const { EVENT_TEST_PASS, EVENT_TEST_FAIL, EVENT_TEST_PENDING, EVENT_RUN_END } = Mocha.Runner.constants;
class LanesOzReporter extends Mocha.reporters.Base {
  constructor(runner, options) {
    super(runner, options);
    const out = process.env.OZ_RESULTS;
    const fileOf = (t) => { let s = t; while (s && !s.file) s = s.parent; return s ? s.file : ""; };
    const write = (state, t, err) => {
      const line = { state, file: fileOf(t), title: t.fullTitle(), hook: t.type === "hook" };
      if (err) line.error = String((err && err.message) || err).split("\\n")[0].slice(0, 400);
      fs.appendFileSync(out, JSON.stringify(line) + "\\n");
      process.stdout.write(state === "passed" ? "." : state === "failed" ? "F" : ",");
    };
    runner.on(EVENT_TEST_PASS, (t) => write("passed", t));
    runner.on(EVENT_TEST_FAIL, (t, err) => write("failed", t, err));
    runner.on(EVENT_TEST_PENDING, (t) => write("pending", t));
    runner.once(EVENT_RUN_END, () => process.stdout.write("\\n"));
  }
}
module.exports = LanesOzReporter;
`;

interface Outcome {
  state: "passed" | "failed" | "pending";
  file: string;
  title: string;
  hook: boolean;
  error?: string;
}

function run(cmd: string, argv: string[], env: NodeJS.ProcessEnv, log?: string): Promise<number> {
  return new Promise((resolveRun) => {
    const child = spawn(cmd, argv, { cwd: ozDir, env: { ...process.env, ...env }, stdio: "pipe" });
    const sink = (d: Buffer) => {
      if (log !== undefined) writeFileSync(log, d, { flag: "a" });
      else process.stdout.write(d);
    };
    child.stdout.on("data", sink);
    child.stderr.on("data", sink);
    child.on("exit", (code) => resolveRun(code ?? 1));
  });
}

interface StartedNode {
  url: string;
  stop(): void;
}

function startNode(name: string, port: number): Promise<StartedNode> {
  let child: ChildProcess;
  if (name === "hardhat") {
    child = spawn(
      process.execPath,
      [
        join(ozDir, "node_modules/hardhat/internal/cli/cli.js"),
        "--config",
        "hardhat.lanes.config.js",
        "node",
        "--hostname",
        "127.0.0.1",
        "--port",
        String(port),
      ],
      { cwd: ozDir, stdio: ["ignore", "pipe", "pipe"] },
    );
  } else {
    const dataDir = join(OUT, "lanes-data");
    rmSync(dataDir, { recursive: true, force: true });
    child = spawn(
      process.execPath,
      [
        LANES_MAIN,
        "node",
        "--port",
        String(port),
        "--data-dir",
        dataDir,
        "--fork",
        "Osaka",
        "--accounts",
        "20",
        "--disable-code-size-limit",
        "--quiet",
      ],
      { stdio: ["ignore", "pipe", "pipe"] },
    );
  }
  const log = join(OUT, `${name}-node.log`);
  writeFileSync(log, "");
  return new Promise((resolveStart, reject) => {
    let out = "";
    const onData = (d: Buffer) => {
      writeFileSync(log, d, { flag: "a" });
      out += d.toString();
      if (/Listening on|Started HTTP/.test(out)) {
        resolveStart({ url: `http://127.0.0.1:${port}`, stop: () => child.kill("SIGTERM") });
      }
    };
    child.stdout?.on("data", onData);
    child.stderr?.on("data", onData);
    child.on("exit", (code) => reject(new Error(`${name} node exited (${code}); see ${log}`)));
  });
}

async function runSuite(name: string, port: number): Promise<{ outcomes: Outcome[]; seconds: number }> {
  const results = join(OUT, `${name}.jsonl`);
  writeFileSync(results, "");
  writeFileSync(join(OUT, `${name}-test.log`), "");
  const node = await startNode(name, port);
  const started = Date.now();
  try {
    await run(
      process.execPath,
      [
        join(ozDir, "node_modules/hardhat/internal/cli/cli.js"),
        "--config",
        "hardhat.lanes.config.js",
        "test",
        "--network",
        "target",
        "--no-compile",
        ...TEST_PATHS,
      ],
      { OZ_NODE_URL: node.url, OZ_RESULTS: results, OZ_SOLC_DIR: solcDir },
      join(OUT, `${name}-test.log`),
    );
  } finally {
    node.stop();
  }
  const seconds = (Date.now() - started) / 1000;
  const outcomes = readFileSync(results, "utf8")
    .split("\n")
    .filter((l) => l !== "")
    .map((l) => JSON.parse(l) as Outcome);
  if (outcomes.length === 0) throw new Error(`${name}: no test ran; see ${join(OUT, `${name}-test.log`)}`);
  return { outcomes, seconds };
}

function counts(outcomes: Outcome[]) {
  const c = { passed: 0, failed: 0, pending: 0, hooks: 0 };
  for (const o of outcomes) {
    if (o.hook) c.hooks++;
    else c[o.state]++;
  }
  return c;
}

async function main() {
  mkdirSync(OUT, { recursive: true });
  if (!existsSync(join(ozDir, "hardhat.config.js"))) throw new Error(`${ozDir} has no hardhat.config.js`);
  writeFileSync(join(ozDir, "hardhat.lanes.config.js"), CONFIG);
  writeFileSync(join(ozDir, "lanes-oz-reporter.js"), REPORTER);
  if (COMPILE || !existsSync(join(ozDir, "artifacts"))) {
    const t = Date.now();
    const cli = join(ozDir, "node_modules/hardhat/internal/cli/cli.js");
    const code = await run(process.execPath, [cli, "--config", "hardhat.lanes.config.js", "compile"], {
      OZ_SOLC_DIR: solcDir,
    });
    if (code !== 0) throw new Error(`compile failed (${code})`);
    console.log(`compiled in ${((Date.now() - t) / 1000).toFixed(0)} s`);
  }
  const names = ONLY !== undefined ? [ONLY] : ["hardhat", "lanes"];
  const ports: Record<string, number> = { hardhat: PORT, lanes: PORT + 1 };
  const jobs = names.map((n) => () => runSuite(n, ports[n] ?? PORT + 2));
  const results: Record<string, { outcomes: Outcome[]; seconds: number }> = {};
  if (CONCURRENT) {
    const done = await Promise.all(jobs.map((j) => j()));
    names.forEach((n, i) => {
      results[n] = done[i]!;
    });
  } else {
    for (const [i, n] of names.entries()) results[n] = await jobs[i]!();
  }
  report(names, results);
}

function report(names: string[], results: Record<string, { outcomes: Outcome[]; seconds: number }>) {
  const files = new Set<string>();
  for (const n of names) for (const o of results[n]!.outcomes) files.add(o.file);
  const rel = (f: string) => relative(ozDir, f);
  console.log(`\n${"file".padEnd(60)} ${names.map((n) => `${n} pass/fail/pend`.padStart(26)).join(" ")}`);
  for (const f of [...files].sort()) {
    const cols = names.map((n) => {
      const c = counts(results[n]!.outcomes.filter((o) => o.file === f));
      return `${c.passed}/${c.failed + c.hooks}/${c.pending}`.padStart(26);
    });
    console.log(`${rel(f).padEnd(60)} ${cols.join(" ")}`);
  }
  for (const n of names) {
    const c = counts(results[n]!.outcomes);
    console.log(
      `${n}: ${c.passed} passing, ${c.failed} failing, ${c.pending} pending, ${c.hooks} failed hooks; ${results[n]!.seconds.toFixed(0)} s`,
    );
  }
  if (names.length < 2) return;
  const [a, b] = names as [string, string];
  const key = (o: Outcome) => `${o.file}\u0000${o.title}`;
  const byKey = (os: Outcome[]) => new Map(os.map((o) => [key(o), o]));
  const ma = byKey(results[a]!.outcomes);
  const mb = byKey(results[b]!.outcomes);
  const diffs: string[] = [];
  let lost = 0;
  let gained = 0;
  for (const k of new Set([...ma.keys(), ...mb.keys()])) {
    const oa = ma.get(k);
    const ob = mb.get(k);
    if (oa?.state === ob?.state) continue;
    if (oa?.state === "passed") lost++;
    if (ob?.state === "passed") gained++;
    const o = (ob ?? oa)!;
    diffs.push(
      `${rel(o.file)} :: ${o.title}\n    ${a}: ${oa?.state ?? "absent"}${oa?.error ? ` (${oa.error})` : ""}\n    ${b}: ${ob?.state ?? "absent"}${ob?.error ? ` (${ob.error})` : ""}`,
    );
  }
  console.log(`\npassed on ${a} but not on ${b}: ${lost}; passed on ${b} but not on ${a}: ${gained}`);
  console.log(`${diffs.length} tests differ between ${a} and ${b}${diffs.length ? ":" : ""}`);
  for (const d of diffs) console.log(d);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
