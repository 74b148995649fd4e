// The partial trie: seeded random tries read and updated in batches through a loader over the full trie that
// records what it loads; the roots are checked against the batch builder, the recorded nodes alone must
// reproduce every read and the root (complete), and removing any one of them must make that fail (minimal).
// Plus the branch-collapse cases that need a sibling, order independence, the "key outside" walk and
// malformed node encodings.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { bytesToHex, hexToBytes } from "../../src/primitives/hex.js";
import { keccak256 } from "../../src/primitives/keccak.js";
import { rlpEncode } from "../../src/primitives/rlp.js";
import { rootOfEntries, type TrieEntry } from "../../src/trie/builder.js";
import { bytesToNibbles } from "../../src/trie/nibbles.js";
import { loadPersistentNode, persistentRootRef } from "../../src/trie/partial-from-persistent.js";
import {
  decodeTrieNode,
  HashRef,
  type LoadedNode,
  type NodeResolver,
  type PartialNode,
  type PartialUpdate,
  partialGet,
  partialHasKeyOutside,
  partialRootHash,
  partialUpdate,
  TrieNodeError,
} from "../../src/trie/partial-trie.js";
import { trieFromEntries } from "../../src/trie/persistent-trie.js";
import { prng } from "../../tools/prng.js";

const hex = bytesToHex;

class Recording implements NodeResolver {
  readonly nodes = new Map<string, Uint8Array>();
  siblings = 0;
  load(ref: HashRef, _why: () => string, sibling: boolean): LoadedNode {
    const loaded = loadPersistentNode(ref);
    this.nodes.set(hex(ref.hash), loaded.encoded);
    if (sibling) this.siblings++;
    return loaded;
  }
}

class Missing extends Error {}

class FromNodes implements NodeResolver {
  readonly used = new Set<string>();
  constructor(private readonly nodes: ReadonlyMap<string, Uint8Array>) {}
  load(ref: HashRef, why: () => string): LoadedNode {
    const encoded = this.nodes.get(hex(ref.hash));
    if (encoded === undefined) throw new Missing(`missing ${hex(ref.hash)} for ${why()}`);
    this.used.add(hex(ref.hash));
    return { node: decodeTrieNode(encoded), encoded };
  }
}

function referenceRoot(model: Map<string, Uint8Array>): string {
  const entries: TrieEntry[] = [];
  for (const [k, v] of model) entries.push({ key: hexToBytes(k), value: v });
  return hex(rootOfEntries(entries));
}

interface Scenario {
  entries: Map<string, Uint8Array>;
  reads: Uint8Array[];
  updates: { key: Uint8Array; value: Uint8Array | undefined }[];
}

/** Runs the reads then the batch from a root; returns what was read and the new root hash. */
function run(root: PartialNode | undefined, s: Scenario, resolver: NodeResolver) {
  const read = s.reads.map((k) => {
    const v = partialGet(root, bytesToNibbles(k), resolver, () => hex(k));
    return v === undefined ? "-" : hex(v);
  });
  const updates: PartialUpdate[] = s.updates.map((u) => ({ key: bytesToNibbles(u.key), value: u.value }));
  const after = partialUpdate(root, updates, resolver, (u) => String(u.key));
  return { read, root: hex(partialRootHash(after)) };
}

