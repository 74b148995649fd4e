// TrieBackedState: a block's pre-state read from Merkle-Patricia tries whose nodes come from a source (the
// nodes of an execution witness when verifying, the full pre-state trie when generating a witness), and the
// post-state root computed by updating those tries with the block's diff.
//
// Every read walks the account trie (and the account's storage trie) from the root, so a value is served only
// when the source proves it: present, or absent because the path ends. The post-state root applies the diff
// as one batch per trie (partial-trie.ts), which loads the nodes on changed paths and the siblings collapsing
// branches need. The generator and the verifier run this same code; the generator records what its source
// loads, so the witness holds exactly what the verifier's run of this code asks for.

import { addressToHex, bytesEqual, bytesToBigInt, wordToHex } from "../primitives/hex.js";
import { EMPTY_CODE_HASH, EMPTY_TRIE_ROOT } from "../primitives/keccak.js";
import { type RlpDecoded, RlpError, rlpDecode } from "../primitives/rlp.js";
import type { Account, BlockPreState, StateDiff } from "../state/types.js";
import { bytesToNibbles } from "../trie/nibbles.js";
import {
  type NodeResolver,
  type PartialNode,
  type PartialUpdate,
  partialGet,
  partialHasKeyOutside,
  partialRootHash,
  partialUpdate,
} from "../trie/partial-trie.js";
import { accountKey, encodeAccountLeaf, storageKey, storageValue } from "../trie/state-trie.js";
import { WitnessError } from "./errors.js";

/** Where a TrieBackedState's nodes and code come from. */
export interface StateNodeSource extends NodeResolver {
  /** The account trie's root (undefined for an empty state). */
  accountTrieRoot(): PartialNode | undefined;
  /** The root of `address`'s storage trie, whose hash its account leaf says is `storageRoot` (not empty). */
  storageTrieRoot(address: bigint, storageRoot: Uint8Array): PartialNode;
  /** The code whose hash is `codeHash` (not the empty code), for `address`. */
  code(address: bigint, codeHash: Uint8Array): Uint8Array;
}

/** An account as its leaf holds it. */
export interface LeafAccount extends Account {
  storageRoot: Uint8Array;
}

const EMPTY_CODE = new Uint8Array(0);

export function describeAccount(address: bigint): string {
  return `account ${addressToHex(address)}`;
}

export function describeSlot(address: bigint, slot: bigint): string {
  return `storage slot ${wordToHex(slot)} of account ${addressToHex(address)}`;
}

function canonicalInteger(item: RlpDecoded | undefined, max: number): bigint | undefined {
  if (item === undefined || Array.isArray(item) || item.length > max) return undefined;
  if (item.length > 0 && item[0] === 0) return undefined;
  return bytesToBigInt(item);
}

/** The account an account leaf's value encodes, or a bad-node WitnessError. */
export function decodeAccountLeaf(value: Uint8Array, address: bigint): LeafAccount {
  const bad = (why: string) =>
    new WitnessError("bad-node", `the leaf of ${describeAccount(address)} is not an account: ${why}`);
  let item: RlpDecoded;
  try {
    item = rlpDecode(value);
  } catch (e) {
    if (e instanceof RlpError) throw bad(e.message);
    throw e;
  }
  if (!Array.isArray(item) || item.length !== 4) throw bad("not a list of 4 items");
  const nonce = canonicalInteger(item[0], 32);
  const balance = canonicalInteger(item[1], 32);
  const [, , root, codeHash] = item;
  if (nonce === undefined || balance === undefined) throw bad("nonce or balance is not a canonical integer");
  if (Array.isArray(root) || root?.length !== 32 || Array.isArray(codeHash) || codeHash?.length !== 32) {
    throw bad("storage root or code hash is not 32 bytes");
  }
  return { nonce, balance, storageRoot: root.slice(), codeHash: codeHash.slice() };
}

function decodeSlotLeaf(value: Uint8Array, address: bigint, slot: bigint): bigint {
  let item: RlpDecoded | undefined;
  try {
    item = rlpDecode(value);
  } catch (e) {
    if (!(e instanceof RlpError)) throw e;
    item = undefined;
  }
  const v = canonicalInteger(item, 32);
  if (v === undefined || v === 0n) {
    throw new WitnessError("bad-node", `the leaf of ${describeSlot(address, slot)} is not a non-zero word`);
  }
  return v;
}

interface StorageEntry {
  trie: PartialNode | undefined;
  slots: Map<bigint, bigint>;
}

interface DescribedUpdate extends PartialUpdate {
  what: string;
}

const describeUpdate = (u: PartialUpdate) => `the post-state root (${(u as DescribedUpdate).what})`;

