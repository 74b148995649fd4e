// Rejections: every malformed envelope, field or signature ends in InvalidTransactionError with the
// execution-spec-tests code for it, and no input (including random mutations) makes the codec crash.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { InvalidTransactionError } from "../../../src/primitives/errors.js";
import { bytesEqual, concatBytes, hexToBytes } from "../../../src/primitives/hex.js";
import { type RlpDecoded, type RlpInput, rlpDecode, rlpEncode } from "../../../src/primitives/rlp.js";
import { SECP256K1_N } from "../../../src/primitives/secp256k1.js";
import {
  decodeSignedTransaction,
  decodeTransaction,
  encodeTransaction,
  signTransaction,
} from "../../../src/tx/codec/index.js";
import type { TxType } from "../../../src/tx/types.js";
import { ALL_TYPES, baseTx, KEY } from "./helpers.js";

function rejects(raw: Uint8Array, code: string, opts: { chainId?: bigint } = {}): void {
  assert.throws(
    () => decodeSignedTransaction(raw, opts),
    (e: unknown) => {
      assert.ok(e instanceof InvalidTransactionError, `expected InvalidTransactionError, got ${String(e)}`);
      assert.equal(e.code, code, e.message);
      return true;
    },
  );
}

/** The signed transaction's top-level fields, to be edited and re-encoded. */
function fieldsOf(type: TxType, overrides = {}): RlpDecoded[] {
  const raw = signTransaction(baseTx(type, overrides), KEY).raw;
  return rlpDecode(type === 0 ? raw : raw.subarray(1)) as RlpDecoded[];
}

function envelope(type: TxType, fields: RlpInput[]): Uint8Array {
  const body = rlpEncode(fields);
  return type === 0 ? body : concatBytes(Uint8Array.of(type), body);
}

/** A signed transaction of `type` with field `index` replaced by `value`. */
function withField(type: TxType, index: number, value: RlpInput, overrides = {}): Uint8Array {
  const fields: RlpInput[] = fieldsOf(type, overrides);
  fields[index] = value;
  return envelope(type, fields);
}

/** Field positions per type (legacy has no chain id; typed ones end in y-parity, r, s). */
const POS = {
  0: { nonce: 0, gasPrice: 1, gasLimit: 2, to: 3, value: 4, data: 5, v: 6, r: 7, s: 8 },
  1: {
    chainId: 0,
    nonce: 1,
    gasPrice: 2,
    gasLimit: 3,
    to: 4,
    value: 5,
    data: 6,
    accessList: 7,
    v: 8,
    r: 9,
    s: 10,
  },
  2: {
    chainId: 0,
    nonce: 1,
    priority: 2,
    maxFee: 3,
    gasLimit: 4,
    to: 5,
    value: 6,
    data: 7,
    accessList: 8,
    v: 9,
  },
  3: { to: 5, accessList: 8, blobFee: 9, blobs: 10, v: 11, r: 12, s: 13 },
  4: { to: 5, accessList: 8, auths: 9, v: 10, r: 11, s: 12 },
} as const;

const b = (...bytes: number[]) => Uint8Array.from(bytes);