function randomScenario(seed: number, shortKeys: boolean): Scenario {
  const rand = prng(seed);
  const int = (n: number) => Math.floor(rand() * n);
  const key = (i: number): Uint8Array =>
    shortKeys
      ? Uint8Array.from({ length: 1 + int(3) }, () => int(4) * 17) // few distinct nibbles: prefixes, branch values
      : keccak256(Uint8Array.of(i >> 8, i & 255, seed & 255));
  const value = () =>
    rand() < 0.5 ? Uint8Array.of(1 + int(200)) : Uint8Array.from({ length: 1 + int(40) }, () => int(256));
  const entries = new Map<string, Uint8Array>();
  const count = 1 + int(shortKeys ? 20 : 60);
  for (let i = 0; i < count; i++) entries.set(hex(key(i)), value());
  const keys = [...entries.keys()].map((k) => hexToBytes(k));
  const reads: Uint8Array[] = [];
  for (let i = 0; i < 1 + int(10); i++)
    reads.push(rand() < 0.7 && keys.length > 0 ? keys[int(keys.length)]! : key(1000 + i));
  const updates: Scenario["updates"] = [];
  for (let i = 0; i < 1 + int(12); i++) {
    const r = rand();
    const k = r < 0.6 && keys.length > 0 ? keys[int(keys.length)]! : key(2000 + i);
    updates.push({ key: k, value: rand() < 0.5 ? undefined : value() });
  }
  return { entries, reads, updates };
}

function expected(s: Scenario) {
  const model = new Map(s.entries);
  const read = s.reads.map((k) => {
    const v = model.get(hex(k));
    return v === undefined ? "-" : hex(v);
  });
  for (const u of s.updates) {
    if (u.value === undefined) model.delete(hex(u.key));
    else model.set(hex(u.key), u.value);
  }
  return { read, root: referenceRoot(model) };
}

function fullRoot(s: Scenario): PartialNode | undefined {
  const entries: TrieEntry[] = [...s.entries].map(([k, v]) => ({ key: hexToBytes(k), value: v }));
  return persistentRootRef(trieFromEntries(entries));
}

function witnessRoot(s: Scenario): PartialNode | undefined {
  const entries: TrieEntry[] = [...s.entries].map(([k, v]) => ({ key: hexToBytes(k), value: v }));
  return s.entries.size === 0 ? undefined : new HashRef(rootOfEntries(entries));
}

