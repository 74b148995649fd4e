// Ommer (uncle) validity for proof-of-work blocks, as geth's ethash engine checks it: an ommer is a valid
// header whose parent is one of the block's seven nearest ancestors (but not its own parent), that is
// neither an ancestor nor already included by one, and appears once. Its seal is not verified (pow.ts).
import type { ForkRules } from "../evm/forks.js";
import { bytesToHex } from "../primitives/hex.js";
import { BlockException, check } from "./errors.js";
import { headerHash } from "./header.js";
import { validateHeader } from "./header-validation.js";
import type { BlockHeader } from "./types.js";

/** How many generations back an ommer's parent may be. */
export const OMMER_ANCESTRY = 7;

/** One of the block's ancestors, nearest (the parent) first, with the ommers it included (hex hashes). */
export interface OmmerAncestor {
  hash: Uint8Array;
  header: BlockHeader;
  ommerHashes: readonly string[];
}

/** Throws InvalidBlockError when one of `ommers` may not be included by a child of `ancestors[0]`. */
export function validateOmmers(
  ommers: readonly BlockHeader[],
  ancestors: readonly OmmerAncestor[],
  rulesAt: (number: bigint, timestamp: bigint) => ForkRules,
): void {
  if (ommers.length === 0) return;
  const byHash = new Map<string, OmmerAncestor>();
  const included = new Set<string>();
  for (const a of ancestors.slice(0, OMMER_ANCESTRY)) {
    byHash.set(bytesToHex(a.hash), a);
    for (const h of a.ommerHashes) included.add(h);
  }
  const parentHash = ancestors[0] === undefined ? "" : bytesToHex(ancestors[0].hash);
  for (const ommer of ommers) {
    const hash = bytesToHex(headerHash(ommer));
    check(!included.has(hash), BlockException.INVALID_UNCLE, () => `ommer ${hash} included twice`);
    check(!byHash.has(hash), BlockException.INVALID_UNCLE, () => `ommer ${hash} is an ancestor`);
    included.add(hash);
    const ommerParentHash = bytesToHex(ommer.parentHash);
    const ommerParent = byHash.get(ommerParentHash);
    check(
      ommerParent !== undefined && ommerParentHash !== parentHash,
      BlockException.INVALID_UNCLE,
      () => `ommer ${hash}: parent ${ommerParentHash} is not an ancestor 2 to ${OMMER_ANCESTRY} blocks back`,
    );
    validateHeader(ommer, ommerParent!.header, rulesAt(ommer.number, ommer.timestamp), {
      parentHash: ommerParent!.hash,
    });
  }
}
