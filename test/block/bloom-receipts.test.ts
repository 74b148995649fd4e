// Logs bloom bit placement and receipt encodings (legacy vs typed), checked against the definitions.
import assert from "node:assert/strict";
import { test } from "node:test";
import { addToBloom, logsBloom } from "../../src/block/bloom.js";
import { blockLogsBloom, encodeReceipt, makeReceipt, receiptsRoot } from "../../src/block/receipts.js";
import type { Log } from "../../src/evm/log.js";
import {
  bigIntToBytes,
  bigIntToBytes32,
  bytesToBigInt,
  bytesToHex,
  concatBytes,
} from "../../src/primitives/hex.js";
import { EMPTY_TRIE_ROOT, keccak256 } from "../../src/primitives/keccak.js";
import { rlpDecode, rlpEncode } from "../../src/primitives/rlp.js";
import { orderedTrieRoot } from "../../src/trie/root.js";
import { prng } from "../../tools/prng.js";

function bitsSet(bloom: Uint8Array): number[] {
  const bits: number[] = [];
  for (let byte = 0; byte < 256; byte++) {
    for (let b = 0; b < 8; b++) if (bloom[byte]! & (1 << b)) bits.push((255 - byte) * 8 + b);
  }
  return bits.sort((x, y) => x - y);
}

function expectedBits(value: Uint8Array): number[] {
  const h = keccak256(value);
  const bits = [0, 2, 4].map((i) => ((h[i]! << 8) | h[i + 1]!) % 2048);
  return [...new Set(bits)].sort((x, y) => x - y);
}

const LOG: Log = {
  address: 0x095e7baea6a6c7c4c2dfeb977efac326af552d87n,
  topics: [1n, 2n],
  data: Uint8Array.of(0xaa),
};

test("addToBloom sets the three 11-bit indices, bit 0 being the last byte's low bit", () => {
  const value = new TextEncoder().encode("hallo");
  const bloom = new Uint8Array(256);
  addToBloom(bloom, value);
  assert.deepEqual(bitsSet(bloom), expectedBits(value));
});

test("a log's bloom covers its 20-byte address and 32-byte topics, not its data", () => {
  const bits = new Set([
    ...expectedBits(bigIntToBytes(LOG.address, 20)),
    ...expectedBits(bigIntToBytes32(1n)),
    ...expectedBits(bigIntToBytes32(2n)),
  ]);
  assert.deepEqual(
    bitsSet(logsBloom([LOG])),
    [...bits].sort((x, y) => x - y),
  );
  assert.deepEqual(bitsSet(logsBloom([])), []);
});

test("legacy receipts are a plain RLP list; typed ones are prefixed with the type", () => {
  const base = { status: 1 as const, gasUsed: 21000n, logs: [LOG], createdAddress: undefined };
  const legacy = encodeReceipt(makeReceipt(0, base, 50000n));
  const typed = encodeReceipt(makeReceipt(2, base, 50000n));
  assert.equal(typed[0], 2);
  assert.equal(bytesToHex(typed.subarray(1)), bytesToHex(legacy));
  const fields = rlpDecode(legacy) as Uint8Array[];
  assert.equal(fields.length, 4);
  assert.equal(bytesToHex(fields[0]!), "0x01");
  assert.equal(bytesToHex(fields[1]!), "0xc350");
  assert.equal(bytesToHex(fields[2]!), bytesToHex(logsBloom([LOG])));
  // A failed transaction has status 0, encoded as the empty string, and keeps no logs.
  const failed = encodeReceipt(
    makeReceipt(1, { status: 0, gasUsed: 1n, logs: [], createdAddress: undefined }, 1n),
  );
  assert.equal(bytesToHex(failed.subarray(0, 2)), "0x01f9");
  assert.equal((rlpDecode(failed.subarray(1)) as Uint8Array[])[0]!.length, 0);
});

