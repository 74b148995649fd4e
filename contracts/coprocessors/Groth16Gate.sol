// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {Blobs, LanesCoprocessors} from "./LanesCoprocessors.sol";

/// @title A Groth16 verifier contract on the co-processor: the key is registered once (stored as a blob),
/// each proof is checked by one co-processor call.
contract Groth16Gate {
    address public immutable key;

    constructor(bytes memory vk) {
        key = Blobs.write(vk);
    }

    /// Same call shape as the snarkjs-exported verifier (A, B, C in its call-data order), dynamic signals.
    function verifyProof(uint256[2] calldata a, uint256[2][2] calldata b, uint256[2] calldata c, uint256[] calldata signals)
        external
        view
        returns (bool)
    {
        uint256[8] memory proof = [a[0], a[1], b[0][0], b[0][1], b[1][0], b[1][1], c[0], c[1]];
        return LanesCoprocessors.GROTH16.verify(Blobs.read(key), proof, signals);
    }
}
