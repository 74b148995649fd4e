// The witness's ancestor headers. Generating: the parent (whose state root is the block's pre-state root)
// back to the oldest block BLOCKHASH asked for, oldest first. Verifying: they must be consecutive, each the
// parent of the next, the newest the block's parent; they then give the pre-state root and BLOCKHASH's
// answers, and a BLOCKHASH of a block in the window that they do not cover is an error, never a zero.
import { BLOCKHASH_WINDOW } from "../block/block-env.js";
import { InvalidBlockError } from "../block/errors.js";
import { decodeHeader, encodeHeader } from "../block/header.js";
import type { BlockHeader } from "../block/types.js";
import { bytesEqual, bytesToBigInt, bytesToHex } from "../primitives/hex.js";
import { keccak256 } from "../primitives/keccak.js";
import { WitnessError } from "./errors.js";

/** Looks up a known header by its hash. */
export type HeaderByHash = (hash: Uint8Array) => BlockHeader | undefined;

/** RLP headers from the oldest of `numbers` (BLOCKHASH's) up to the parent of `header`, oldest first. */
export function ancestorHeaders(
  header: BlockHeader,
  numbers: Iterable<bigint>,
  headerByHash: HeaderByHash,
): Uint8Array[] {
  if (header.number === 0n) return [];
  let oldest = header.number - 1n;
  for (const n of numbers) if (n < oldest) oldest = n;
  const out: Uint8Array[] = [];
  let hash = header.parentHash;
  for (let n = header.number - 1n; n >= oldest; n--) {
    const h = headerByHash(hash);
    if (h === undefined || h.number !== n) {
      throw new Error(
        `cannot build the witness: the header of block ${n} (${bytesToHex(hash)}) is not known`,
      );
    }
    out.push(encodeHeader(h));
    hash = h.parentHash;
  }
  return out.reverse();
}

export interface CheckedAncestors {
  preStateRoot: Uint8Array;
  /** Block number -> hash, for the blocks the headers cover. */
  hashes: Map<bigint, bigint>;
  oldest: bigint;
}

/** Decodes and checks the witness's headers against `header` (the block being verified). */
export function checkAncestors(headers: readonly Uint8Array[], header: BlockHeader): CheckedAncestors {
  const decoded = headers.map((rlp, i) => {
    try {
      // The decoder is strict (canonical RLP only), so the bytes' keccak is the block hash.
      return { header: decodeHeader(rlp), hash: keccak256(rlp) };
    } catch (e) {
      if (e instanceof InvalidBlockError) {
        throw new WitnessError("bad-headers", `headers[${i}] is not a block header: ${e.message}`);
      }
      throw e;
    }
  });
  decoded.sort((a, b) =>
    a.header.number < b.header.number ? -1 : a.header.number > b.header.number ? 1 : 0,
  );
  const hashes = new Map<bigint, bigint>();
  for (let i = 0; i < decoded.length; i++) {
    const { header: h, hash } = decoded[i]!;
    const next = decoded[i + 1];
    if (next !== undefined) {
      if (next.header.number !== h.number + 1n) {
        throw new WitnessError(
          "bad-headers",
          `headers: block ${h.number} is followed by block ${next.header.number} (the headers must be consecutive)`,
        );
      }
      if (!bytesEqual(next.header.parentHash, hash)) {
        throw new WitnessError(
          "bad-headers",
          `headers: block ${next.header.number} is not a child of block ${h.number}`,
        );
      }
    }
    hashes.set(h.number, bytesToBigInt(hash));
  }
  const newest = decoded[decoded.length - 1];
  if (newest === undefined) {
    throw new WitnessError(
      "missing-header",
      "the witness has no headers: the parent header gives the pre-state root",
    );
  }
  if (newest.header.number + 1n !== header.number || !bytesEqual(newest.hash, header.parentHash)) {
    throw new WitnessError(
      "missing-header",
      `the newest witness header (block ${newest.header.number}, ${bytesToHex(newest.hash)}) is not the parent of block ${header.number} (parent ${bytesToHex(header.parentHash)})`,
    );
  }
  return { preStateRoot: newest.header.stateRoot, hashes, oldest: decoded[0]!.header.number };
}

/** BLOCKHASH over checked ancestors: a block of the window the headers do not cover is a WitnessError. */
export function blockHashFromAncestors(ancestors: CheckedAncestors, number: bigint): (n: bigint) => bigint {
  return (n) => {
    const hash = ancestors.hashes.get(n);
    if (hash !== undefined) return hash;
    if (n < number && number - n <= BLOCKHASH_WINDOW) {
      throw new WitnessError(
        "missing-header",
        `witness lacks the header of block ${n}, which BLOCKHASH asks for (it covers ${ancestors.oldest} to ${number - 1n})`,
      );
    }
    return 0n;
  };
}