test("makeReceipt records the created contract and the block bloom is the union", () => {
  const r1 = makeReceipt(2, { status: 1, gasUsed: 5n, logs: [LOG], createdAddress: 0xabcn }, 5n);
  const r2 = makeReceipt(0, { status: 1, gasUsed: 5n, logs: [], createdAddress: undefined }, 10n);
  assert.equal(r1.contractAddress, 0xabcn);
  assert.equal("contractAddress" in r2, false);
  assert.deepEqual(blockLogsBloom([r1, r2]), logsBloom([LOG]));
  assert.deepEqual(receiptsRoot([]), EMPTY_TRIE_ROOT);
});

test("encodeReceipt writes the same bytes as the generic RLP encoder, at every length boundary", () => {
  const random = prng(11);
  const bytes = (n: number) => Uint8Array.from({ length: n }, () => Math.floor(random() * 256));
  const word = () => bytesToBigInt(bytes(32)) >> BigInt(Math.floor(random() * 256));
  const dataLengths = [0, 1, 1, 2, 55, 56, 255, 256, 70000];
  for (let round = 0; round < 60; round++) {
    const logs = Array.from({ length: [0, 1, 2, 5, 40][round % 5]! }, (_, k) => {
      const length = dataLengths[(round + k) % dataLengths.length]!;
      const data = bytes(length);
      if (length === 1 && k % 2 === 0) data[0] = 0x7f; // a single byte below 0x80 is its own encoding
      return {
        address: word() & ((1n << 160n) - 1n),
        topics: Array.from({ length: (round + k) % 5 }, word),
        data,
      };
    });
    const cumulativeGasUsed = [0n, 1n, 0x7fn, 0x80n, 21000n, word()][round % 6]!;
    const status = (round % 3 === 0 ? 0 : 1) as 0 | 1;
    const receipt = makeReceipt(
      round % 5,
      { status, gasUsed: 1n, logs, createdAddress: undefined },
      cumulativeGasUsed,
    );
    const body = rlpEncode([
      status,
      cumulativeGasUsed,
      receipt.logsBloom,
      logs.map((l) => [bigIntToBytes(l.address, 20), l.topics.map(bigIntToBytes32), l.data]),
    ]);
    const expected = receipt.type === 0 ? body : concatBytes(Uint8Array.of(receipt.type), body);
    assert.equal(bytesToHex(encodeReceipt(receipt)), bytesToHex(expected), `round ${round}`);
  }
});

test("receiptsRoot (leaves written and hashed in place) equals the generic ordered trie over encodeReceipt", () => {
  const random = prng(12);
  const bytes = (n: number) => Uint8Array.from({ length: n }, () => Math.floor(random() * 256));
  const word = () => bytesToBigInt(bytes(32)) >> BigInt(Math.floor(random() * 256));
  // Sizes around the trie's shape changes (rlp(i) keys: 1 byte to 127, 2 bytes to 255, 3 bytes after) and
  // a receipt larger than the encoding buffer's first size.
  for (const n of [0, 1, 2, 15, 16, 17, 127, 128, 129, 300, 1, 300]) {
    const receipts = Array.from({ length: n }, (_, i) => {
      const logs = Array.from({ length: i % 4 }, (_, k) => ({
        address: word() & ((1n << 160n) - 1n),
        topics: Array.from({ length: (i + k) % 5 }, word),
        data: bytes(i === 7 ? 9000 : (i * 13 + k) % 90),
      }));
      const root = i % 11 === 3 ? bytes(32) : undefined; // pre-Byzantium receipts carry a state root
      return makeReceipt(
        i % 5,
        { status: (i % 3 === 0 ? 0 : 1) as 0 | 1, gasUsed: 1n, logs, createdAddress: undefined },
        BigInt(i) * 21000n,
        root,
      );
    });
    assert.equal(
      bytesToHex(receiptsRoot(receipts)),
      bytesToHex(orderedTrieRoot(receipts.map(encodeReceipt))),
      `${n} receipts`,
    );
  }
});
