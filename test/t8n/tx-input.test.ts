// Transactions as t8n reads them: JSON with JSON-RPC names (signed, or signed here with secretKey) and RLP
// lists; what is malformed input (an exception) versus an invalid transaction (a rejected entry).
import assert from "node:assert/strict";
import { test } from "node:test";
import { bytesToHex, hexToBytes } from "../../src/primitives/hex.js";
import { FieldError } from "../../src/primitives/json-read.js";
import { RlpError, rlpEncode } from "../../src/primitives/rlp.js";
import { parseTxJson, parseTxJsonList } from "../../src/t8n/tx-json.js";
import {
  decodeRlpTxs,
  encodeTxList,
  prepareT8nTx,
  prepareTx,
  type TxEntry,
} from "../../src/t8n/tx-prepare.js";
import { ADDR, addr, GETH_SAMPLE, hex, type Json, KEY, LOGGER } from "./helpers.js";

const OPTS = { chainId: 1n, requireNonce: true };

function prepared(entry: TxEntry) {
  assert.ok(entry.ok, entry.ok ? "" : entry.error);
  return entry.value;
}

test("types are inferred from the fields present, and fees follow the type", () => {
  const base = { nonce: "0x0", gas: "0x5208", to: addr(LOGGER) };
  const typeOf = (fields: { [key: string]: Json }) =>
    parseTxJson({ ...base, ...fields }, "tx", OPTS).body.type;
  assert.equal(typeOf({ gasPrice: "0x1" }), 0);
  assert.equal(typeOf({ gasPrice: "0x1", accessList: [] }), 1);
  assert.equal(typeOf({ maxFeePerGas: "0x2", maxPriorityFeePerGas: "0x1" }), 2);
  assert.equal(
    typeOf({
      maxFeePerGas: "0x2",
      maxPriorityFeePerGas: "0x1",
      maxFeePerBlobGas: "0x1",
      blobVersionedHashes: [],
    }),
    3,
  );
  assert.equal(typeOf({ maxFeePerGas: "0x2", maxPriorityFeePerGas: "0x1", authorizationList: [] }), 4);
  assert.equal(typeOf({ type: "0x2", maxFeePerGas: "0x2", maxPriorityFeePerGas: "0x1", accessList: [] }), 2);

  const legacy = parseTxJson({ ...base, gasPrice: "0x9" }, "tx", OPTS).body;
  assert.equal(legacy.maxFeePerGas, 9n);
  assert.equal(legacy.maxPriorityFeePerGas, 9n);
  const creation = parseTxJson(
    { nonce: "0x0", gas: "0x5208", to: null, gasPrice: "0x1", data: "0x6000" },
    "tx",
    OPTS,
  );
  assert.equal(creation.body.to, undefined);
  assert.equal(bytesToHex(creation.body.data), "0x6000");
  assert.equal(creation.body.chainId, 1n, "chainId defaults to the configured one");
});

test("malformed transactions are input errors naming the field", () => {
  const bad = (raw: unknown, pattern: RegExp) =>
    assert.throws(
      () => parseTxJsonList(raw, "txs", OPTS),
      (e) => e instanceof FieldError && pattern.test(e.message),
    );
  bad([{ nonce: "0x0", gasPrice: "0x1" }], /txs\[0\]\.gas: missing/);
  bad([{ gas: "0x1", gasPrice: "0x1" }], /txs\[0\]\.nonce: missing/);
  bad([{ nonce: "0x0", gas: "0x1", maxFeePerGas: "0x1" }], /maxPriorityFeePerGas: missing/);
  bad([{ nonce: "0x0", gas: "0x1", gasPrice: "0x1", input: "0xzz" }], /txs\[0\]\.input/);
  bad([{ nonce: "0x0", gas: "0x1", gasPrice: "0x1", type: "0x7" }], /unsupported transaction type 7/);
  bad([{ nonce: "0x0", gas: "0x1", gasPrice: "0x1", to: "0x" }], /txs\[0\]\.to: empty address/);
  bad([{ nonce: "0x0", gas: "0x1", gasPrice: "0x1", r: "0x1", s: "0x1" }], /incomplete signature/);
  bad({ not: "a list" }, /txs: expected an array/);
});

test("geth's signed legacy transaction: chain id from v, sender recovered, hash and encoding as geth's", () => {
  const json = parseTxJson(GETH_SAMPLE.input.txs[0], "tx", OPTS);
  const tx = prepared(prepareT8nTx(json, 1n, "tx"));
  assert.equal(tx.tx.sender, 0xa94f5374fce5edbc8e2a8697c15331677e6ebf0bn);
  assert.equal(tx.tx.chainId, 1n);
  assert.equal(bytesToHex(tx.hash), GETH_SAMPLE.result.transactionHash);
  assert.equal(bytesToHex(encodeTxList([tx.raw])), GETH_SAMPLE.body);
});

