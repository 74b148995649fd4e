// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {FrostSchnorr} from "./FrostSchnorr.sol";

/// @title Test harness: exposes FrostSchnorr so the BIP340 vectors run through the EVM verifier.
contract FrostSchnorrHarness {
    function verify(uint256 px, bytes32 m, bytes calldata signature) external view returns (bool) {
        if (signature.length != 64) return false;
        return FrostSchnorr.verify(px, m, uint256(bytes32(signature[0:32])), uint256(bytes32(signature[32:64])));
    }

    function validKey(uint256 px) external view returns (bool) {
        return FrostSchnorr.validKey(px);
    }
}
