// End-to-end checks of `lanes statetest` as a user runs it: the compiled bin on small fixture files.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, test } from "node:test";
import { fileURLToPath } from "node:url";
import { bytesToHex } from "../../src/primitives/hex.js";
import { parseTest } from "../../src/statetest/parse.js";
import { buildPreState } from "../../src/statetest/pre-state.js";
import { stateRoot } from "../../src/trie/index.js";
import { EMPTY_LOGS, type Json, sampleTest } from "../statetest/sample-fixture.js";

const MAIN = fileURLToPath(new URL("../../src/cli/main.js", import.meta.url));
const dir = mkdtempSync(join(tmpdir(), "lanes-cli-"));
after(() => rmSync(dir, { recursive: true, force: true }));

function lanes(...args: string[]) {
  const r = spawnSync(process.execPath, [MAIN, ...args], { encoding: "utf8" });
  return {
    status: r.status,
    stdout: r.stdout,
    stderr: r.stderr,
    /** stdout as JSON lines (statetest output); parsed on use since help text is not JSON. */
    get json(): Record<string, Json>[] {
      const lines = r.stdout.split("\n").filter((l) => l !== "");
      return lines.map((l) => JSON.parse(l) as Record<string, Json>);
    },
  };
}

/** A fixture with one Cancun case (an intrinsic-gas rejection, state unchanged) and one Amsterdam case. */
function validFixture(): { [key: string]: Json } {
  const t = sampleTest();
  const preRoot = bytesToHex(stateRoot(buildPreState(parseTest("x", t).pre).accounts));
  (t.transaction as { [k: string]: Json }).gasLimit = ["0x5207"];
  const entry = {
    hash: preRoot,
    logs: EMPTY_LOGS,
    indexes: { data: 0, gas: 0, value: 0 },
    expectException: "TransactionException.INTRINSIC_GAS_TOO_LOW",
  };
  t.post = { Cancun: [entry], Amsterdam: [entry] };
  return t;
}

const fixtures = join(dir, "fixtures");
mkdirSync(join(fixtures, "nested"), { recursive: true });
const missingPre = sampleTest();
delete missingPre.pre;
writeFileSync(join(fixtures, "a-malformed.json"), "{ this is not json");
writeFileSync(join(fixtures, "b-missing-pre.json"), JSON.stringify({ noPre: missingPre }));
writeFileSync(join(fixtures, "nested", "c-valid.json"), JSON.stringify({ intrinsicTooLow: validFixture() }));
writeFileSync(join(fixtures, "notes.txt"), "not a fixture");

test("malformed files give one error line each and the run goes on to the next file", () => {
  const r = lanes("statetest", fixtures);
  assert.equal(r.status, 1, r.stderr);
  assert.equal(r.json.length, 3, r.stdout);
  const [malformed, noPre, valid] = r.json;
  assert.equal(malformed!.file, join(fixtures, "a-malformed.json"));
  assert.equal(malformed!.pass, false);
  assert.match(String(malformed!.error), /a-malformed\.json: invalid JSON/);
  assert.equal(noPre!.file, join(fixtures, "b-missing-pre.json"));
  assert.equal(noPre!.name, "noPre");
  assert.match(String(noPre!.error), /b-missing-pre\.json: noPre: pre: missing/);
  assert.deepEqual(Object.keys(valid!).slice(0, 6), [
    "name",
    "fork",
    "index",
    "pass",
    "stateRoot",
    "logsHash",
  ]);
  assert.equal(valid!.name, "intrinsicTooLow");
  assert.equal(valid!.fork, "Cancun");
  assert.deepEqual(valid!.index, { data: 0, gas: 0, value: 0 });
  assert.match(String(valid!.stateRoot), /^0x[0-9a-f]{64}$/);
  assert.doesNotMatch(r.stderr, /\n\s+at /, "no stack trace");
  assert.match(r.stderr, /Amsterdam\s+0 passed, 0 failed, 1 skipped \(unsupported fork Amsterdam\)/);
  assert.match(r.stderr, /malformed files or tests: 2/);
});

test("a clean run exits 0, and --fork / --run filter what runs", () => {
  const file = join(fixtures, "nested", "c-valid.json");
  const r = lanes("statetest", file, "--fork", "Cancun");
  assert.equal(r.json.length, 1);
  // The one case is an intrinsic-gas rejection: it passes whenever the executor rejects it.
  assert.equal(r.status, r.json[0]!.pass ? 0 : 1, r.stdout);
  assert.doesNotMatch(r.stderr, /Amsterdam/);
  const none = lanes("statetest", file, "--run", "^nomatch$");
  assert.equal(none.status, 0);
  assert.equal(none.json.length, 0);
  assert.match(none.stderr, /0 passed, 0 failed, 0 skipped/);
});

test("--failures-only prints only failing cases and malformed files", () => {
  const all = lanes("statetest", fixtures);
  const failing = lanes("statetest", "--failures-only", fixtures);
  assert.equal(failing.status, all.status);
  const expected = all.json.filter((line) => line.pass !== true);
  assert.deepEqual(failing.json, expected);
  assert.ok(
    all.json.some((line) => line.pass === true),
    "the fixture set has a passing case to drop",
  );
  assert.match(failing.stderr, /malformed files or tests: 2/);
});

