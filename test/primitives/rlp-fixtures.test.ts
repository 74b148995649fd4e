// Conformance: ethereum/tests RLPTests. `in: "INVALID"` means `out` must not decode; `in: "VALID"` means it
// must decode (and re-encode to itself); otherwise encode(in) == out and decode(out) gives `in` back.
// A string starting with '#' is a big integer; other strings are their (ASCII) bytes.
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import { bigIntToMinimalBytes, bytesToHex, hexToBytes } from "../../src/primitives/hex.js";
import { type RlpDecoded, RlpError, type RlpInput, rlpDecode, rlpEncode } from "../../src/primitives/rlp.js";
import { fixtureDir } from "../helpers/ethereum-tests.js";

type Json = string | number | Json[];
type RlpCase = { in: Json; out: string };

function toInput(x: Json): RlpInput {
  if (Array.isArray(x)) return x.map(toInput);
  if (typeof x === "number") return BigInt(x);
  if (x.startsWith("#")) return BigInt(x.slice(1));
  return new TextEncoder().encode(x);
}

/** What decoding should give: integers come back as their minimal big-endian bytes. */
function expectedDecoded(x: RlpInput): RlpDecoded {
  if (Array.isArray(x)) return x.map(expectedDecoded);
  if (x instanceof Uint8Array) return x;
  return bigIntToMinimalBytes(BigInt(x));
}

function show(x: RlpDecoded): unknown {
  return Array.isArray(x) ? x.map(show) : bytesToHex(x);
}

function jsonFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? jsonFiles(join(dir, e.name)) : e.name.endsWith(".json") ? [join(dir, e.name)] : [],
  );
}

const dir = fixtureDir("RLPTests");

describe("RLPTests", { skip: dir ? false : "fixtures not found" }, () => {
  if (!dir) return;
  const files = jsonFiles(dir);
  it("finds the fixture files", () => assert.ok(files.length >= 3, `${files.length} files`));
  for (const file of files) {
    const cases = JSON.parse(readFileSync(file, "utf8")) as Record<string, RlpCase>;
    describe(file.slice(dir.length + 1), () => {
      for (const [name, c] of Object.entries(cases)) {
        it(name, () => {
          const out = hexToBytes(c.out);
          if (c.in === "INVALID") {
            assert.throws(() => rlpDecode(out), RlpError);
            return;
          }
          if (c.in === "VALID") {
            assert.equal(bytesToHex(rlpEncode(rlpDecode(out) as RlpInput)), bytesToHex(out));
            return;
          }
          const input = toInput(c.in);
          assert.equal(bytesToHex(rlpEncode(input)), bytesToHex(out));
          assert.deepEqual(show(rlpDecode(out)), show(expectedDecoded(input)));
        });
      }
    });
  }
});
