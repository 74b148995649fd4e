// validateStatic: the fork-only checks (no state, no block), in geth's t9n order.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { getForkRules } from "../../../src/evm/forks.js";
import { InvalidTransactionError } from "../../../src/primitives/errors.js";
import { type UnsignedTransaction, validateStatic } from "../../../src/tx/codec/index.js";
import type { TxType } from "../../../src/tx/types.js";
import { ALL_TYPES, BLOB_HASH, baseTx } from "./helpers.js";

const cancun = getForkRules("Cancun");
const prague = getForkRules("Prague");
const osaka = getForkRules("Osaka");

function code(tx: UnsignedTransaction, rules = cancun): string | undefined {
  try {
    validateStatic(tx, rules);
    return undefined;
  } catch (e) {
    assert.ok(e instanceof InvalidTransactionError, String(e));
    return e.code;
  }
}

describe("validateStatic", () => {
  it("accepts the well-formed base transaction of each type where the fork has it", () => {
    for (const type of ALL_TYPES) {
      assert.equal(code(baseTx(type), prague), undefined, `type ${type}`);
      assert.equal(code(baseTx(type), osaka), undefined, `type ${type}`);
    }
    assert.equal(code(baseTx(4), cancun), "TYPE_4_TX_PRE_FORK");
  });

  it("returns the intrinsic gas and (from Prague) the calldata floor", () => {
    const tx = baseTx(0, { data: new Uint8Array(0), gasLimit: 21_000n });
    assert.deepEqual(validateStatic(tx, cancun), { intrinsicGas: 21_000n, floorGas: 0n });
    assert.deepEqual(validateStatic(tx, prague), { intrinsicGas: 21_000n, floorGas: 21_000n });
  });

  it("rejects a gas limit under the intrinsic gas or the EIP-7623 floor", () => {
    assert.equal(code(baseTx(0, { data: new Uint8Array(0), gasLimit: 20_999n })), "INTRINSIC_GAS_TOO_LOW");
    // 1000 non-zero bytes: intrinsic 21000 + 16000, floor 21000 + 40000.
    const data = new Uint8Array(1000).fill(1);
    assert.equal(code(baseTx(2, { data, accessList: [], gasLimit: 37_000n }), cancun), undefined);
    assert.equal(
      code(baseTx(2, { data, accessList: [], gasLimit: 37_000n }), prague),
      "INTRINSIC_GAS_BELOW_FLOOR_GAS_COST",
    );
    assert.equal(code(baseTx(2, { data, accessList: [], gasLimit: 61_000n }), prague), undefined);
  });

  it("rejects nonce 2^64-1 (EIP-2681) and over-wide fields built in code", () => {
    assert.equal(code(baseTx(0, { nonce: (1n << 64n) - 1n })), "NONCE_TOO_BIG");
    assert.equal(code(baseTx(0, { nonce: 1n << 64n })), "NONCE_OVERFLOW");
    assert.equal(code(baseTx(2, { value: 1n << 256n })), "VALUE_OVERFLOW");
    assert.equal(
      code(baseTx(2, { maxPriorityFeePerGas: 1n << 256n, maxFeePerGas: 1n << 256n })),
      "GASPRICE_OVERFLOW",
    );
  });

  it("rejects a priority fee above the max fee, and gas * price above 2^256-1", () => {
    assert.equal(
      code(baseTx(2, { maxPriorityFeePerGas: 11n, maxFeePerGas: 10n })),
      "PRIORITY_GREATER_THAN_MAX_FEE_PER_GAS",
    );
    const huge = (1n << 256n) - 1n;
    assert.equal(
      code(baseTx(2, { maxPriorityFeePerGas: 0n, maxFeePerGas: huge })),
      "GASLIMIT_PRICE_PRODUCT_OVERFLOW",
    );
    assert.equal(code(baseTx(0, { gasPrice: huge })), "GASLIMIT_PRICE_PRODUCT_OVERFLOW");
    assert.equal(code(baseTx(0, { gasPrice: huge / 100_000n })), undefined);
  });

  it("rejects initcode over 49152 bytes (EIP-3860)", () => {
    const tx = (n: number) => baseTx(2, { to: undefined, data: new Uint8Array(n), gasLimit: 10_000_000n });
    assert.equal(code(tx(49_152)), undefined);
    assert.equal(code(tx(49_153)), "INITCODE_SIZE_EXCEEDED");
    assert.equal(code(baseTx(2, { data: new Uint8Array(49_153), gasLimit: 10_000_000n })), undefined);
  });

  it("applies the Osaka transaction gas limit cap (EIP-7825)", () => {
    const tx = baseTx(2, { gasLimit: (1n << 24n) + 1n });
    assert.equal(code(tx, prague), undefined);
    assert.equal(code(tx, osaka), "GAS_LIMIT_EXCEEDS_MAXIMUM");
  });

  it("checks blob transactions: count, per-fork limits, versioned hash version", () => {
    const blobs = (n: number, hash = BLOB_HASH) => baseTx(3, { blobVersionedHashes: Array(n).fill(hash) });
    assert.equal(code(blobs(0)), "TYPE_3_TX_ZERO_BLOBS");
    assert.equal(code(blobs(6)), undefined);
    assert.equal(code(blobs(7)), "TYPE_3_TX_BLOB_COUNT_EXCEEDED");
    assert.equal(code(blobs(9), prague), undefined);
    assert.equal(code(blobs(10), prague), "TYPE_3_TX_BLOB_COUNT_EXCEEDED");
    assert.equal(code(blobs(7), osaka), "TYPE_3_TX_BLOB_COUNT_EXCEEDED");
    assert.equal(code(blobs(10), osaka), "TYPE_3_TX_MAX_BLOB_GAS_ALLOWANCE_EXCEEDED");
    const v2 = Uint8Array.from(BLOB_HASH);
    v2[0] = 0x02;
    assert.equal(code(blobs(1, v2)), "TYPE_3_TX_INVALID_BLOB_VERSIONED_HASH");
  });

  it("checks set-code transactions: fork, destination, non-empty list", () => {
    assert.equal(code(baseTx(4, { authorizationList: [] }), prague), "TYPE_4_EMPTY_AUTHORIZATION_LIST");
    assert.equal(code(baseTx(4, { to: undefined }), prague), "TYPE_4_TX_CONTRACT_CREATION");
    assert.equal(code(baseTx(3, { to: undefined }), prague), "TYPE_3_TX_CONTRACT_CREATION");
  });

  it("accepts a Transaction (with sender) as well as an unsigned body", () => {
    for (const type of [0, 1, 2, 3] as TxType[]) {
      assert.equal(code({ ...baseTx(type), sender: 1n } as UnsignedTransaction), undefined);
    }
  });
});