test("secretKey signing: the key's address sends, protected:false gives a pre-EIP-155 signature", () => {
  const raw = {
    nonce: "0x0",
    gas: "0x5208",
    gasPrice: "0xa",
    to: addr(LOGGER),
    value: "0x1",
    secretKey: bytesToHex(KEY),
  };
  const protectedTx = prepared(prepareT8nTx(parseTxJson(raw, "tx", OPTS), 1n, "tx"));
  assert.equal(protectedTx.tx.sender, ADDR);
  assert.equal(protectedTx.tx.chainId, 1n);
  const unprotected = prepared(prepareT8nTx(parseTxJson({ ...raw, protected: false }, "tx", OPTS), 1n, "tx"));
  assert.equal(unprotected.tx.chainId, undefined);
  assert.notEqual(bytesToHex(unprotected.hash), bytesToHex(protectedTx.hash));

  // An all-zero signature is geth's "please sign" marker; the result must verify when fed back as v/r/s.
  const typed = {
    ...raw,
    gasPrice: undefined,
    maxFeePerGas: "0x10",
    maxPriorityFeePerGas: "0x1",
    v: "0x0",
    r: "0x0",
    s: "0x0",
  };
  const signed = prepareTx(parseTxJson(typed, "tx", OPTS), 1n, "tx");
  const [back] = decodeRlpTxs(encodeTxList([signed.raw]), 1n);
  assert.equal(prepared(back!).tx.sender, ADDR);
  assert.equal(bytesToHex(prepared(back!).hash), bytesToHex(signed.hash));
});

test("a bad signature or chain id is a rejected entry, not an exception", () => {
  const sample = GETH_SAMPLE.input.txs[0]!;
  const reject = (raw: { [key: string]: Json }, chainId: bigint, pattern: RegExp) => {
    const entry = prepareT8nTx(parseTxJson(raw, "tx", OPTS), chainId, "tx");
    assert.ok(!entry.ok && pattern.test(entry.error), entry.ok ? "accepted" : entry.error);
  };
  reject({ ...sample, s: hex(1n << 255n) }, 1n, /INVALID_SIGNATURE_VRS/);
  reject(sample, 5n, /INVALID_CHAINID/);
  reject({ ...sample, v: "0x1c", r: "0x0", s: "0x0" }, 1n, /INVALID_SIGNATURE_VRS: r out of range/);
  reject(
    { ...sample, v: "0x0", r: "0x0", s: "0x0" },
    1n,
    /INVALID_SIGNATURE_VRS: no signature and no secretKey/,
  );
  reject({ ...sample, v: "0x1" }, 1n, /INVALID_SIGNATURE_VRS/);
});

test("RLP lists: legacy and typed round trip; a broken list throws; a broken transaction is rejected", () => {
  const legacy = prepared(prepareT8nTx(parseTxJson(GETH_SAMPLE.input.txs[0], "tx", OPTS), 1n, "tx"));
  const typed = prepareTx(
    parseTxJson(
      {
        nonce: "0x1",
        gas: "0x5208",
        maxFeePerGas: "0x9",
        maxPriorityFeePerGas: "0x1",
        to: addr(LOGGER),
        secretKey: bytesToHex(KEY),
      },
      "tx",
      OPTS,
    ),
    1n,
    "tx",
  );
  const body = encodeTxList([legacy.raw, typed.raw]);
  const entries = decodeRlpTxs(body, 1n).map(prepared);
  assert.deepEqual(
    entries.map((e) => bytesToHex(e.hash)),
    [bytesToHex(legacy.hash), bytesToHex(typed.hash)],
  );
  assert.equal(entries[1]!.tx.sender, ADDR);

  assert.throws(() => decodeRlpTxs(hexToBytes("0xf862f860"), 1n), RlpError);
  assert.throws(() => decodeRlpTxs(hexToBytes("0x8180"), 1n), /must be a list/);
  // Inside a well-formed list: a typed envelope with too few fields, an empty legacy list, a valid one.
  const [typedJunk, legacyJunk, ok] = decodeRlpTxs(rlpEncode([Uint8Array.of(0x02, 0xc0), [], typed.raw]), 1n);
  assert.ok(typedJunk && !typedJunk.ok, "typed junk rejected");
  assert.ok(legacyJunk && !legacyJunk.ok, "legacy junk rejected");
  assert.equal(bytesToHex(prepared(ok!).hash), bytesToHex(typed.hash));
});
