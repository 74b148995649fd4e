// Sender recovery: the native backend (libsecp256k1, when the optional binding loads) and @noble/curves agree
// on valid signatures, on r values that are not the x of a curve point, and on out-of-range inputs.
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { describe, it } from "node:test";
import { secp256k1 } from "@noble/curves/secp256k1.js";
import { bytesToBigInt } from "../../src/primitives/hex.js";
import {
  privateKeyToAddress,
  RECOVERY_BACKEND,
  recoverAddress,
  recoverWithNoble,
  SECP256K1_N,
} from "../../src/primitives/secp256k1.js";

describe(`secp256k1 recovery (${RECOVERY_BACKEND})`, () => {
  it("recovers the signer as noble does, and fails where noble fails", () => {
    for (let i = 0; i < 20; i++) {
      const key = secp256k1.utils.randomSecretKey();
      const hash = randomBytes(32);
      const sig = secp256k1.sign(hash, key, { prehash: false, format: "recovered" });
      const rec = sig[0]!;
      const r = bytesToBigInt(sig.subarray(1, 33));
      const s = bytesToBigInt(sig.subarray(33, 65));
      assert.equal(recoverAddress(hash, r, s, rec), privateKeyToAddress(key));
      assert.equal(recoverWithNoble(hash, r, s, rec), privateKeyToAddress(key));
      // Another recovery id recovers another key (or none), the same on both.
      assert.equal(recoverAddress(hash, r, s, 1 - rec), recoverWithNoble(hash, r, s, 1 - rec));
    }
    const hash = new Uint8Array(32).fill(1);
    // r = 5 is not the x of a point on secp256k1 (5^3 + 7 = 132 is not a square mod p).
    assert.equal(recoverWithNoble(hash, 5n, 1n, 0), undefined);
    assert.equal(recoverAddress(hash, 5n, 1n, 0), undefined);
    for (const [r, s, v] of [
      [0n, 1n, 0],
      [1n, SECP256K1_N, 0],
      [1n, 1n, 2],
    ] as const) {
      assert.equal(recoverAddress(hash, r, s, v), undefined);
    }
  });
});
