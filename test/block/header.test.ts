// Header RLP: round trips and hashes of real fixture headers (Cancun: 20 fields, Prague: 21), the block
// splitter, and the strict decoder's rejections.
import assert from "node:assert/strict";
import { join } from "node:path";
import { test } from "node:test";
import { decodeBlockRlp } from "../../src/block/block-rlp.js";
import { BlockException, InvalidBlockError } from "../../src/block/errors.js";
import { decodeHeader, encodeHeader, headerFields, headerHash } from "../../src/block/header.js";
import { bytesToHex, hexToBytes } from "../../src/primitives/hex.js";
import { type RlpInput, rlpEncode } from "../../src/primitives/rlp.js";
import { fixtureDir } from "../helpers/ethereum-tests.js";
import { type LoadedFixture, loadFixtures } from "./fixture-chain.js";

const cancunDir = fixtureDir("BlockchainTests/ValidBlocks");
const pragueDir = fixtureDir("prague-blockchain-tests");

function first(file: string): LoadedFixture {
  return loadFixtures(file)[0]!;
}

function rejects(input: Uint8Array, code: string): void {
  assert.throws(
    () => decodeHeader(input),
    (e: unknown) => e instanceof InvalidBlockError && e.code === code,
  );
}

test("a Cancun genesis header round-trips and hashes to the fixture's hash", { skip: !cancunDir }, () => {
  const f = first(join(cancunDir!, "bcExample/basefeeExample.json"));
  const genesis = decodeBlockRlp(f.genesisRlp);
  const header = genesis.header;
  assert.equal(headerFields(header).length, 20);
  assert.deepEqual(header, f.genesis);
  assert.deepEqual(decodeHeader(encodeHeader(header)), header);
  assert.equal(bytesToHex(rlpEncode([headerFields(header), [], [], []])), bytesToHex(f.genesisRlp));
  assert.equal(bytesToHex(headerHash(header)), bytesToHex(f.genesisHash));
  assert.equal(bytesToHex(genesis.hash), bytesToHex(f.genesisHash));
});

test("a Prague block splits into header, transactions and withdrawals", { skip: !pragueDir }, () => {
  const file = join(
    pragueDir!,
    "prague/eip7685_general_purpose_el_requests/test_valid_multi_type_requests.json",
  );
  const f = first(file);
  const raw = (f.raw.blocks as { rlp: string }[])[0]!.rlp;
  const decoded = decodeBlockRlp(hexToBytes(raw));
  const expected = f.blocks[0]!;
  assert.equal(headerFields(decoded.header).length, 21);
  assert.deepEqual(decoded.header, expected.block.header);
  assert.equal(bytesToHex(decoded.hash), bytesToHex(expected.hash!));
  assert.equal(bytesToHex(headerHash(decoded.header)), bytesToHex(expected.hash!));
  assert.equal(decoded.rawTransactions.length, expected.block.transactions.length);
  assert.deepEqual(decoded.withdrawals, []);
  assert.equal(decoded.ommers.length, 0);
  assert.equal(decoded.size, (raw.length - 2) / 2);
});

test("encodeHeader refuses a later optional field without an earlier one", { skip: !cancunDir }, () => {
  const f = first(join(cancunDir!, "bcExample/basefeeExample.json"));
  const { withdrawalsRoot: _, ...rest } = f.genesis;
  assert.throws(() => encodeHeader(rest), RangeError);
});

test("decodeHeader is strict", { skip: !cancunDir }, () => {
  const f = first(join(cancunDir!, "bcExample/basefeeExample.json"));
  const fields = headerFields(f.genesis);
  const withField = (i: number, value: RlpInput) => rlpEncode(fields.map((v, j) => (j === i ? value : v)));

  rejects(rlpEncode(fields.slice(0, 14)), BlockException.RLP_STRUCTURES_ENCODING);
  rejects(
    rlpEncode([...fields, new Uint8Array(32), new Uint8Array(32)]),
    BlockException.RLP_STRUCTURES_ENCODING,
  );
  rejects(withField(0, new Uint8Array(31)), BlockException.RLP_STRUCTURES_ENCODING);
  rejects(withField(2, new Uint8Array(21)), BlockException.RLP_STRUCTURES_ENCODING);
  rejects(withField(14, new Uint8Array(9)), BlockException.RLP_STRUCTURES_ENCODING);
  rejects(withField(8, Uint8Array.of(0, 1)), BlockException.RLP_STRUCTURES_ENCODING);
  rejects(withField(9, 1n << 64n), BlockException.RLP_INVALID_FIELD_OVERFLOW_64);
  rejects(withField(12, [new Uint8Array(1)]), BlockException.RLP_STRUCTURES_ENCODING);
  rejects(Uint8Array.of(0xc1), BlockException.RLP_STRUCTURES_ENCODING);
  // The largest 64-bit gas limit decodes (its range is header validation's business).
  assert.equal(decodeHeader(withField(9, (1n << 64n) - 1n)).gasLimit, (1n << 64n) - 1n);
});

test("decodeBlockRlp reports a missing withdrawals list after Shanghai", { skip: !cancunDir }, () => {
  const f = first(join(cancunDir!, "bcExample/basefeeExample.json"));
  const block = rlpEncode([headerFields(f.genesis), [], []]);
  assert.throws(
    () => decodeBlockRlp(block),
    (e: unknown) => e instanceof InvalidBlockError && e.code === BlockException.RLP_WITHDRAWALS_NOT_READ,
  );
});
