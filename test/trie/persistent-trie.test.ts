// The persistent trie: randomized (seeded) sequences of puts and deletes, one at a time and in batches,
// checked after every step against the batch builder (rootOfEntries), old versions checked to be untouched,
// the TrieTests fixtures applied in order, and the direct leaf encoders against the generic RLP ones.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import { bigIntToMinimalBytes, bytesToHex, hexToBytes } from "../../src/primitives/hex.js";
import { EMPTY_TRIE_ROOT, keccak256 } from "../../src/primitives/keccak.js";
import { rlpEncode } from "../../src/primitives/rlp.js";
import { rootOfEntries, type TrieEntry } from "../../src/trie/builder.js";
import {
  BranchNode,
  ExtensionNode,
  LeafNode,
  PersistentTrie,
  type TrieNode,
  type TrieUpdate,
  trieFromEntries,
  trieRootHash,
  trieUpdate,
  trieUpdateMany,
} from "../../src/trie/persistent-trie.js";
import { encodeAccount } from "../../src/trie/state-root.js";
import { encodeAccountLeaf, storageValue } from "../../src/trie/state-trie.js";
import { prng } from "../../tools/prng.js";
import { fixtureDir } from "../helpers/ethereum-tests.js";

const hex = bytesToHex;

function referenceRoot(model: Map<string, Uint8Array>): string {
  const entries: TrieEntry[] = [];
  for (const [k, v] of model) entries.push({ key: hexToBytes(k), value: v });
  return hex(rootOfEntries(entries));
}

/** Every key/value held by the trie at `node`, read from the nodes themselves (no hashing). */
function contents(node: TrieNode | undefined, out = new Map<string, string>()): Map<string, string> {
  if (node === undefined) return out;
  if (node instanceof LeafNode) out.set(hex(node.key), hex(node.value));
  else if (node instanceof ExtensionNode) contents(node.child, out);
  else {
    if (node.value !== undefined) out.set(hex(node.valueKey!), hex(node.value));
    for (const child of node.children) contents(child, out);
  }
  return out;
}

/** Structural invariants of a canonical trie: no branch with a single entry, extensions over branches. */
function checkCanonical(node: TrieNode | undefined): void {
  if (node === undefined || node instanceof LeafNode) return;
  if (node instanceof ExtensionNode) {
    assert.ok(node.end > node.start, "empty extension");
    assert.ok(node.child instanceof BranchNode, "extension child is not a branch");
    checkCanonical(node.child);
    return;
  }
  const entries = node.children.filter((c) => c !== undefined).length + (node.value === undefined ? 0 : 1);
  assert.ok(entries >= 2, "branch with fewer than two entries");
  for (const child of node.children) checkCanonical(child);
}

/** A random key: fixed 32 bytes (secure-trie shape) or short variable-length ones that share prefixes. */
function randomKey(next: () => number, fixed: boolean): Uint8Array {
  if (fixed) return keccak256(Uint8Array.of(Math.floor(next() * 300)));
  const length = 1 + Math.floor(next() * 4);
  const key = new Uint8Array(length);
  for (let i = 0; i < length; i++) key[i] = next() < 0.6 ? 0x12 + (i & 1) : Math.floor(next() * 256);
  return key;
}

function randomValue(next: () => number): Uint8Array {
  // Short values make small (embedded) nodes, long ones hashed nodes.
  const length = next() < 0.5 ? 1 + Math.floor(next() * 3) : 1 + Math.floor(next() * 60);
  const value = new Uint8Array(length);
  for (let i = 0; i < length; i++) value[i] = Math.floor(next() * 256);
  return value;
}

