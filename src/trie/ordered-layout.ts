// The shape of an ordered trie (keys rlp(0) .. rlp(n-1): transactions, receipts, withdrawals) as a function of
// n alone, so that its leaves can be encoded and hashed where the values are produced (the parallel
// executor's workers hash receipt leaves) and only the few inner nodes are built in one place. Keys of the
// form rlp(i) are never prefixes of one another, so every value sits in a leaf.
import { rlpEncode } from "../primitives/rlp.js";
import { compareBytes, leafDepths, rootOfLeafRefs } from "./builder.js";
import { bytesToNibbles } from "./nibbles.js";
import { encodeLeaf, nodeRef } from "./node.js";

export class OrderedTrieLayout {
  /** Key paths in trie order. */
  private readonly paths: Uint8Array[];
  /** Per entry index: its position in trie order. */
  private readonly position: Int32Array;
  /** Per position: how deep its leaf starts. */
  private readonly depths: Uint8Array;

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

  /** The root hash, given every entry's leafRef by entry index. */
  root(leafRefs: readonly Uint8Array[]): Uint8Array {
    if (leafRefs.length !== this.size)
      throw new Error(`ordered trie: ${leafRefs.length} leaves for ${this.size}`);
    const byPosition = new Array<Uint8Array>(this.size);
    for (let i = 0; i < this.size; i++) byPosition[this.position[i]!] = leafRefs[i]!;
    return rootOfLeafRefs(this.paths, byPosition);
  }
}
