// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {FrostSchnorr} from "../custody/FrostSchnorr.sol";
import {ISuperblockVerifier} from "./ISuperblockVerifier.sol";

/// @title A t-of-n verifier committee whose attestation is one FROST (BIP340 Schnorr) signature.
/// @notice The committee runs a FROST DKG (src/custody/frost); the group key is fixed here. A signature under
/// it exists only if at least `threshold` members signed the same digest (each re-executed every shard block
/// of every superblock up to it from its witness), so the threshold costs one signature check on the L1.
contract FrostCommitteeVerifier is ISuperblockVerifier {
    uint256 public immutable groupKey;
    uint16 public immutable threshold;
    uint16 public immutable size;

    error InvalidGroupKey();

    constructor(uint256 groupKeyX, uint16 threshold_, uint16 size_) {
        if (!FrostSchnorr.validKey(groupKeyX) || threshold_ == 0 || threshold_ > size_) revert InvalidGroupKey();
        groupKey = groupKeyX;
        threshold = threshold_;
        size = size_;
    }

    /// @param proof 64 bytes: x(R) || s, a BIP340 signature of `digest` by the group key.
    function verify(bytes32 digest, bytes calldata proof) external view returns (bool) {
        if (proof.length != 64) return false;
        return FrostSchnorr.verify(groupKey, digest, uint256(bytes32(proof[0:32])), uint256(bytes32(proof[32:64])));
    }
}
