// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// @title BIP340 Schnorr verification in the EVM, for FROST group signatures.
/// @notice Verifies s*G - e*P == R (R with even Y, x(R) = rx, e = TaggedHash("BIP0340/challenge",
/// rx || px || m) mod n) with the ecrecover precompile instead of elliptic-curve arithmetic in Solidity.
/// ecrecover(z, v, r, s') returns the address of r^-1 (s' R' - z G), where R' is the point with x = r and
/// Y parity from v. With R' = P (x = px, even Y, v = 27), z = -s*px and s' = -e*px it returns the address
/// of s*G - e*P. The signature holds iff that address equals the address of R = lift_x(rx) (computed
/// here with the modexp precompile). Equality of 160-bit addresses instead of points: a forger must find
/// a signature whose Q and R differ but hash to the same address, a 2^160 search (keccak-256 truncated
/// to 160 bits); otherwise Q = R and the BIP340 equation holds (docs/custody.md has the full argument).
library FrostSchnorr {
    uint256 internal constant N = 0xFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEBAAEDCE6AF48A03BBFD25E8CD0364141;
    uint256 internal constant P = 0xFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEFFFFFC2F;
    /// sha256("BIP0340/challenge")
    bytes32 internal constant CHALLENGE_TAG = 0x7bb52d7a9fef58323eb1bf7a407db382d2f3f2d81bb1224f49fe518f6d48d37c;

    /// @notice Whether (rx, s) is a valid BIP340 signature of m under the x-only key px.
    function verify(uint256 px, bytes32 m, uint256 rx, uint256 s) internal view returns (bool) {
        // ecrecover needs r = px below n; keys with px >= n (probability ~2^-128) are refused at setup.
        if (px == 0 || px >= N || rx >= P || s >= N) return false;
        uint256 e = uint256(sha256(abi.encodePacked(CHALLENGE_TAG, CHALLENGE_TAG, rx, px, m))) % N;
        uint256 sp = mulmod(e, px, N);
        if (sp == 0) return false; // e = 0: degenerate, ecrecover would refuse s' = 0 anyway
        uint256 z = (N - mulmod(s, px, N)) % N;
        address q = ecrecover(bytes32(z), 27, bytes32(px), bytes32(N - sp));
        if (q == address(0)) return false; // P not on the curve, or s*G - e*P is the point at infinity
        (bool ok, uint256 ry) = liftX(rx);
        if (!ok) return false;
        return q == address(uint160(uint256(keccak256(abi.encodePacked(rx, ry)))));
    }

    /// @notice Whether px is usable as a key here (an x coordinate on the curve, below n).
    function validKey(uint256 px) internal view returns (bool) {
        if (px == 0 || px >= N) return false;
        (bool ok, ) = liftX(px);
        return ok;
    }

    /// @notice The even Y with (x, y) on secp256k1, via y = (x^3 + 7)^((p+1)/4) mod p (p = 3 mod 4).
    function liftX(uint256 x) internal view returns (bool ok, uint256 y) {
        if (x >= P) return (false, 0);
        uint256 c = addmod(mulmod(mulmod(x, x, P), x, P), 7, P);
        (bool success, bytes memory out) = address(0x05).staticcall(
            abi.encode(uint256(32), uint256(32), uint256(32), c, (P + 1) / 4, P)
        );
        if (!success || out.length != 32) return (false, 0);
        y = abi.decode(out, (uint256));
        if (mulmod(y, y, P) != c) return (false, 0);
        if (y & 1 == 1) y = P - y;
        return (true, y);
    }
}
