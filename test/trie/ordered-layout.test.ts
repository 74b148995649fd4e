// The ordered trie built from leaves hashed elsewhere (OrderedTrieLayout: what the parallel executor's workers
// do for receipts) must give exactly orderedTrieRoot's root, for every size and for short (embedded) leaves.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { bytesToHex } from "../../src/primitives/hex.js";
import { OrderedTrieLayout, orderedTrieRoot } from "../../src/trie/index.js";
import { prng } from "../../tools/prng.js";

function randomValues(n: number, seed: number, maxLength: number): Uint8Array[] {
  const random = prng(seed);
  const values: Uint8Array[] = [];
  for (let i = 0; i < n; i++) {
    const v = new Uint8Array(1 + Math.floor(random() * maxLength));
    for (let k = 0; k < v.length; k++) v[k] = Math.floor(random() * 256);
    values.push(v);
  }
  return values;
}

function rootFromLeaves(values: Uint8Array[]): string {
  const layout = new OrderedTrieLayout(values.length);
  // Leaves in any order: each is placed by its index.
  const refs = new Array<Uint8Array>(values.length);
  for (let i = values.length - 1; i >= 0; i--) refs[i] = layout.leafRef(i, values[i]!);
  return bytesToHex(layout.root(refs));
}

describe("OrderedTrieLayout", () => {
  const sizes = [0, 1, 2, 3, 15, 16, 17, 127, 128, 129, 255, 256, 257, 300, 1000, 2000, 4097];
  for (const n of sizes) {
    it(`${n} entries: same root as orderedTrieRoot (long and short values)`, () => {
      for (const maxLength of [3, 40, 600]) {
        const values = randomValues(n, n * 7 + maxLength, maxLength);
        assert.equal(rootFromLeaves(values), bytesToHex(orderedTrieRoot(values)));
      }
    });
  }

  it("a changed leaf changes the root", () => {
    const values = randomValues(300, 5, 100);
    const layout = new OrderedTrieLayout(300);
    const refs = values.map((v, i) => layout.leafRef(i, v));
    const before = bytesToHex(layout.root(refs));
    refs[123] = layout.leafRef(123, Uint8Array.of(1, 2, 3));
    assert.notEqual(bytesToHex(layout.root(refs)), before);
  });

  it("rejects a leaf count that does not match its size", () => {
    assert.throws(() => new OrderedTrieLayout(3).root([]), /0 leaves for 3/);
  });
});
