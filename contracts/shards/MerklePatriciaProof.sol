// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// @title Merkle-Patricia proofs as eth_getProof returns them (account and storage proofs), checked in the EVM.
/// @notice `get` walks the proof from the root along keccak256(key)'s nibbles: every node given must hash to the
/// reference its parent holds (the root for the first), references shorter than 32 bytes are nodes embedded in
/// their parent, and every RLP item must lie inside its node (a hashed node's bytes are the attacker's to
/// choose only up to the hash, so nothing outside them may be read). It returns the value stored at the key,
/// or empty bytes when the proof shows that the key is absent; anything malformed reverts with BadProof.
library MerklePatriciaProof {
    error BadProof();

    struct Item {
        uint256 ptr; // memory address of the item's first (prefix) byte
        uint256 len; // whole item length, prefix included
    }

    /// @notice The storage root of `account` in the state trie with `stateRoot` (the empty trie's root for an
    /// absent account).
    function storageRoot(bytes32 stateRoot, address account, bytes[] memory proof) internal pure returns (bytes32) {
        bytes memory value = get(stateRoot, keccak256(abi.encodePacked(account)), proof);
        if (value.length == 0) return 0x56e81f171bcc55a6ff8345e692c0f86e5b48e01b996cadc001622fb5e363b421;
        Item memory account_ = Item(_dataPtr(value), value.length);
        Item[] memory fields = _list(account_, value);
        if (fields.length != 4) revert BadProof();
        bytes memory root = _string(fields[2]);
        if (root.length != 32) revert BadProof();
        return bytes32(root);
    }

    /// @notice The value of storage slot `slot` in the storage trie with `root` (0 when absent).
    function storageValue(bytes32 root, bytes32 slot, bytes[] memory proof) internal pure returns (uint256 v) {
        bytes memory value = get(root, keccak256(abi.encodePacked(slot)), proof);
        if (value.length == 0) return 0;
        Item memory item = Item(_dataPtr(value), value.length);
        _checkSingle(item, value);
        bytes memory word = _string(item);
        if (word.length > 32) revert BadProof();
        for (uint256 i = 0; i < word.length; i++) v = (v << 8) | uint8(word[i]);
    }

    /// @notice The value under the 32-byte trie path `path` (empty when the proof shows it absent).
    function get(bytes32 root, bytes32 path, bytes[] memory proof) internal pure returns (bytes memory) {
        bytes32 expected = root;
        uint256 nibble = 0;
        for (uint256 i = 0; i < proof.length; i++) {
            bytes memory node = proof[i];
            if (keccak256(node) != expected) revert BadProof();
            Item memory item = Item(_dataPtr(node), node.length);
            _checkSingle(item, node);
            // Walk this node and any nodes embedded in it; stop at a hash reference (next proof element).
            for (;;) {
                Item[] memory items = _list(item, node);
                Item memory child;
                if (items.length == 17) {
                    if (nibble == 64) revert BadProof(); // keys are 32 bytes: values never sit in branches
                    child = items[_nibble(path, nibble)];
                    nibble++;
                } else if (items.length == 2) {
                    (uint256 prefixLen, bool leaf, bool matches) = _matchPrefix(_string(items[0]), path, nibble);
                    if (!matches) return "";
                    nibble += prefixLen;
                    if (leaf) {
                        if (nibble != 64 || i != proof.length - 1) revert BadProof();
                        return _string(items[1]);
                    }
                    child = items[1];
                } else {
                    revert BadProof();
                }
                (bool isList, uint256 payloadPtr, uint256 payloadLen) = _header(child, node);
                if (isList) {
                    item = child; // an embedded node (shorter than 32 bytes)
                    if (child.len >= 32) revert BadProof();
                    continue;
                }
                if (payloadLen == 0) {
                    if (i != proof.length - 1) revert BadProof();
                    return ""; // empty slot: the key is absent
                }
                if (payloadLen != 32) revert BadProof();
                bytes32 ref;
                assembly {
                    ref := mload(payloadPtr)
                }
                expected = ref;
                break;
            }
        }
        revert BadProof(); // the proof ended before the path did
    }

    function _nibble(bytes32 path, uint256 i) private pure returns (uint256) {
        uint8 b = uint8(path[i / 2]);
        return i % 2 == 0 ? b >> 4 : b & 0x0f;
    }

    /// Hex-prefix decoding of `hp` compared with `path` from nibble `at`: (length, leaf flag, equal).
    function _matchPrefix(bytes memory hp, bytes32 path, uint256 at)
        private
        pure
        returns (uint256 len, bool leaf, bool matches)
    {
        if (hp.length == 0) revert BadProof();
        uint8 flag = uint8(hp[0]) >> 4;
        if (flag > 3) revert BadProof();
        leaf = flag >= 2;
        bool odd = flag % 2 == 1;
        if (!odd && uint8(hp[0]) & 0x0f != 0) revert BadProof();
        len = hp.length * 2 - (odd ? 1 : 2);
        if (at + len > 64) return (len, leaf, false);
        for (uint256 k = 0; k < len; k++) {
            uint256 pos = odd ? k + 1 : k + 2; // nibble index inside hp
            uint8 b = uint8(hp[pos / 2]);
            uint256 n = pos % 2 == 0 ? b >> 4 : b & 0x0f;
            if (n != _nibble(path, at + k)) return (len, leaf, false);
        }
        matches = true;
    }

    function _dataPtr(bytes memory b) private pure returns (uint256 p) {
        assembly {
            p := add(b, 32)
        }
    }

    function _end(bytes memory b) private pure returns (uint256) {
        return _dataPtr(b) + b.length;
    }

    /// The item's kind and payload, checked to lie inside `within`.
    function _header(Item memory item, bytes memory within)
        private
        pure
        returns (bool isList, uint256 payloadPtr, uint256 payloadLen)
    {
        uint256 ptr = item.ptr;
        uint256 end = _end(within);
        if (ptr >= end) revert BadProof();
        uint256 b0;
        assembly {
            b0 := byte(0, mload(ptr))
        }
        uint256 headerLen;
        if (b0 < 0x80) {
            return (false, ptr, 1);
        } else if (b0 < 0xb8) {
            headerLen = 1;
            payloadLen = b0 - 0x80;
        } else if (b0 < 0xc0) {
            uint256 lenOfLen = b0 - 0xb7;
            headerLen = 1 + lenOfLen;
            payloadLen = _readLen(ptr + 1, lenOfLen, end);
        } else if (b0 < 0xf8) {
            isList = true;
            headerLen = 1;
            payloadLen = b0 - 0xc0;
        } else {
            isList = true;
            uint256 lenOfLen = b0 - 0xf7;
            headerLen = 1 + lenOfLen;
            payloadLen = _readLen(ptr + 1, lenOfLen, end);
        }
        payloadPtr = ptr + headerLen;
        if (headerLen + payloadLen != item.len || payloadPtr + payloadLen > end) revert BadProof();
    }

    function _readLen(uint256 ptr, uint256 lenOfLen, uint256 end) private pure returns (uint256 len) {
        if (lenOfLen > 4 || ptr + lenOfLen > end) revert BadProof();
        for (uint256 k = 0; k < lenOfLen; k++) {
            uint256 b;
            assembly {
                b := byte(0, mload(add(ptr, k)))
            }
            len = (len << 8) | b;
        }
    }

    /// The total length of the item starting at `ptr` (prefix included), checked against `end`.
    function _itemLen(uint256 ptr, uint256 end) private pure returns (uint256) {
        if (ptr >= end) revert BadProof();
        uint256 b0;
        assembly {
            b0 := byte(0, mload(ptr))
        }
        uint256 total;
        if (b0 < 0x80) total = 1;
        else if (b0 < 0xb8) total = 1 + b0 - 0x80;
        else if (b0 < 0xc0) total = 1 + (b0 - 0xb7) + _readLen(ptr + 1, b0 - 0xb7, end);
        else if (b0 < 0xf8) total = 1 + b0 - 0xc0;
        else total = 1 + (b0 - 0xf7) + _readLen(ptr + 1, b0 - 0xf7, end);
        if (ptr + total > end) revert BadProof();
        return total;
    }

    /// `item` spans exactly the whole of `b`.
    function _checkSingle(Item memory item, bytes memory b) private pure {
        if (_itemLen(item.ptr, _end(b)) != b.length) revert BadProof();
    }

    /// The items of the list `item` (at most 17).
    function _list(Item memory item, bytes memory within) private pure returns (Item[] memory items) {
        (bool isList, uint256 ptr, uint256 len) = _header(item, within);
        if (!isList) revert BadProof();
        items = new Item[](17);
        uint256 count = 0;
        uint256 end = ptr + len;
        while (ptr < end) {
            if (count == 17) revert BadProof();
            uint256 l = _itemLen(ptr, end);
            items[count++] = Item(ptr, l);
            ptr += l;
        }
        assembly {
            mstore(items, count)
        }
    }

    /// The payload of a string item, copied.
    function _string(Item memory item) private pure returns (bytes memory out) {
        uint256 ptr = item.ptr;
        uint256 b0;
        assembly {
            b0 := byte(0, mload(ptr))
        }
        if (b0 >= 0xc0) revert BadProof();
        uint256 payloadPtr;
        uint256 len;
        if (b0 < 0x80) {
            payloadPtr = ptr;
            len = 1;
        } else if (b0 < 0xb8) {
            payloadPtr = ptr + 1;
            len = b0 - 0x80;
        } else {
            uint256 lenOfLen = b0 - 0xb7;
            payloadPtr = ptr + 1 + lenOfLen;
            len = item.len - 1 - lenOfLen;
        }
        out = new bytes(len);
        assembly {
            mcopy(add(out, 32), payloadPtr, len)
        }
    }
}
