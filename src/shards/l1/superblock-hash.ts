// ShardHub's superblock hash chain and the digest the verifier attests, computed off-chain exactly as the
// contract computes them (contracts/shards/ShardHub.sol):
//   h_0 = keccak256(abi.encode(bytes32(0), uint64(0), genesisBlockHashes, genesisStateRoots, zeros, zeros))
//   h_k = keccak256(abi.encode(h_{k-1}, uint64(k), blockHashes, stateRoots, messageRoots, witnessHashes))
//   digest(k) = keccak256(abi.encode("lanes/superblock/v1", l1ChainId, hub, uint64(k), h_k))
import { keccak256 } from "../../primitives/keccak.js";
import { encodeTuple } from "../abi.js";

export interface SuperblockRoots {
  blockHashes: Uint8Array[];
  stateRoots: Uint8Array[];
  messageRoots: Uint8Array[];
  witnessHashes: Uint8Array[];
}

export function genesisSuperblockHash(blockHashes: Uint8Array[], stateRoots: Uint8Array[]): Uint8Array {
  const zeros = blockHashes.map(() => new Uint8Array(32));
  return superblockHash(new Uint8Array(32), 0, {
    blockHashes,
    stateRoots,
    messageRoots: zeros,
    witnessHashes: zeros,
  });
}

export function superblockHash(previous: Uint8Array, k: number, r: SuperblockRoots): Uint8Array {
  return keccak256(
    encodeTuple(
      ["bytes32", "uint64", "bytes32[]", "bytes32[]", "bytes32[]", "bytes32[]"],
      [previous, BigInt(k), r.blockHashes, r.stateRoots, r.messageRoots, r.witnessHashes],
    ),
  );
}

export function superblockDigest(l1ChainId: bigint, hub: bigint, k: number, hash: Uint8Array): Uint8Array {
  return keccak256(
    encodeTuple(
      ["string", "uint256", "address", "uint64", "bytes32"],
      ["lanes/superblock/v1", l1ChainId, hub, BigInt(k), hash],
    ),
  );
}