test("an unknown fork is a one-line usage error with exit 2", () => {
  const r = lanes("statetest", fixtures, "--fork", "Amsterdam");
  assert.equal(r.status, 2);
  assert.equal(r.stdout, "");
  assert.equal(
    r.stderr,
    'lanes: statetest: unknown fork "Amsterdam" (supported: Frontier, Homestead, EIP150, EIP158, Byzantium, Constantinople, ConstantinopleFix, Istanbul, Berlin, London, Paris, Shanghai, Cancun, Prague, Osaka, BPO1, BPO2)\n',
  );
});

test("unknown commands and options exit 2 with one line", () => {
  for (const args of [
    ["frobnicate"],
    ["--frobnicate"],
    ["statetest", "--frobnicate", fixtures],
    ["statetest"],
  ]) {
    const r = lanes(...args);
    assert.equal(r.status, 2, args.join(" "));
    assert.equal(r.stderr.trim().split("\n").length, 1, r.stderr);
    assert.match(r.stderr, /^lanes: /);
  }
  assert.equal(lanes("statetest", "--run", "(", fixtures).status, 2);
});

test("a missing path is reported as a failing file and the run continues", () => {
  const r = lanes("statetest", join(dir, "absent.json"), join(fixtures, "nested"));
  assert.equal(r.status, 1);
  assert.equal(r.json[0]!.file, join(dir, "absent.json"));
  assert.equal(r.json[0]!.pass, false);
  assert.equal(r.json[1]!.name, "intrinsicTooLow");
});

test("--diff prints failing cases with the expected post-state diff to stderr", () => {
  const t = validFixture();
  const entry = {
    hash: `0x${"11".repeat(32)}`,
    logs: EMPTY_LOGS,
    indexes: { data: 0, gas: 0, value: 0 },
    state: {},
  };
  t.post = { Cancun: [entry] };
  const file = join(dir, "wrong-root.json");
  writeFileSync(file, JSON.stringify({ wrongRoot: t }));
  const r = lanes("statetest", file, "--diff");
  assert.equal(r.status, 1);
  assert.match(r.stderr, /FAIL wrongRoot Cancun d0g0v0/);
  assert.match(r.stderr, /0xa94f5374fce5edbc8e2a8697c15331677e6ebf0b: unexpected account/);
});

test("--help and --version", () => {
  const help = lanes("--help");
  assert.equal(help.status, 0);
  assert.match(help.stdout, /statetest/);
  assert.match(lanes("help", "statetest").stdout, /--fork NAME/);
  assert.match(lanes("statetest", "--help").stdout, /Usage: lanes statetest/);
  const version = lanes("--version");
  assert.equal(version.status, 0);
  assert.match(version.stdout, /^lanes \d+\.\d+\.\d+/);
});

test("--genesis runs each case under a geth genesis' schedule instead of its entry's fork", () => {
  // 100 non-zero calldata bytes with exactly Istanbul's intrinsic gas (21,000 + 16 a byte): accepted from
  // Istanbul (EIP-2028), rejected before it (68 a byte). The entry is labelled Cancun and expects rejection.
  const t = sampleTest();
  const preRoot = bytesToHex(stateRoot(buildPreState(parseTest("x", t).pre).accounts));
  t.transaction = {
    ...(t.transaction as { [k: string]: Json }),
    to: "0x000000000000000000000000000000000000dead",
    data: [`0x${"ff".repeat(100)}`],
    gasLimit: [`0x${(21_000 + 1_600).toString(16)}`],
    value: ["0x00"],
  };
  t.post = {
    Cancun: [
      {
        hash: preRoot,
        logs: EMPTY_LOGS,
        indexes: { data: 0, gas: 0, value: 0 },
        expectException: "TransactionException.INTRINSIC_GAS_TOO_LOW",
      },
    ],
  };
  const file = join(dir, "calldata-price.json");
  writeFileSync(file, JSON.stringify({ calldataPrice: t }));
  const byzantium = { chainId: 1, homesteadBlock: 0, eip150Block: 0, eip155Block: 0, eip158Block: 0 };
  const genesis = (name: string, config: Record<string, number>) => {
    const path = join(dir, name);
    writeFileSync(path, JSON.stringify({ config: { ...config, byzantiumBlock: 0 } }));
    return path;
  };
  const old = genesis("byzantium.json", byzantium);
  const istanbul = genesis("istanbul.json", {
    ...byzantium,
    constantinopleBlock: 0,
    petersburgBlock: 0,
    istanbulBlock: 0,
  });

  // Cancun's own rules accept the transaction, so the entry fails; Byzantium's reject it, so it passes.
  const own = lanes("statetest", file);
  assert.equal(own.status, 1, own.stderr);
  assert.equal(own.json[0]!.pass, false);
  const underOld = lanes("statetest", "--genesis", old, file);
  assert.equal(underOld.status, 0, underOld.stdout + underOld.stderr);
  assert.deepEqual(
    underOld.json.map((l) => [l.fork, l.pass]),
    [["Cancun", true]],
  );
  const underIstanbul = lanes("statetest", "--genesis", istanbul, "--fork", "Cancun", file);
  assert.equal(underIstanbul.status, 1, underIstanbul.stderr);
  assert.equal(underIstanbul.json[0]!.pass, false);
  assert.match(String(underIstanbul.json[0]!.error), /expected exception .* accepted/);

  const bad = join(dir, "bad-genesis.json");
  writeFileSync(bad, JSON.stringify({ config: { chainId: "one" } }));
  const r = lanes("statetest", "--genesis", bad, file);
  assert.equal(r.status, 2);
  assert.equal(r.stdout, "");
  assert.match(r.stderr, /^lanes: statetest: --genesis .*bad-genesis\.json: /);
  assert.match(lanes("statetest", "--help").stdout, /--genesis FILE/);
});
