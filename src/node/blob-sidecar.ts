// Blob transactions in their network form (EIP-4844 `0x03 || rlp([tx_payload_body, blobs, commitments,
// proofs])`, and from Osaka EIP-7594's `0x03 || rlp([tx_payload_body, wrapper_version, blobs, commitments,
// cell_proofs])`), as eth_sendRawTransaction receives them. The sidecar is checked against the transaction
// (counts, sizes, versioned hashes, and each commitment recomputed from its blob) and then dropped: the node
// keeps and serves only the transaction, as it appears in a block. Cell proofs are counted, not verified
// (the KZG build Lanes carries has no PeerDAS setup); the recomputed commitment already binds each blob.
import { sha256 } from "@noble/hashes/sha2.js";
import type { ForkRules } from "../evm/forks.js";
import { loadKzg } from "../evm/precompiles/kzg-point-evaluation.js";
import { bytesEqual, bytesToHex } from "../primitives/hex.js";
import { type RlpDecoded, rlpDecode, rlpEncode } from "../primitives/rlp.js";
import { invalidParams } from "./rpc-errors.js";

export const BYTES_PER_BLOB = 131_072;
const CELLS_PER_EXT_BLOB = 128;

/** The largest raw transaction accepted: geth's 128 KiB for the transaction plus the largest sidecar. */
export function maxRawTransactionBytes(rules: ForkRules): number {
  return 128 * 1024 + rules.maxBlobsPerTx * (BYTES_PER_BLOB + 48 + CELLS_PER_EXT_BLOB * 48);
}

export interface BlobSidecar {
  blobs: Uint8Array[];
  commitments: Uint8Array[];
  proofs: Uint8Array[];
  /** 0: one proof per blob (EIP-4844); 1: cell proofs (EIP-7594). */
  version: number;
}

const list = (x: RlpDecoded | undefined, what: string): RlpDecoded[] => {
  if (!Array.isArray(x)) throw invalidParams(`invalid blob transaction: ${what} must be a list`);
  return x;
};
const bytesList = (x: RlpDecoded | undefined, what: string, size: number): Uint8Array[] =>
  list(x, what).map((b) => {
    if (!(b instanceof Uint8Array) || b.length !== size)
      throw invalidParams(`invalid blob transaction: each of ${what} must be ${size} bytes`);
    return b;
  });

/** Splits a network-form blob transaction into the transaction itself and its sidecar; undefined otherwise. */
export function splitNetworkForm(raw: Uint8Array): { tx: Uint8Array; sidecar: BlobSidecar } | undefined {
  if (raw[0] !== 3 || raw.length < 2 || raw[1]! < 0xc0) return undefined;
  let items: RlpDecoded;
  try {
    items = rlpDecode(raw.subarray(1));
  } catch {
    return undefined;
  }
  // The plain form's payload is a list of fields; the network form's first item is itself a list.
  if (!Array.isArray(items) || !Array.isArray(items[0])) return undefined;
  const body = rlpEncode(items[0] as never);
  const tx = new Uint8Array(body.length + 1);
  tx[0] = 3;
  tx.set(body, 1);
  let version = 0;
  let rest = items.slice(1);
  if (items.length === 5) {
    const v = items[1];
    if (!(v instanceof Uint8Array) || v.length !== 1 || v[0] !== 1)
      throw invalidParams("invalid blob transaction: unknown wrapper version");
    version = 1;
    rest = items.slice(2);
  } else if (items.length !== 4) {
    throw invalidParams(`invalid blob transaction: network form has ${items.length} parts`);
  }
  return {
    tx,
    sidecar: {
      blobs: bytesList(rest[0], "blobs", BYTES_PER_BLOB),
      commitments: bytesList(rest[1], "commitments", 48),
      proofs: bytesList(rest[2], "proofs", 48),
      version,
    },
  };
}

/** EIP-4844's versioned hash of a commitment: 0x01 || sha256(commitment)[1:]. */
export function versionedHash(commitment: Uint8Array): Uint8Array {
  const h = sha256(commitment);
  h[0] = 1;
  return h;
}

/** Checks the sidecar against the transaction's versioned hashes under `rules`; throws -32602 with the reason. */
export function checkSidecar(
  versionedHashes: readonly Uint8Array[],
  sidecar: BlobSidecar,
  rules: ForkRules,
): void {
  const n = versionedHashes.length;
  if (sidecar.blobs.length !== n || sidecar.commitments.length !== n)
    throw invalidParams(`invalid blob transaction: ${sidecar.blobs.length} blobs for ${n} versioned hashes`);
  // From Osaka only cell proofs are accepted (EIP-7594), before it only blob proofs. EIP-7594 has no flag of
  // its own in ForkRules; EIP-7934 arrives with it in Osaka.
  const wantVersion = rules.eip7934 ? 1 : 0;
  if (sidecar.version !== wantVersion)
    throw invalidParams(
      `invalid blob transaction: wrapper version ${sidecar.version}, ${wantVersion} expected`,
    );
  const proofs = sidecar.version === 1 ? n * CELLS_PER_EXT_BLOB : n;
  if (sidecar.proofs.length !== proofs)
    throw invalidParams(`invalid blob transaction: ${sidecar.proofs.length} proofs, ${proofs} expected`);
  const kzg = loadKzg();
  for (let i = 0; i < n; i++) {
    const commitment = sidecar.commitments[i]!;
    if (!bytesEqual(versionedHash(commitment), versionedHashes[i]!))
      throw invalidParams(`invalid blob transaction: commitment ${i} does not match versioned hash ${i}`);
    let computed: string;
    try {
      computed = kzg.blobToKzgCommitment(bytesToHex(sidecar.blobs[i]!));
    } catch (e) {
      throw invalidParams(`invalid blob transaction: blob ${i}: ${(e as Error).message}`);
    }
    if (computed !== bytesToHex(commitment))
      throw invalidParams(`invalid blob transaction: blob ${i} does not match its commitment`);
  }
}
