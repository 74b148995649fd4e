// The shape of an ordered trie (keys rlp(0) .. rlp(n-1)) with each entry's leaf path, so a caller can write
// a leaf `[HP(path), value]` itself, straight from its own encoding of the value, and hand the trie only the
// leaves' references (receipts.ts: receipt leaves encoded and hashed in one buffer). The same shape as
// src/trie/ordered-layout.ts (which the parallel executor's workers use with whole values); kept apart so the
// trie's files stay as they are. Keys of the form rlp(i) are never prefixes of one another, so every value
// sits in a leaf.
import { rlpEncode } from "../primitives/rlp.js";
import { compareBytes, leafDepths, rootOfLeafRefs } from "../trie/builder.js";
import { bytesToNibbles, hexPrefixEncode } from "../trie/nibbles.js";

export class OrderedLeafLayout {
  /** Key paths in trie order. */
  private readonly paths: Uint8Array[];
  /** Per entry index: its position in trie order. */
  private readonly position: Int32Array;
  /** Per entry index: the hex-prefix encoding of its leaf's path (the key's nibbles below the leaf's depth). */
  private readonly leafPaths: Uint8Array[];

  constructor(readonly size: number) {
    const keys: Uint8Array[] = [];
    for (let i = 0; i < size; i++) keys.push(rlpEncode(i));
    const order = keys.map((_, i) => i).sort((a, b) => compareBytes(keys[a]!, keys[b]!));
    this.paths = order.map((i) => bytesToNibbles(keys[i]!));
    this.position = new Int32Array(size);
    const depths = leafDepths(this.paths);
    this.leafPaths = new Array<Uint8Array>(size);
    order.forEach((index, position) => {
      this.position[index] = position;
      const path = this.paths[position]!;
      this.leafPaths[index] = hexPrefixEncode(path, depths[position]!, path.length, true);
    });
  }

  /** The hex-prefix encoded path of entry `index`'s leaf. */
  leafPath(index: number): Uint8Array {
    return this.leafPaths[index]!;
  }

  /** The root hash, given every entry's leaf reference (nodeRef of its leaf) by entry index. */
  root(leafRefs: readonly Uint8Array[]): Uint8Array {
    if (leafRefs.length !== this.size)
      throw new Error(`ordered trie: ${leafRefs.length} leaves for ${this.size}`);
    const byPosition = new Array<Uint8Array>(this.size);
    for (let i = 0; i < this.size; i++) byPosition[this.position[i]!] = leafRefs[i]!;
    return rootOfLeafRefs(this.paths, byPosition);
  }
}
