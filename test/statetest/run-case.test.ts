// Judging a case and running a file, with a scripted executor standing in for the EVM (the harness's own
// logic is under test here; the real EVM is exercised by the conformance suite).
import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { getForkRules } from "../../src/evm/forks.js";
import { InvalidTransactionError } from "../../src/primitives/errors.js";
import { bytesToHex } from "../../src/primitives/hex.js";
import { EMPTY_CODE_HASH } from "../../src/primitives/keccak.js";
import type { StateDiff } from "../../src/state/types.js";
import type { StateTestFixture } from "../../src/statetest/fixture.js";
import { parseTest } from "../../src/statetest/parse.js";
import { buildPreState } from "../../src/statetest/pre-state.js";
import { type Executor, runCase } from "../../src/statetest/run-case.js";
import { type Outcome, runFile } from "../../src/statetest/runner.js";
import { stateRoot } from "../../src/trie/index.js";
import type { TxResult } from "../../src/tx/execute.js";
import { CONTRACT, EMPTY_LOGS, type Json, SENDER, sampleTest } from "./sample-fixture.js";

const CANCUN = getForkRules("Cancun");

/** The sample's pre-state with the sender's nonce bumped: what the scripted executor "does". */
function bumpNonce(): StateDiff {
  return new Map([
    [
      BigInt(SENDER),
      {
        account: { nonce: 1n, balance: 0x3635c9adc5dea00000n, codeHash: EMPTY_CODE_HASH },
        storageCleared: false,
        storage: new Map(),
      },
    ],
  ]);
}

function result(diff: StateDiff, logs: TxResult["logs"] = []): TxResult {
  return {
    status: 1,
    gasUsed: 21000n,
    blobGasUsed: 0n,
    logs,
    output: new Uint8Array(0),
    createdAddress: undefined,
    error: undefined,
    diff,
  };
}

const accept: Executor = () => result(bumpNonce());
const reject: Executor = () => {
  throw new InvalidTransactionError("INTRINSIC_GAS_TOO_LOW");
};
const crash: Executor = () => {
  throw new TypeError("boom");
};

/** The sample with its two cases' expected roots filled in (accepted: nonce bumped; rejected: pre). */
function fixture(): { raw: { [key: string]: Json }; test: StateTestFixture } {
  const raw = sampleTest();
  const parsed = parseTest("sample", raw);
  const post = buildPreState(parsed.pre);
  const preRoot = bytesToHex(stateRoot(post.accounts));
  post.applyDiff(bumpNonce());
  const cases = (raw.post as { Cancun: { [k: string]: Json }[] }).Cancun;
  cases[0]!.hash = bytesToHex(stateRoot(post.accounts));
  cases[1]!.hash = preRoot;
  return { raw, test: parseTest("sample", raw) };
}

test("an accepted transaction passes when root and logs match", () => {
  const { test: t } = fixture();
  const r = runCase(t, CANCUN, t.post.get("Cancun")![0]!, { execute: accept });
  assert.equal(r.error, undefined);
  assert.equal(r.pass, true);
  assert.equal(bytesToHex(r.logsHash!), EMPTY_LOGS);
});

test("an expected exception passes only if the transaction is rejected and the state unchanged", () => {
  const { test: t } = fixture();
  const entry = t.post.get("Cancun")![1]!;
  assert.equal(runCase(t, CANCUN, entry, { execute: reject }).pass, true);
  const accepted = runCase(t, CANCUN, entry, { execute: accept });
  assert.equal(accepted.pass, false);
  assert.match(
    accepted.error!,
    /expected exception TransactionException\.INTRINSIC_GAS_TOO_LOW, but the transaction was accepted/,
  );
});

test("an unexpected rejection fails with the executor's reason", () => {
  const { test: t } = fixture();
  const r = runCase(t, CANCUN, t.post.get("Cancun")![0]!, { execute: reject });
  assert.equal(r.pass, false);
  assert.match(r.error!, /unexpected rejection: INTRINSIC_GAS_TOO_LOW/);
});

test("an executor crash is a failing case, not a thrown error", () => {
  const { test: t } = fixture();
  const r = runCase(t, CANCUN, t.post.get("Cancun")![0]!, { execute: crash });
  assert.equal(r.pass, false);
  assert.equal(r.error, "exception: TypeError: boom");
});

test("a wrong root or wrong logs fail with both values", () => {
  const { test: t } = fixture();
  const entry = t.post.get("Cancun")![0]!;
  const noop: Executor = () => result(new Map());
  assert.match(
    runCase(t, CANCUN, entry, { execute: noop }).error!,
    /^state root 0x[0-9a-f]{64}, want 0x[0-9a-f]{64} \(status 1, gasUsed 21000\)$/,
  );
  const logging: Executor = () => result(bumpNonce(), [{ address: 1n, topics: [], data: new Uint8Array(0) }]);
  assert.match(
    runCase(t, CANCUN, entry, { execute: logging }).error!,
    /^logs hash 0x[0-9a-f]{64}, want 0x1dcc4de8/,
  );
});

