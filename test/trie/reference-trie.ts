// A deliberately naive trie root written straight from the Yellow Paper (appendix D), used only to cross-check
// src/trie: paths are hex strings, nodes are nested arrays fed to the generic rlpEncode, and every level
// filters the whole item set instead of working on sorted ranges. Slow, but shares no code with the builder.
import { bytesToHex, hexToBytes } from "../../src/primitives/hex.js";
import { EMPTY_TRIE_ROOT, keccak256 } from "../../src/primitives/keccak.js";
import { type RlpInput, rlpEncode } from "../../src/primitives/rlp.js";

type Item = { path: string; value: Uint8Array };

function hexPrefix(path: string, leaf: boolean): Uint8Array {
  const flag = (leaf ? 2 : 0) + (path.length % 2);
  return hexToBytes(path.length % 2 === 1 ? `${flag}${path}` : `${flag}0${path}`);
}

function ref(items: Item[], i: number): RlpInput {
  if (items.length === 0) return new Uint8Array(0);
  const node = structure(items, i);
  return rlpEncode(node).length < 32 ? node : keccak256(rlpEncode(node));
}

function structure(items: Item[], i: number): RlpInput {
  if (items.length === 1) return [hexPrefix(items[0]!.path.slice(i), true), items[0]!.value];
  let j = i;
  while (items.every((it) => it.path.length > j && it.path[j] === items[0]!.path[j])) j++;
  if (j > i) return [hexPrefix(items[0]!.path.slice(i, j), false), ref(items, j)];
  const node: RlpInput[] = [];
  for (const digit of "0123456789abcdef") {
    node.push(
      ref(
        items.filter((it) => it.path.length > i && it.path[i] === digit),
        i + 1,
      ),
    );
  }
  node.push(items.find((it) => it.path.length === i)?.value ?? new Uint8Array(0));
  return node;
}

/** Applies the puts in order (an empty value deletes), then returns the root of what is left. */
export function referenceTrieRoot(puts: Iterable<readonly [Uint8Array, Uint8Array]>): Uint8Array {
  const map = new Map<string, Uint8Array>();
  for (const [key, value] of puts) {
    const path = bytesToHex(key).slice(2);
    if (value.length === 0) map.delete(path);
    else map.set(path, value);
  }
  const items = [...map].map(([path, value]) => ({ path, value }));
  if (items.length === 0) return EMPTY_TRIE_ROOT;
  return keccak256(rlpEncode(structure(items, 0)));
}
