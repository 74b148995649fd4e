// End-to-end checks of `lanes blocktest` as a user runs it: the compiled bin on small fixture files.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, test } from "node:test";
import { fileURLToPath } from "node:url";
import { bytesToHex } from "../../src/primitives/hex.js";
import { ChainBuilder, fixtureJson, type Json } from "../blocktest/fake-chain.js";
import { gethConfigThrough } from "./geth-config.js";

const MAIN = fileURLToPath(new URL("../../src/cli/main.js", import.meta.url));
const dir = mkdtempSync(join(tmpdir(), "lanes-blocktest-cli-"));
after(() => rmSync(dir, { recursive: true, force: true }));

function lanes(...args: string[]) {
  const r = spawnSync(process.execPath, [MAIN, ...args], { encoding: "utf8" });
  const lines = () => r.stdout.split("\n").filter((l) => l !== "");
  return {
    status: r.status,
    stdout: r.stdout,
    stderr: r.stderr,
    get json(): Record<string, Json>[] {
      return lines().map((l) => JSON.parse(l) as Record<string, Json>);
    },
  };
}

// Two empty blocks on a one-account genesis: valid under the real executor (no system contracts in pre).
const chain = new ChainBuilder();
const b1 = chain.emptyChild(chain.genesis);
const b2 = chain.emptyChild(b1);
const valid = fixtureJson(chain, [{ block: b1 }, { block: b2 }], b2);
const withInvalid = fixtureJson(
  chain,
  [
    { block: b1 },
    { block: Uint8Array.of(0xc1, 0x80), expectException: "BlockException.RLP_STRUCTURES_ENCODING" },
  ],
  b1,
);
const wrongHead = fixtureJson(chain, [{ block: b1 }, { block: b2 }], b1);

const fixtures = join(dir, "fixtures");
mkdirSync(join(fixtures, "nested"), { recursive: true });
writeFileSync(join(fixtures, "a-malformed.json"), "{ this is not json");
writeFileSync(join(fixtures, "b-missing-pre.json"), JSON.stringify({ noPre: { ...valid, pre: undefined } }));
writeFileSync(join(fixtures, "nested", "c-tests.json"), JSON.stringify({ valid, withInvalid, wrongHead }));
writeFileSync(join(fixtures, "notes.txt"), "not a fixture");

test("one JSON line per test; malformed files give one error line each and the run goes on", () => {
  const r = lanes("blocktest", fixtures);
  assert.equal(r.status, 1, r.stderr);
  const [malformed, noPre, ok, invalidOk, head] = r.json;
  assert.equal(r.json.length, 5, r.stdout);
  assert.deepEqual(malformed, {
    file: join(fixtures, "a-malformed.json"),
    pass: false,
    error: malformed!.error,
  });
  assert.match(String(malformed!.error), /a-malformed\.json: invalid JSON/);
  assert.equal(noPre!.name, "noPre");
  assert.match(String(noPre!.error), /b-missing-pre\.json: noPre: pre: missing/);
  assert.deepEqual(
    ok,
    { name: "valid", network: "Cancun", pass: true, lastBlockHash: bytesToHex(b2.hash) },
    r.stdout,
  );
  assert.deepEqual(invalidOk, {
    name: "withInvalid",
    network: "Cancun",
    pass: true,
    lastBlockHash: bytesToHex(b1.hash),
  });
  assert.equal(head!.pass, false);
  assert.match(String(head!.error), /^last block hash 0x[0-9a-f]{64} \(number 2\), want/);
  assert.match(r.stderr, /Cancun\s+2 passed, 1 failed, 0 skipped/);
  assert.match(r.stderr, /2 passed, 3 failed, 0 skipped \(3 files, 6 blocks, /);
  assert.doesNotMatch(r.stderr, /\n\s+at /, "no stack trace");
});

test("--run selects tests by name; exit 0 when all pass", () => {
  const r = lanes("blocktest", "--run", "^(valid|withInvalid)$", join(fixtures, "nested"));
  assert.equal(r.status, 0, r.stderr);
  assert.deepEqual(
    r.json.map((l) => l.name),
    ["valid", "withInvalid"],
  );
});

test("a missing path is an error line, not a crash", () => {
  const r = lanes("blocktest", join(dir, "absent.json"));
  assert.equal(r.status, 1);
  assert.equal(r.json.length, 1);
  assert.match(String(r.json[0]!.error), /absent\.json: ENOENT/);
});

test("usage errors exit 2 with one line and no stack trace", () => {
  for (const [args, message] of [
    [["blocktest", "--nope", fixtures], /^lanes: blocktest: unknown option --nope\n$/],
    [["blocktest"], /^lanes: blocktest: no fixture file or directory given\n$/],
    [["blocktest", "--run", "(", fixtures], /^lanes: blocktest: invalid --run regex: /],
  ] as const) {
    const r = lanes(...args);
    assert.equal(r.status, 2, r.stderr);
    assert.equal(r.stdout, "");
    assert.match(r.stderr, message);
    assert.doesNotMatch(r.stderr, /\n\s+at /);
  }
  const help = lanes("blocktest", "--help");
  assert.equal(help.status, 0);
  assert.match(help.stdout, /^Usage: lanes blocktest <file\|dir>\.\.\. \[options\]/);
});

test("--genesis replaces the fixture's network with a geth genesis' schedule", () => {
  const upTo = (last: "shanghai" | "cancun") => ({ config: gethConfigThrough(last) });
  const cancun = join(dir, "cancun-genesis.json");
  const shanghai = join(dir, "shanghai-genesis.json");
  writeFileSync(cancun, JSON.stringify(upTo("cancun")));
  // The bare config object is accepted too.
  writeFileSync(shanghai, JSON.stringify(upTo("shanghai").config));
  const file = join(fixtures, "nested", "c-tests.json");

  const same = lanes("blocktest", "--genesis", cancun, "--run", "^valid$", file);
  assert.equal(same.status, 0, same.stdout + same.stderr);
  assert.deepEqual(
    same.json.map((l) => [l.name, l.network, l.pass]),
    [["valid", "Cancun", true]],
  );
  // Under Shanghai's rules the Cancun header fields (blob gas, beacon root) are invalid: the run fails.
  const older = lanes("blocktest", "--genesis", shanghai, "--run", "^valid$", file);
  assert.equal(older.status, 1, older.stdout + older.stderr);
  assert.equal(older.json.length, 1);
  assert.equal(older.json[0]!.pass, false);

  const missing = lanes("blocktest", "--genesis", join(dir, "absent-genesis.json"), file);
  assert.equal(missing.status, 2);
  assert.match(missing.stderr, /^lanes: blocktest: --genesis .*absent-genesis\.json: ENOENT/);
  assert.match(lanes("blocktest", "--help").stdout, /--genesis FILE/);
});