function runTemp(files: Record<string, string>, run: (dir: string) => Outcome[]): Outcome[] {
  const dir = mkdtempSync(join(tmpdir(), "lanes-statetest-"));
  try {
    for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
    return run(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

test("runFile: cases, skipped forks, filters and diffs", () => {
  const { raw } = fixture();
  const post = raw.post as { [fork: string]: Json };
  post.Amsterdam = [
    { hash: `0x${"00".repeat(32)}`, logs: EMPTY_LOGS, indexes: { data: 0, gas: 0, value: 0 } },
  ];
  const failing = structuredClone(raw);
  const failingCase = (failing.post as { Cancun: { [k: string]: Json }[] }).Cancun[0]!;
  failingCase.hash = `0x${"00".repeat(32)}`;
  failingCase.state = { [CONTRACT]: { nonce: "0x01", balance: "0x00", code: "0x600160005500", storage: {} } };
  const text = JSON.stringify({ good: raw, bad: failing });

  const outcomes = runTemp({ "t.json": text }, (dir) => [
    ...runFile(join(dir, "t.json"), { execute: accept, diff: true }),
  ]);
  const summary = outcomes.map(
    (o) => `${o.kind} ${"name" in o ? o.name : ""} ${o.kind === "case" ? o.pass : ""}`,
  );
  assert.deepEqual(summary, [
    "case good true",
    "case good false",
    "skip good ",
    "case bad false",
    "case bad false",
    "skip bad ",
  ]);
  const skip = outcomes[2]!;
  assert.equal(skip.kind === "skip" && skip.reason, "unsupported fork Amsterdam");
  const bad = outcomes[3]!;
  assert.ok(
    bad.kind === "case" && bad.diff && bad.diff.length > 0,
    "a failing case with state carries a diff",
  );
  assert.ok(
    bad.kind === "case" &&
      bad.diff!.some((line) => line.includes(`${CONTRACT} storage[0x1]: want 0x0, got 0x2`)),
  );

  const filtered = runTemp({ "t.json": text }, (dir) => [
    ...runFile(join(dir, "t.json"), { execute: accept, run: /^good$/, fork: "Cancun" }),
  ]);
  assert.deepEqual(
    filtered.map((o) => o.kind),
    ["case", "case"],
  );
});

test("runFile reports unreadable and malformed files as error outcomes", () => {
  const outcomes = runTemp(
    { "broken.json": "{", "nopre.json": JSON.stringify({ x: { env: {} } }) },
    (dir) => [
      ...runFile(join(dir, "broken.json")),
      ...runFile(join(dir, "nopre.json")),
      ...runFile(join(dir, "absent.json")),
    ],
  );
  assert.deepEqual(
    outcomes.map((o) => o.kind),
    ["error", "error", "error"],
  );
  assert.match(outcomes[0]!.kind === "error" ? outcomes[0]!.error : "", /broken\.json: invalid JSON/);
  assert.match(
    outcomes[1]!.kind === "error" ? outcomes[1]!.error : "",
    /nopre\.json: x: (transaction|env|pre)/,
  );
  assert.match(outcomes[2]!.kind === "error" ? outcomes[2]!.error : "", /absent\.json: cannot read/);
});

test("a rejected transaction before EIP-161: retesteth fills create the coinbase empty, EEST fills leave it absent", () => {
  const raw = sampleTest();
  const preRoot = bytesToHex(stateRoot(buildPreState(parseTest("x", raw).pre).accounts));
  const reject: Executor = () => {
    throw new InvalidTransactionError("TYPE_1_TX_PRE_FORK");
  };
  const entry = (hash: string) =>
    parseTest("x", {
      ...raw,
      post: {
        Frontier: [
          {
            hash,
            logs: EMPTY_LOGS,
            indexes: { data: 0, gas: 0, value: 0 },
            expectException: "TYPE_1_TX_PRE_FORK",
          },
        ],
      },
    }).post.get("Frontier")![0]!;
  const frontier = getForkRules("Frontier");
  const retesteth = parseTest("x", raw);
  const eest = parseTest("x", { ...raw, _info: { "fixture-format": "state_test" } });
  assert.equal(retesteth.filler, "retesteth");
  assert.equal(eest.filler, "eest");

  // EEST: the state is exactly the pre-state.
  const untouched = runCase(eest, frontier, entry(preRoot), { execute: reject });
  assert.equal(untouched.pass, true, untouched.error);
  // retesteth: the pre-state plus an empty coinbase, which is another root.
  const touched = runCase(retesteth, frontier, entry(preRoot), { execute: reject });
  assert.equal(touched.pass, false);
  const withCoinbase = bytesToHex(touched.stateRoot!);
  assert.notEqual(withCoinbase, preRoot);
  assert.equal(runCase(retesteth, frontier, entry(withCoinbase), { execute: reject }).pass, true);
  assert.equal(runCase(eest, frontier, entry(withCoinbase), { execute: reject }).pass, false);
});