describe("envelope", () => {
  it("rejects empty input and unknown type bytes", () => {
    rejects(new Uint8Array(0), "RLP_ERROR_EOF");
    for (const type of [0x00, 0x05, 0x7f, 0x80, 0xb8, 0xbf]) {
      rejects(concatBytes(b(type), rlpEncode([1n, 2n])), "TYPE_NOT_SUPPORTED");
    }
  });

  it("rejects a type byte without a payload, or with a non-list payload", () => {
    rejects(b(0x02), "RLP_ERROR_EOF");
    rejects(b(0x02, 0x80), "RLP_INVALID_HEADER");
    rejects(b(0x01, 0x05), "RLP_INVALID_HEADER");
  });

  it("rejects truncated input and trailing bytes", () => {
    for (const type of ALL_TYPES) {
      const raw = signTransaction(baseTx(type), KEY).raw;
      assert.throws(() => decodeTransaction(raw.subarray(0, raw.length - 1)), InvalidTransactionError);
      rejects(concatBytes(raw, b(0x00)), "RLP_ERROR_SIZE");
    }
  });

  it("rejects non-canonical RLP length prefixes", () => {
    // A 1-field list written with a long-form (0xf8) length: never canonical below 56 bytes.
    rejects(b(0xf8, 0x01, 0x80), "RLP_ERROR_SIZE");
    rejects(b(0xf9, 0x00, 0x01, 0x80), "RLP_ERROR_SIZE_LEADING_ZEROS");
  });

  it("rejects too few and too many fields for every type", () => {
    for (const type of ALL_TYPES) {
      const fields = fieldsOf(type);
      rejects(envelope(type, fields.slice(0, -1)), "RLP_TOO_FEW_ELEMENTS");
      rejects(envelope(type, [...fields, new Uint8Array(0)]), "RLP_TOO_MANY_ELEMENTS");
      rejects(envelope(type, []), "RLP_TOO_FEW_ELEMENTS");
    }
  });

  it("rejects the blob network form [tx, blobs, commitments, proofs] (not unwrapped)", () => {
    const inner = fieldsOf(3);
    const blob = new Uint8Array(131072);
    const commitment = new Uint8Array(48);
    rejects(envelope(3, [inner, [blob], [commitment], [commitment]]), "TYPE_3_TX_WITH_FULL_BLOBS");
  });

  it("rejects absurdly deep nesting without overflowing the stack", () => {
    const depth = 200_000;
    // Sizes from the innermost empty list outwards, then the prefixes written outermost first.
    const sizes: number[] = [1];
    const prefix = (len: number) => (len < 56 ? 1 : len < 256 ? 2 : len < 65536 ? 3 : 4);
    for (let i = 1; i < depth; i++) sizes.push(sizes[i - 1]! + prefix(sizes[i - 1]!));
    const out = new Uint8Array(sizes[depth - 1]!);
    let pos = 0;
    for (let i = depth - 1; i > 0; i--) {
      const len = sizes[i - 1]!;
      const n = prefix(len);
      if (n === 1) out[pos++] = 0xc0 + len;
      else {
        out[pos++] = 0xf7 + n - 1;
        for (let k = n - 2; k >= 0; k--) out[pos++] = (len >> (8 * k)) & 0xff;
      }
    }
    out[pos] = 0xc0;
    assert.throws(() => decodeSignedTransaction(out), InvalidTransactionError);
  });
});

