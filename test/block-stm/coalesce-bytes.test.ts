// coalesceBytes (src/block-stm/coalesce-bytes.ts) must leave every output meaning the same bytes while
// moving them into one buffer, so that a structured clone of the reply carries one ArrayBuffer.
import assert from "node:assert/strict";
import { test } from "node:test";
import { coalesceBytes } from "../../src/block-stm/coalesce-bytes.js";

test("byte strings move into one buffer, keep their bytes, and a repeated one becomes one copy", () => {
  const shared = Uint8Array.of(9, 9, 9);
  const outputs: unknown[] = [
    [1, Uint8Array.of(1, 2), 2n, shared],
    { fallback: "not an array: left alone" },
    [Uint8Array.of(), shared, "text", Uint8Array.of(3, 4, 5, 6)],
  ];
  const before = structuredClone(outputs);
  coalesceBytes(outputs);
  assert.deepStrictEqual(outputs, before);
  const a = outputs[0] as unknown[];
  const b = outputs[2] as unknown[];
  const buffers = new Set([a[1], a[3], b[0], b[1], b[3]].map((x) => (x as Uint8Array).buffer));
  assert.equal(buffers.size, 1);
  assert.equal(a[3], b[1], "the same object twice is one copy");
  const cloned = structuredClone(outputs) as unknown[][];
  assert.deepStrictEqual(cloned, before);
  assert.equal((cloned[0]![1] as Uint8Array).buffer, (cloned[2]![3] as Uint8Array).buffer);
});

test("fewer than two byte strings: nothing to gain, nothing changes", () => {
  const only = Uint8Array.of(1);
  const outputs: unknown[] = [[only, 1n], [2n]];
  coalesceBytes(outputs);
  assert.equal((outputs[0] as unknown[])[0], only);
  coalesceBytes([]);
});
