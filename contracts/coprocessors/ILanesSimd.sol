// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// @title The Lanes SIMD co-processor (address 0x0c01)
/// @notice Exact integer vector and matrix arithmetic for on-chain inference. int8 vectors are `bytes`, one
/// byte per element (two's complement); int32 vectors are `bytes`, four bytes per element, big-endian. Sums
/// wrap modulo 2^32. Gas is charged per multiply-accumulate and per element (docs/coprocessors.md). Bad input
/// (length mismatch, unknown function) makes the call fail and consume its gas, like a precompile's.
interface ILanesSimd {
    /// sum(a[i] * b[i]) over int8 vectors of equal length.
    function dot(bytes calldata a, bytes calldata b) external view returns (int32);

    /// y = W x: W int8 rows x cols (row-major), x int8 cols; y int32 rows.
    function matVec(bytes calldata w, uint256 rows, uint256 cols, bytes calldata x)
        external
        view
        returns (bytes memory y);

    /// C = A B: A int8 m x k, B int8 k x n (row-major); C int32 m x n (row-major).
    function matMul(bytes calldata a, bytes calldata b, uint256 m, uint256 k, uint256 n)
        external
        view
        returns (bytes memory c);

    /// a + b, int32 vectors of equal length.
    function add(bytes calldata a, bytes calldata b) external view returns (bytes memory);

    /// max(x, 0), int32.
    function relu(bytes calldata x) external view returns (bytes memory);

    /// int32 -> int8: clamp((x * scale + 2^(shift-1)) >> shift, -128, 127), 64-bit exact, shift <= 62.
    function requantize(bytes calldata x, int32 scale, uint8 shift) external view returns (bytes memory);

    /// The first index of the largest int32 of a non-empty vector, and that value.
    function argmax(bytes calldata x) external view returns (uint256 index, int32 value);

    /// A dense layer: W x (+ bias when bias is non-empty, int32 rows) (then ReLU when relu), int32 rows.
    function dense(bytes calldata w, uint256 rows, uint256 cols, bytes calldata x, bytes calldata bias, bool relu)
        external
        view
        returns (bytes memory y);
}
