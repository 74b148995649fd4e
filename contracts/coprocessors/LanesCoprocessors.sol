// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {ILanesGroth16} from "./ILanesGroth16.sol";
import {ILanesSimd} from "./ILanesSimd.sol";

/// @title Addresses of the Lanes co-processors and system contracts
library LanesCoprocessors {
    ILanesSimd internal constant SIMD = ILanesSimd(0x0000000000000000000000000000000000000C01);
    ILanesGroth16 internal constant GROTH16 = ILanesGroth16(0x0000000000000000000000000000000000000c02);
    address internal constant JOB_QUEUE = 0x0000000000000000000000000000000000000C10;

    /// Element i of a big-endian int32 vector.
    function int32At(bytes memory v, uint256 i) internal pure returns (int32 value) {
        require(i * 4 + 4 <= v.length, "int32At: out of range");
        assembly {
            value := signextend(3, shr(224, mload(add(add(v, 32), mul(i, 4)))))
        }
    }

    /// A big-endian int32 vector as int32[].
    function toInt32Array(bytes memory v) internal pure returns (int32[] memory out) {
        uint256 n = v.length / 4;
        out = new int32[](n);
        assembly {
            let src := add(v, 32)
            let dst := add(out, 32)
            for { let i := 0 } lt(i, n) { i := add(i, 1) } {
                mstore(add(dst, mul(i, 32)), signextend(3, shr(224, mload(add(src, mul(i, 4))))))
            }
        }
    }
}

/// @title SSTORE2-style immutable byte blobs: data stored as the code of a contract (after a STOP byte)
library Blobs {
    /// Largest blob: the EIP-170 code size limit less the STOP byte.
    uint256 internal constant MAX_BYTES = 24575;

    function write(bytes memory data) internal returns (address pointer) {
        require(data.length <= MAX_BYTES, "Blobs: too large");
        // PUSH2 len, DUP1, PUSH1 10, RETURNDATASIZE, CODECOPY, RETURNDATASIZE, RETURN; then 0x00 || data.
        bytes memory creation = abi.encodePacked(hex"61", uint16(data.length + 1), hex"80600a3d393df300", data);
        assembly {
            pointer := create(0, add(creation, 32), mload(creation))
        }
        require(pointer != address(0), "Blobs: create failed");
    }

    function size(address pointer) internal view returns (uint256) {
        uint256 codeSize = pointer.code.length;
        require(codeSize > 0, "Blobs: no blob");
        return codeSize - 1;
    }

    function read(address pointer) internal view returns (bytes memory data) {
        uint256 n = size(pointer);
        data = new bytes(n);
        assembly {
            extcodecopy(pointer, add(data, 32), 1, n)
        }
    }

    /// The concatenation of several blobs, in one allocation.
    function readAll(address[] memory pointers) internal view returns (bytes memory data) {
        uint256 total = 0;
        for (uint256 i = 0; i < pointers.length; ++i) {
            total += size(pointers[i]);
        }
        data = new bytes(total);
        uint256 at = 0;
        for (uint256 i = 0; i < pointers.length; ++i) {
            address p = pointers[i];
            uint256 n = size(p);
            assembly {
                extcodecopy(p, add(add(data, 32), at), 1, n)
            }
            at += n;
        }
    }
}
