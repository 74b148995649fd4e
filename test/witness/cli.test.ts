// `lanes run --witness` and `lanes verify` through the compiled bin: a `lanes run` input verified against
// --expect-state-root (sequentially and with --parallel), a chain block given as RLP verified against its
// header, the exact --json shape, and a clear one-line failure with a non-zero status for every kind of
// problem (a difference, a missing node, wrong code, bad files, usage errors).
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import { fileURLToPath } from "node:url";
import { bytesToHex } from "../../src/primitives/hex.js";
import { generateWitness, witnessToJson } from "../../src/witness/index.js";
import { buildWorkload } from "../../tools/workloads/registry.js";
import { chainedBlock } from "./chained-block.js";

const MAIN = fileURLToPath(new URL("../../src/cli/main.js", import.meta.url));
const dir = mkdtempSync(join(tmpdir(), "lanes-witness-cli-"));
after(() => rmSync(dir, { recursive: true, force: true }));

function lanes(...args: string[]) {
  const r = spawnSync(process.execPath, [MAIN, ...args], { encoding: "utf8" });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

function write(name: string, content: unknown): string {
  const path = join(dir, name);
  writeFileSync(path, typeof content === "string" ? content : JSON.stringify(content));
  return path;
}

const SENDER = "0xa94f5374fce5edbc8e2a8697c15331677e6ebf0b";
const CONTRACT = "0x1000000000000000000000000000000000000001";

/** Clears slot 1 (its storage branch collapses onto slot 2) and sets slot 0; plus a transfer to a new account. */
const runInput = {
  env: {
    currentCoinbase: "0x2adc25665018aa1fe0e6bc666dac8fc2697ff9ba",
    currentGasLimit: "30000000",
    currentNumber: "1",
    currentTimestamp: "1000",
    currentRandom: "0",
    currentBaseFee: "7",
  },
  pre: {
    [SENDER]: { balance: "0x3635c9adc5dea00000" },
    [CONTRACT]: { balance: "1", code: "0x60016000556000600155", storage: { "0x01": "0x05", "0x02": "0x07" } },
  },
  txs: [
    { from: SENDER, to: CONTRACT, gas: "100000", gasPrice: "0x10", value: "0x1" },
    {
      from: SENDER,
      to: "0x2000000000000000000000000000000000000002",
      gas: "21000",
      gasPrice: "0x10",
      value: "0x5",
    },
  ],
};
const FLAGS = ["--fork", "Cancun", "--no-system-calls"];

describe("lanes run --witness, lanes verify", () => {
  const block = write("block.json", runInput);
  const witness = join(dir, "w.json");
  const run = lanes("run", block, ...FLAGS, "--witness", witness, "--json");
  const root = JSON.parse(run.stdout || "{}").stateRoot as string;

  it("lanes run --witness writes the witness and prints the usual result", () => {
    assert.equal(run.status, 0, run.stderr);
    assert.match(root, /^0x[0-9a-f]{64}$/);
    const w = JSON.parse(readFileSync(witness, "utf8"));
    assert.deepEqual(Object.keys(w), ["state", "codes", "keys", "headers"]);
    assert.ok(w.state.length >= 4 && w.codes.length === 1 && w.headers.length === 0);
    // Sequential and parallel execution give the same witness.
    for (const mode of ["--sequential", "--parallel"]) {
      const other = join(dir, `w${mode}.json`);
      assert.equal(lanes("run", block, ...FLAGS, mode, "--witness", other).status, 0);
      assert.equal(readFileSync(other, "utf8"), readFileSync(witness, "utf8"), mode);
    }
  });

  /** `lanes verify` of the run input with witness file `w` and `extra` options. */
  const verify = (w: string, ...extra: string[]) =>
    lanes("verify", "--witness", w, "--block", block, ...FLAGS, "--expect-state-root", root, ...extra);

  it("verifies against --expect-state-root; --json prints exactly stateRoot, receiptsRoot, gasUsed, ok", () => {
    for (const extra of [[], ["--parallel", "--threads", "1"]]) {
      const r = verify(witness, "--json", ...extra);
      assert.equal(r.status, 0, r.stderr);
      const out = JSON.parse(r.stdout);
      assert.deepEqual(Object.keys(out), ["stateRoot", "receiptsRoot", "gasUsed", "ok"]);
      assert.equal(out.stateRoot, root);
      assert.equal(out.ok, true);
      assert.match(out.gasUsed, /^0x[0-9a-f]+$/);
    }
    const human = verify(witness, "--parallel");
    assert.equal(human.status, 0);
    assert.match(human.stdout, new RegExp(`stateRoot +${root}`));
    assert.match(human.stdout, /executed in parallel/);
    assert.match(human.stdout, /\nok\n$/);
  });

  it("exits 1 with ok false when the state root differs", () => {
    const wrong = `0x${"11".repeat(32)}`;
    const r = lanes(
      "verify",
      "--witness",
      witness,
      "--block",
      block,
      ...FLAGS,
      "--expect-state-root",
      wrong,
      "--json",
    );
    assert.equal(r.status, 1);
    const out = JSON.parse(r.stdout);
    assert.deepEqual(Object.keys(out), ["stateRoot", "receiptsRoot", "gasUsed", "ok"]);
    assert.equal(out.stateRoot, root);
    assert.equal(out.ok, false);
  });

  it("names a missing node or a wrong code, exit 1, ok false with --json, never a stack trace", () => {
    const w = JSON.parse(readFileSync(witness, "utf8"));
    const missing = write("missing.json", { ...w, state: w.state.slice(1) });
    const badCode = write("badcode.json", { ...w, codes: [`${w.codes[0]}00`] });
    const cases: [string, RegExp, string[]][] = [
      [missing, /witness lacks trie node 0x[0-9a-f]{64}/, []],
      [missing, /witness lacks trie node 0x[0-9a-f]{64}/, ["--parallel"]],
      [badCode, /witness lacks the code of account 0x1000000000000000000000000000000000000001/, []],
    ];
    for (const [file, pattern, extra] of cases) {
      const r = verify(file, "--json", ...extra);
      assert.equal(r.status, 1, r.stderr);
      assert.match(r.stderr, pattern);
      assert.equal(r.stderr.trim().split("\n").length, 1, r.stderr);
      assert.deepEqual(JSON.parse(r.stdout), {
        stateRoot: null,
        receiptsRoot: null,
        gasUsed: null,
        ok: false,
      });
    }
  });

  it("bad files are one line and exit 1; usage errors exit 2", () => {
    const args = (w: string, b: string, ...extra: string[]) => [
      "verify",
      "--witness",
      w,
      "--block",
      b,
      ...FLAGS,
      "--expect-state-root",
      root,
      ...extra,
    ];
    const cases: [string[], number, RegExp][] = [
      [["verify", "--block", block, "--expect-state-root", root], 2, /--witness FILE is required/],
      [["verify", "--witness", witness, "--block", block, ...FLAGS], 2, /give --expect-state-root/],
      [args(witness, block, "--pre-state-root", "0x12"), 2, /32-byte/],
      [args(witness, block, "--threads", "2"), 2, /--threads needs --parallel/],
      [args(join(dir, "nope.json"), block), 1, /cannot read witness file/],
      [args(write("garbage.json", "{"), block), 1, /invalid JSON/],
      [args(write("shape.json", { state: 5 }), block), 1, /state: expected an array/],
      [args(witness, write("b.json", { foo: 1 })), 1, /expected a lanes run input/],
      [args(witness, write("rlp.json", '"0x1234"')), 1, /block/],
      [
        ["run", block, ...FLAGS, "--witness", join(dir, "no-such-dir", "w.json")],
        1,
        /cannot write the witness/,
      ],
    ];
    for (const [argv, status, pattern] of cases) {
      const r = lanes(...argv);
      assert.equal(r.status, status, `${argv.join(" ")}: ${r.stderr}`);
      assert.match(r.stderr, pattern, argv.join(" "));
      assert.doesNotMatch(r.stderr, /internal error|\n\s+at /, argv.join(" "));
    }
  });

  it("verifies a chain block given as RLP against its header, and catches a forged header", async () => {
    const w = await buildWorkload("erc20-transfer", 5, { txs: 40 });
    const chained = chainedBlock(w);
    const generated = generateWitness(chained.block, w.preState, w.chainConfig, {
      headerByHash: chained.headerByHash,
    });
    assert.equal(generated.witness.headers.length, 1);
    const wFile = write("chain-w.json", witnessToJson(generated.witness));
    const rlp = bytesToHex(chained.rlp);
    const forms: [string, string[]][] = [
      [write("chain-block.json", { rlp }), []],
      [write("chain-block-hex.json", JSON.stringify(rlp)), ["--parallel"]],
    ];
    for (const [blockFile, extra] of forms) {
      const r = lanes(
        "verify",
        "--witness",
        wFile,
        "--block",
        blockFile,
        "--fork",
        "Prague",
        "--json",
        ...extra,
      );
      assert.equal(r.status, 0, r.stderr);
      const out = JSON.parse(r.stdout);
      assert.equal(out.stateRoot, bytesToHex(chained.block.header.stateRoot));
      assert.equal(out.receiptsRoot, bytesToHex(chained.block.header.receiptsRoot));
      assert.equal(BigInt(out.gasUsed), chained.block.header.gasUsed);
      assert.equal(out.ok, true);
    }
    // The same transactions under a header that claims another receipts root.
    const forged = chainedBlock(w);
    forged.block.header.receiptsRoot = new Uint8Array(32).fill(7);
    const { encodeBlockRlp } = await import("../../src/block/block-rlp.js");
    const forgedRlp = encodeBlockRlp(
      forged.block.header,
      w.transactions.map((t) => t.raw),
      [],
    );
    const r = lanes(
      "verify",
      "--witness",
      wFile,
      "--block",
      write("forged.json", { rlp: bytesToHex(forgedRlp) }),
      "--fork",
      "Prague",
    );
    assert.equal(r.status, 1);
    assert.match(r.stdout, /MISMATCH +receiptsRoot: computed 0x/);
  });
});
