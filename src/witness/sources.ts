// The two node sources of a TrieBackedState (trie-state.ts):
// - WitnessSource serves a witness's nodes and codes, by keccak; anything it lacks is a WitnessError that
//   names the node or code and what it was needed for. It counts what was used (minimality checks).
// - RecordingSource serves the full pre-state (an InMemoryState's tries and code) and records every node
//   and code it hands out: running the verifier's code against it yields the witness.
import { bytesEqual, bytesToHex } from "../primitives/hex.js";
import { EMPTY_TRIE_ROOT, keccak256 } from "../primitives/keccak.js";
import type { InMemoryState } from "../state/memory-state.js";
import { loadPersistentNode, persistentRootRef } from "../trie/partial-from-persistent.js";
import {
  decodeTrieNode,
  HashRef,
  type LoadedNode,
  type PartialNode,
  type TrieContext,
  TrieNodeError,
} from "../trie/partial-trie.js";
import type { StateTrieCache } from "../trie/state-trie.js";
import { WitnessError } from "./errors.js";
import type { ExecutionWitness } from "./format.js";
import { describeAccount, type StateNodeSource } from "./trie-state.js";

/** A witness's nodes and codes by the hex of their keccak. */
export class WitnessIndex {
  readonly nodes = new Map<string, Uint8Array>();
  readonly codes = new Map<string, Uint8Array>();

  constructor(witness: ExecutionWitness) {
    for (const node of witness.state) this.nodes.set(bytesToHex(keccak256(node)), node);
    for (const code of witness.codes) this.codes.set(bytesToHex(keccak256(code)), code);
  }
}

export class WitnessSource implements StateNodeSource {
  /** Hashes of the nodes and codes verification loaded. */
  readonly usedNodes = new Set<string>();
  readonly usedCodes = new Set<string>();

  constructor(
    private readonly index: WitnessIndex,
    private readonly preStateRoot: Uint8Array,
  ) {}

  accountTrieRoot(): PartialNode | undefined {
    return bytesEqual(this.preStateRoot, EMPTY_TRIE_ROOT)
      ? undefined
      : new HashRef(this.preStateRoot.slice());
  }

  storageTrieRoot(_address: bigint, storageRoot: Uint8Array): PartialNode {
    return new HashRef(storageRoot);
  }

  load(ref: HashRef, why: TrieContext, sibling: boolean): LoadedNode {
    const hash = bytesToHex(ref.hash);
    const encoded = this.index.nodes.get(hash);
    if (encoded === undefined) {
      const role = sibling ? "the sibling that collapsing a branch needs, for" : "on the path to";
      throw new WitnessError(
        "missing-node",
        `witness lacks trie node ${hash} (${role} ${why()}); it is missing, or the node listed was altered`,
      );
    }
    this.usedNodes.add(hash);
    try {
      return { node: decodeTrieNode(encoded), encoded };
    } catch (e) {
      if (e instanceof TrieNodeError) {
        throw new WitnessError("bad-node", `trie node ${hash} (for ${why()}) is malformed: ${e.message}`);
      }
      throw e;
    }
  }

  code(address: bigint, codeHash: Uint8Array): Uint8Array {
    const hash = bytesToHex(codeHash);
    const code = this.index.codes.get(hash);
    if (code === undefined) {
      throw new WitnessError(
        "missing-code",
        `witness lacks the code of ${describeAccount(address)} (code hash ${hash}); it is missing, or the code listed is wrong`,
      );
    }
    this.usedCodes.add(hash);
    return code;
  }
}

export class RecordingSource implements StateNodeSource {
  /** Every node loaded, by hash. */
  readonly nodes = new Map<string, Uint8Array>();
  readonly codes = new Map<string, Uint8Array>();
  private readonly tries: StateTrieCache;

  constructor(private readonly state: InMemoryState) {
    this.tries = state.syncedTries();
  }

  accountTrieRoot(): PartialNode | undefined {
    return persistentRootRef(this.tries.accountTrie);
  }

  storageTrieRoot(address: bigint, storageRoot: Uint8Array): PartialNode {
    const ref = persistentRootRef(this.tries.storageTrie(address));
    if (ref === undefined || !bytesEqual(ref.hash, storageRoot)) {
      throw new Error(`internal: the storage trie of ${describeAccount(address)} does not match its leaf`);
    }
    return ref;
  }

  load(ref: HashRef): LoadedNode {
    const loaded = loadPersistentNode(ref);
    this.nodes.set(bytesToHex(ref.hash), loaded.encoded);
    return loaded;
  }

  code(address: bigint, codeHash: Uint8Array): Uint8Array {
    const code = this.state.getCode(address);
    this.codes.set(bytesToHex(codeHash), code);
    return code;
  }
}
