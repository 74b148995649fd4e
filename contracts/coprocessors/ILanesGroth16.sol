// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// @title The Lanes Groth16 co-processor (address 0x0c02)
/// @notice Verifies a Groth16 proof over BN254. `vk` is a snarkjs verification key in binary form: 32-byte
/// words alpha1 (x, y) | beta2 | gamma2 | delta2 (each x.c1, x.c0, y.c1, y.c0) | IC[0..nPublic] (x, y).
/// `proof` is A (x, y), B (x.c1, x.c0, y.c1, y.c0), C (x, y): the call data snarkjs exports. Returns false for
/// an invalid proof (including points off the curve and signals >= r); fails for a malformed key or a signal
/// count other than the key's.
interface ILanesGroth16 {
    function verify(bytes calldata vk, uint256[8] calldata proof, uint256[] calldata publicSignals)
        external
        view
        returns (bool);
}
