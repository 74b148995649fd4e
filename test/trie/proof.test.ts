// trieProof / verifyProof: every present key proves its value against the root rootOfEntries computes,
// absent keys prove absence, and a tampered or truncated proof is refused.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { keccak256 } from "../../src/primitives/keccak.js";
import { rlpEncode } from "../../src/primitives/rlp.js";
import { ProofError, rootOfEntries, type TrieEntry, trieProof, verifyProof } from "../../src/trie/index.js";

function entriesOf(n: number, seed: number): TrieEntry[] {
  const out: TrieEntry[] = [];
  for (let i = 0; i < n; i++) {
    const key = keccak256(new Uint8Array([seed, i & 255, i >> 8]));
    // Short values make embedded (< 32 byte) nodes; long ones force hashed nodes.
    const value = i % 3 === 0 ? rlpEncode(BigInt(i + 1)) : rlpEncode(key);
    out.push({ key, value });
  }
  return out;
}

const copy = (entries: TrieEntry[]) => entries.map((e) => ({ ...e }));

describe("trieProof", () => {
  for (const n of [1, 2, 3, 17, 200]) {
    it(`proves every key of a ${n}-entry secure trie and the absence of others`, () => {
      const entries = entriesOf(n, n);
      const root = rootOfEntries(copy(entries));
      for (const { key, value } of entries) {
        const proof = trieProof(copy(entries), key);
        assert.ok(proof.length >= 1);
        assert.deepEqual(keccak256(proof[0]!), root, "first node is the root");
        assert.deepEqual(verifyProof(root, key, proof), value);
      }
      for (let i = 0; i < 20; i++) {
        const absent = keccak256(new Uint8Array([255, i]));
        const proof = trieProof(copy(entries), absent);
        assert.equal(verifyProof(root, absent, proof), undefined);
      }
    });
  }

  it("handles short keys where a value sits in a branch (embedded nodes)", () => {
    const entries: TrieEntry[] = [
      { key: new Uint8Array([0x12]), value: new Uint8Array([1]) },
      { key: new Uint8Array([0x12, 0x34]), value: new Uint8Array([2]) },
      { key: new Uint8Array([0x12, 0x35]), value: new Uint8Array([3]) },
      { key: new Uint8Array([0x56]), value: new Uint8Array(40).fill(7) },
    ];
    const root = rootOfEntries(copy(entries));
    for (const { key, value } of entries) {
      assert.deepEqual(verifyProof(root, key, trieProof(copy(entries), key)), value);
    }
    const absent = new Uint8Array([0x12, 0x36]);
    assert.equal(verifyProof(root, absent, trieProof(copy(entries), absent)), undefined);
  });

  it("gives an empty proof for an empty trie, which verifies as absent", () => {
    const root = rootOfEntries([]);
    const key = keccak256(new Uint8Array([1]));
    assert.deepEqual(trieProof([], key), []);
    assert.equal(verifyProof(root, key, []), undefined);
  });

  it("refuses a proof for another root, a tampered node, or a missing node", () => {
    const entries = entriesOf(50, 9);
    const root = rootOfEntries(copy(entries));
    const key = entries[7]!.key;
    const proof = trieProof(copy(entries), key);
    assert.ok(proof.length >= 2);
    assert.throws(() => verifyProof(new Uint8Array(32), key, proof), ProofError);
    const tampered = proof.map((n) => n.slice());
    tampered[tampered.length - 1]![5]! ^= 1;
    assert.throws(() => verifyProof(root, key, tampered), ProofError);
    assert.throws(() => verifyProof(root, key, proof.slice(0, -1)), ProofError);
  });
});
