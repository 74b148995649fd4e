// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// @title What ShardHub asks before it finalizes superblocks: is `proof` a valid attestation of `digest`?
/// @notice `digest` commits to the L1 chain, the hub, the superblock number and the hash chain of every
/// committed superblock up to it (ShardHub.digest). A committee signature (FrostCommitteeVerifier) is one
/// implementation; a validity-proof verifier taking the same digest as its public input is another.
interface ISuperblockVerifier {
    function verify(bytes32 digest, bytes calldata proof) external view returns (bool);
}