describe("partial trie", () => {
  for (const shortKeys of [false, true]) {
    it(`reads and batch updates match the builder; the recorded nodes are complete and minimal (${shortKeys ? "short keys" : "32-byte keys"})`, () => {
      let nodesChecked = 0;
      for (let seed = 1; seed <= 60; seed++) {
        const s = randomScenario(seed, shortKeys);
        const want = expected(s);
        const recorder = new Recording();
        assert.deepEqual(run(fullRoot(s), s, recorder), want, `seed ${seed}: against the full trie`);
        const witness = recorder.nodes;
        const replay = new FromNodes(witness);
        assert.deepEqual(run(witnessRoot(s), s, replay), want, `seed ${seed}: from the recorded nodes`);
        assert.equal(replay.used.size, witness.size, `seed ${seed}: every recorded node is used`);
        for (const dropped of witness.keys()) {
          const fewer = new Map(witness);
          fewer.delete(dropped);
          assert.throws(
            () => run(witnessRoot(s), s, new FromNodes(fewer)),
            Missing,
            `seed ${seed}: drop ${dropped}`,
          );
          nodesChecked++;
        }
      }
      assert.ok(nodesChecked > 200, `only ${nodesChecked} nodes dropped`);
    });
  }

  /** 32-byte keys whose hashes put them under one branch: keys that differ in the first nibble only. */
  function keyWithNibbles(...nibbles: number[]): Uint8Array {
    const out = new Uint8Array(32).fill(0x11);
    for (let i = 0; i < nibbles.length; i++) {
      const b = i >> 1;
      out[b] = i & 1 ? (out[b]! & 0xf0) | nibbles[i]! : (nibbles[i]! << 4) | (out[b]! & 0x0f);
    }
    return out;
  }

  const big = (n: number) => new Uint8Array(40).fill(n);

  function collapse(entries: [Uint8Array, Uint8Array][], updates: Scenario["updates"]) {
    const s: Scenario = { entries: new Map(entries.map(([k, v]) => [hex(k), v])), reads: [], updates };
    const recorder = new Recording();
    const got = run(fullRoot(s), s, recorder);
    assert.equal(got.root, expected(s).root);
    const replay = run(witnessRoot(s), s, new FromNodes(recorder.nodes));
    assert.equal(replay.root, got.root);
    return recorder;
  }

  it("deleting one of a branch's two children loads the other (a hashed leaf) to collapse the branch", () => {
    const a = keyWithNibbles(1);
    const b = keyWithNibbles(2);
    const r = collapse(
      [
        [a, big(1)],
        [b, big(2)],
      ],
      [{ key: a, value: undefined }],
    );
    assert.equal(r.siblings, 1);
    // The root branch, the deleted leaf's node on the path, and the sibling leaf.
    assert.equal(r.nodes.size, 3);
  });

  it("a sibling that is a branch is loaded to learn its type and stays referenced by hash", () => {
    const a = keyWithNibbles(1);
    const r = collapse(
      [
        [a, big(1)],
        [keyWithNibbles(2, 3), big(2)],
        [keyWithNibbles(2, 4), big(3)],
      ],
      [{ key: a, value: undefined }],
    );
    assert.equal(r.siblings, 1);
  });

  it("a branch emptied and refilled in the same batch loads no sibling, whatever the updates' order", () => {
    const a = keyWithNibbles(1);
    const b = keyWithNibbles(2);
    const c = keyWithNibbles(3);
    for (const updates of [
      [
        { key: a, value: undefined },
        { key: c, value: big(9) },
      ],
      [
        { key: c, value: big(9) },
        { key: a, value: undefined },
      ],
    ]) {
      const r = collapse(
        [
          [a, big(1)],
          [b, big(2)],
        ],
        updates,
      );
      assert.equal(r.siblings, 0);
      assert.equal(r.nodes.size, 2, "the root and the deleted leaf only");
    }
  });

  it("partialHasKeyOutside agrees with brute force and loads only the excluded keys' paths", () => {
    for (let seed = 1; seed <= 40; seed++) {
      const s = randomScenario(seed, false);
      const rand = prng(seed * 7);
      const keys = [...s.entries.keys()];
      const excluded = keys.filter(() => rand() < 0.8).map((k) => hexToBytes(k));
      if (rand() < 0.3) excluded.push(keccak256(Uint8Array.of(seed, 99)));
      const nibbles = excluded.map(bytesToNibbles).sort((x, y) => {
        for (let i = 0; i < 64; i++) if (x[i] !== y[i]) return x[i]! - y[i]!;
        return 0;
      });
      const outside = keys.some((k) => !excluded.some((e) => hex(e) === k));
      const recorder = new Recording();
      assert.equal(
        partialHasKeyOutside(fullRoot(s), nibbles, recorder, () => ""),
        outside,
        `seed ${seed}`,
      );
      // Everything it loaded is on some excluded key's path.
      const pathNodes = new Recording();
      const root = fullRoot(s);
      for (const k of excluded) partialGet(root, bytesToNibbles(k), pathNodes, () => "");
      for (const h of recorder.nodes.keys())
        assert.ok(pathNodes.nodes.has(h), `seed ${seed}: ${h} off the paths`);
    }
  });

  it("rejects malformed node encodings with TrieNodeError", () => {
    const bad = [
      Uint8Array.of(0x80), // a string
      rlpEncode([new Uint8Array(1), new Uint8Array(1), new Uint8Array(1)]), // three items
      rlpEncode([Uint8Array.of(0x20), new Uint8Array(0)]), // leaf with an empty value
      rlpEncode([Uint8Array.of(0x40), Uint8Array.of(1)]), // bad hex-prefix flag
      rlpEncode([Uint8Array.of(0x00), new Uint8Array(0)]), // extension without a child
      rlpEncode([...Array.from({ length: 16 }, () => new Uint8Array(5)), new Uint8Array(0)]), // 5-byte ref
      Uint8Array.of(0xc3, 0x01), // truncated RLP
    ];
    for (const encoded of bad) assert.throws(() => decodeTrieNode(encoded), TrieNodeError, hex(encoded));
  });
});
