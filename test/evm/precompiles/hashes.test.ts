// SHA256, RIPEMD160 and IDENTITY (0x02-0x04); RIPEMD160 on its adopted backend and on noble, cross-checked.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { FORKS } from "../../../src/evm/forks.js";
import { RIPEMD160_BACKEND, ripemd160, ripemd160Noble } from "../../../src/evm/precompiles/ripemd160.js";
import { bytesToHex } from "../../../src/primitives/hex.js";
import { assertFails, assertOk, call } from "./helpers.js";

const ABC = "616263";
const BYTES_33 = "00".repeat(33);

describe("SHA256 (0x02)", () => {
  it("hashes and charges 60 + 12 per word", () => {
    assertOk(call(2n, ""), 60, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    assertOk(call(2n, ABC), 72, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    assertOk(call(2n, BYTES_33), 84, "7f9c9e31ac8256ca2f258583df262dbc7d6f68f2a03043d5c99a4ae5a7396ce9");
  });
  it("fails out of gas", () => {
    assertFails(call(2n, ABC, { gas: 71 }));
  });
});

describe("RIPEMD160 (0x03)", () => {
  it("hashes, left-pads to 32 bytes and charges 600 + 120 per word", () => {
    assertOk(call(3n, ""), 600, `${"00".repeat(12)}9c1185a5c5e9fc54612808977ee8f548b2258d31`);
    assertOk(call(3n, ABC), 720, `${"00".repeat(12)}8eb208f7e05d987a9b044a8e98c6b087f15a0bfc`);
  });
  it("fails out of gas", () => {
    assertFails(call(3n, ABC, { gas: 719 }));
    assertFails(ripemd160Noble(new Uint8Array(3), 719, FORKS.Osaka));
  });
  it("the adopted backend (node:crypto where OpenSSL has RIPEMD-160) equals noble on lengths 0..300", () => {
    assert.ok(RIPEMD160_BACKEND === "node:crypto" || RIPEMD160_BACKEND === "noble");
    const data = Uint8Array.from({ length: 300 }, (_, i) => (i * 131 + 7) & 0xff);
    for (let n = 0; n <= 300; n++) {
      const input = data.subarray(0, n);
      const a = ripemd160(input, 1e9, FORKS.Osaka);
      const b = ripemd160Noble(input, 1e9, FORKS.Osaka);
      assert.equal(bytesToHex(a.output), bytesToHex(b.output), `length ${n}`);
      assert.equal(a.gasUsed, b.gasUsed);
    }
  });
});

describe("IDENTITY (0x04)", () => {
  it("copies and charges 15 + 3 per word", () => {
    assertOk(call(4n, ""), 15, "");
    assertOk(call(4n, ABC), 18, ABC);
    assertOk(call(4n, BYTES_33), 21, BYTES_33);
  });
  it("returns a copy, not a view of the input", () => {
    const input = new Uint8Array([1, 2, 3]);
    const result = call(4n, input);
    input[0] = 9;
    assertOk(result, 18, "010203");
  });
  it("fails out of gas", () => {
    assertFails(call(4n, ABC, { gas: 17 }));
  });
});