describe("fields", () => {
  it("rejects leading zeros with the field's code", () => {
    const z = b(0x00, 0x01);
    rejects(withField(0, POS[0].nonce, z), "RLP_LEADING_ZEROS_NONCE");
    rejects(withField(0, POS[0].nonce, b(0x00)), "RLP_LEADING_ZEROS_NONCE");
    rejects(withField(0, POS[0].gasPrice, z), "RLP_LEADING_ZEROS_GASPRICE");
    rejects(withField(0, POS[0].gasLimit, z), "RLP_LEADING_ZEROS_GASLIMIT");
    rejects(withField(0, POS[0].value, z), "RLP_LEADING_ZEROS_VALUE");
    rejects(withField(0, POS[0].v, b(0x00, 0x25)), "RLP_LEADING_ZEROS_V");
    rejects(withField(0, POS[0].r, b(0x00, 0x01)), "RLP_LEADING_ZEROS_R");
    rejects(withField(0, POS[0].s, b(0x00, 0x01)), "RLP_LEADING_ZEROS_S");
    rejects(withField(2, POS[2].priority, z), "RLP_LEADING_ZEROS_PRIORITY_FEE");
    rejects(withField(2, POS[2].maxFee, z), "RLP_LEADING_ZEROS_BASEFEE");
    rejects(withField(2, POS[2].chainId, b(0x00, 0x01)), "RLP_INVALID_VALUE");
    rejects(withField(2, POS[2].v, b(0x00)), "RLP_LEADING_ZEROS_V");
    rejects(withField(3, POS[3].blobFee, z), "RLP_INVALID_VALUE");
  });

  it("rejects values wider than their field", () => {
    const wide = (n: number) => new Uint8Array(n).fill(0xff);
    rejects(withField(0, POS[0].nonce, wide(9)), "NONCE_OVERFLOW");
    rejects(withField(0, POS[0].gasLimit, wide(9)), "GASLIMIT_OVERFLOW");
    rejects(withField(0, POS[0].gasPrice, wide(33)), "GASPRICE_OVERFLOW");
    rejects(withField(0, POS[0].value, wide(33)), "VALUE_OVERFLOW");
    rejects(withField(0, POS[0].r, wide(33)), "INVALID_SIGNATURE_VRS");
    rejects(withField(2, POS[2].maxFee, wide(33)), "GASPRICE_OVERFLOW");
    rejects(withField(2, POS[2].priority, wide(33)), "PRIORITY_OVERFLOW");
    rejects(withField(1, POS[1].chainId, wide(33)), "RLP_INVALID_VALUE");
  });

  it("rejects lists where a byte string belongs", () => {
    rejects(withField(0, POS[0].nonce, []), "RLP_INVALID_NONCE");
    rejects(withField(0, POS[0].gasLimit, [1n]), "RLP_INVALID_GASLIMIT");
    rejects(withField(0, POS[0].to, []), "RLP_INVALID_TO");
    rejects(withField(0, POS[0].data, []), "RLP_INVALID_DATA");
    rejects(withField(0, POS[0].r, []), "RLP_INVALID_SIGNATURE_R");
    rejects(withField(0, POS[0].s, []), "RLP_INVALID_SIGNATURE_S");
    rejects(withField(1, POS[1].accessList, b(0x01)), "RLP_INVALID_VALUE");
  });

  it("rejects a `to` that is not 20 bytes, and contract creation for types 3 and 4", () => {
    for (const type of ALL_TYPES) {
      const at = (POS[type] as { to: number }).to;
      rejects(withField(type, at, new Uint8Array(19).fill(1)), "ADDRESS_TOO_SHORT");
      rejects(withField(type, at, new Uint8Array(21).fill(1)), "ADDRESS_TOO_LONG");
      rejects(withField(type, at, new Uint8Array(21)), "ADDRESS_TOO_LONG");
    }
    rejects(withField(3, POS[3].to, new Uint8Array(0)), "TYPE_3_TX_CONTRACT_CREATION");
    rejects(withField(4, POS[4].to, new Uint8Array(0)), "TYPE_4_TX_CONTRACT_CREATION");
  });

  it("accepts an address with leading zero bytes (fixed width, not an integer)", () => {
    const raw = withField(2, POS[2].to, hexToBytes(`0x0000${"11".repeat(18)}`));
    assert.equal(decodeTransaction(raw).tx.to, BigInt(`0x${"11".repeat(18)}`));
  });

  it("rejects malformed access lists", () => {
    const addr = new Uint8Array(20).fill(1);
    const key = new Uint8Array(32).fill(2);
    const at = POS[1].accessList;
    rejects(withField(1, at, [[addr.subarray(1), [key]]]), "RLP_INVALID_ACCESS_LIST_ADDRESS_TOO_SHORT");
    rejects(withField(1, at, [[concatBytes(b(0), addr), [key]]]), "RLP_INVALID_ACCESS_LIST_ADDRESS_TOO_LONG");
    rejects(withField(1, at, [[addr, [key.subarray(1)]]]), "RLP_INVALID_ACCESS_LIST_STORAGE_TOO_SHORT");
    rejects(withField(1, at, [[addr, [concatBytes(b(0), key)]]]), "RLP_INVALID_ACCESS_LIST_STORAGE_TOO_LONG");
    rejects(withField(1, at, [[addr]]), "RLP_TOO_FEW_ELEMENTS");
    rejects(withField(1, at, [[addr, [key], []]]), "RLP_TOO_MANY_ELEMENTS");
    rejects(withField(1, at, [[addr, key]]), "RLP_INVALID_VALUE");
    rejects(withField(1, at, [addr]), "RLP_INVALID_VALUE");
  });

  it("rejects blob versioned hashes that are not 32 bytes", () => {
    const code = "TYPE_3_TX_INVALID_BLOB_VERSIONED_HASH";
    rejects(withField(3, POS[3].blobs, [new Uint8Array(31)]), code);
    rejects(withField(3, POS[3].blobs, [new Uint8Array(33)]), code);
    rejects(withField(3, POS[3].blobs, [[]]), code);
    rejects(withField(3, POS[3].blobs, new Uint8Array(32)), "RLP_INVALID_VALUE");
  });

  it("rejects malformed authorization tuples", () => {
    const code = "TYPE_4_INVALID_AUTHORIZATION_FORMAT";
    const addr = new Uint8Array(20).fill(3);
    const ok: RlpInput[] = [1n, addr, 0n, 1n, 5n, 6n];
    const edit = (i: number, v: RlpInput) => ok.map((x, j) => (j === i ? v : x));
    const at = POS[4].auths;
    rejects(withField(4, at, [ok.slice(0, 5)]), code);
    rejects(withField(4, at, [[...ok, 0n]]), code);
    rejects(withField(4, at, [edit(1, addr.subarray(1))]), code);
    rejects(withField(4, at, [edit(2, new Uint8Array(9).fill(1))]), code);
    rejects(withField(4, at, [edit(3, 256n)]), code);
    rejects(withField(4, at, [edit(4, new Uint8Array(33).fill(1))]), code);
    rejects(withField(4, at, [edit(0, b(0, 1))]), code);
    rejects(withField(4, at, [addr]), code);
    rejects(withField(4, at, addr), code);
  });

  it("keeps authorizations that are well-formed but invalid (they are skipped at execution, not here)", () => {
    const addr = new Uint8Array(20).fill(3);
    const raw = withField(4, POS[4].auths, [[1n, addr, (1n << 64n) - 1n, 27n, 0n, SECP256K1_N]]);
    const [auth] = decodeTransaction(raw).tx.authorizationList;
    assert.deepEqual(auth, {
      chainId: 1n,
      address: BigInt(`0x${"03".repeat(20)}`),
      nonce: (1n << 64n) - 1n,
      yParity: 27n,
      r: 0n,
      s: SECP256K1_N,
    });
  });
});

