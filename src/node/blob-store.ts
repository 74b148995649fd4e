// The blob sidecars of accepted blob transactions, kept on disk in the data directory (`blobs/`, one file per
// blob named by its versioned hash: blob || commitment || proofs), so anvil_getBlobByHash and
// anvil_getBlobsByTransactionHash can serve them after the transaction is mined and after a restart.
// Content-addressed: a blob is written once whatever transaction carried it, and a file is written under a
// temporary name and renamed, so a crash never leaves a partial blob under its hash. Only sidecars that were
// checked against their transaction (blob-sidecar.ts checkSidecar) and accepted by the pool are stored.
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { bytesToHex } from "../primitives/hex.js";
import { type BlobSidecar, BYTES_PER_BLOB } from "./blob-sidecar.js";

const COMMITMENT_BYTES = 48;

export interface StoredBlob {
  blob: Uint8Array;
  commitment: Uint8Array;
  /** One KZG proof (EIP-4844) or the blob's cell proofs (EIP-7594). */
  proofs: Uint8Array[];
}

export class BlobStore {
  private readonly dir: string;

  constructor(dataDir: string) {
    this.dir = join(dataDir, "blobs");
  }

  private path(versionedHash: Uint8Array): string {
    return join(this.dir, bytesToHex(versionedHash).slice(2));
  }

  /** Stores each blob of `sidecar` under the matching versioned hash (`versionedHashes[i]` is blob i's). */
  put(versionedHashes: readonly Uint8Array[], sidecar: BlobSidecar): void {
    mkdirSync(this.dir, { recursive: true });
    const perBlob = sidecar.proofs.length / Math.max(1, sidecar.blobs.length);
    for (const [i, hash] of versionedHashes.entries()) {
      const path = this.path(hash);
      if (existsSync(path)) continue;
      const proofs = sidecar.proofs.slice(i * perBlob, (i + 1) * perBlob);
      const out = new Uint8Array(BYTES_PER_BLOB + COMMITMENT_BYTES + 48 * proofs.length);
      out.set(sidecar.blobs[i]!, 0);
      out.set(sidecar.commitments[i]!, BYTES_PER_BLOB);
      for (const [j, proof] of proofs.entries()) out.set(proof, BYTES_PER_BLOB + COMMITMENT_BYTES + 48 * j);
      const tmp = `${path}.tmp`;
      writeFileSync(tmp, out);
      renameSync(tmp, path);
    }
  }

  /** The stored blob with this versioned hash, or undefined. */
  get(versionedHash: Uint8Array): StoredBlob | undefined {
    let data: Uint8Array;
    try {
      data = readFileSync(this.path(versionedHash));
    } catch {
      return undefined;
    }
    if (
      data.length < BYTES_PER_BLOB + COMMITMENT_BYTES ||
      (data.length - BYTES_PER_BLOB - COMMITMENT_BYTES) % 48
    )
      return undefined;
    const proofs: Uint8Array[] = [];
    for (let at = BYTES_PER_BLOB + COMMITMENT_BYTES; at < data.length; at += 48)
      proofs.push(data.slice(at, at + 48));
    return {
      blob: data.slice(0, BYTES_PER_BLOB),
      commitment: data.slice(BYTES_PER_BLOB, BYTES_PER_BLOB + COMMITMENT_BYTES),
      proofs,
    };
  }
}

const stores = new WeakMap<object, BlobStore>();

/** The blob store of a node's data directory (one per node object). */
export function blobStoreOf(node: { options: { dataDir: string } }): BlobStore {
  let store = stores.get(node);
  if (store === undefined) {
    store = new BlobStore(node.options.dataDir);
    stores.set(node, store);
  }
  return store;
}
