// Unit tests for the batch trie root: hand-derived nodes, input semantics, and a randomized cross-check
// against the Yellow-Paper-literal reference in reference-trie.ts.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { bytesToHex, hexToBytes } from "../../src/primitives/hex.js";
import { EMPTY_TRIE_ROOT, keccak256 } from "../../src/primitives/keccak.js";
import { rlpEncode } from "../../src/primitives/rlp.js";
import {
  bytesToNibbles,
  encodeBranch,
  encodeLeaf,
  encodeRootNode,
  hexPrefixDecode,
  hexPrefixEncode,
  nodeRef,
  orderedTrieRoot,
  secureTrieRoot,
  trieRoot,
} from "../../src/trie/index.js";
import { prng } from "../../tools/prng.js";
import { referenceTrieRoot } from "./reference-trie.js";

const ascii = (s: string) => new TextEncoder().encode(s);
const hex = bytesToHex;

describe("hex-prefix encoding", () => {
  // Examples from the Ethereum wiki's Patricia tree page.
  const cases: [number[], boolean, string][] = [
    [[1, 2, 3, 4, 5], false, "0x112345"],
    [[0, 1, 2, 3, 4, 5], false, "0x00012345"],
    [[0, 15, 1, 12, 11, 8], true, "0x200f1cb8"],
    [[15, 1, 12, 11, 8], true, "0x3f1cb8"],
    [[], true, "0x20"],
    [[], false, "0x00"],
  ];
  for (const [nibbles, leaf, expected] of cases) {
    it(`${nibbles.join(",") || "(empty)"} leaf=${leaf} -> ${expected}`, () => {
      const n = Uint8Array.from(nibbles);
      const encoded = hexPrefixEncode(n, 0, n.length, leaf);
      assert.equal(hex(encoded), expected);
      const decoded = hexPrefixDecode(encoded);
      assert.deepEqual([...decoded.nibbles], nibbles);
      assert.equal(decoded.leaf, leaf);
    });
  }

  it("encodes a sub-range without copying the path", () => {
    const n = bytesToNibbles(hexToBytes("0xabcdef"));
    assert.equal(hex(hexPrefixEncode(n, 1, 4, true)), "0x3bcd");
    assert.equal(hex(hexPrefixEncode(n, 2, 6, false)), "0x00cdef");
  });

  it("rejects a bad flag or padding", () => {
    assert.throws(() => hexPrefixDecode(hexToBytes("0x40")));
    assert.throws(() => hexPrefixDecode(hexToBytes("0x01")));
    assert.throws(() => hexPrefixDecode(new Uint8Array(0)));
  });
});

describe("node encoding", () => {
  it("embeds nodes under 32 bytes and hashes the rest", () => {
    const small = hexToBytes(`0x${"00".repeat(31)}`);
    const big = hexToBytes(`0x${"00".repeat(32)}`);
    assert.equal(nodeRef(small), small);
    assert.equal(hex(nodeRef(big)), `0xa0${hex(keccak256(big)).slice(2)}`);
  });

  it("writes a leaf as rlp([hp(path), value])", () => {
    const n = Uint8Array.from([1, 2, 3]);
    const value = ascii("x".repeat(60));
    assert.deepEqual(encodeLeaf(n, 0, 3, value), rlpEncode([hexToBytes("0x3123"), value]));
  });

  it("writes a branch with empty slots as 0x80 and a long value with a long header", () => {
    const child = nodeRef(rlpEncode([hexToBytes("0x20"), ascii("v")]));
    const children = new Array<Uint8Array | undefined>(16);
    children[3] = child;
    const value = ascii("y".repeat(70));
    // By hand: list header, 3x 0x80, the embedded child, 12x 0x80, then the 70-byte value (header b8 46).
    const payload = [0x80, 0x80, 0x80, ...child, ...new Array(12).fill(0x80), 0xb8, 70, ...value];
    assert.equal(
      hex(encodeBranch(children, value)),
      hex(Uint8Array.from([0xf8, payload.length, ...payload])),
    );
  });
});