describe("signatures", () => {
  it("rejects r and s out of range, and high s (EIP-2)", () => {
    for (const type of ALL_TYPES) {
      const s = signTransaction(baseTx(type), KEY);
      const { tx } = decodeTransaction(s.raw);
      const bad = (r: bigint, sv: bigint) => encodeTransaction(tx, { v: s.v, r, s: sv });
      rejects(bad(0n, s.s), "INVALID_SIGNATURE_VRS");
      rejects(bad(s.r, 0n), "INVALID_SIGNATURE_VRS");
      rejects(bad(SECP256K1_N, s.s), "INVALID_SIGNATURE_VRS");
      rejects(bad(s.r, SECP256K1_N - s.s), "INVALID_SIGNATURE_VRS");
    }
  });

  it("rejects a typed y-parity other than 0 or 1", () => {
    for (const type of [1, 2, 3, 4] as const) {
      const fields = fieldsOf(type);
      fields[fields.length - 3] = b(0x02);
      rejects(envelope(type, fields), "INVALID_SIGNATURE_VRS");
    }
  });

  it("rejects legacy v values that encode no chain id", () => {
    for (const v of [26n, 29n, 30n, 34n]) rejects(withField(0, POS[0].v, v), "INVALID_CHAINID");
    for (const v of [0n, 1n]) rejects(withField(0, POS[0].v, v), "INVALID_SIGNATURE_VRS");
  });

  it("rejects a chain id other than the expected one", () => {
    for (const type of ALL_TYPES) {
      const raw = signTransaction(baseTx(type, { chainId: 5n }), KEY).raw;
      rejects(raw, "INVALID_CHAINID", { chainId: 1n });
      assert.equal(decodeSignedTransaction(raw, { chainId: 5n }).tx.chainId, 5n);
    }
  });

  it("a signature over other content recovers someone else (not an error)", () => {
    const signed = signTransaction(baseTx(2), KEY);
    const other = encodeTransaction(baseTx(2, { nonce: 8n }), signed);
    assert.notEqual(decodeSignedTransaction(other).tx.sender, signed.tx.sender);
  });

  it("reports EC_RECOVERY_FAIL when r is no curve point's x (ethereum/tests TransactionWithRvalueHigh)", () => {
    const raw = hexToBytes(
      "0xf85f800182520894095e7baea6a6c7c4c2dfeb977efac326af552d870b801ca0fffffffffffffffffffffffffffffffebaaedce6af48a0" +
        "3bbfd25e8cd0364140a07778cde41a8a37f6a087622b38bc201a8e96bbed8c2907925d204da92411ee9e",
    );
    rejects(raw, "EC_RECOVERY_FAIL");
  });
});

