// EIP-7685 requests hash and EIP-6110 deposit event parsing.
import assert from "node:assert/strict";
import { test } from "node:test";
import { sha256 } from "@noble/hashes/sha2.js";
import {
  DEPOSIT_EVENT_SIGNATURE_HASH,
  extractDepositData,
  MAINNET_DEPOSIT_CONTRACT_ADDRESS,
  parseDepositRequests,
} from "../../src/block/deposits.js";
import { BlockException, InvalidBlockError } from "../../src/block/errors.js";
import { makeReceipt } from "../../src/block/receipts.js";
import { computeRequestsHash, EMPTY_REQUESTS_HASH, typedRequest } from "../../src/block/requests.js";
import { bigIntToBytes32, bytesToHex, concatBytes } from "../../src/primitives/hex.js";

test("an empty request list hashes to sha256 of nothing (the Prague genesis value)", () => {
  assert.equal(
    bytesToHex(EMPTY_REQUESTS_HASH),
    "0xe3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
  );
});

test("the requests hash is sha256 over the sha256 of each typed request", () => {
  const a = typedRequest(0, Uint8Array.of(1, 2, 3))!;
  const b = typedRequest(2, Uint8Array.of(4))!;
  assert.equal(bytesToHex(a), "0x00010203");
  assert.equal(typedRequest(1, new Uint8Array(0)), undefined);
  const expected = sha256(concatBytes(sha256(a), sha256(b)));
  assert.equal(bytesToHex(computeRequestsHash([a, b])), bytesToHex(expected));
});

/** The ABI encoding the deposit contract emits: five offsets, then length-prefixed, 32-byte-padded fields. */
function depositEvent(fields: Uint8Array[], offsets = [160, 256, 320, 384, 512]): Uint8Array {
  const out = new Uint8Array(576);
  offsets.forEach((o, i) => {
    out.set(bigIntToBytes32(BigInt(o)), i * 32);
  });
  [160, 256, 320, 384, 512].forEach((o, i) => {
    out.set(bigIntToBytes32(BigInt(fields[i]!.length)), o);
    out.set(fields[i]!, o + 32);
  });
  return out;
}

const FIELDS = [48, 32, 8, 96, 8].map((n, i) => new Uint8Array(n).fill(i + 1));

test("a DepositEvent becomes pubkey || credentials || amount || signature || index", () => {
  const data = extractDepositData(depositEvent(FIELDS));
  assert.equal(bytesToHex(data), bytesToHex(concatBytes(...FIELDS)));
});

test("deposit requests come from the deposit contract's DepositEvent logs only, in order", () => {
  const log = (address: bigint, topic: bigint) => ({ address, topics: [topic], data: depositEvent(FIELDS) });
  const logs = [
    log(MAINNET_DEPOSIT_CONTRACT_ADDRESS, DEPOSIT_EVENT_SIGNATURE_HASH),
    log(MAINNET_DEPOSIT_CONTRACT_ADDRESS, 1n),
    log(0x1234n, DEPOSIT_EVENT_SIGNATURE_HASH),
  ];
  const receipt = makeReceipt(2, { status: 1, gasUsed: 1n, logs, createdAddress: undefined }, 1n);
  const data = parseDepositRequests([receipt, receipt], MAINNET_DEPOSIT_CONTRACT_ADDRESS);
  assert.equal(data.length, 2 * 192);
  assert.equal(parseDepositRequests([receipt], 0x1234n).length, 192);
});

test("a malformed DepositEvent invalidates the block", () => {
  const bad = [
    depositEvent(FIELDS).subarray(0, 575),
    depositEvent(FIELDS, [160, 256, 320, 384, 511]),
    depositEvent([FIELDS[0]!.subarray(0, 47), ...FIELDS.slice(1)]),
  ];
  for (const data of bad) {
    assert.throws(
      () => extractDepositData(data),
      (e: unknown) =>
        e instanceof InvalidBlockError && e.code === BlockException.INVALID_DEPOSIT_EVENT_LAYOUT,
    );
  }
});
