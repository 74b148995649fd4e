// Transaction validation, by execution-spec-tests error code: chain id, nonce, funds (including blob gas),
// fee caps (EIP-1559), blob transaction rules (EIP-4844, EIP-7594), set-code transaction rules (EIP-7702),
// the Osaka gas limit cap (EIP-7825), the block gas limit, sender code (EIP-3607) and initcode size.
import assert from "node:assert/strict";
import { test } from "node:test";
import { delegationDesignator } from "../../src/evm/delegation.js";
import { FORKS } from "../../src/evm/forks.js";
import { InvalidTransactionError } from "../../src/primitives/errors.js";
import { applyTransaction } from "../../src/tx/execute.js";
import { type AccountSpec, blockEnv } from "../evm/helpers.js";
import { buildPre, ETHER, key, makeTx, rejection, SENDER, signAuthorization } from "./helpers.js";

test("the transaction chain id must match", () => {
  assert.equal(rejection(makeTx({ chainId: 2n })), "INVALID_CHAINID");
  assert.equal(rejection(makeTx({ type: 0, chainId: undefined, gasPrice: 10n })), "valid", "pre-EIP-155");
});

test("the nonce must equal the sender's", () => {
  assert.equal(rejection(makeTx({ nonce: 4n }), { senderNonce: 5n }), "NONCE_MISMATCH_TOO_LOW");
  assert.equal(rejection(makeTx({ nonce: 6n }), { senderNonce: 5n }), "NONCE_MISMATCH_TOO_HIGH");
  assert.equal(rejection(makeTx({ nonce: 5n }), { senderNonce: 5n }), "valid");
  // EIP-2681: a nonce of 2^64-1 can never be used (the exact name is the fixtures' and has varied).
  const max = (1n << 64n) - 1n;
  assert.match(rejection(makeTx({ nonce: max }), { senderNonce: max }), /^NONCE_(IS_MAX|TOO_BIG)$/);
  assert.equal(rejection(makeTx({ nonce: max - 1n }), { senderNonce: max - 1n }), "valid");
});

test("the sender must afford gas limit * max fee + value", () => {
  const tx = makeTx({ gasLimit: 21000n, value: 5n }); // 21000 * 10 + 5
  assert.equal(rejection(tx, { senderBalance: 210_004n }), "INSUFFICIENT_ACCOUNT_FUNDS");
  assert.equal(rejection(tx, { senderBalance: 210_005n }), "valid");
  const legacy = makeTx({
    type: 0,
    gasPrice: 8n,
    maxFeePerGas: 8n,
    maxPriorityFeePerGas: 8n,
    gasLimit: 21000n,
  });
  assert.equal(rejection(legacy, { senderBalance: 167_999n }), "INSUFFICIENT_ACCOUNT_FUNDS");
  assert.equal(rejection(legacy, { senderBalance: 168_000n }), "valid");
});

test("fee caps: max fee at least the base fee, tip at most the max fee", () => {
  assert.equal(
    rejection(makeTx({ maxFeePerGas: 6n, maxPriorityFeePerGas: 0n })),
    "INSUFFICIENT_MAX_FEE_PER_GAS",
  );
  assert.equal(rejection(makeTx({ maxFeePerGas: 7n, maxPriorityFeePerGas: 0n })), "valid");
  assert.equal(
    rejection(makeTx({ maxFeePerGas: 10n, maxPriorityFeePerGas: 11n })),
    "PRIORITY_GREATER_THAN_MAX_FEE_PER_GAS",
  );
  const legacy = (gasPrice: bigint) =>
    makeTx({ type: 0, gasPrice, maxFeePerGas: gasPrice, maxPriorityFeePerGas: gasPrice });
  assert.equal(rejection(legacy(6n)), "INSUFFICIENT_MAX_FEE_PER_GAS");
  assert.equal(rejection(legacy(7n)), "valid");
  assert.equal(
    rejection(makeTx({ type: 1, gasPrice: 6n, maxFeePerGas: 6n, maxPriorityFeePerGas: 6n })),
    "INSUFFICIENT_MAX_FEE_PER_GAS",
  );
});

const blobHash = (version = 0x01) => {
  const h = new Uint8Array(32).fill(0x11);
  h[0] = version;
  return h;
};

function blobTx(count: number, overrides = {}) {
  return makeTx({
    type: 3,
    maxFeePerBlobGas: 1n,
    blobVersionedHashes: Array.from({ length: count }, () => blobHash()),
    ...overrides,
  });
}

test("blob transactions: a recipient, at least one blob, version 0x01 hashes, a blob fee cap", () => {
  assert.equal(rejection(blobTx(1)), "valid");
  assert.equal(rejection(blobTx(1, { to: undefined })), "TYPE_3_TX_CONTRACT_CREATION");
  assert.equal(rejection(blobTx(0)), "TYPE_3_TX_ZERO_BLOBS");
  assert.equal(
    rejection(blobTx(1, { blobVersionedHashes: [blobHash(0x02)] })),
    "TYPE_3_TX_INVALID_BLOB_VERSIONED_HASH",
  );
  assert.equal(
    rejection(blobTx(1, { blobVersionedHashes: [new Uint8Array(31).fill(1)] })),
    "TYPE_3_TX_INVALID_BLOB_VERSIONED_HASH",
  );
  assert.equal(
    rejection(blobTx(1, { maxFeePerBlobGas: 1n }), { env: { blobBaseFee: 2n } }),
    "INSUFFICIENT_MAX_FEE_PER_BLOB_GAS",
  );
  assert.equal(rejection(blobTx(1, { maxFeePerBlobGas: 2n }), { env: { blobBaseFee: 2n } }), "valid");
});