describe("trieRoot", () => {
  it("returns EMPTY_TRIE_ROOT for no entries, only empty values, or everything deleted", () => {
    assert.equal(hex(trieRoot([])), hex(EMPTY_TRIE_ROOT));
    assert.equal(hex(trieRoot([[ascii("a"), new Uint8Array(0)]])), hex(EMPTY_TRIE_ROOT));
    assert.equal(
      hex(
        trieRoot([
          [ascii("a"), ascii("1")],
          [ascii("a"), new Uint8Array(0)],
        ]),
      ),
      hex(EMPTY_TRIE_ROOT),
    );
    assert.equal(hex(orderedTrieRoot([])), hex(EMPTY_TRIE_ROOT));
  });

  it("hashes the root node even when it is under 32 bytes", () => {
    // Single leaf "a" -> "b": path nibbles [6, 1] (even) -> hp 0x2061; node rlp([0x2061, "b"]) = c4 82 20 61 62.
    const node = hexToBytes("0xc482206162");
    assert.equal(hex(encodeRootNode([{ key: ascii("a"), value: ascii("b") }])!), hex(node));
    assert.equal(hex(trieRoot([[ascii("a"), ascii("b")]])), hex(keccak256(node)));
  });

  it("puts a key that is a prefix of another into the branch value", () => {
    // "do" and "dog" share nibbles 6,4,6,f; then a branch whose value is "do"'s and whose child 6 holds "g".
    const gLeaf = rlpEncode([hexToBytes("0x37"), ascii("p")]); // 'g' = 0x67: nibble 6 picks the slot, 7 is left
    const children = new Array<Uint8Array | undefined>(16);
    children[6] = nodeRef(gLeaf);
    const branch = encodeBranch(children, ascii("v"));
    assert.ok(branch.length < 32, "the branch is small enough to be embedded in the extension");
    const payload = [0x83, 0x00, 0x64, 0x6f, ...branch]; // hp([6,4,6,f], extension) = 0x00646f
    const ext = Uint8Array.from([0xc0 + payload.length, ...payload]);
    const root = trieRoot([
      [ascii("dog"), ascii("p")],
      [ascii("do"), ascii("v")],
    ]);
    assert.equal(hex(root), hex(keccak256(ext)));
  });

  it("keeps the last value of a repeated key and ignores input order otherwise", () => {
    const entries: [Uint8Array, Uint8Array][] = [
      [ascii("horse"), ascii("stallion")],
      [ascii("doge"), ascii("coin")],
      [ascii("do"), ascii("verb")],
      [ascii("dog"), ascii("puppy")],
    ];
    const expected = "0x5991bb8c6514148a29db676a14ac506cd2cd5775ace63c30a4fe457715e9ac84";
    assert.equal(hex(trieRoot(entries)), expected);
    assert.equal(hex(trieRoot([...entries].reverse())), expected);
    assert.equal(hex(trieRoot([[ascii("dog"), ascii("cat")], ...entries])), expected);
    assert.notEqual(hex(trieRoot([...entries, [ascii("dog"), ascii("cat")]])), expected);
  });

  it("does not modify its inputs", () => {
    const key = ascii("key");
    const value = ascii("value");
    trieRoot([[key, value]]);
    secureTrieRoot([[key, value]]);
    assert.equal(hex(key), hex(ascii("key")));
    assert.equal(hex(value), hex(ascii("value")));
    const empty = trieRoot([]);
    empty[0] = 0;
    assert.equal(hex(EMPTY_TRIE_ROOT), "0x56e81f171bcc55a6ff8345e692c0f86e5b48e01b996cadc001622fb5e363b421");
  });

  it("matches the Yellow-Paper reference on random key sets (prefixes, deletes, repeats)", () => {
    const random = prng(12345);
    const alphabet = [0x00, 0x01, 0x10, 0x11, 0x1f, 0xf0, 0xff];
    for (let round = 0; round < 400; round++) {
      const puts: [Uint8Array, Uint8Array][] = [];
      const count = Math.floor(random() * 24);
      for (let k = 0; k < count; k++) {
        const key = Uint8Array.from({ length: Math.floor(random() * 5) }, () =>
          random() < 0.8 ? alphabet[Math.floor(random() * alphabet.length)]! : Math.floor(random() * 256),
        );
        // Lengths around the 32-byte embedding threshold, and some empty values (deletes).
        const value = Uint8Array.from({ length: random() < 0.1 ? 0 : Math.floor(random() * 40) + 1 }, () =>
          Math.floor(random() * 256),
        );
        puts.push([key, value]);
      }
      const expected = hex(referenceTrieRoot(puts));
      assert.equal(hex(trieRoot(puts)), expected, `round ${round}`);
      const hashed = puts.map(([k, v]) => [keccak256(k), v] as [Uint8Array, Uint8Array]);
      assert.equal(hex(secureTrieRoot(puts)), hex(referenceTrieRoot(hashed)), `secure round ${round}`);
    }
  });
});

describe("orderedTrieRoot", () => {
  it("uses rlp(index) keys", () => {
    const values = Array.from({ length: 200 }, (_, i) => ascii(`value number ${i} `.repeat((i % 4) + 1)));
    const expected = referenceTrieRoot(values.map((v, i) => [rlpEncode(i), v] as [Uint8Array, Uint8Array]));
    assert.equal(hex(orderedTrieRoot(values)), hex(expected));
  });

  it("gives the known transactions root of a block with one legacy transaction", () => {
    // Root of {0x80: tx}: a single leaf with path nibbles [8, 0] (hp 0x2080).
    const tx = hexToBytes(`0x${"ab".repeat(100)}`);
    const leaf = rlpEncode([hexToBytes("0x2080"), tx]);
    assert.equal(hex(orderedTrieRoot([tx])), hex(keccak256(leaf)));
  });
});
