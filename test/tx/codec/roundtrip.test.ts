// Round trips for every type: sign -> encode -> decode gives the same transaction and sender, and
// decode -> encode gives the same bytes; plus envelope shape, hashes and EIP-7702 authorization signing.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { bytesToHex } from "../../../src/primitives/hex.js";
import { keccak256 } from "../../../src/primitives/keccak.js";
import { privateKeyToAddress } from "../../../src/primitives/secp256k1.js";
import { recoverAuthority } from "../../../src/tx/authorization.js";
import {
  decodeSignedTransaction,
  decodeTransaction,
  encodeTransaction,
  recoverSender,
  signAuthorization,
  signingHash,
  signTransaction,
  type UnsignedTransaction,
} from "../../../src/tx/codec/index.js";
import { ALL_TYPES, baseTx, KEY, KEY2 } from "./helpers.js";

function assertSameBody(actual: UnsignedTransaction, expected: UnsignedTransaction): void {
  const { sender: _a, ...a } = actual as UnsignedTransaction & { sender?: bigint };
  const { sender: _b, ...b } = expected as UnsignedTransaction & { sender?: bigint };
  assert.deepEqual(a, b);
}

describe("round trips", () => {
  for (const type of ALL_TYPES) {
    it(`type ${type}: sign, decode, re-encode`, () => {
      const tx = baseTx(type);
      const signed = signTransaction(tx, KEY2);
      const decoded = decodeSignedTransaction(signed.raw, { chainId: 1n });
      assertSameBody(decoded.tx, tx);
      assert.equal(decoded.tx.sender, privateKeyToAddress(KEY2));
      assert.equal(decoded.tx.sender, signed.tx.sender);
      assert.deepEqual([decoded.v, decoded.r, decoded.s], [signed.v, signed.r, signed.s]);
      assert.deepEqual(decoded.hash, keccak256(signed.raw));
      assert.deepEqual(encodeTransaction(decoded.tx, decoded), signed.raw);
    });
  }

  for (const type of [0, 1, 2] as const) {
    it(`type ${type}: contract creation (empty to) round-trips`, () => {
      const tx = baseTx(type, { to: undefined });
      const decoded = decodeSignedTransaction(signTransaction(tx, KEY).raw);
      assert.equal(decoded.tx.to, undefined);
      assertSameBody(decoded.tx, tx);
    });
  }

  it("zero-valued fields and empty lists round-trip", () => {
    for (const type of [1, 2] as const) {
      const tx = baseTx(type, {
        nonce: 0n,
        value: 0n,
        data: new Uint8Array(0),
        gasPrice: 0n,
        maxFeePerGas: 0n,
        maxPriorityFeePerGas: 0n,
        accessList: [],
        to: 0n,
      });
      assertSameBody(decodeSignedTransaction(signTransaction(tx, KEY).raw).tx, tx);
    }
  });

  it("maximal field widths round-trip (u64 nonce and gas, u256 value, fees and chain id)", () => {
    const u256 = (1n << 256n) - 1n;
    const u64 = (1n << 64n) - 1n;
    const tx = baseTx(3, {
      chainId: u256,
      nonce: u64,
      gasLimit: u64,
      value: u256,
      maxFeePerGas: u256,
      maxPriorityFeePerGas: u256,
      maxFeePerBlobGas: u256,
      to: (1n << 160n) - 1n,
    });
    const signed = signTransaction(tx, KEY);
    assertSameBody(decodeSignedTransaction(signed.raw, { chainId: u256 }).tx, tx);
  });

  it("large data (> 55 and > 65535 bytes) round-trips", () => {
    for (const size of [56, 70_000]) {
      const tx = baseTx(2, { data: new Uint8Array(size).fill(7) });
      assertSameBody(decodeSignedTransaction(signTransaction(tx, KEY).raw).tx, tx);
    }
  });
});

