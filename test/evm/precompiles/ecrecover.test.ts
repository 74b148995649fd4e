import assert from "node:assert/strict";
import { createRequire } from "node:module";
import { describe, it } from "node:test";
import { FORKS } from "../../../src/evm/forks.js";
import { ECRECOVER_BACKEND, ecrecover, ecrecoverNoble } from "../../../src/evm/precompiles/ecrecover.js";
import { bytesToHex, hexToBytes } from "../../../src/primitives/hex.js";
import { assertFails, assertOk, call, outHex, word } from "./helpers.js";

const N = 0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141n;
const HASH = "18c547e4f7b0f325ad1e56f57e26c745b09a3e503d86e00e5255ff7f715d3d1c";
const R = 0x73b1693892219d736caba55bdb67216e485557ea6b6af75f37096c9aa6a5a75fn;
// A high s (above n/2): the precompile, unlike transaction validation, accepts it.
const S = 0xeeb940b1d03b21e36b0e47e79769f095fe2ab855bd91e3a38756b7d75a9c4549n;
const ADDRESS = `${"00".repeat(12)}a94f5374fce5edbc8e2a8697c15331677e6ebf0b`;

const input = (v: bigint, r = R, s = S, hash = HASH) => hash + word(v) + word(r) + word(s);

describe("ECRECOVER (0x01)", () => {
  it("recovers the signer address (go-ethereum ValidKey vector), 3000 gas", () => {
    assertOk(call(1n, input(28n)), 3000, ADDRESS);
  });

  it("recovers the same key from the low-s twin (n - s, other parity)", () => {
    assertOk(call(1n, input(27n, R, N - S)), 3000, ADDRESS);
  });

  it("returns empty output, still charging gas, for invalid signatures", () => {
    for (const v of [0n, 1n, 26n, 29n, (1n << 255n) | 28n, (1n << 8n) | 28n]) {
      assertOk(call(1n, input(v)), 3000, "");
    }
    for (const [r, s] of [
      [0n, S],
      [R, 0n],
      [N, S],
      [R, N],
      [N + 1n, S],
    ] as const) {
      assertOk(call(1n, input(28n, r, s)), 3000, "");
    }
    // go-ethereum CallEcrecoverUnrecoverableKey: r is not the x of a curve point.
    assertOk(
      call(
        1n,
        "a8b53bdf3306a35a7103ab5504a0c9b492295564b6202b1942a84ef300107281000000000000000000000000000000000000000000000000000000000000001b307835653165303366353363653138623737326363623030393366663731663366353366356337356237346463623331613835616138623838393262346538621122334455667788991011121314151617181920212223242526272829303132",
      ),
      3000,
      "",
    );
  });

  it("right-pads short input with zeros and ignores bytes past 128", () => {
    const short = input(28n).slice(0, 2 * 100);
    const padded = call(1n, short + "00".repeat(28));
    assert.equal(padded.output.length, 32);
    assertOk(call(1n, short), 3000, outHex(padded));
    // s = 0 after padding: invalid, but a success with empty output.
    assertOk(call(1n, input(28n).slice(0, 2 * 96)), 3000, "");
    assertOk(call(1n, ""), 3000, "");
    assertOk(call(1n, `${input(28n)}ffff`), 3000, ADDRESS);
  });

  it("fails out of gas", () => {
    assertFails(call(1n, input(28n), { gas: 2999 }));
  });
});

describe("ECRECOVER backends", () => {
  it("the noble fallback gives the native backend's result on every vector", () => {
    const rules = FORKS.Osaka;
    const vectors = [
      input(28n),
      input(27n, R, N - S),
      input(27n),
      input(29n),
      input(28n, 0n, S),
      input(28n, R, N - 1n),
      input(28n, N - 1n, S),
      input(27n, 1n, 1n),
      input(28n).slice(0, 200),
      "",
      "a8b53bdf3306a35a7103ab5504a0c9b492295564b6202b1942a84ef300107281000000000000000000000000000000000000000000000000000000000000001b307835653165303366353363653138623737326363623030393366663731663366353366356337356237346463623331613835616138623838393262346538621122334455667788991011121314151617181920212223242526272829303132",
    ];
    for (const v of vectors) {
      const bytes = hexToBytes(`0x${v}`);
      const a = ecrecover(bytes, 3000, rules);
      const b = ecrecoverNoble(bytes, 3000, rules);
      assert.deepEqual(a, b, v.slice(0, 40));
    }
    assert.equal(
      bytesToHex(ecrecoverNoble(hexToBytes(`0x${input(28n)}`), 3000, rules).output),
      `0x${ADDRESS}`,
    );
  });

  it("runs on libsecp256k1's native binding when it loads, on noble only when it cannot", () => {
    let loads = true;
    try {
      createRequire(import.meta.url)("secp256k1/bindings");
    } catch {
      loads = false;
    }
    assert.equal(ECRECOVER_BACKEND, loads ? "libsecp256k1 (native)" : "noble");
  });
});
