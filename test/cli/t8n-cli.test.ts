// End-to-end checks of `lanes t8n` as test fillers run it: the compiled bin with files, with geth's stdin /
// stdout selectors and with an RLP transactions file; and every kind of bad input giving one line on
// stderr, no output and a non-zero status.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, test } from "node:test";
import { fileURLToPath } from "node:url";
import { GETH_SAMPLE } from "../t8n/helpers.js";
import { gethConfigThrough } from "./geth-config.js";

const MAIN = fileURLToPath(new URL("../../src/cli/main.js", import.meta.url));
const root = mkdtempSync(join(tmpdir(), "lanes-t8n-cli-"));
after(() => rmSync(root, { recursive: true, force: true }));

let dirCount = 0;
/** A fresh working directory holding the given files. */
function workdir(files: Record<string, string | object>): string {
  const dir = join(root, `w${dirCount++}`);
  mkdirSync(dir);
  for (const [name, content] of Object.entries(files)) {
    writeFileSync(join(dir, name), typeof content === "string" ? content : JSON.stringify(content));
  }
  return dir;
}

function t8n(cwd: string, args: string[], input?: string) {
  const r = spawnSync(process.execPath, [MAIN, "t8n", ...args], { cwd, encoding: "utf8", input });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

const { input, result, alloc, body } = GETH_SAMPLE;
const SAMPLE_FILES = { "alloc.json": input.alloc, "env.json": input.env, "txs.json": input.txs };
const FORK = "--state.fork=Cancun";

function readJson(path: string): Record<string, unknown> {
  return JSON.parse(readFileSync(path, "utf8")) as Record<string, unknown>;
}

test("files in, files out: the default names, --output.basedir and --output.body", () => {
  const dir = workdir(SAMPLE_FILES);
  const r = t8n(dir, [FORK, "--output.basedir=out", "--output.body=body.json", "--state.reward", "-1"]);
  assert.equal(r.status, 0, r.stderr);
  assert.equal(r.stdout, "");
  const res = readJson(join(dir, "out", "result.json"));
  assert.equal(res.stateRoot, result.stateRoot);
  assert.equal(res.txRoot, result.txRoot);
  assert.equal(res.receiptsRoot, result.receiptsRoot);
  assert.deepEqual(readJson(join(dir, "out", "alloc.json")), alloc);
  assert.equal(JSON.parse(readFileSync(join(dir, "out", "body.json"), "utf8")), body);
});

test("geth's stdin/stdout convention: one input object, one output object", () => {
  const dir = workdir({});
  const r = t8n(
    dir,
    [
      "--input.alloc=stdin",
      "--input.env=stdin",
      "--input.txs=stdin",
      "--output.result=stdout",
      "--output.alloc=stdout",
      "--output.body=stdout",
      "--state.fork=Cancun",
      "--state.chainid=1",
      "--state.reward=0",
    ],
    JSON.stringify(input),
  );
  assert.equal(r.status, 0, r.stderr);
  const out = JSON.parse(r.stdout) as { result: Record<string, unknown>; alloc: unknown; body: string };
  assert.equal(out.result.stateRoot, result.stateRoot);
  assert.deepEqual(out.alloc, alloc);
  assert.equal(out.body, body);
  assert.ok(!existsSync(join(dir, "result.json")), "nothing written to files");
});

test("a .rlp transactions file, and the result alone on stdout", () => {
  const dir = workdir({ "alloc.json": input.alloc, "env.json": input.env, "txs.rlp": JSON.stringify(body) });
  const r = t8n(dir, [FORK, "--input.txs=txs.rlp", "--output.result=stdout", "--output.basedir=out"]);
  assert.equal(r.status, 0, r.stderr);
  const out = JSON.parse(r.stdout) as { result: Record<string, unknown> };
  assert.deepEqual(Object.keys(out), ["result"]);
  assert.equal(out.result.txRoot, result.txRoot);
  assert.deepEqual(readJson(join(dir, "out", "alloc.json")), alloc);
});

test("rejected transactions are reported and the run still succeeds", () => {
  const txs = [...input.txs, { ...input.txs[0] }];
  const dir = workdir({ ...SAMPLE_FILES, "txs.json": txs });
  const r = t8n(dir, [FORK, "--output.result=stdout", "--output.basedir=out"]);
  assert.equal(r.status, 0, r.stderr);
  const out = JSON.parse(r.stdout) as { result: { rejected: { index: number; error: string }[] } };
  assert.equal(out.result.rejected.length, 1);
  assert.equal(out.result.rejected[0]!.index, 1);
  assert.match(out.result.rejected[0]!.error, /^NONCE_MISMATCH_TOO_LOW/);
});

/** Bad input: exit `status`, one line on stderr that matches, nothing on stdout, no output files. */
function failsWith(r: ReturnType<typeof t8n>, status: number, pattern: RegExp, dir?: string): void {
  assert.equal(r.status, status, `stdout: ${r.stdout}\nstderr: ${r.stderr}`);
  assert.equal(r.stdout, "");
  const lines = r.stderr.split("\n").filter((l) => l !== "");
  assert.equal(lines.length, 1, r.stderr);
  assert.match(lines[0]!, pattern);
  assert.doesNotMatch(r.stderr, /\n\s+at /, "no stack trace");
  if (dir !== undefined) assert.ok(!existsSync(join(dir, "result.json")), "no result written");
}

test("malformed JSON, hex or RLP in any input: exit 1 with one line naming the place", () => {
  let dir = workdir({ ...SAMPLE_FILES, "alloc.json": "{ not json" });
  failsWith(t8n(dir, [FORK]), 1, /^lanes t8n: alloc\.json: invalid JSON/, dir);

  dir = workdir({ ...SAMPLE_FILES, "env.json": { ...input.env, currentNumber: "0xq" } });
  failsWith(t8n(dir, [FORK]), 1, /^lanes t8n: env\.json: currentNumber: invalid hex quantity/, dir);

  dir = workdir({ ...SAMPLE_FILES, "txs.json": [{ ...input.txs[0], input: "0xgg" }] });
  failsWith(t8n(dir, [FORK]), 1, /^lanes t8n: txs\.json: \[0\]\.input: invalid hex/, dir);

  dir = workdir({ ...SAMPLE_FILES, "txs.rlp": JSON.stringify("0xf862f860") });
  failsWith(
    t8n(dir, [FORK, "--input.txs=txs.rlp"]),
    1,
    /^lanes t8n: txs\.rlp: .*(end of input|runs past)/,
    dir,
  );

  dir = workdir({ ...SAMPLE_FILES, "txs.rlp": JSON.stringify("0xzz") });
  failsWith(t8n(dir, [FORK, "--input.txs=txs.rlp"]), 1, /^lanes t8n: txs\.rlp: invalid hex/, dir);

  dir = workdir({});
  failsWith(
    t8n(dir, [FORK, "--input.alloc=stdin", "--input.env=stdin", "--input.txs=stdin"], "[1, 2"),
    1,
    /stdin: invalid JSON/,
  );
  failsWith(
    t8n(
      dir,
      [FORK, "--input.alloc=stdin", "--input.env=stdin", "--input.txs=stdin"],
      JSON.stringify({ alloc: {} }),
    ),
    1,
    /stdin: "env" missing/,
  );
});

test("a missing file or an env without a base fee: exit 1", () => {
  let dir = workdir({ "alloc.json": input.alloc, "env.json": input.env });
  failsWith(t8n(dir, [FORK]), 1, /^lanes t8n: cannot read txs file txs\.json: no such file$/, dir);
  const { parentBaseFee: _, ...noBaseFee } = input.env;
  dir = workdir({ ...SAMPLE_FILES, "env.json": noBaseFee });
  failsWith(t8n(dir, [FORK]), 1, /currentBaseFee missing/, dir);
});

test("usage errors: exit 2 (unknown fork, no fork, bad chain id or reward, unknown option, stray argument)", () => {
  const dir = workdir(SAMPLE_FILES);
  failsWith(
    t8n(dir, ["--state.fork=Amsterdam"]),
    2,
    /^lanes: t8n: unknown fork "Amsterdam" \(supported: Frontier, Homestead/,
    dir,
  );
  failsWith(t8n(dir, []), 2, /--state\.fork \(or --genesis\) is required/, dir);
  failsWith(t8n(dir, [FORK, "--state.chainid=abc"]), 2, /invalid --state\.chainid/, dir);
  failsWith(t8n(dir, [FORK, "--state.reward=lots"]), 2, /invalid --state\.reward/, dir);
  failsWith(t8n(dir, [FORK, "--trace"]), 2, /unknown option --trace/, dir);
  failsWith(t8n(dir, [FORK, "extra"]), 2, /unexpected argument "extra"/, dir);
});

test("--genesis: a geth genesis' schedule and chain id instead of --state.fork", () => {
  const config = gethConfigThrough("cancun");
  const dir = workdir({
    ...SAMPLE_FILES,
    "genesis.json": { config, alloc: {} },
  });
  const r = t8n(dir, ["--genesis=genesis.json", "--output.result=stdout"]);
  assert.equal(r.status, 0, r.stderr);
  assert.equal(
    (JSON.parse(r.stdout) as { result: { stateRoot: string } }).result.stateRoot,
    result.stateRoot,
  );
  failsWith(t8n(dir, ["--genesis=genesis.json", FORK]), 2, /--genesis sets the forks and chain id/, dir);
  failsWith(t8n(dir, ["--genesis=none.json"]), 2, /^lanes: t8n: --genesis none\.json: ENOENT/, dir);
});

test("a fork transition name is accepted, and --help prints the usage", () => {
  const dir = workdir(SAMPLE_FILES);
  const r = t8n(dir, [
    "--state.fork=CancunToPragueAtTime15k",
    "--output.result=stdout",
    "--output.basedir=out",
  ]);
  assert.equal(r.status, 0, r.stderr);
  assert.equal(
    (JSON.parse(r.stdout) as { result: { stateRoot: string } }).result.stateRoot,
    result.stateRoot,
  );
  const help = t8n(dir, ["--help"]);
  assert.equal(help.status, 0);
  assert.match(help.stdout, /--input\.alloc/);
});