export class TrieBackedState implements BlockPreState {
  private readonly root: PartialNode | undefined;
  /** Accounts read so far (null: proven absent). */
  private readonly accounts = new Map<bigint, LeafAccount | null>();
  private readonly storage = new Map<bigint, StorageEntry>();
  /** Code loaded so far (every transaction asks its reader again; the source is asked once). */
  private readonly codes = new Map<bigint, Uint8Array>();

  constructor(private readonly source: StateNodeSource) {
    this.root = source.accountTrieRoot();
  }

  /** The account's leaf, or undefined when the trie proves it absent. */
  leaf(address: bigint): LeafAccount | undefined {
    const known = this.accounts.get(address);
    if (known !== undefined) return known ?? undefined;
    const key = bytesToNibbles(accountKey(address));
    const value = partialGet(this.root, key, this.source, () => describeAccount(address));
    const account = value === undefined ? undefined : decodeAccountLeaf(value, address);
    this.accounts.set(address, account ?? null);
    return account;
  }

  getAccount(address: bigint): Account | undefined {
    const a = this.leaf(address);
    return a === undefined ? undefined : { nonce: a.nonce, balance: a.balance, codeHash: a.codeHash };
  }

  getCode(address: bigint): Uint8Array {
    const known = this.codes.get(address);
    if (known !== undefined) return known;
    const a = this.leaf(address);
    if (a === undefined || bytesEqual(a.codeHash, EMPTY_CODE_HASH)) return EMPTY_CODE;
    const code = this.source.code(address, a.codeHash);
    this.codes.set(address, code);
    return code;
  }

  private storageOf(address: bigint): StorageEntry | undefined {
    let entry = this.storage.get(address);
    if (entry === undefined) {
      const a = this.leaf(address);
      if (a === undefined || bytesEqual(a.storageRoot, EMPTY_TRIE_ROOT)) return undefined;
      entry = { trie: this.source.storageTrieRoot(address, a.storageRoot), slots: new Map() };
      this.storage.set(address, entry);
    }
    return entry;
  }

  getStorage(address: bigint, slot: bigint): bigint {
    const entry = this.storageOf(address);
    if (entry === undefined) return 0n;
    const known = entry.slots.get(slot);
    if (known !== undefined) return known;
    const key = bytesToNibbles(storageKey(slot));
    const value = partialGet(entry.trie, key, this.source, () => describeSlot(address, slot));
    const v = value === undefined ? 0n : decodeSlotLeaf(value, address, slot);
    entry.slots.set(slot, v);
    return v;
  }

  hasStorage(address: bigint): boolean {
    const a = this.leaf(address);
    return a !== undefined && !bytesEqual(a.storageRoot, EMPTY_TRIE_ROOT);
  }

  hasStorageBeyond(address: bigint, written: ReadonlyMap<bigint, bigint>): boolean {
    const entry = this.storageOf(address);
    if (entry === undefined) return false;
    const keys = [...written.keys()].map((slot) => bytesToNibbles(storageKey(slot)));
    keys.sort(compareNibbles);
    return partialHasKeyOutside(
      entry.trie,
      keys,
      this.source,
      () => `the storage of ${describeAccount(address)}`,
    );
  }

  /** The post-state root: the account and storage tries updated with `diff`, one batch per trie. */
  stateRootAfter(diff: StateDiff): Uint8Array {
    const updates: DescribedUpdate[] = [];
    for (const [address, change] of diff) {
      const key = bytesToNibbles(accountKey(address));
      const what = describeAccount(address);
      if (change.account === undefined) {
        updates.push({ key, value: undefined, what });
        continue;
      }
      let trie = change.storageCleared ? undefined : this.storageOf(address)?.trie;
      if (change.storage.size > 0) {
        const slots: DescribedUpdate[] = [];
        for (const [slot, value] of change.storage) {
          const slotKey = bytesToNibbles(storageKey(slot));
          slots.push({ key: slotKey, value: storageValue(value), what: describeSlot(address, slot) });
        }
        trie = partialUpdate(trie, slots, this.source, describeUpdate);
      } else if (!change.storageCleared) {
        // Unchanged storage keeps its root without loading the trie.
        const a = this.leaf(address);
        const root = a?.storageRoot ?? EMPTY_TRIE_ROOT;
        const { nonce, balance, codeHash } = change.account;
        updates.push({ key, value: encodeAccountLeaf(nonce, balance, root, codeHash), what });
        continue;
      }
      const { nonce, balance, codeHash } = change.account;
      updates.push({ key, value: encodeAccountLeaf(nonce, balance, partialRootHash(trie), codeHash), what });
    }
    return partialRootHash(partialUpdate(this.root, updates, this.source, describeUpdate));
  }
}

function compareNibbles(a: Uint8Array, b: Uint8Array): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const d = a[i]! - b[i]!;
    if (d !== 0) return d;
  }
  return a.length - b.length;
}
