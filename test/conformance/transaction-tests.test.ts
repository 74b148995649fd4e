// Conformance: ethereum/tests TransactionTests. Each file holds `txbytes` and per-fork results, either
// `{hash, sender, intrinsicGas}` or `{exception, intrinsicGas}`. For every Cancun result the codec must decode,
// recover the sender (chain id 1), compute the intrinsic gas and re-encode the bytes exactly, or raise the
// expected exception (same code, modulo the aliases below). Cases without a Cancun result are all
// malformed-RLP tests whose results stop at older forks; they must still be rejected (any code).
// Asserts a pass rate of at least 99%, that every failure is listed in transaction-known-failures.json, and
// that no listed entry passes now.
import assert from "node:assert/strict";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { test } from "node:test";
import { fileURLToPath } from "node:url";
import { getForkRules } from "../../src/evm/forks.js";
import { InvalidTransactionError } from "../../src/primitives/errors.js";
import { addressToHex, bytesEqual, bytesToHex, hexToBytes } from "../../src/primitives/hex.js";
import { decodeSignedTransaction, encodeTransaction, validateStatic } from "../../src/tx/codec/index.js";
import { intrinsicGas } from "../../src/tx/intrinsic-gas.js";
import { fixtureDir } from "../helpers/ethereum-tests.js";

const FORK = "Cancun";
const CHAIN_ID = 1n;
/** Cancun results in the shared fixtures (see /work/shared/ethereum-tests/README.md). */
const EXPECTED_CASES = 149;
const MIN_PASS_RATE = 99;
/** Fixture codes that name the same rejection as the codec's (EEST keeps a TransactionTests-only twin). */
const ALIASES: Record<string, string> = {
  PRIORITY_GREATER_THAN_MAX_FEE_PER_GAS_2: "PRIORITY_GREATER_THAN_MAX_FEE_PER_GAS",
};

interface ForkResult {
  hash?: string;
  sender?: string;
  exception?: string;
  intrinsicGas?: string;
}
interface TxTest {
  txbytes: string;
  result: Record<string, ForkResult>;
}
interface Case {
  id: string;
  txbytes: string;
  expected: ForkResult;
}

type Outcome =
  | { ok: true; sender: bigint; hash: Uint8Array; intrinsicGas: bigint; reencoded: Uint8Array }
  | { ok: false; code: string; message: string; intrinsicGas: bigint | undefined };

const rules = getForkRules(FORK);

/** Decode, recover, static checks: the codec's whole verdict on one transaction. */
function runCodec(bytes: Uint8Array): Outcome {
  let signed: ReturnType<typeof decodeSignedTransaction>;
  try {
    signed = decodeSignedTransaction(bytes, { chainId: CHAIN_ID });
  } catch (e) {
    if (!(e instanceof InvalidTransactionError)) throw e;
    return { ok: false, code: e.code, message: e.message, intrinsicGas: undefined };
  }
  const gas = intrinsicGas(signed.tx, rules);
  try {
    validateStatic(signed.tx, rules);
  } catch (e) {
    if (!(e instanceof InvalidTransactionError)) throw e;
    return { ok: false, code: e.code, message: e.message, intrinsicGas: gas };
  }
  const reencoded = encodeTransaction(signed.tx, signed);
  return { ok: true, sender: signed.tx.sender, hash: signed.hash, intrinsicGas: gas, reencoded };
}

const codeOf = (exception: string) => {
  const name = exception.replace(/^TransactionException\./, "");
  return ALIASES[name] ?? name;
};

/** Why the outcome does not match the expected result, or undefined when it does. */
function mismatch(c: Case, bytes: Uint8Array, out: Outcome): string | undefined {
  const { expected } = c;
  if (expected.exception === undefined) {
    if (!out.ok) return `rejected with ${out.message}, expected valid`;
    if (addressToHex(out.sender) !== expected.sender?.toLowerCase()) {
      return `sender ${addressToHex(out.sender)}, expected ${expected.sender}`;
    }
    if (bytesToHex(out.hash) !== expected.hash?.toLowerCase())
      return `hash ${bytesToHex(out.hash)}, expected ${expected.hash}`;
    if (out.intrinsicGas !== BigInt(expected.intrinsicGas ?? "0x0")) {
      return `intrinsic gas ${out.intrinsicGas}, expected ${BigInt(expected.intrinsicGas ?? "0x0")}`;
    }
    if (!bytesEqual(out.reencoded, bytes)) return `re-encoded as ${bytesToHex(out.reencoded)}`;
    return undefined;
  }
  const codes = expected.exception.split("|").map(codeOf);
  if (out.ok) return `accepted, expected ${expected.exception}`;
  if (!codes.includes(out.code)) return `rejected with ${out.message}, expected ${codes.join(" or ")}`;
  // geth reports the intrinsic gas whenever decoding and recovery succeeded; then it must agree with ours.
  const expectedGas = BigInt(expected.intrinsicGas ?? "0x0");
  if (out.intrinsicGas !== undefined && expectedGas !== 0n && out.intrinsicGas !== expectedGas) {
    return `intrinsic gas ${out.intrinsicGas}, expected ${expectedGas}`;
  }
  return undefined;
}

function jsonFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .flatMap((e) =>
      e.isDirectory() ? jsonFiles(join(dir, e.name)) : e.name.endsWith(".json") ? [join(dir, e.name)] : [],
    )
    .sort();
}

function loadCases(root: string): { cancun: Case[]; rejectOnly: Case[] } {
  const cancun: Case[] = [];
  const rejectOnly: Case[] = [];
  for (const file of jsonFiles(root)) {
    const tests = JSON.parse(readFileSync(file, "utf8")) as Record<string, TxTest>;
    for (const [name, t] of Object.entries(tests)) {
      const id = `${relative(root, file)}/${name}`;
      const result = t.result[FORK];
      if (result) {
        cancun.push({ id, txbytes: t.txbytes, expected: result });
        continue;
      }
      const results = Object.values(t.result);
      if (results.length > 0 && results.every((r) => r.exception !== undefined)) {
        rejectOnly.push({ id, txbytes: t.txbytes, expected: results[results.length - 1]! });
      }
    }
  }
  return { cancun, rejectOnly };
}

/** The JSON is not copied to dist/, so look beside the source and beside the compiled test. */
function knownFailuresPath(): string {
  const candidates = [
    new URL("./transaction-known-failures.json", import.meta.url),
    new URL("../../../test/conformance/transaction-known-failures.json", import.meta.url),
  ].map((u) => fileURLToPath(u));
  return candidates.find((p) => existsSync(p)) ?? candidates[candidates.length - 1]!;
}

function loadKnownFailures(): Map<string, string> {
  const json = JSON.parse(readFileSync(knownFailuresPath(), "utf8")) as unknown;
  assert.ok(typeof json === "object" && json !== null && !Array.isArray(json), "expected {case id: reason}");
  const map = new Map<string, string>();
  for (const [key, reason] of Object.entries(json)) {
    assert.ok(
      typeof reason === "string" && reason.trim() !== "",
      `${key}: the reason must be a non-empty string`,
    );
    map.set(key, reason);
  }
  return map;
}

/** Runs the cases; a thrown non-InvalidTransactionError (a codec crash) is a failure too. */
function runCases(cases: Case[], rejectOnly: boolean): Map<string, string> {
  const failures = new Map<string, string>();
  for (const c of cases) {
    let why: string | undefined;
    try {
      const bytes = hexToBytes(c.txbytes);
      const out = runCodec(bytes);
      why = rejectOnly
        ? out.ok
          ? `accepted, expected ${c.expected.exception}`
          : undefined
        : mismatch(c, bytes, out);
    } catch (e) {
      why = `crashed: ${e instanceof Error ? e.stack : String(e)}`;
    }
    if (why !== undefined) failures.set(c.id, why);
  }
  return failures;
}

test("TransactionTests", async (t) => {
  const root = fixtureDir("TransactionTests");
  if (!root) {
    t.skip("fixtures not found");
    return;
  }
  const known = loadKnownFailures();
  const { cancun, rejectOnly } = loadCases(root);
  const failures = runCases(cancun, false);
  const rejectFailures = runCases(rejectOnly, true);
  const passed = cancun.length - failures.size;
  const passRate = cancun.length === 0 ? 0 : (100 * passed) / cancun.length;
  console.log(
    `TransactionTests ${FORK}: ${passed}/${cancun.length} passed (${passRate.toFixed(2)}%); ` +
      `without a ${FORK} result, rejected as expected: ${rejectOnly.length - rejectFailures.size}/${rejectOnly.length}`,
  );
  const all = new Map([...failures, ...rejectFailures]);
  const unexpected = [...all].filter(([id]) => !known.has(id));
  for (const [id, why] of unexpected) console.log(`  FAIL ${id}: ${why}`);
  for (const [id] of all) if (known.has(id)) console.log(`  known failure ${id}: ${known.get(id)}`);

  await t.test(`${EXPECTED_CASES} ${FORK} cases are present`, () => {
    assert.equal(cancun.length, EXPECTED_CASES);
  });
  await t.test(`pass rate >= ${MIN_PASS_RATE}%`, () => {
    assert.ok(passRate >= MIN_PASS_RATE, `pass rate ${passRate.toFixed(2)}% < ${MIN_PASS_RATE}%`);
  });
  await t.test("every failing case is listed in transaction-known-failures.json", () => {
    assert.deepEqual(unexpected, []);
  });
  await t.test("no transaction-known-failures.json entry passes now (remove stale entries)", () => {
    assert.deepEqual(
      [...known.keys()].filter((id) => !all.has(id)),
      [],
    );
  });
});