/** Too many blobs, for the transaction or for the block (fixture names for the two have varied by fork). */
const TOO_MANY_BLOBS = /^TYPE_3_TX_(BLOB_COUNT_EXCEEDED|MAX_BLOB_GAS_ALLOW(ED|ANCE)_EXCEEDED)$/;

test("blob count limits: 6 per transaction from Osaka (EIP-7594), the block max before", () => {
  assert.equal(rejection(blobTx(6)), "valid");
  assert.match(rejection(blobTx(7)), TOO_MANY_BLOBS);
  assert.match(
    rejection(blobTx(7), { fork: "BPO2" }),
    TOO_MANY_BLOBS,
    "BPO blocks allow more, not transactions",
  );
  assert.equal(rejection(blobTx(9), { fork: "Prague" }), "valid");
  assert.match(rejection(blobTx(10), { fork: "Prague" }), TOO_MANY_BLOBS);
  assert.equal(rejection(blobTx(6), { fork: "Cancun" }), "valid");
  assert.match(rejection(blobTx(7), { fork: "Cancun" }), TOO_MANY_BLOBS);
});

test("the upfront balance includes blob gas at the max blob fee", () => {
  // 21000 * 10 + 2 blobs * 2^17 * 3.
  const tx = blobTx(2, { gasLimit: 21000n, maxFeePerBlobGas: 3n });
  const needed = 210_000n + 2n * 131072n * 3n;
  assert.equal(rejection(tx, { senderBalance: needed - 1n }), "INSUFFICIENT_ACCOUNT_FUNDS");
  assert.equal(rejection(tx, { senderBalance: needed }), "valid");
});

test("set-code transactions: Prague or later, a recipient, a non-empty list", () => {
  const auth = signAuthorization(key(1).priv, { chainId: 1n, address: 0x1234n, nonce: 0n });
  assert.equal(rejection(makeTx({ type: 4, authorizationList: [auth] })), "valid");
  assert.equal(
    rejection(makeTx({ type: 4, authorizationList: [auth] }), { fork: "Cancun" }),
    "TYPE_4_TX_PRE_FORK",
  );
  assert.equal(
    rejection(makeTx({ type: 4, authorizationList: [auth], to: undefined })),
    "TYPE_4_TX_CONTRACT_CREATION",
  );
  assert.equal(rejection(makeTx({ type: 4, authorizationList: [] })), "TYPE_4_EMPTY_AUTHORIZATION_LIST");
});

test("Osaka caps the transaction gas limit at 2^24 (EIP-7825)", () => {
  const env = { gasLimit: 60_000_000n };
  assert.equal(rejection(makeTx({ gasLimit: 1n << 24n }), { env }), "valid");
  assert.equal(rejection(makeTx({ gasLimit: (1n << 24n) + 1n }), { env }), "GAS_LIMIT_EXCEEDS_MAXIMUM");
  assert.equal(rejection(makeTx({ gasLimit: (1n << 24n) + 1n }), { env, fork: "Prague" }), "valid");
  assert.equal(
    rejection(makeTx({ gasLimit: (1n << 24n) + 1n }), { env, fork: "BPO1" }),
    "GAS_LIMIT_EXCEEDS_MAXIMUM",
  );
});

test("the gas limit may not exceed the block's", () => {
  const env = { gasLimit: 100_000n };
  assert.equal(rejection(makeTx({ gasLimit: 100_001n }), { env }), "GAS_ALLOWANCE_EXCEEDED");
  assert.equal(rejection(makeTx({ gasLimit: 100_000n }), { env }), "valid");
});

test("the sender may not have code, unless it is an EIP-7702 delegation (EIP-3607)", () => {
  const withCode = (code: Uint8Array): [bigint, AccountSpec][] => [[SENDER, { balance: ETHER, code }]];
  assert.equal(rejection(makeTx(), { accounts: withCode(Uint8Array.of(0x00)) }), "SENDER_NOT_EOA");
  const delegated = withCode(delegationDesignator(0x1234n));
  assert.equal(rejection(makeTx(), { accounts: delegated }), "valid");
  assert.equal(rejection(makeTx(), { accounts: delegated, fork: "Cancun" }), "SENDER_NOT_EOA");
});

test("creation initcode is limited to 49152 bytes (EIP-3860)", () => {
  const gasLimit = 10_000_000n;
  assert.equal(rejection(makeTx({ to: undefined, gasLimit, data: new Uint8Array(49152) })), "valid");
  assert.equal(
    rejection(makeTx({ to: undefined, gasLimit, data: new Uint8Array(49153) })),
    "INITCODE_SIZE_EXCEEDED",
  );
});

test("a rejected transaction throws InvalidTransactionError and leaves the pre-state alone", () => {
  const pre = buildPre({ senderBalance: 1n });
  assert.throws(
    () => applyTransaction(pre, makeTx(), blockEnv(), FORKS.Osaka),
    (e: unknown) => e instanceof InvalidTransactionError && e.code === "INSUFFICIENT_ACCOUNT_FUNDS",
  );
  assert.equal(pre.getAccount(SENDER)?.balance, 1n);
  assert.equal(pre.getAccount(SENDER)?.nonce, 0n);
});