describe("persistent trie: randomized against the batch builder", () => {
  for (const fixed of [true, false]) {
    for (let seed = 1; seed <= 6; seed++) {
      it(`${fixed ? "32-byte" : "variable-length"} keys, seed ${seed}: one update at a time`, () => {
        const next = prng(seed * 7919 + (fixed ? 1 : 0));
        const model = new Map<string, Uint8Array>();
        let trie = PersistentTrie.EMPTY;
        const history: { trie: PersistentTrie; model: Map<string, string>; root: string }[] = [];
        for (let step = 0; step < 400; step++) {
          const key = randomKey(next, fixed);
          const k = hex(key);
          if (next() < 0.35 && model.size > 0) {
            // Delete, usually a present key.
            const victim = next() < 0.8 ? [...model.keys()][Math.floor(next() * model.size)]! : k;
            model.delete(victim);
            trie = trie.update(hexToBytes(victim), undefined);
          } else {
            const value = randomValue(next);
            model.set(k, value);
            trie = trie.update(key, value);
          }
          const root = hex(trie.hash());
          assert.equal(root, referenceRoot(model), `step ${step}`);
          checkCanonical(trie.root);
          for (const [mk, mv] of model) assert.equal(hex(trie.get(hexToBytes(mk))!), hex(mv));
          if (step % 25 === 0) {
            const snapshot = new Map([...model].map(([a, b]) => [a, hex(b)]));
            history.push({ trie, model: snapshot, root });
          }
        }
        // Old versions are untouched by later updates.
        for (const h of history) {
          assert.deepEqual(contents(h.trie.root), h.model);
          assert.equal(hex(h.trie.hash()), h.root);
        }
      });

      it(`${fixed ? "32-byte" : "variable-length"} keys, seed ${seed}: batches (trieUpdateMany)`, () => {
        const next = prng(seed * 104729 + (fixed ? 1 : 0));
        const model = new Map<string, Uint8Array>();
        let root: TrieNode | undefined;
        let previous: { root: TrieNode | undefined; model: Map<string, string>; hash: string } | undefined;
        for (let step = 0; step < 60; step++) {
          const updates: TrieUpdate[] = [];
          const size = 1 + Math.floor(next() * (step < 10 ? 40 : 15));
          let sequential = root;
          for (let i = 0; i < size; i++) {
            const key =
              next() < 0.4 && model.size > 0
                ? hexToBytes([...model.keys()][Math.floor(next() * model.size)]!)
                : randomKey(next, fixed);
            const value = next() < 0.35 ? (next() < 0.5 ? undefined : new Uint8Array(0)) : randomValue(next);
            updates.push({ key, value });
            if (value === undefined || value.length === 0) model.delete(hex(key));
            else model.set(hex(key), value);
            sequential = trieUpdate(sequential, key, value);
          }
          root = trieUpdateMany(root, updates);
          checkCanonical(root);
          const expected = referenceRoot(model);
          assert.equal(hex(trieRootHash(root)), expected, `step ${step}`);
          assert.equal(hex(trieRootHash(sequential)), expected, `sequential, step ${step}`);
          if (previous !== undefined) {
            assert.deepEqual(contents(previous.root), previous.model);
            assert.equal(hex(trieRootHash(previous.root)), previous.hash);
          }
          previous = { root, model: new Map([...model].map(([a, b]) => [a, hex(b)])), hash: expected };
        }
      });
    }
  }

  it("bulk construction equals the batch builder and incremental insertion", () => {
    const next = prng(42);
    for (let round = 0; round < 30; round++) {
      const entries: TrieEntry[] = [];
      const n = Math.floor(next() * 200);
      for (let i = 0; i < n; i++) {
        entries.push({
          key: randomKey(next, round % 2 === 0),
          value: next() < 0.1 ? new Uint8Array(0) : randomValue(next),
        });
      }
      const expected = hex(rootOfEntries([...entries]));
      let incremental: TrieNode | undefined;
      for (const e of entries) incremental = trieUpdate(incremental, e.key, e.value);
      const bulk = trieFromEntries([...entries]);
      checkCanonical(bulk);
      assert.equal(hex(trieRootHash(bulk)), expected);
      assert.equal(hex(trieRootHash(incremental)), expected);
    }
  });

  it("the empty trie", () => {
    assert.deepEqual(PersistentTrie.EMPTY.hash(), EMPTY_TRIE_ROOT);
    const key = Uint8Array.of(1, 2);
    const t = PersistentTrie.EMPTY.update(key, Uint8Array.of(5)).update(key, undefined);
    assert.ok(t.isEmpty);
    assert.deepEqual(t.hash(), EMPTY_TRIE_ROOT);
    assert.equal(PersistentTrie.EMPTY.update(key, undefined), PersistentTrie.EMPTY);
  });
});