describe("encoder", () => {
  it("refuses what the decoder would refuse", () => {
    const sig = { v: 0n, r: 1n, s: 1n };
    const code = (f: () => unknown) => {
      try {
        f();
      } catch (e) {
        return e instanceof InvalidTransactionError ? e.code : `not an InvalidTransactionError: ${String(e)}`;
      }
      return "no error";
    };
    assert.equal(
      code(() => encodeTransaction(baseTx(2, { nonce: 1n << 64n }), sig)),
      "NONCE_OVERFLOW",
    );
    assert.equal(
      code(() => encodeTransaction(baseTx(2, { gasLimit: -1n }), sig)),
      "GASLIMIT_OVERFLOW",
    );
    assert.equal(
      code(() => encodeTransaction(baseTx(2, { value: 1n << 256n }), sig)),
      "VALUE_OVERFLOW",
    );
    assert.equal(
      code(() => encodeTransaction(baseTx(2, { to: 1n << 160n }), sig)),
      "RLP_INVALID_VALUE",
    );
    assert.equal(
      code(() => encodeTransaction(baseTx(3, { to: undefined }), sig)),
      "TYPE_3_TX_CONTRACT_CREATION",
    );
    assert.equal(
      code(() => encodeTransaction(baseTx(2, { chainId: undefined }), sig)),
      "INVALID_CHAINID",
    );
    assert.equal(
      code(() => encodeTransaction(baseTx(0), { v: 27n, r: 1n, s: 1n })),
      "INVALID_CHAINID",
    );
    assert.equal(
      code(() => encodeTransaction(baseTx(3, { blobVersionedHashes: [new Uint8Array(31)] }), sig)),
      "TYPE_3_TX_INVALID_BLOB_VERSIONED_HASH",
    );
  });
});

describe("fuzzing", () => {
  /** xorshift32: deterministic, so a failure reproduces. */
  function rng(seed: number): () => number {
    let x = seed || 1;
    return () => {
      x ^= x << 13;
      x ^= x >>> 17;
      x ^= x << 5;
      return (x >>> 0) / 2 ** 32;
    };
  }

  function mutate(raw: Uint8Array, rand: () => number): Uint8Array {
    const bytes = Array.from(raw);
    const edits = 1 + Math.floor(rand() * 3);
    for (let i = 0; i < edits; i++) {
      const at = Math.floor(rand() * (bytes.length + 1));
      const kind = rand();
      if (kind < 0.4) bytes[at % bytes.length] = Math.floor(rand() * 256);
      else if (kind < 0.6) bytes.splice(at, 0, Math.floor(rand() * 256));
      else if (kind < 0.8) bytes.splice(at, 1);
      else bytes.length = at;
    }
    return Uint8Array.from(bytes);
  }

  it("random mutations either decode to a canonical transaction or throw InvalidTransactionError", () => {
    const rand = rng(0x5eed);
    let accepted = 0;
    for (const type of ALL_TYPES) {
      const raw = signTransaction(baseTx(type, { to: type === 0 ? undefined : 0x42n }), KEY).raw;
      for (let i = 0; i < 3000; i++) {
        const input = mutate(raw, rand);
        let decoded: ReturnType<typeof decodeSignedTransaction> | undefined;
        try {
          decoded = decodeSignedTransaction(input);
        } catch (e) {
          if (!(e instanceof InvalidTransactionError)) {
            assert.fail(`type ${type} input 0x${Buffer.from(input).toString("hex")} threw ${String(e)}`);
          }
          continue;
        }
        accepted++;
        // Strict decoding means one encoding per transaction: whatever is accepted re-encodes to itself.
        assert.ok(
          bytesEqual(encodeTransaction(decoded.tx, decoded), input),
          "accepted a non-canonical encoding",
        );
      }
    }
    assert.ok(accepted > 0, "some single-byte edits (e.g. inside data) must still decode");
  });
});
