// Building the executor's transaction from a fixture template: type selection, sender, fees, chain id.
import assert from "node:assert/strict";
import { test } from "node:test";
import { InvalidTransactionError } from "../../src/primitives/errors.js";
import { hexToBytes } from "../../src/primitives/hex.js";
import type { TxTemplate } from "../../src/statetest/fixture.js";
import { addressFromSecretKey } from "../../src/statetest/sender.js";
import { buildTransaction, transactionType } from "../../src/statetest/transaction.js";
import { chainIdFromTxBytes } from "../../src/statetest/tx-bytes.js";
import { SECRET_KEY, SENDER } from "./sample-fixture.js";

function template(overrides: Partial<TxTemplate> = {}): TxTemplate {
  return {
    nonce: 3n,
    to: 0x1000n,
    gasPrice: 10n,
    maxFeePerGas: undefined,
    maxPriorityFeePerGas: undefined,
    data: [new Uint8Array(0), Uint8Array.of(1, 2)],
    gasLimit: [21000n, 50000n],
    value: [0n, 5n],
    accessLists: undefined,
    sender: 0xabcn,
    secretKey: undefined,
    blobVersionedHashes: undefined,
    maxFeePerBlobGas: undefined,
    authorizationList: undefined,
    ...overrides,
  };
}

const I0 = { data: 0, gas: 0, value: 0 };

test("picks the variant's data, gas limit and value", () => {
  const tx = buildTransaction(template(), { data: 1, gas: 1, value: 1 }, 1n);
  assert.deepEqual([...tx.data], [1, 2]);
  assert.equal(tx.gasLimit, 50000n);
  assert.equal(tx.value, 5n);
  assert.equal(tx.nonce, 3n);
  assert.equal(tx.to, 0x1000n);
  assert.equal(tx.sender, 0xabcn);
});

test("legacy fees: maxFeePerGas and maxPriorityFeePerGas equal gasPrice", () => {
  const tx = buildTransaction(template(), I0, 1n);
  assert.equal(tx.type, 0);
  assert.equal(tx.gasPrice, 10n);
  assert.equal(tx.maxFeePerGas, 10n);
  assert.equal(tx.maxPriorityFeePerGas, 10n);
  assert.deepEqual(tx.accessList, []);
  assert.equal(tx.chainId, 1n);
});

test("type is 1 only for data indexes whose access list is not null", () => {
  const list = [{ address: 1n, storageKeys: [2n] }];
  const tpl = template({ accessLists: [null, list] });
  assert.equal(transactionType(tpl, 0), 0);
  assert.equal(transactionType(tpl, 1), 1);
  assert.equal(transactionType(template({ accessLists: [[], null] }), 0), 1);
  const tx = buildTransaction(tpl, { data: 1, gas: 0, value: 0 }, 1n);
  assert.equal(tx.type, 1);
  assert.deepEqual(tx.accessList, list);
});

test("type 2, 3 and 4 follow maxFeePerGas, blobVersionedHashes and authorizationList", () => {
  const fees = { gasPrice: undefined, maxFeePerGas: 20n, maxPriorityFeePerGas: 2n };
  const t2 = buildTransaction(template(fees), I0, 1n);
  assert.equal(t2.type, 2);
  assert.equal(t2.maxFeePerGas, 20n);
  assert.equal(t2.maxPriorityFeePerGas, 2n);
  assert.equal(t2.gasPrice, 0n);
  const hash = new Uint8Array(32).fill(1);
  const t3 = buildTransaction(
    template({ ...fees, blobVersionedHashes: [hash], maxFeePerBlobGas: 9n }),
    I0,
    1n,
  );
  assert.equal(t3.type, 3);
  assert.equal(t3.maxFeePerBlobGas, 9n);
  assert.deepEqual(t3.blobVersionedHashes, [hash]);
  // An empty list still makes a blob transaction (which the executor must reject).
  assert.equal(transactionType(template({ ...fees, blobVersionedHashes: [] }), 0), 3);
  const auth = { chainId: 1n, address: 2n, nonce: 0n, yParity: 1n, r: 3n, s: 4n };
  const t4 = buildTransaction(
    template({ ...fees, authorizationList: [auth], blobVersionedHashes: [hash] }),
    I0,
    1n,
  );
  assert.equal(t4.type, 4);
  assert.deepEqual(t4.authorizationList, [auth]);
});

test("the sender is derived from secretKey when not given", () => {
  assert.equal(addressFromSecretKey(hexToBytes(SECRET_KEY)), BigInt(SENDER));
  const tx = buildTransaction(template({ sender: undefined, secretKey: hexToBytes(SECRET_KEY) }), I0, 1n);
  assert.equal(tx.sender, BigInt(SENDER));
});

test("values no transaction can encode are rejected as invalid", () => {
  assert.throws(
    () => buildTransaction(template({ value: [1n << 256n] }), I0, 1n),
    (e: unknown) => e instanceof InvalidTransactionError && e.code === "RLP_INVALID_VALUE",
  );
  assert.throws(() => buildTransaction(template({ gasLimit: [1n << 64n] }), I0, 1n), InvalidTransactionError);
  // 2^64 - 1 is a legal nonce (EIP-2681 rejects it later, in the executor).
  assert.equal(buildTransaction(template({ nonce: (1n << 64n) - 1n }), I0, 1n).nonce, (1n << 64n) - 1n);
});

test("legacy chain id comes from the signature in txbytes", () => {
  // EEST test_gas_consumption_below_data_floor, type_0_protected (v = 0x26) and type_0_unprotected (v = 0x1b).
  const protectedTx = hexToBytes(
    "0xf85f800a82521294e7ecff9e84792581f355b6a464037db91a369450800026a00d963981b0567b94ef1513de3a551113dd9729d81a5be68ef0060169453a1f21a05e0bfcd4997e53b1c724951d4ce8a64975e8a937fb87649cadf9996059452a92",
  );
  assert.equal(chainIdFromTxBytes(protectedTx, 7n), 1n);
  const unprotected = protectedTx.slice();
  unprotected[unprotected.length - 67] = 0x1b;
  assert.equal(chainIdFromTxBytes(unprotected, 7n), undefined);
  assert.equal(chainIdFromTxBytes(Uint8Array.of(0x02, 0xc1, 0x05), 7n), 5n);
  assert.equal(chainIdFromTxBytes(Uint8Array.of(0xff, 0xff), 7n), 7n);
  assert.equal(buildTransaction(template(), I0, 1n, unprotected).chainId, undefined);
});