type TrieCase = { in: [string, string | null][] | Record<string, string | null>; root: string };
const toBytes = (s: string | null) =>
  s === null ? new Uint8Array(0) : s.startsWith("0x") ? hexToBytes(s) : new TextEncoder().encode(s);
const dir = fixtureDir("TrieTests");

describe("persistent trie: TrieTests fixtures applied in order", {
  skip: dir ? false : "fixtures not found",
}, () => {
  if (!dir) return;
  const files: [string, boolean][] = [
    ["trietest.json", false],
    ["trieanyorder.json", false],
    ["trietest_secureTrie.json", true],
    ["trieanyorder_secureTrie.json", true],
    ["hex_encoded_securetrie_test.json", true],
  ];
  for (const [file, secure] of files) {
    const cases = JSON.parse(readFileSync(join(dir, file), "utf8")) as Record<string, TrieCase>;
    for (const [name, c] of Object.entries(cases)) {
      it(`${file} ${name}`, () => {
        const pairs = Array.isArray(c.in) ? c.in : Object.entries(c.in);
        let trie = PersistentTrie.EMPTY;
        const batch: TrieUpdate[] = [];
        for (const [k, v] of pairs) {
          const key = secure ? keccak256(toBytes(k)) : toBytes(k);
          trie = trie.update(key, toBytes(v));
          batch.push({ key, value: toBytes(v) });
        }
        assert.equal(hex(trie.hash()), c.root.toLowerCase());
        assert.equal(hex(PersistentTrie.EMPTY.updateMany(batch).hash()), c.root.toLowerCase());
      });
    }
  }
});

describe("direct leaf encoders", () => {
  const edges = [
    0n,
    1n,
    0x7fn,
    0x80n,
    0xffn,
    0x100n,
    (1n << 48n) - 1n,
    1n << 48n,
    (1n << 56n) + 3n,
    (1n << 256n) - 1n,
  ];
  it("storageValue is rlp(minimal bytes)", () => {
    const next = prng(5);
    const values = [...edges];
    for (let i = 0; i < 300; i++)
      values.push(BigInt(Math.floor(next() * 2 ** 52)) << BigInt(Math.floor(next() * 200)));
    for (const v of values) {
      if (v === 0n) assert.equal(storageValue(v), undefined);
      else assert.equal(hex(storageValue(v)!), hex(rlpEncode(bigIntToMinimalBytes(v))), v.toString(16));
    }
    assert.throws(() => storageValue(1n << 256n), RangeError);
    assert.throws(() => storageValue(-1n), RangeError);
  });
  it("encodeAccountLeaf equals encodeAccount", () => {
    const next = prng(6);
    const root = keccak256(Uint8Array.of(1));
    const code = keccak256(Uint8Array.of(2));
    for (const nonce of edges) {
      for (const balance of edges) {
        assert.equal(
          hex(encodeAccountLeaf(nonce, balance, root, code)),
          hex(encodeAccount(nonce, balance, root, code)),
        );
      }
    }
    for (let i = 0; i < 300; i++) {
      const nonce = BigInt(Math.floor(next() * 2 ** 40));
      const balance = BigInt(Math.floor(next() * 2 ** 52)) << BigInt(Math.floor(next() * 190));
      assert.equal(
        hex(encodeAccountLeaf(nonce, balance, root, code)),
        hex(encodeAccount(nonce, balance, root, code)),
      );
    }
  });
});
