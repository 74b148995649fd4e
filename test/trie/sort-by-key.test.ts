// sortByKey (src/trie/builder.ts) against Array.prototype.sort with compareBytes: the same order, stable
// among equal keys, on hashed-looking keys, short keys that pad to the same prefix, long runs of one prefix
// and duplicates.
import assert from "node:assert/strict";
import { test } from "node:test";
import { compareBytes, sortByKey } from "../../src/trie/builder.js";

interface Item {
  key: Uint8Array;
  id: number;
}

/** A deterministic byte stream (xorshift32) so failures reproduce. */
function bytes(seed: number): (n: number) => Uint8Array {
  let x = seed >>> 0 || 1;
  return (n) => {
    const out = new Uint8Array(n);
    for (let i = 0; i < n; i++) {
      x ^= x << 13;
      x >>>= 0;
      x ^= x >>> 17;
      x ^= x << 5;
      x >>>= 0;
      out[i] = x & 0xff;
    }
    return out;
  };
}

function check(keys: Uint8Array[]): void {
  const items: Item[] = keys.map((key, id) => ({ key, id }));
  const expected = items.slice().sort((a, b) => compareBytes(a.key, b.key));
  sortByKey(items);
  assert.deepEqual(
    items.map((i) => i.id),
    expected.map((i) => i.id),
  );
}

test("sortByKey orders 32-byte keys like a stable compareBytes sort", () => {
  const next = bytes(7);
  const keys = Array.from({ length: 3000 }, () => next(32));
  // Duplicates (the stable order decides which of them comes first) and keys sharing a 4-byte prefix.
  for (let i = 0; i < 200; i++) keys.push(keys[i * 7]!.slice());
  for (let i = 0; i < 40; i++) keys.push(Uint8Array.of(...keys[5]!.subarray(0, 4), ...next(28)));
  check(keys);
});

test("sortByKey orders short and prefix keys (zero padding never misorders)", () => {
  const keys: Uint8Array[] = [
    Uint8Array.of(),
    Uint8Array.of(0),
    Uint8Array.of(0, 0),
    Uint8Array.of(1),
    Uint8Array.of(1, 0),
    Uint8Array.of(1, 0, 0, 0, 0),
    Uint8Array.of(1, 0, 0, 0, 1),
    Uint8Array.of(0xff, 0xff, 0xff, 0xff),
    Uint8Array.of(0xff, 0xff, 0xff, 0xff, 0),
    Uint8Array.of(0x80),
    Uint8Array.of(0x7f),
    Uint8Array.of(0x81, 0x80),
    Uint8Array.of(1),
    Uint8Array.of(),
  ];
  const next = bytes(11);
  for (let i = 0; i < 300; i++) keys.push(next(1 + (i % 6)));
  check(keys);
  check(keys.slice().reverse());
});

test("sortByKey handles a long run of one prefix and tiny inputs", () => {
  const next = bytes(3);
  const keys = Array.from({ length: 500 }, () => Uint8Array.of(9, 9, 9, 9, ...next(3)));
  check(keys);
  check([]);
  check([Uint8Array.of(2)]);
  check([Uint8Array.of(2), Uint8Array.of(1)]);
});
