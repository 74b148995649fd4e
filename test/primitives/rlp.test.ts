// Unit tests for src/primitives/rlp.ts: encoding boundaries and the strict decoder's canonical-form checks.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { bytesToHex, hexToBytes } from "../../src/primitives/hex.js";
import { RlpError, rlpDecode, rlpDecodePrefix, rlpEncode } from "../../src/primitives/rlp.js";

const enc = (x: Parameters<typeof rlpEncode>[0]) => bytesToHex(rlpEncode(x));
const bytes = (n: number, fill = 0xaa) => new Uint8Array(n).fill(fill);

describe("rlpEncode", () => {
  it("encodes integers minimally", () => {
    assert.equal(enc(0), "0x80");
    assert.equal(enc(0n), "0x80");
    assert.equal(enc(1), "0x01");
    assert.equal(enc(127), "0x7f");
    assert.equal(enc(128), "0x8180");
    assert.equal(enc(256), "0x820100");
    assert.equal(enc(1n << 255n), `0xa080${"00".repeat(31)}`);
  });

  it("encodes strings at the 55/56-byte and 255/256-byte boundaries", () => {
    assert.equal(enc(new Uint8Array(0)), "0x80");
    assert.equal(enc(Uint8Array.of(0)), "0x00");
    assert.equal(enc(Uint8Array.of(0x80)), "0x8180");
    assert.equal(bytesToHex(rlpEncode(bytes(55)).subarray(0, 1)), "0xb7");
    assert.equal(bytesToHex(rlpEncode(bytes(56)).subarray(0, 2)), "0xb838");
    assert.equal(bytesToHex(rlpEncode(bytes(255)).subarray(0, 2)), "0xb8ff");
    assert.equal(bytesToHex(rlpEncode(bytes(256)).subarray(0, 3)), "0xb90100");
    assert.equal(rlpEncode(bytes(70000)).length, 70004);
  });

  it("encodes nested lists", () => {
    assert.equal(enc([]), "0xc0");
    assert.equal(enc([[], [[]], [[], [[]]]]), "0xc7c0c1c0c3c0c1c0");
    assert.equal(bytesToHex(rlpEncode(new Array(56).fill(1)).subarray(0, 2)), "0xf838");
  });

  it("rejects negative and unsafe numbers", () => {
    assert.throws(() => rlpEncode(-1), RlpError);
    assert.throws(() => rlpEncode(-1n), RlpError);
    assert.throws(() => rlpEncode(1.5), RlpError);
    assert.throws(() => rlpEncode(2 ** 53), RlpError);
  });
});

describe("rlpDecode", () => {
  it("round-trips", () => {
    const value = [Uint8Array.of(1, 2, 3), [bytes(60), [], Uint8Array.of(0x7f)], new Uint8Array(0)];
    const decoded = rlpDecode(rlpEncode(value));
    assert.equal(bytesToHex(rlpEncode(decoded)), bytesToHex(rlpEncode(value)));
    assert.ok(Array.isArray(decoded) && decoded.length === 3);
  });

  const rejections: [string, string][] = [
    ["empty input", "0x"],
    ["leading zero in a string's length", "0xb8000100"],
    ["leading zero in a long string's length", `0xb90040${"00".repeat(64)}`],
    ["leading zero in a list's length", `0xf90040${"00".repeat(64)}`],
    ["long form for a length under 56", `0xb801ff`],
    ["long form for a list under 56", `0xf803112233`],
    ["a single byte under 0x80 wrapped as a string", "0x8100"],
    ["0x7f wrapped as a string", "0x817f"],
    ["trailing bytes after a string", "0x0102"],
    ["trailing bytes after a list", "0xc000"],
    ["truncated string", "0x83646f"],
    ["truncated long string", `0xb838${"00".repeat(55)}`],
    ["truncated length of length", "0xb9"],
    ["truncated list", "0xc30102"],
    ["list item running past its list", "0xc283646f67"],
  ];
  for (const [what, hex] of rejections) {
    it(`rejects ${what}`, () => assert.throws(() => rlpDecode(hexToBytes(hex)), RlpError));
  }

  it("rlpDecodePrefix reports how many bytes it used and ignores what follows", () => {
    const [item, used] = rlpDecodePrefix(hexToBytes("0x83646f67ffff"));
    assert.equal(used, 4);
    assert.equal(bytesToHex(item as Uint8Array), "0x646f67");
  });
});
