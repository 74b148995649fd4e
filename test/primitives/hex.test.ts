// Unit tests for src/primitives/hex.ts: strict parsing, fixed-width and minimal big-endian conversions.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  addressToHex,
  bigIntToBytes,
  bigIntToBytes32,
  bigIntToMinimalBytes,
  bytesEqual,
  bytesToBigInt,
  bytesToHex,
  concatBytes,
  HexError,
  hexToBytes,
  parseQuantity,
  quantityToHex,
  wordToHex,
} from "../../src/primitives/hex.js";

const MAX_U256 = (1n << 256n) - 1n;

describe("hexToBytes / bytesToHex", () => {
  it("decodes with or without 0x, in either case, and round-trips", () => {
    assert.deepEqual([...hexToBytes("0x00ff10Ab")], [0x00, 0xff, 0x10, 0xab]);
    assert.deepEqual([...hexToBytes("0XFF")], [0xff]);
    assert.deepEqual([...hexToBytes("beef")], [0xbe, 0xef]);
    assert.equal(hexToBytes("0x").length, 0);
    assert.equal(hexToBytes("").length, 0);
    assert.equal(bytesToHex(hexToBytes("0x00ff10ab")), "0x00ff10ab");
    assert.equal(bytesToHex(new Uint8Array(0)), "0x");
  });

  it("reads an odd number of digits with a leading zero", () => {
    assert.deepEqual([...hexToBytes("0x123")], [0x01, 0x23]);
    assert.deepEqual([...hexToBytes("0xf")], [0x0f]);
  });

  it("throws on non-hex characters and non-strings", () => {
    for (const bad of ["0xzz", "0x1g", "0x 1", "0x-1", "xx", "0x0x12", "12 "]) {
      assert.throws(() => hexToBytes(bad), HexError, bad);
    }
    assert.throws(() => hexToBytes(12 as unknown as string), HexError);
  });
});

describe("parseQuantity", () => {
  it("parses hex, decimal, numbers and bigints", () => {
    assert.equal(parseQuantity("0x"), 0n);
    assert.equal(parseQuantity("0x0"), 0n);
    assert.equal(parseQuantity("0x1f"), 31n);
    assert.equal(parseQuantity("0X1F"), 31n);
    assert.equal(parseQuantity("0x0001"), 1n);
    assert.equal(parseQuantity("12"), 12n);
    assert.equal(parseQuantity(" 0x10 "), 16n);
    assert.equal(parseQuantity(5), 5n);
    assert.equal(parseQuantity(7n), 7n);
    assert.equal(parseQuantity(`0x${"f".repeat(64)}`), MAX_U256);
  });

  it("rejects malformed quantities", () => {
    for (const bad of ["0xg", "-1", "1.5", "", "abc", "0x-1", "1e3"])
      assert.throws(() => parseQuantity(bad), HexError, bad);
    assert.throws(() => parseQuantity(-1), HexError);
    assert.throws(() => parseQuantity(1.5), HexError);
    assert.throws(() => parseQuantity(2 ** 53), HexError);
  });
});

describe("bigint <-> bytes", () => {
  it("bigIntToBytes32 pads to 32 bytes, big-endian", () => {
    assert.equal(bytesToHex(bigIntToBytes32(0n)), `0x${"00".repeat(32)}`);
    assert.equal(bytesToHex(bigIntToBytes32(1n)), `0x${"00".repeat(31)}01`);
    assert.equal(bytesToHex(bigIntToBytes32(0x123n)), `0x${"00".repeat(30)}0123`);
    assert.equal(bytesToHex(bigIntToBytes32(0xabcdn)), `0x${"00".repeat(30)}abcd`);
    assert.equal(bytesToHex(bigIntToBytes32(MAX_U256)), `0x${"ff".repeat(32)}`);
    assert.equal(bytesToHex(bigIntToBytes32(1n << 255n)), `0x80${"00".repeat(31)}`);
    for (let i = 0n; i < 256n; i += 7n) {
      const v = (1n << i) + i;
      assert.equal(bytesToBigInt(bigIntToBytes32(v)), v, `2^${i} + ${i}`);
    }
  });

  it("bigIntToBytes32 and bigIntToBytes drop bits above the width, as documented", () => {
    assert.equal(bytesToHex(bigIntToBytes32((1n << 256n) + 5n)), `0x${"00".repeat(31)}05`);
    assert.equal(bytesToHex(bigIntToBytes(0x12345n, 2)), "0x2345");
    assert.equal(bytesToHex(bigIntToBytes(0x12n, 3)), "0x000012");
  });

  it("negative values throw instead of producing garbage bytes", () => {
    assert.throws(() => bigIntToBytes32(-1n), HexError);
    assert.throws(() => bigIntToBytes(-1n, 20), HexError);
    assert.throws(() => bigIntToMinimalBytes(-1n), HexError);
  });

  it("bigIntToMinimalBytes has no leading zeros and encodes zero as empty", () => {
    assert.equal(bigIntToMinimalBytes(0n).length, 0);
    assert.equal(bytesToHex(bigIntToMinimalBytes(0xfn)), "0x0f");
    assert.equal(bytesToHex(bigIntToMinimalBytes(0x100n)), "0x0100");
    assert.equal(bytesToHex(bigIntToMinimalBytes(MAX_U256)), `0x${"ff".repeat(32)}`);
  });

  it("bytesToBigInt reads short and long inputs", () => {
    assert.equal(bytesToBigInt(new Uint8Array(0)), 0n);
    assert.equal(bytesToBigInt(hexToBytes("0x0102")), 0x102n);
    assert.equal(bytesToBigInt(hexToBytes("0xffffffffffff")), 0xffffffffffffn);
    assert.equal(bytesToBigInt(hexToBytes("0x0100000000000000")), 1n << 56n);
  });
});

describe("formatting and byte helpers", () => {
  it("pads addresses and words, and writes quantities without leading zeros", () => {
    assert.equal(addressToHex(0xabn), `0x${"0".repeat(38)}ab`);
    assert.equal(wordToHex(1n), `0x${"0".repeat(63)}1`);
    assert.equal(quantityToHex(0n), "0x0");
    assert.equal(quantityToHex(255), "0xff");
  });

  it("bytesEqual compares content and length", () => {
    assert.ok(bytesEqual(hexToBytes("0x0102"), Uint8Array.of(1, 2)));
    assert.ok(!bytesEqual(hexToBytes("0x0102"), Uint8Array.of(1, 3)));
    assert.ok(!bytesEqual(hexToBytes("0x01"), Uint8Array.of(1, 0)));
  });

  it("concatBytes joins in order", () => {
    assert.equal(
      bytesToHex(concatBytes(Uint8Array.of(1), new Uint8Array(0), Uint8Array.of(2, 3))),
      "0x010203",
    );
    assert.equal(concatBytes().length, 0);
  });
});
