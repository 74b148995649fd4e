// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {FrostSchnorr} from "./FrostSchnorr.sol";

/// @title FrostSafeOwner: the FROST custody group as an EIP-1271 signer, e.g. a Safe owner.
/// @notice A signature is the group's BIP340 signature (64 bytes) over approvalDigest(hash), which binds
/// the chain and this contract so a group signature made for anything else never passes here. Both the
/// EIP-1271 interface (bytes32 hash, magic 0x1626ba7e) and the legacy one Safe 1.4.1 calls for contract
/// owners (bytes data, magic 0x20c13b0b, with hash = keccak256(data)) are served.
contract FrostSafeOwner {
    uint256 public immutable groupKey;

    bytes4 internal constant MAGIC = 0x1626ba7e;
    bytes4 internal constant LEGACY_MAGIC = 0x20c13b0b;

    error InvalidGroupKey();

    constructor(uint256 groupKeyX) {
        if (!FrostSchnorr.validKey(groupKeyX)) revert InvalidGroupKey();
        groupKey = groupKeyX;
    }

    function approvalDigest(bytes32 hash) public view returns (bytes32) {
        return keccak256(abi.encodePacked("lanes-frost-1271/v1", block.chainid, address(this), hash));
    }

    function isValidSignature(bytes32 hash, bytes calldata signature) external view returns (bytes4) {
        return valid(hash, signature) ? MAGIC : bytes4(0xffffffff);
    }

    function isValidSignature(bytes calldata data, bytes calldata signature) external view returns (bytes4) {
        return valid(keccak256(data), signature) ? LEGACY_MAGIC : bytes4(0xffffffff);
    }

    function valid(bytes32 hash, bytes calldata signature) internal view returns (bool) {
        if (signature.length != 64) return false;
        return FrostSchnorr.verify(groupKey, approvalDigest(hash), uint256(bytes32(signature[0:32])), uint256(bytes32(signature[32:64])));
    }
}
