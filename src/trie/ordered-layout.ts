// The shape of an ordered trie (keys rlp(0) .. rlp(n-1): transactions, receipts, withdrawals) as a function of
// n alone, so that its leaves can be encoded and hashed where the values are produced (the parallel
// executor's workers hash receipt leaves; block/receipts.ts writes each leaf `[HP(path), value]` itself,
// straight from its own encoding of the value, through leafPath) and only the few inner nodes are built in
// one place. Keys of the form rlp(i) are never prefixes of one another, so every value sits in a leaf.
import { rlpEncode } from "../primitives/rlp.js";
import { compareBytes, leafDepths, rootOfLeafRefs } from "./builder.js";
import { bytesToNibbles, hexPrefixEncode } from "./nibbles.js";
import { encodeLeaf, nodeRef } from "./node.js";

export class OrderedTrieLayout {
  /** Key paths in trie order. */
  private readonly paths: Uint8Array[];
  /** Per entry index: its position in trie order. */
  private readonly position: Int32Array;
  /** Per position: how deep its leaf starts. */
  private readonly depths: Uint8Array;
  /** Per entry index: the hex-prefix encoding of its leaf's path, built on first use of leafPath. */
  private leafPaths: Uint8Array[] | undefined;

  constructor(readonly size: number) {
    const keys: Uint8Array[] = [];
    for (let i = 0; i < size; i++) keys.push(rlpEncode(i));
    const order = keys.map((_, i) => i).sort((a, b) => compareBytes(keys[a]!, keys[b]!));
    this.paths = order.map((i) => bytesToNibbles(keys[i]!));
    this.position = new Int32Array(size);
    order.forEach((index, position) => {
      this.position[index] = position;
    });
    this.depths = leafDepths(this.paths);
  }

  /** The reference its parent holds to the leaf of entry `index` with `value` (a hash when >= 32 bytes). */
  leafRef(index: number, value: Uint8Array): Uint8Array {
    const position = this.position[index]!;
    const path = this.paths[position]!;
    return nodeRef(encodeLeaf(path, this.depths[position]!, path.length, value));
  }

  /** The hex-prefix encoded path of entry `index`'s leaf (the key's nibbles below the leaf's depth). */
  leafPath(index: number): Uint8Array {
    if (this.leafPaths === undefined) {
      const paths = new Array<Uint8Array>(this.size);
      for (let i = 0; i < this.size; i++) {
        const position = this.position[i]!;
        const path = this.paths[position]!;
        paths[i] = hexPrefixEncode(path, this.depths[position]!, path.length, true);
      }
      this.leafPaths = paths;
    }
    return this.leafPaths[index]!;
  }

  /** The root hash, given every entry's leafRef by entry index. */
  root(leafRefs: readonly Uint8Array[]): Uint8Array {
    if (leafRefs.length !== this.size)
      throw new Error(`ordered trie: ${leafRefs.length} leaves for ${this.size}`);
    const byPosition = new Array<Uint8Array>(this.size);
    for (let i = 0; i < this.size; i++) byPosition[this.position[i]!] = leafRefs[i]!;
    return rootOfLeafRefs(this.paths, byPosition);
  }
}