describe("envelopes and signatures", () => {
  it("typed transactions start with their type byte; legacy with an RLP list", () => {
    for (const type of ALL_TYPES) {
      const raw = signTransaction(baseTx(type), KEY).raw;
      if (type === 0) assert.ok(raw[0]! >= 0xc0);
      else assert.equal(raw[0], type);
    }
  });

  it("legacy v is 27/28 without a chain id and chainId*2+35/36 with one", () => {
    const pre155 = signTransaction(baseTx(0, { chainId: undefined }), KEY);
    assert.ok(pre155.v === 27n || pre155.v === 28n);
    const decoded = decodeSignedTransaction(pre155.raw, { chainId: 1n });
    assert.equal(decoded.tx.chainId, undefined, "unprotected transactions stay valid on any chain");
    assert.equal(decoded.tx.sender, privateKeyToAddress(KEY));

    const onChain = signTransaction(baseTx(0, { chainId: 1337n }), KEY);
    assert.ok(onChain.v === 1337n * 2n + 35n || onChain.v === 1337n * 2n + 36n);
    assert.equal(decodeSignedTransaction(onChain.raw).tx.chainId, 1337n);
  });

  it("typed signatures carry the y-parity (0 or 1)", () => {
    for (const type of [1, 2, 3, 4] as const) {
      const { v } = signTransaction(baseTx(type), KEY);
      assert.ok(v === 0n || v === 1n);
    }
  });

  it("signatures are low-s", () => {
    for (let nonce = 0n; nonce < 20n; nonce++) {
      const { s } = signTransaction(baseTx(2, { nonce }), KEY);
      assert.ok(s <= 0x7fffffffffffffffffffffffffffffff5d576e7357a4501ddfe92f46681b20a0n);
    }
  });

  it("signing hashes differ by type, chain id and every field", () => {
    const hashes = new Set<string>();
    for (const type of ALL_TYPES) {
      hashes.add(bytesToHex(signingHash(baseTx(type))));
      hashes.add(bytesToHex(signingHash(baseTx(type, { chainId: 5n }))));
      hashes.add(bytesToHex(signingHash(baseTx(type, { nonce: 8n }))));
    }
    hashes.add(bytesToHex(signingHash(baseTx(0, { chainId: undefined }))));
    assert.equal(hashes.size, 5 * 3 + 1);
  });

  it("the decoded transaction does not alias the input buffer", () => {
    const raw = signTransaction(baseTx(3), KEY).raw;
    const decoded = decodeSignedTransaction(raw);
    raw.fill(0);
    assert.equal(decoded.tx.data[0], 0xde);
    assert.equal(decoded.tx.blobVersionedHashes[0]![0], 0x01);
    assert.notEqual(decoded.raw[0], 0);
  });

  it("decodeTransaction + recoverSender equals decodeSignedTransaction", () => {
    const raw = signTransaction(baseTx(4), KEY).raw;
    const { tx, signature } = decodeTransaction(raw);
    assert.equal(recoverSender(tx, signature), decodeSignedTransaction(raw).tx.sender);
  });
});

describe("EIP-7702 authorizations", () => {
  it("signAuthorization produces a tuple recoverAuthority accepts", () => {
    const auth = signAuthorization({ chainId: 1n, address: 0x42n, nonce: 9n }, KEY);
    assert.ok(auth.yParity === 0n || auth.yParity === 1n);
    assert.equal(recoverAuthority(auth), privateKeyToAddress(KEY));
  });

  it("signed authorizations survive a transaction round trip", () => {
    const list = [
      signAuthorization({ chainId: 0n, address: 0x42n, nonce: 0n }, KEY),
      signAuthorization({ chainId: 1n, address: 0n, nonce: (1n << 64n) - 1n }, KEY2),
    ];
    const decoded = decodeSignedTransaction(signTransaction(baseTx(4, { authorizationList: list }), KEY).raw);
    assert.deepEqual(decoded.tx.authorizationList, list);
    assert.equal(recoverAuthority(decoded.tx.authorizationList[1]!), privateKeyToAddress(KEY2));
  });
});
